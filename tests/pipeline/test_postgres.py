"""PostgreSQL as the shared archive: what differs from SQLite, and what must not."""

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from pipeline import ledger
from pipeline.database import open_for_writing
from pipeline.errors import RunLockedError
from pipeline.fts import render_tsquery
from pipeline.load import _insert_or_ignore
from pipeline.lock import RunLock
from pipeline.query import parse
from pipeline.search import parse_filters, search
from schemas.models import Document, LedgerEntry
from schemas.records import FileStatus
from tests.pipeline.test_search_judged import JUDGEMENTS


@pytest.fixture
def pg_url(pg_server):
    return pg_server.create_schema()


@pytest.fixture
def pg_engine(pg_url):
    engine = open_for_writing(pg_url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pelatihan", "'latih'"),
        ('"kerja sama"', "(('kerja' <-> 'sama') | 'kerjasama')"),
        ("pendidikan OR penelitian", "('didik' | 'teliti')"),
        ("lapas", "('lapas' | ('lembaga' <-> 'pemasyarakatan'))"),
        ("pelatih* -narkotika", "('pelatih':* | 'latih':*) & !'narkotika'"),
        ("ruang pelatihan -narkotika", "('ruang' & 'latih') & !'narkotika'"),
        (
            "instruktur NEAR/1 sertifikat",
            "('instruktur' <1> 'sertifikat' | 'sertifikat' <1> 'instruktur'"
            " | 'instruktur' <2> 'sertifikat' | 'sertifikat' <2> 'instruktur')",
        ),
        ("a NEAR b NEAR c", "('a' & 'b' & 'c')"),  # three words: AND fallback
        ("instruktur NEAR/50 sertifikat", "('instruktur' & 'sertifikat')"),
    ],
)
def test_queries_become_tsqueries(query, expected):
    assert render_tsquery(parse(query)) == expected


def test_every_rendered_query_is_valid_tsquery(pg_engine):
    queries = ['"kerja sama" lapas OR rutan -narkotika', "pelatih* NEAR/3 wajib"]
    with pg_engine.connect() as connection:
        for query in queries:
            rendered = render_tsquery(parse(query))
            connection.execute(text("SELECT to_tsquery('simple', :q)"), {"q": rendered})


def test_nul_bytes_are_never_sent(pg_engine):
    with pg_engine.begin() as connection:
        value = connection.execute(text("SELECT :v"), {"v": "Pasal\x001"}).scalar()
        rows = connection.execute(
            text("SELECT x FROM (VALUES (:a), (:b)) AS t(x)"),
            {"a": "a\x00", "b": "b"},
        ).all()
    assert value == "Pasal1"
    assert [row.x for row in rows] == ["a", "b"]


def test_insert_or_ignore_by_sha256(pg_engine):
    with Session(pg_engine) as session, session.begin():
        connection = session.connection()
        inserted = _insert_or_ignore(connection, "ab" * 32, 10, {})
        assert _insert_or_ignore(connection, "ab" * 32, 10, {}) is None  # no error
    with Session(pg_engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 1
        assert session.scalar(select(Document.id)) == inserted


def _pending_entry(engine) -> int:
    with Session(engine) as session, session.begin():
        run = ledger.start_run(session, workers=2)
        [entry] = ledger.register(session, run.id, [Path("/nowhere/a.pdf")], fast=False)
        return entry.entry_id


def test_a_file_is_claimed_by_one_worker_only(pg_engine):
    entry_id = _pending_entry(pg_engine)
    first, second = Session(pg_engine), Session(pg_engine)
    with first.begin():
        assert ledger.claim(first, entry_id)
        with second.begin():  # SKIP LOCKED: no wait, just "not yours"
            assert not ledger.claim(second, entry_id)
        ledger.settle(first, entry_id, FileStatus.LOADED)
    with second.begin():  # settled: never claimed again
        assert not ledger.claim(second, entry_id)
    first.close(), second.close()


def test_a_worker_that_dies_releases_its_claim(pg_engine):
    entry_id = _pending_entry(pg_engine)
    dying, other = Session(pg_engine), Session(pg_engine)
    dying.begin()
    assert ledger.claim(dying, entry_id)
    dying.connection().invalidate()  # the connection is gone, as with SIGKILL
    dying.close()
    with other.begin():
        assert ledger.claim(other, entry_id)
        assert other.get_one(LedgerEntry, entry_id).status == "pending"
    other.close()


def test_one_ingest_at_a_time_on_a_server(pg_url):
    with RunLock(pg_url) as holder:
        holder.note("run 7, pid 123")
        with pytest.raises(RunLockedError, match="run 7, pid 123"), RunLock(pg_url):
            pass
    with RunLock(pg_url):  # released with its connection
        pass


def _top(session, judged, today):
    result = search(
        session, judged["query"], parse_filters(judged.get("filters", {})), today=today
    )
    return [
        (Path(d.path).stem, hit.ref, round(hit.score, 9))
        for d in result.documents
        for hit in d.hits
    ]


@pytest.mark.slow
def test_judged_queries_give_the_same_results_on_both_backends(judged_urls):
    """Both backends hand the same candidates to the same BM25: same hits,
    same order, same scores (pipeline/ranking.py)."""
    from schemas.db import make_engine

    today = dt.date.fromisoformat(JUDGEMENTS["today"])
    tops = {}
    for backend, url in judged_urls.items():
        engine = make_engine(url)
        with Session(engine) as session:
            tops[backend] = {
                q["query"]: _top(session, q, today) for q in JUDGEMENTS["queries"]
            }
        engine.dispose()
    differing = [
        q for q in tops["sqlite"] if tops["sqlite"][q] != tops["postgresql"][q]
    ]
    assert all(tops["sqlite"].values())
    assert differing == []
