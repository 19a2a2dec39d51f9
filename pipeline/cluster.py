"""Ingestion on a Dask distributed cluster, writing to a shared PostgreSQL.

``pks ingest --scheduler tcp://HOST:8786`` (or ``--executor dask`` for a
cluster on this machine) runs the same run as the local pool: the client takes
the run lock, opens the run row, registers every file in the ledger and shows
the progress and the summary; each pending file becomes one Dask task.

**Workers write.** A task claims its ledger row (``FOR UPDATE SKIP LOCKED``),
reads the file from the shared storage, processes it in a warm child process
with the local pool's time and memory limits (:class:`pipeline.pool.WorkerPool`
running :func:`pipeline.process.process_job`), and stores the document and
settles its ledger row **in that same transaction**. So a document crosses
the network once, PostgreSQL takes the writes of every worker at once instead
of the client becoming the bottleneck, and a worker lost mid-document loses
nothing: its transaction rolls back, its row lock goes with its connection,
and Dask re-runs the task elsewhere, which finds the row still pending.
Document ids then follow completion order, not discovery order.

Dask is an optional extra: ``pip install pks[cluster]``. It ships no type
hints, so the few calls into it carry narrow ``no-untyped-call`` ignores.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, make_url, select, text
from sqlalchemy.orm import Session

from pipeline import ledger
from pipeline.config import POISON_AFTER, Settings
from pipeline.discover import source_file
from pipeline.errors import DocumentError, RunInterrupted, SetupError
from pipeline.load import find_document, is_loaded, record_path, store_document
from pipeline.load import store_failure as store_document_failure
from pipeline.pool import PoolLimits, TaskFailure, WorkerPool
from pipeline.run import Batch, FileOutcome, IngestJob
from schemas.models import LedgerEntry
from schemas.records import ErrorKind, FileStatus, SourceFile

# A task whose worker raised is tried this many more times; a task whose
# worker died is re-run by the scheduler (its allowed-failures, default 3).
TASK_RETRIES = 2
TICK = 0.2  # seconds between polls of the futures and the stop signals
INSTALL_HINT = "Dask is not installed: pip install 'pks[cluster]'"


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    """One file for one worker: where to write, which ledger row, what to read."""

    db_url: str
    run_id: int
    entry_id: int
    path: Path
    stat: tuple[int, int] | None
    settings: Settings


# --- on the worker ------------------------------------------------------------

_ENGINES: dict[str, Engine] = {}
_LOCAL = threading.local()  # one child process per worker thread


def _engine(url: str) -> Engine:
    from schemas.db import make_engine

    if url not in _ENGINES:
        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]


def _pool(settings: Settings) -> WorkerPool:
    """This thread's warm child process (spaCy loaded once, limits enforced)."""
    limits = settings.limits
    wanted = PoolLimits(
        timeout=limits.timeout,
        memory_mb=limits.memory_mb,
        recycle_after=limits.recycle_after,
    )
    pool: WorkerPool | None = getattr(_LOCAL, "pool", None)
    if pool is None or pool.limits != wanted:
        if pool is not None:
            pool.close()
        pool = WorkerPool(
            1,
            target="pipeline.process:process_job",
            warmup="pipeline.process:warm_up",
            limits=wanted,
        )
        _LOCAL.pool = pool
    return pool


def _process(source: SourceFile, data: bytes, settings: Settings) -> Any:
    """ProcessedDocument or TaskFailure, from the isolated child process."""
    pool = _pool(settings)
    pool.submit(0, source, data, settings)
    while True:
        for _key, value in pool.wait():
            return value


def ingest_file(task: Task) -> FileOutcome:
    """The Dask task: claim, read, process, store and settle one file.

    Raises:
        SetupError: A fatal problem (OCR not installed): the run must stop.
    """
    started = time.monotonic()
    with Session(_engine(task.db_url)) as session, session.begin():
        if not ledger.claim(session, task.entry_id):
            return _settled_elsewhere(session, task)
        return _Settler(session, task, started).run()


def _settled_elsewhere(session: Session, task: Task) -> FileOutcome:
    """The row was settled (or is being settled) by another attempt."""
    entry = session.get_one(LedgerEntry, task.entry_id)
    reason = ErrorKind(entry.reason) if entry.reason else None
    return FileOutcome(
        path=task.path,
        outcome=FileStatus(entry.status),
        reason=reason,
        sha256=entry.sha256,
        document_id=entry.document_id,
        message=entry.message,
    )


