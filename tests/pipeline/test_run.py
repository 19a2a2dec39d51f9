import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from extractors.nlp import shared_nlp
from pipeline import readers
from pipeline.config import OcrMode, Settings
from pipeline.database import open_for_writing
from pipeline.run import Batch, Outcome
from schemas.models import Document, LedgerEntry, Run
from schemas.records import MediaType
from tests.conftest import AGREEMENT_LINES, text_pdf


@pytest.fixture
def engine(db_url):
    return open_for_writing(db_url)


def run(engine, paths, **options):
    with Batch(engine, Settings(**options), shared_nlp()) as batch:
        outcomes = [batch.process(path) for path in paths]
    return batch, outcomes


def test_loaded_document_has_fields_clauses_and_fts(engine, tmp_path, agreement_pdf):
    path = tmp_path / "a.pdf"
    path.write_bytes(agreement_pdf)
    _, [outcome] = run(engine, [path])
    assert outcome.outcome is Outcome.LOADED
    with Session(engine) as session:
        document = session.get_one(Document, outcome.document_id)
        assert document.status == "loaded"
        assert [p.number for p in document.pages] == [1, 2]
        articles = [c for c in document.clauses if c.kind == "article"]
        assert [(a.ref, a.page) for a in articles] == [("Pasal 1", 2), ("Pasal 2", 2)]
        clause = articles[1]
        assert document.text[clause.start : clause.end] == clause.text
        full_text = {
            "sqlite": "SELECT rowid FROM clauses_fts WHERE clauses_fts MATCH 'instruktur'",
            "postgresql": "SELECT id FROM clauses"
            " WHERE search_vector @@ to_tsquery('simple', 'instruktur')",
        }[engine.dialect.name]
        hits = session.execute(text(full_text)).scalars().all()
        assert hits == [clause.id]


def test_force_reextracts_in_place(engine, tmp_path, agreement_pdf):
    path = tmp_path / "a.pdf"
    path.write_bytes(agreement_pdf)
    _, [first] = run(engine, [path])
    _, [again] = run(engine, [path])
    _, [forced] = run(engine, [path], force=True)
    assert again.outcome is Outcome.UNCHANGED
    assert forced.outcome is Outcome.LOADED
    assert forced.document_id == first.document_id
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":  # PG's tsvector is a generated column
            check = (
                "INSERT INTO clauses_fts(clauses_fts, rank)"
                " VALUES ('integrity-check', 1)"
            )
            connection.execute(text(check))
        count = "SELECT count(*) FROM clauses WHERE document_id = :d"
        assert connection.execute(text(count), {"d": first.document_id}).scalar() > 0


def test_a_crash_is_recorded_and_the_batch_goes_on(
    engine, tmp_path, agreement_pdf, monkeypatch
):
    def explode(source, data):
        raise RuntimeError("reader bug")

    monkeypatch.setitem(readers.READERS, MediaType.TEXT, explode)
    (tmp_path / "a.txt").write_text("Perjanjian kerja sama")
    (tmp_path / "b.pdf").write_bytes(agreement_pdf)
    batch, outcomes = run(engine, [tmp_path / "a.txt", tmp_path / "b.pdf"])
    assert [o.outcome for o in outcomes] == [Outcome.FAILED, Outcome.LOADED]
    assert outcomes[0].reason == "crashed"
    assert "reader bug" in outcomes[0].message
    with Session(engine) as session:
        failure = session.scalars(
            select(LedgerEntry).where(LedgerEntry.status == "failed")
        ).one()
        assert failure.reason == "crashed"
        run_row = session.get_one(Run, batch.run_id)
        assert (run_row.files, run_row.loaded, run_row.crashed) == (2, 1, 1)
        assert (run_row.failed, run_row.status, run_row.exit_code) == (1, "finished", 3)


def test_fail_fast_reraises_a_crash(engine, tmp_path, monkeypatch):
    monkeypatch.setitem(
        readers.READERS,
        MediaType.TEXT,
        lambda s, d: (_ for _ in ()).throw(KeyError("x")),
    )
    (tmp_path / "a.txt").write_text("Perjanjian kerja sama")
    with pytest.raises(KeyError):
        run(engine, [tmp_path / "a.txt"], fail_fast=True)


def test_a_failure_never_replaces_a_loaded_document(
    engine, tmp_path, agreement_pdf, monkeypatch
):
    path = tmp_path / "a.pdf"
    path.write_bytes(agreement_pdf)
    _, [loaded] = run(engine, [path])

    def broken(source, data):
        raise RuntimeError("regression")

    monkeypatch.setitem(readers.READERS, MediaType.PDF, broken)
    _, [crashed] = run(engine, [path], force=True)
    assert (crashed.outcome, crashed.reason) == (Outcome.FAILED, "crashed")
    with Session(engine) as session:
        document = session.get_one(Document, loaded.document_id)
        assert document.status == "loaded"
        assert document.clauses


def test_scanned_pdf_without_text_fails_as_needs_ocr(engine, tmp_path, make_text_pdf):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_text_pdf([[], []]))
    _, [outcome] = run(engine, [path])
    assert outcome.outcome is Outcome.FAILED
    assert "needs_ocr" in outcome.message


def test_ids_follow_discovery_order_whatever_order_the_workers_finish(
    engine, tmp_path, monkeypatch
):
    # Workers write what they process, each as soon as it is done. Here the
    # first file is held back until the four others are written, yet it is
    # still the first document, as in a run with one worker.
    monkeypatch.setattr(
        Batch, "_worker_job", lambda _self: "tests.pipeline.faulty:ingest_last"
    )
    for name in "abcde":
        pages = [[*AGREEMENT_LINES, f"Nomor: {name.upper()}/PKS/2025"]]
        (tmp_path / f"{name}.pdf").write_bytes(text_pdf(pages))
    paths = sorted(tmp_path.glob("*.pdf"))
    with Batch(engine, Settings(workers=2, ocr=OcrMode.NEVER)) as batch:
        outcomes = batch.run(paths)
    assert [o.outcome for o in outcomes] == [Outcome.LOADED] * 5
    ids = [o.document_id for o in outcomes]
    assert ids == sorted(ids)
    with Session(engine) as session:
        written = session.scalars(
            select(LedgerEntry.path).order_by(LedgerEntry.updated_at)
        ).all()
    assert written[-1] == str(paths[0])  # the workers did finish out of order
