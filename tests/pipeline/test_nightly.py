"""Nightly ingestion end to end: real `pks ingest` processes, killed, raced, interrupted.

The kill test runs a few seeds by default; more with PKS_KILL_SEEDS=20.
"""

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from pipeline.export import document_record, iter_documents
from schemas.db import make_engine
from tests.conftest import AGREEMENT_LINES, text_pdf
from tests.pipeline.hostile import PNG, many_pages_pdf

ROOT = Path(__file__).resolve().parents[2]
KILL_SEEDS = int(os.environ.get("PKS_KILL_SEEDS", "2"))
RUN_BUDGET = 240  # seconds any one run may take on a loaded 2-core machine


def agreement(number: int) -> list[list[str]]:
    lines = [*AGREEMENT_LINES]
    lines[7] = f"Nomor: W4.PAS.15-KS.{number:02d}/2025"
    lines[16] = (
        f"Ruang lingkup perjanjian ini adalah pelatihan keterampilan nomor {number}."
    )
    return [lines[:14], lines[14:]]


def make_archive(folder: Path, documents: int = 10) -> int:
    """Good and bad files mixed; returns how many files discovery will find."""
    (folder / "sub").mkdir(parents=True)
    for number in range(documents):
        (folder / f"pks_{number:02d}.pdf").write_bytes(text_pdf(agreement(number)))
    (folder / "sub" / "copy of pks_00.pdf").write_bytes(text_pdf(agreement(0)))
    (folder / "catatan.txt").write_text("\n".join(AGREEMENT_LINES), encoding="utf-8")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(text_pdf(agreement(99))[:300])
    (folder / "image.pdf").write_bytes(PNG)
    (folder / "too_many_pages.pdf").write_bytes(many_pages_pdf(60))
    os.mkfifo(folder / "pipe.pdf")
    return documents + 7


def pks(db: Path, *args, **popen):
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "--db",
        f"sqlite:///{db}",
        *map(str, args),
    ]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def ingest(db: Path, folder: Path, *extra):
    return pks(
        db,
        "ingest",
        "-s",
        "--ocr",
        "never",
        "--workers",
        "2",
        "--max-pages",
        "50",
        folder,
        *extra,
    )


def finish(process, budget=RUN_BUDGET):
    out, err = process.communicate(timeout=budget)
    return process.returncode, out, err


def export(db: Path, folder: Path) -> list[dict]:
    """The export, with the archive's folder replaced by ARSIP (runs use copies)."""
    engine = make_engine(f"sqlite:///{db}")
    with Session(engine) as session:
        records = [
            document_record(d, include_text=True) for d in iter_documents(session)
        ]
    engine.dispose()
    text = json.dumps(records).replace(str(folder), "ARSIP")
    # PIL names the BytesIO object it could not read, address included.
    return json.loads(re.sub(r" at 0x[0-9a-f]+", "", text))


def check_database(db: Path) -> None:
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = connection.execute(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts5%'"
        ).fetchall()
        assert tables
        for (table,) in tables:
            connection.execute(
                f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"
            )
        duplicates = connection.execute(
            "SELECT sha256 FROM documents GROUP BY sha256 HAVING count(*) > 1"
        ).fetchall()
        assert duplicates == []
        partial = connection.execute(
            "SELECT id FROM documents WHERE status = 'loaded' AND"
            " (NOT EXISTS (SELECT 1 FROM pages WHERE document_id = documents.id)"
            " OR NOT EXISTS (SELECT 1 FROM clauses WHERE document_id = documents.id))"
        ).fetchall()
        assert partial == []


def last_run(db: Path) -> dict:
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        run = dict(
            connection.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        )
        run["ledger"] = [
            dict(row)
            for row in connection.execute(
                "SELECT * FROM ledger WHERE run_id = ? ORDER BY seq", (run["id"],)
            )
        ]
    return run


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """An uninterrupted run, read all along by readers: its export and duration."""
    folder = tmp_path_factory.mktemp("ref") / "arsip"
    files = make_archive(folder)
    db = folder.parent / "ref.db"
    started = time.monotonic()
    writer = ingest(db, folder, "--json")
    reads = read_while_running(db, writer)
    code, out, err = finish(writer)
    seconds = time.monotonic() - started
    assert code == 3, err
    summary = json.loads(out)
    assert summary["files"] == files
    return {
        "export": export(db, folder),
        "seconds": seconds,
        "files": files,
        "summary": summary,
        "reads": reads,
    }