@dataclass(slots=True)
class _Settler:
    """One file inside the claiming transaction (the worker's side)."""

    session: Session
    task: Task
    started: float

    def run(self) -> FileOutcome:
        settings = self.task.settings
        try:
            source, data = source_file(
                self.task.path, max_bytes=settings.limits.max_file_mb << 20
            )
        except DocumentError as error:
            failure = TaskFailure(reason=error.kind, message=error.message)
            return self.failed(None, failure)
        self._lock_bytes(source.sha256)
        if ledger.crash_count(self.session, source.sha256) >= POISON_AFTER:
            message = f"{source.path}: poison (crashed a worker {POISON_AFTER} times)"
            return self.failed(
                source, TaskFailure(reason=ErrorKind.POISON, message=message)
            )
        if self._known(source.sha256):
            return self.known(source)
        result = _process(source, data, settings)
        if isinstance(result, TaskFailure):
            if result.fatal:
                raise SetupError(result.message)
            return self.failed(source, result)
        return self.loaded(result)

    def _lock_bytes(self, sha256: str) -> None:
        """The same bytes at two paths are processed once: the second waits."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:sha256))"),
                {"sha256": sha256},
            )

    def _known(self, sha256: str) -> bool:
        """Loaded by this version already, or earlier in this run (``--force``)."""
        this_run = self.session.scalar(
            select(LedgerEntry.id).where(
                LedgerEntry.run_id == self.task.run_id,
                LedgerEntry.sha256 == sha256,
                LedgerEntry.status == FileStatus.LOADED.value,
            )
        )
        if this_run is not None:
            return True
        return is_loaded(self.session, sha256) and not self.task.settings.force

    def _settle(self, status: FileStatus, **fields: Any) -> None:
        seconds = round(time.monotonic() - self.started, 3)
        ledger.settle(
            self.session, self.task.entry_id, status, seconds=seconds, **fields
        )

    def known(self, source: SourceFile) -> FileOutcome:
        document = find_document(self.session, source.sha256)
        assert document is not None
        new_path = record_path(self.session, document, source.path, self.task.stat)
        duplicate = new_path and len(document.paths) > 1
        status = FileStatus.DUPLICATE if duplicate else FileStatus.UNCHANGED
        self._settle(status, sha256=source.sha256, document_id=document.id)
        return FileOutcome(
            path=self.task.path,
            outcome=status,
            sha256=source.sha256,
            document_id=document.id,
        )

    def loaded(self, result: Any) -> FileOutcome:
        document_id = store_document(self.session, result, stat=self.task.stat)
        sha256 = result.raw.source.sha256
        self._settle(FileStatus.LOADED, sha256=sha256, document_id=document_id)
        return FileOutcome(
            path=self.task.path,
            outcome=FileStatus.LOADED,
            sha256=sha256,
            document_id=document_id,
        )

    def failed(self, source: SourceFile | None, failure: TaskFailure) -> FileOutcome:
        sha256 = source.sha256 if source else None
        message = _message(self.task.path, sha256, failure)
        document = store_document_failure(
            self.session,
            path=self.task.path,
            sha256=sha256,
            size=source.size if source else 0,
            kind=failure.reason.value,
            message=message,
            stat=self.task.stat,
        )
        status = ledger.status_for(failure.reason)
        self._settle(
            status,
            reason=failure.reason,
            message=message,
            sha256=sha256,
            document_id=document.id if document else None,
        )
        return FileOutcome(
            path=self.task.path,
            outcome=status,
            reason=failure.reason,
            sha256=sha256,
            message=message,
        )


def _message(path: Path, sha256: str | None, failure: TaskFailure) -> str:
    """One line naming the file, the reason and (when read) the sha256."""
    text_ = failure.message
    if not text_.startswith(str(path)):
        detail = text_.strip().splitlines()[-1] if text_.strip() else ""
        text_ = f"{path}: {failure.reason.value} ({detail})"
    return f"{text_} [sha256 {sha256}]" if sha256 else text_


# --- on the client ------------------------------------------------------------


@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a new local cluster.

    Raises:
        SetupError: Dask is not installed, or the scheduler cannot be reached.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise SetupError(INSTALL_HINT) from error
    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")  # type: ignore[no-untyped-call]
        except OSError as error:
            raise SetupError(f"cannot reach the Dask scheduler {scheduler}") from error
        with client:
            yield client
        return
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def run_on_cluster(
    batch: Batch,
    client: Any,
    paths: Sequence[Path],
    *,
    roots: Sequence[Path] = (),
    on_outcome: Callable[[FileOutcome], None] | None = None,
    stop: Callable[[], int | None] = lambda: None,
) -> list[FileOutcome]:
    """Register ``paths`` in the batch's ledger and process them on the cluster.

    Returns:
        Every file's outcome, in the order they ended.

    Raises:
        RunInterrupted: ``stop`` returned a signal number.
        SetupError: A worker hit a fatal error (e.g. OCR not installed).
    """
    settings = batch.settings
    with batch.sessions.begin() as session:
        entries = ledger.register(session, batch.run_id, paths, fast=not settings.force)
        batch.disappeared = ledger.disappeared(session, roots, paths)
    outcomes: list[FileOutcome] = []

    def record(outcome: FileOutcome) -> None:
        batch.counts[outcome.outcome] += 1
        if outcome.outcome in ledger.NOT_DONE:
            batch.failures.append(outcome)
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    for entry in entries:
        if entry.status is FileStatus.UNCHANGED:
            record(FileOutcome(path=entry.path, outcome=FileStatus.UNCHANGED))
    futures = _submit(batch, client, entries, settings)
    _collect(batch, client, futures, record, stop)
    return outcomes


def _submit(
    batch: Batch, client: Any, entries: list[ledger.Registered], settings: Settings
) -> dict[Any, ledger.Registered]:
    # One OCR page at a time per worker: run one worker per core instead.
    worker_settings = replace(settings, ocr_jobs=settings.ocr_jobs or 1)
    url = settings.db_url
    futures = {}
    for entry in entries:
        if entry.status is not FileStatus.PENDING:
            continue
        stat = None
        if entry.size is not None and entry.mtime_ns is not None:
            stat = (entry.size, entry.mtime_ns)
        task = Task(
            db_url=url,
            run_id=batch.run_id,
            entry_id=entry.entry_id,
            path=entry.path,
            stat=stat,
            settings=worker_settings,
        )
        future = client.submit(
            ingest_file,
            task,
            key=f"pks-run{batch.run_id}-file{entry.seq}",
            retries=TASK_RETRIES,
            pure=False,
        )
        futures[future] = entry
    return futures


def _collect(
    batch: Batch,
    client: Any,
    futures: dict[Any, ledger.Registered],
    record: Callable[[FileOutcome], None],
    stop: Callable[[], int | None],
) -> None:
    from distributed import as_completed

    remaining = as_completed(list(futures))  # type: ignore[no-untyped-call]
    try:
        while not remaining.is_empty():  # type: ignore[no-untyped-call]
            signum = stop()
            if signum is not None:
                raise RunInterrupted(signum)
            done = remaining.next_batch(block=False)  # type: ignore[no-untyped-call]
            if not done:
                time.sleep(TICK)
            for future in done:
                record(_outcome(batch, future, futures[future]))
    except BaseException:
        client.cancel(list(futures))  # running tasks still finish or roll back
        raise


def _outcome(batch: Batch, future: Any, entry: ledger.Registered) -> FileOutcome:
    """The task's outcome; a task that failed for good is settled here."""
    if future.status == "finished":
        outcome: FileOutcome = future.result()
        return outcome
    error = future.exception()
    if isinstance(error, SetupError):
        raise SetupError(str(error)) from error
    # KilledWorker: it took down a worker each time; anything else is a bug.
    reason = (
        ErrorKind.WORKER_CRASHED
        if type(error).__name__ == "KilledWorker"
        else ErrorKind.CRASHED
    )
    failure = TaskFailure(reason=reason, message=f"{entry.path}: {error!r}")
    task = Task(
        db_url=batch.settings.db_url,
        run_id=batch.run_id,
        entry_id=entry.entry_id,
        path=entry.path,
        stat=None,
        settings=batch.settings,
    )
    with batch.sessions.begin() as session:
        if not ledger.claim(session, entry.entry_id):
            return _settled_elsewhere(session, task)
        return _Settler(session, task, time.monotonic()).failed(None, failure)


