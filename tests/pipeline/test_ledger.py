"""The ledger, the fast path, poison, retry, the run lock, a full disk (in process)."""

import json
import signal
import sqlite3

import pytest
from click.testing import CliRunner
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from pipeline import run as run_module
from pipeline.cli import cli
from pipeline.config import Settings
from pipeline.database import open_for_writing
from pipeline.errors import DiskFullError, RunLockedError
from pipeline.lock import RunLock, lock_path
from pipeline.pool import TaskFailure
from pipeline.run import Batch, InlineRunner, Outcome, StopSignals
from schemas.db import downgrade, make_engine, upgrade
from schemas.models import LedgerEntry, Run
from schemas.records import ErrorKind
from tests.conftest import AGREEMENT_LINES


@pytest.fixture
def engine(db_url):
    return open_for_writing(db_url)


@pytest.fixture
def folder(tmp_path, agreement_pdf):
    folder = tmp_path / "arsip"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(agreement_pdf)
    (folder / "b.txt").write_text("\n".join(AGREEMENT_LINES), encoding="utf-8")
    return folder


def batch_run(engine, paths, roots=(), **options):
    with Batch(engine, Settings(**options)) as batch:
        outcomes = batch.run(paths, roots=roots)
    return batch, outcomes


def test_second_run_skips_unchanged_files_without_reading_them(
    engine, folder, monkeypatch
):
    paths = sorted(folder.iterdir())
    batch_run(engine, paths)

    def never(*args, **kwargs):
        raise AssertionError("an unchanged file was read")

    monkeypatch.setattr(run_module, "source_file", never)
    batch, outcomes = batch_run(engine, paths)
    assert [o.outcome for o in outcomes] == [Outcome.UNCHANGED] * 2
    assert batch.exit_code == 0 and batch.final_counts["unchanged"] == 2


def test_a_touched_file_is_hashed_again_and_found_unchanged(engine, folder):
    paths = sorted(folder.iterdir())
    batch_run(engine, paths)
    (folder / "a.pdf").touch()
    _, outcomes = batch_run(engine, paths)
    assert [o.outcome for o in outcomes] == [Outcome.UNCHANGED] * 2
    assert outcomes[0].sha256  # read and hashed, not skipped by the fast path


def test_disappeared_files_are_reported_and_kept(engine, folder):
    batch_run(engine, sorted(folder.iterdir()), roots=[folder])
    (folder / "b.txt").unlink()
    batch, _ = batch_run(engine, sorted(folder.iterdir()), roots=[folder])
    assert batch.disappeared == [str(folder / "b.txt")]
    assert batch.summary()["disappeared"] == [str(folder / "b.txt")]
    with Session(engine) as session:
        assert session.get_one(Run, batch.run_id).disappeared == 1
    rows = engine.connect().execute(text("SELECT count(*) FROM documents")).scalar()
    assert rows == 2


def test_a_file_that_kills_workers_three_times_is_quarantined(
    engine, folder, monkeypatch
):
    path = folder / "a.pdf"
    crash = TaskFailure(
        reason=ErrorKind.WORKER_CRASHED, message="worker died (SIGSEGV)"
    )
    monkeypatch.setattr(
        InlineRunner, "_run", lambda self, source, data, settings: crash
    )
    for _ in range(3):
        _, [outcome] = batch_run(engine, [path])
        assert (outcome.outcome, outcome.reason) == (Outcome.FAILED, "worker_crashed")
        assert str(path) in outcome.message and outcome.sha256 in outcome.message
    batch, [outcome] = batch_run(engine, [path])
    assert (outcome.outcome, outcome.reason) == (Outcome.DEFERRED, "poison")
    assert batch.exit_code == 3
    monkeypatch.undo()
    path.write_bytes(path.read_bytes() + b"\n%changed\n")  # new bytes: tried again
    _, [outcome] = batch_run(engine, [path])
    assert outcome.outcome is Outcome.LOADED


def test_same_bytes_twice_in_one_run_are_processed_once(engine, folder, monkeypatch):
    (folder / "c.pdf").write_bytes((folder / "a.pdf").read_bytes())
    calls = []
    real = InlineRunner._run

    def counting(self, source, data, settings):
        calls.append(source.path.name)
        return real(self, source, data, settings)

    monkeypatch.setattr(InlineRunner, "_run", counting)
    _, outcomes = batch_run(engine, sorted(folder.iterdir()), force=True)
    assert [o.outcome for o in outcomes] == [
        Outcome.LOADED,
        Outcome.LOADED,
        Outcome.DUPLICATE,
    ]
    assert calls == ["a.pdf", "b.txt"]