def read_while_running(db: Path, writer) -> int:
    """Query the database as `pks search` and `pks export` do until ``writer`` ends."""
    reads = 0
    while writer.poll() is None:
        if not _has_table(db, "ledger"):
            time.sleep(0.05)  # not migrated yet: readers are told to run ingest
            continue
        with sqlite3.connect(db, timeout=60) as connection:
            connection.execute("SELECT count(*) FROM documents").fetchone()
            connection.execute(
                "SELECT count(*) FROM clauses_fts WHERE clauses_fts MATCH 'pelatihan'"
            ).fetchone()
        export(db, db.parent)
        reads += 1
    return reads


def _has_table(db: Path, name: str) -> bool:
    if not db.exists():
        return False
    with sqlite3.connect(db, timeout=60) as connection:
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE name = ?", (name,)
        ).fetchone()
    return found is not None


def test_readers_never_failed_while_the_run_wrote(reference):
    assert reference["reads"] >= 3


def test_uninterrupted_run_accounts_for_every_file(reference):
    summary = reference["summary"]
    assert (summary["loaded"], summary["duplicate"]) == (11, 1)
    assert (summary["failed"], summary["deferred"], summary["pending"]) == (4, 1, 0)
    assert summary["reasons"] == {
        "corrupt": 2,
        "empty": 1,
        "too_large": 1,
        "unreadable": 1,
    }
    statuses = sum(
        summary[s]
        for s in ("loaded", "unchanged", "duplicate", "failed", "deferred", "pending")
    )
    assert statuses == summary["files"] == reference["files"]


@pytest.mark.parametrize("seed", range(KILL_SEEDS))
def test_sigkill_at_random_moments_then_rerun_equals_an_uninterrupted_run(
    reference, tmp_path, seed
):
    rng = random.Random(seed)
    folder = tmp_path / "arsip"
    make_archive(folder)
    db = tmp_path / "pks.db"
    for _ in range(rng.randint(1, 3)):
        process = ingest(db, folder)
        time.sleep(rng.uniform(0.3, reference["seconds"]))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
    code, _, err = finish(ingest(db, folder, "--summary-json", tmp_path / "run.json"))
    assert code == 3, err
    assert "database is locked" not in err
    run = last_run(db)
    assert run["status"] == "finished"
    assert len(run["ledger"]) == reference["files"]
    assert all(entry["status"] != "pending" for entry in run["ledger"])
    counts = sum(
        run[s]
        for s in ("loaded", "unchanged", "duplicate", "failed", "deferred", "pending")
    )
    assert counts == run["files"] == reference["files"]
    summary = json.loads((tmp_path / "run.json").read_text())
    assert summary["run"] == run["id"] and summary["exit_code"] == 3
    check_database(db)
    assert export(db, folder) == reference["export"]
    for source in folder.rglob("*.pdf"):  # sources are never modified
        if source.is_file():
            assert source.stat().st_size in (
                0,
                300,
                len(PNG),
            ) or source.read_bytes().startswith(b"%PDF")


def test_two_runs_started_together_never_see_a_locked_database(reference, tmp_path):
    folder = tmp_path / "arsip"
    make_archive(folder)
    db = tmp_path / "pks.db"
    first = ingest(db, folder)
    time.sleep(0.05)
    second = ingest(db, folder)
    results = [finish(first), finish(second)]
    codes = sorted(code for code, _, _ in results)
    assert codes == [3, 75], results
    for _, _, err in results:
        assert "database is locked" not in err
    locked = next(err for code, _, err in results if code == 75)
    assert "another pks ingest is writing to this database (pid" in locked
    check_database(db)
    assert export(db, folder) == reference["export"]


@pytest.mark.parametrize(
    ("signum", "code", "status"),
    [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")],
)
def test_sigterm_and_ctrl_c_stop_between_documents(
    reference, tmp_path, signum, code, status
):
    folder = tmp_path / "arsip"
    make_archive(folder)
    db = tmp_path / "pks.db"
    process = ingest(
        db, folder, "--workers", "1", "--summary-json", tmp_path / "run.json"
    )
    deadline = time.monotonic() + RUN_BUDGET
    while not _has_loaded(db):  # stop it mid-run, once a document is in
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    process.send_signal(signum)
    returncode, _, err = finish(process)
    assert returncode == code, err
    run = last_run(db)
    assert run["status"] == status and run["exit_code"] == code
    assert json.loads((tmp_path / "run.json").read_text())["status"] == status
    check_database(db)
    if signum == signal.SIGTERM:  # and the next run finishes the work
        assert finish(ingest(db, folder))[0] == 3
        assert export(db, folder) == reference["export"]


def _has_loaded(db: Path) -> bool:
    try:
        with sqlite3.connect(db, timeout=60) as connection:
            return bool(
                connection.execute(
                    "SELECT count(*) FROM ledger WHERE status = 'loaded'"
                ).fetchone()[0]
            )
    except sqlite3.OperationalError:
        return False  # not migrated yet