class ClusterJob(IngestJob):
    """``pks ingest`` on a Dask cluster: the same lock, run row, ledger, summary.

    Args:
        settings: The run's settings; ``db_url`` must be a PostgreSQL URL
            that every worker can reach.
        files: Called with the engine; returns the files to ingest.
        roots: The folders given (for the files that disappeared).
        scheduler: ``tcp://HOST:8786``; None starts a local cluster with
            ``settings.workers`` worker processes.
    """

    def __init__(
        self,
        settings: Settings,
        files: Callable[[Engine], Sequence[Path]],
        *,
        roots: Sequence[Path] = (),
        scheduler: str | None = None,
    ) -> None:
        super().__init__(settings, files, roots=roots)
        self.scheduler = scheduler

    def run(
        self,
        *,
        on_start: Callable[[int], None] | None = None,
        on_outcome: Callable[[FileOutcome], None] | None = None,
    ) -> Batch:
        """Check the database is a server, then run as :class:`IngestJob` does.

        Raises:
            SetupError: The database is SQLite (one file on one machine), or
                the cluster cannot be used.
        """
        if make_url(self.settings.db_url).get_backend_name() != "postgresql":
            raise SetupError(
                "a Dask cluster writes to a shared PostgreSQL database: "
                "use --db postgresql+psycopg://USER@HOST/DB (see docs/scale-out.md)"
            )
        return super().run(on_start=on_start, on_outcome=on_outcome)

    def execute(
        self,
        batch: Batch,
        paths: Sequence[Path],
        *,
        on_outcome: Callable[[FileOutcome], None] | None,
        stop: Callable[[], int | None],
    ) -> None:
        """Send the files to the cluster (one task per file)."""
        workers = self.settings.workers or os.cpu_count() or 1
        with dask_client(self.scheduler, workers) as client:
            run_on_cluster(
                batch,
                client,
                paths,
                roots=self.roots,
                on_outcome=on_outcome,
                stop=stop,
            )