def test_a_full_disk_stops_the_run_and_keeps_the_database_consistent(folder, tmp_path):
    db_url = f"sqlite:///{tmp_path / 'full.db'}"
    engine = open_for_writing(db_url)
    engine.dispose()
    with sqlite3.connect(tmp_path / "full.db") as connection:
        connection.execute("VACUUM")  # no free pages left to write into

    @event.listens_for(engine, "connect")
    def tiny(dbapi_connection, _record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    engine.dispose()
    # Bigger than the free space left in the pages every table already has.
    (folder / "big.txt").write_text("\n".join(AGREEMENT_LINES * 60), encoding="utf-8")
    with pytest.raises(DiskFullError, match="disk full"):
        batch_run(engine, sorted(folder.iterdir()))
    database = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        statuses = dict(
            connection.execute("SELECT path, status FROM ledger").fetchall()
        )
        assert statuses[str(folder / "big.txt")] == "pending"  # rolled back whole
        assert connection.execute(
            "SELECT count(*) FROM documents WHERE status = 'loaded' AND NOT EXISTS"
            " (SELECT 1 FROM clauses WHERE document_id = documents.id)"
        ).fetchone() == (0,)


def test_the_run_lock_turns_a_second_run_away_and_names_the_first(db_url, folder):
    if not db_url.startswith("sqlite"):
        pytest.skip("the PostgreSQL lock is an advisory lock: see the next test")
    runner = CliRunner()
    with RunLock(db_url) as lock:
        lock.note("run 7, pid 4242")
        with pytest.raises(RunLockedError, match="run 7, pid 4242"), RunLock(db_url):
            pass
        result = runner.invoke(
            cli, ["--db", db_url, "ingest", "-s", "--workers", "0", str(folder)]
        )
    assert result.exit_code == 75
    assert "run 7, pid 4242" in result.stderr
    assert lock_path(db_url).exists()
    with RunLock(db_url):  # released
        pass


def test_no_lock_file_for_other_databases():
    assert lock_path("sqlite://") is None
    assert lock_path("postgresql://u@h/pks") is None
    with RunLock("sqlite://") as lock:
        lock.note("nothing to write")


def test_cli_summary_json_failures_and_retry(db_url, folder, tmp_path, monkeypatch):
    monkeypatch.setenv("PKS_WORKERS", "0")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "huge.txt").write_bytes(b"x" * (2 << 20))
    runner = CliRunner()
    summary_path = tmp_path / "run.json"
    args = [
        "--db",
        db_url,
        "ingest",
        "-s",
        "--max-file-mb",
        "1",
        "--summary-json",
        str(summary_path),
        str(folder),
    ]
    result = runner.invoke(cli, args)
    assert result.exit_code == 3, result.output
    summary = json.loads(summary_path.read_text())
    assert (
        summary["files"],
        summary["loaded"],
        summary["failed"],
        summary["deferred"],
    ) == (4, 2, 1, 1)
    assert summary["reasons"] == {"empty": 1, "too_large": 1}
    assert summary["versions"]["pks"]
    failures = runner.invoke(
        cli, ["--db", db_url, "failures", "--json", "--reason", "too_large"]
    )
    [deferred] = json.loads(failures.stdout)
    assert (deferred["status"], deferred["reason"]) == ("deferred", "too_large")
    assert "over the cap of 1048576" in deferred["message"]
    listed = runner.invoke(cli, ["--db", db_url, "failures"])
    assert "empty" in listed.stdout and "too_large" in listed.stdout
    (folder / "empty.pdf").write_text("\n".join(AGREEMENT_LINES[:12]), encoding="utf-8")
    retried = runner.invoke(cli, ["--db", db_url, "retry", "-s", "--json"])
    assert retried.exit_code == 0, (retried.output, retried.stderr)
    again = json.loads(retried.stdout)
    assert (again["files"], again["loaded"]) == (1, 1)
    nothing = runner.invoke(cli, ["--db", db_url, "retry", "-s", "--json"])
    assert json.loads(nothing.stdout)["files"] == 0


def test_a_run_left_unfinished_is_marked_killed_by_the_next(engine, folder):
    with Session(engine) as session, session.begin():
        session.add(
            Run(
                started_at=run_module.ledger.now(),
                pipeline_version="0",
                status="running",
            )
        )
    batch, _ = batch_run(engine, sorted(folder.iterdir()))
    with Session(engine) as session:
        statuses = [r.status for r in session.scalars(select(Run).order_by(Run.id))]
    assert statuses == ["killed", "finished"]


def test_stop_signals_stop_between_documents(engine, folder):
    with StopSignals() as stop:
        signal.raise_signal(signal.SIGTERM)
        assert stop() == signal.SIGTERM
        with (
            pytest.raises(run_module.RunInterrupted),
            Batch(engine, Settings()) as batch,
        ):
            batch.run(sorted(folder.iterdir()), stop=stop)
    assert (batch.status, batch.exit_code) == ("terminated", 143)
    with Session(engine) as session:
        entries = session.scalars(
            select(LedgerEntry).where(LedgerEntry.run_id == batch.run_id)
        )
        assert {e.status for e in entries} == {"pending"}
    with StopSignals() as stop:
        signal.raise_signal(signal.SIGINT)
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)


def test_write_transactions_begin_immediate(engine, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("BEGIN IMMEDIATE is SQLite's")
    database = db_url.removeprefix("sqlite:///")
    with engine.begin() as connection:
        connection.execute(text("SELECT 1"))  # no write yet, but the lock is taken
        other = sqlite3.connect(database, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 30000


def test_ledger_migration_keeps_old_failures(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    upgrade(engine, "0004")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO runs (started_at, pipeline_version, files, loaded, unchanged, duplicate, failed, crashed) VALUES ('2025-01-01', '0', 1, 0, 0, 0, 1, 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO failures (run_id, path, sha256, kind, message, at) VALUES (1, 'a.pdf', NULL, 'corrupt', 'a.pdf: corrupt', '2025-01-01')"
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT status, reason, message FROM ledger")
        ).one()
        assert tuple(row) == ("failed", "corrupt", "a.pdf: corrupt")
        assert (
            connection.execute(text("SELECT kind FROM failures")).scalar() == "corrupt"
        )
        assert (
            connection.execute(text("SELECT status FROM runs")).scalar() == "finished"
        )
    downgrade(engine, "0004")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT kind, path FROM failures")).one() == (
            "corrupt",
            "a.pdf",
        )
    upgrade(engine)
