"""Orchestration: a batch of files as one run, with a full account of every file.

A run registers every file in the ledger (:mod:`pipeline.ledger`), reads and
hashes the files that are not unchanged, and hands the new bytes to workers
(:mod:`pipeline.pool`): child processes with a time and memory limit per
document, so a hostile file fails alone with a reason. This process is the
only writer: it commits each document, with its ledger row, in one
transaction, **in discovery order**, so document ids (and the whole database)
are the same whatever the number of workers, and a run killed at any moment
and simply run again ends with the database an uninterrupted run makes.

A bad file fails alone: a ``DocumentError`` is recorded with its reason and
the batch goes on (OCRmyPDF's batch lesson). Any other exception is a bug: it
is logged with its traceback, recorded as ``crashed``, and the batch goes on
too, unless ``fail_fast`` asks to stop at the first one.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import json
import logging
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from pipeline import ledger
from pipeline.config import POISON_AFTER, Settings
from pipeline.discover import source_file
from pipeline.errors import (
    DocumentError,
    ExitCode,
    RunInterrupted,
    SetupError,
)
from pipeline.load import find_document, is_loaded, record_path, reserve_id
from pipeline.load import store_failure as store_document_failure
from pipeline.pool import PoolLimits, TaskFailure, WorkerPool
from pipeline.processed import ProcessedDocument
from pipeline.store import Claim, transaction, write
from schemas.models import Run
from schemas.records import ErrorKind, FileStatus, SourceFile

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

# The old name of a file's status; "crashed" is now failed(crashed).
Outcome = FileStatus
WINDOW_PER_WORKER = 8  # documents read ahead (and results held) per worker


@dataclass(frozen=True, slots=True, kw_only=True)
class FileOutcome:
    """The result of one file: its status and, for failures, why."""

    path: Path
    outcome: FileStatus
    reason: ErrorKind | None = None
    sha256: str | None = None
    document_id: int | None = None
    message: str = ""


class _Known:
    """The bytes are already loaded by this version: only the path is noted."""


KNOWN = _Known()


@dataclass(slots=True, kw_only=True)
class _Item:
    """One file on its way through the run, in discovery order."""

    entry: ledger.Registered
    started: float = dataclasses.field(default_factory=time.monotonic)
    source: SourceFile | None = None
    leader: _Item | None = None  # an earlier file of this run with the same bytes
    result: Any = None  # Stored | ProcessedDocument | TaskFailure | KNOWN
    claim: Claim | None = None  # where it is written, once sent to be processed
    ready: bool = False
    seconds: float | None = None  # how long it held a worker

    @property
    def stat(self) -> tuple[int, int] | None:
        entry = self.entry
        if entry.size is None or entry.mtime_ns is None:
            return None
        return entry.size, entry.mtime_ns


class Batch:
    """A run over many files: the run row, the ledger, and every file's status.

    Use as a context manager; call :meth:`run` with all the files (or
    :meth:`process` for one file at a time, in this process).
    """

    def __init__(
        self, engine: Engine, settings: Settings, nlp: Language | None = None
    ) -> None:
        self.settings = settings
        self.nlp = nlp
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.db_url = engine.url.render_as_string(hide_password=False)
        self.in_memory = engine.url.database in (None, "", ":memory:")
        self.counts: Counter[FileStatus] = Counter()
        self.failures: list[FileOutcome] = []
        self.disappeared: list[str] = []
        self.poisoned: frozenset[str] = frozenset()  # sha256s not to try again
        self.run_id = 0
        self.status = "running"
        self.exit_code: int = ExitCode.OK
        self.started = time.monotonic()
        self.final_counts: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self._items: dict[Hashable, _Item] = {}

    def __enter__(self) -> Batch:
        with self._transaction() as session:
            self.run_id = ledger.start_run(session, workers=self.settings.workers).id
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.status, self.exit_code = self._ending(exc)
        try:
            with self.sessions.begin() as session:
                run = session.get_one(Run, self.run_id)
                self.final_counts = ledger.close_run(
                    session, run, status=self.status, exit_code=self.exit_code
                )
                self.reasons = ledger.reason_counts(session, self.run_id)
                run.disappeared = len(self.disappeared)
        except SQLAlchemyError as error:  # e.g. the disk is still full
            log.warning("could not close run %s: %s", self.run_id, error)

    def _ending(self, exc: BaseException | None) -> tuple[str, int]:
        if isinstance(exc, RunInterrupted):
            if exc.signum == signal.SIGINT:
                return "interrupted", ExitCode.INTERRUPTED
            return "terminated", ExitCode.TERMINATED
        if exc is not None:
            return "failed", ExitCode.FATAL
        not_done = sum(self.counts[status] for status in ledger.NOT_DONE)
        return "finished", ExitCode.SOME_FAILED if not_done else ExitCode.OK

    # --- the run ---

    def process(self, path: Path) -> FileOutcome:
        """Take one file through every stage, in this process."""
        return self.run([path])[0]

    def run(
        self,
        paths: Sequence[Path],
        *,
        roots: Sequence[Path] = (),
        on_outcome: Callable[[FileOutcome], None] | None = None,
        stop: Callable[[], int | None] | None = None,
    ) -> list[FileOutcome]:
        """Process ``paths`` (in this order) and account for every one of them.

        Args:
            paths: The files, as discovered.
            roots: The folders given by the user: known files under them that
                no longer exist are reported in :attr:`disappeared`.
            on_outcome: Called with each file's outcome, in order.
            stop: Polled between documents; a signal number stops the run.

        Returns:
            The outcome of every file, in the order of ``paths`` (``on_outcome``
            sees them as they end: unchanged files first).

        Raises:
            RunInterrupted: ``stop`` returned a signal number.
            DiskFullError: The database could not be written.
            SetupError: A worker could not start, or OCR is not installed.
        """
        with self._transaction() as session:
            entries = ledger.register(
                session, self.run_id, paths, fast=not self.settings.force
            )
            self.disappeared = ledger.disappeared(session, roots, paths)
            self.poisoned = ledger.poisoned(session, POISON_AFTER)
        report = on_outcome or (lambda _outcome: None)
        outcomes = []
        for outcome in self._outcomes(entries, stop or (lambda: None)):
            self.counts[outcome.outcome] += 1
            if outcome.outcome in ledger.NOT_DONE:
                self.failures.append(outcome)
            outcomes.append(outcome)
            report(outcome)
        order = {str(path): index for index, path in enumerate(paths)}
        return sorted(outcomes, key=lambda outcome: order[str(outcome.path)])

    def _outcomes(
        self, entries: list[ledger.Registered], stop: Callable[[], int | None]
    ) -> Iterator[FileOutcome]:
        for entry in entries:
            if entry.status is FileStatus.UNCHANGED:
                yield FileOutcome(path=entry.path, outcome=FileStatus.UNCHANGED)
        pending = collections.deque(
            e for e in entries if e.status is FileStatus.PENDING
        )
        if not pending:
            return
        window = WINDOW_PER_WORKER * max(1, self.settings.workers)
        queue: collections.deque[_Item] = collections.deque()
        seen: dict[str, _Item] = {}
        with self._runner() as runner:
            while pending or queue:
                signum = stop()
                if signum is not None:
                    raise RunInterrupted(signum)
                while pending and len(queue) < window:
                    item = _Item(entry=pending.popleft())
                    self._prepare(item, runner, seen)
                    queue.append(item)
                self._collect(runner)
                while queue and queue[0].ready:
                    yield self._commit(queue.popleft())

    def _runner(self) -> WorkerPool | InlineRunner:
        if self.settings.workers < 1:
            return InlineRunner(self.settings, self.nlp)
        limits = self.settings.limits
        return WorkerPool(
            self.settings.workers,
            target=self._worker_job(),
            warmup="pipeline.process:warm_up",
            limits=PoolLimits(
                timeout=limits.timeout,
                memory_mb=limits.memory_mb,
                recycle_after=limits.recycle_after,
            ),
        )

    def _worker_job(self) -> str:
        """Workers write what they process, unless they cannot open the database."""
        return f"pipeline.process:{'process_job' if self.in_memory else 'ingest_job'}"

    def _collect(self, runner: WorkerPool | InlineRunner) -> None:
        for key, value in runner.wait():
            item = self._items.pop(key)
            item.result, item.ready = value, True
            item.seconds = runner.seconds.pop(key, None)

    # --- before the workers: read, hash, decide ---

    def _prepare(
        self,
        item: _Item,
        runner: WorkerPool | InlineRunner,
        seen: dict[str, _Item],
    ) -> None:
        self._decide(item, runner, seen)
        if item.ready:  # settled here: its time is the reading and hashing
            item.seconds = round(time.monotonic() - item.started, 3)

    def _decide(
        self,
        item: _Item,
        runner: WorkerPool | InlineRunner,
        seen: dict[str, _Item],
    ) -> None:
        limits = self.settings.limits
        try:
            source, data = source_file(
                item.entry.path, max_bytes=limits.max_file_mb << 20
            )
        except DocumentError as error:
            item.result, item.ready = _failure(error), True
            return
        item.source = source
        item.ready = True
        if source.sha256 in seen:
            # Same bytes earlier in this run: settled after it, like it.
            item.leader = seen[source.sha256]
        elif self._is_poison(source.sha256):
            item.result = TaskFailure(
                reason=ErrorKind.POISON,
                message=f"{source.path}: poison (crashed a worker {POISON_AFTER} "
                "times; not tried again until the file changes)",
            )
        elif (document_id := self._reserve(source.sha256)) is None:
            item.result = KNOWN
        else:
            seen[source.sha256] = item
            item.ready = False
            self._items[item.entry.seq] = item
            item.claim = Claim(
                db_url=self.db_url,
                entry_id=item.entry.entry_id,
                stat=item.stat,
                document_id=document_id,
            )
            settings = self._worker_settings()
            runner.submit(item.entry.seq, source, data, settings, item.claim)

    def _is_poison(self, sha256: str) -> bool:
        return sha256 in self.poisoned

    def _reserve(self, sha256: str) -> int | None:
        """The document id for new bytes (reserved in discovery order); None if known.

        One transaction for both: every new file costs the run one lock.
        """
        with self._transaction() as session:
            if not self.settings.force and is_loaded(session, sha256):
                return None
            return reserve_id(session.connection(), sha256)

    def _worker_settings(self) -> Settings:
        """Settings for one document; OCR threads share the cores with the workers."""
        settings = self.settings
        if settings.workers > 1 and settings.ocr_jobs == 0:
            cores = os.cpu_count() or 1
            settings = dataclasses.replace(
                settings, ocr_jobs=max(1, cores // settings.workers)
            )
        return settings

    # --- after the workers: one transaction per file, in order ---

    def _commit(self, item: _Item) -> FileOutcome:
        result = item.result
        if item.leader is not None:
            result = self._follow(item.leader)
        if isinstance(result, TaskFailure):
            return self._settle_failure(item, result)
        if result is KNOWN:
            return self._settle_known(item)
        if isinstance(result, ProcessedDocument):  # processed here: written here
            assert item.claim is not None
            result = write(self.sessions, result, item.claim, seconds=item.seconds)
        item.result = None  # the leader's text is not needed any more
        return FileOutcome(
            path=item.entry.path,
            outcome=FileStatus.LOADED,
            sha256=result.sha256,
            document_id=result.document_id,
        )

    def _follow(self, leader: _Item) -> Any:
        assert leader.source is not None
        with self.sessions() as session:
            current = is_loaded(session, leader.source.sha256)
        # Loaded by the leader: a duplicate path. Failed: failed alike.
        return KNOWN if current else leader.result

    def _settle_known(self, item: _Item) -> FileOutcome:
        assert item.source is not None
        with self._transaction() as session:
            document = find_document(session, item.source.sha256)
            assert document is not None
            new_path = record_path(session, document, item.source.path, item.stat)
            duplicate = new_path and len(document.paths) > 1
            status = FileStatus.DUPLICATE if duplicate else FileStatus.UNCHANGED
            ledger.settle(
                session,
                item.entry.entry_id,
                status,
                sha256=document.sha256,
                document_id=document.id,
                seconds=self._seconds(item),
            )
        return FileOutcome(
            path=item.entry.path,
            outcome=status,
            sha256=document.sha256,
            document_id=document.id,
        )

    def _settle_failure(self, item: _Item, failure: TaskFailure) -> FileOutcome:
        if failure.fatal:
            raise SetupError(failure.message)
        path, sha256 = item.entry.path, item.source.sha256 if item.source else None
        message = _message(path, sha256, failure)
        if failure.reason is ErrorKind.CRASHED:
            log.error("pks crashed on %s: %s", path, failure.message)
            if self.settings.fail_fast:
                raise SetupError(f"--fail-fast: {message}")
        status = ledger.status_for(failure.reason)
        with self._transaction() as session:
            document = store_document_failure(
                session,
                path=path,
                sha256=sha256,
                size=item.source.size if item.source else 0,
                kind=failure.reason.value,
                message=message,
                stat=item.stat,
            )
            ledger.settle(
                session,
                item.entry.entry_id,
                status,
                reason=failure.reason,
                message=message,
                sha256=sha256,
                document_id=document.id if document else None,
                seconds=self._seconds(item),
            )
        return FileOutcome(
            path=path,
            outcome=status,
            reason=failure.reason,
            sha256=sha256,
            message=message,
        )

    @staticmethod
    def _seconds(item: _Item) -> float | None:
        """Time in a worker; for files never sent to one, reading and hashing."""
        return item.seconds

    def _transaction(self) -> contextlib.AbstractContextManager[Session]:
        """A write transaction; a full disk raises DiskFullError (pipeline.store)."""
        return transaction(self.sessions)

    # --- the account ---

    def summary(self) -> dict[str, Any]:
        """The run as the scheduler sees it (``--summary-json``)."""
        counts = self.final_counts or Counter(
            {status.value: n for status, n in self.counts.items()}
        )
        return {
            "run": self.run_id,
            "status": self.status,
            "exit_code": int(self.exit_code),
            "workers": self.settings.workers,
            "seconds": round(time.monotonic() - self.started, 3),
            "files": sum(counts.values()),
            **{status.value: counts[status.value] for status in FileStatus},
            "reasons": dict(sorted(self.reasons.items())),
            "disappeared": self.disappeared,
            "versions": json.loads(ledger.versions()),
        }


def _failure(error: DocumentError) -> TaskFailure:
    return TaskFailure(reason=error.kind, message=error.message)


def _message(path: Path, sha256: str | None, failure: TaskFailure) -> str:
    """One line naming the file, the reason and (when read) the sha256."""
    text = failure.message
    if not text.startswith(str(path)):
        detail = text.strip().splitlines()[-1] if text.strip() else ""
        text = f"{path}: {failure.reason.value} ({detail})"
    return f"{text} [sha256 {sha256}]" if sha256 else text


class InlineRunner:
    """The pool's interface, run in this process: no isolation, no limits.

    For ``workers=0`` (tests, ``pks eval``, debugging with pdb): fault
    injection by monkeypatching works, and nothing is pickled.
    """

    def __init__(self, settings: Settings, nlp: Language | None) -> None:
        self.settings = settings
        self.nlp = nlp
        self.queue: collections.deque[tuple[Hashable, tuple[Any, ...]]] = (
            collections.deque()
        )
        self.seconds: dict[Hashable, float] = {}

    def __enter__(self) -> InlineRunner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.queue.clear()

    def submit(self, key: Hashable, *args: Any) -> None:
        """Queue a task."""
        self.queue.append((key, args))

    def wait(self, timeout: float = 0.0) -> list[tuple[Hashable, Any]]:
        """Run the next queued task here and now."""
        if not self.queue:
            return []
        key, (source, data, settings, _claim) = self.queue.popleft()
        started = time.monotonic()
        result = self._run(source, data, settings)
        self.seconds[key] = round(time.monotonic() - started, 3)
        return [(key, result)]

    def _run(self, source: SourceFile, data: bytes, settings: Settings) -> Any:
        # Imported here: the PDF/HTML/NLP libraries cost seconds to load, and
        # a run over unchanged files never needs them.
        from pipeline.process import process_bytes

        try:
            raw, parsed, extraction = process_bytes(source, data, self.nlp, settings)
        except DocumentError as error:
            return _failure(error)
        except SetupError:
            raise  # fatal (e.g. OCR needed, Tesseract missing): stop the run
        except Exception as error:
            if self.settings.fail_fast:
                raise
            log.exception("pks crashed on %s", source.path)
            return TaskFailure(
                reason=ErrorKind.CRASHED, message=f"{source.path}: crashed ({error!r})"
            )
        return ProcessedDocument.of(raw, parsed, extraction)


class StopSignals:
    """Turn SIGINT and SIGTERM into a request to stop between two documents.

    The document being written is committed or rolled back whole; the run
    then ends with exit code 130 (SIGINT) or 143 (SIGTERM). A second signal
    stops at once.
    """

    def __init__(self) -> None:
        self.signum: int | None = None
        self._previous: dict[int, Any] = {}

    def __call__(self) -> int | None:
        """The signal received, if any (polled by :meth:`Batch.run`)."""
        return self.signum

    def __enter__(self) -> StopSignals:
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.signum is not None:
            raise KeyboardInterrupt  # asked twice: stop now
        self.signum = signum


def open_session(engine: Engine) -> Session:
    """A plain session for read-only commands."""
    return Session(engine)


class IngestJob:
    """A whole ``pks ingest`` (or ``pks retry``): lock, migrate, run, account.

    The lock is taken before the schema is migrated, so two runs started
    together never migrate at once; the second one fails with
    :class:`~pipeline.errors.RunLockedError` (exit 75).
    """

    def __init__(
        self,
        settings: Settings,
        files: Callable[[Engine], Sequence[Path]],
        *,
        roots: Sequence[Path] = (),
    ) -> None:
        self.settings = settings
        self.files = files
        self.roots = roots
        self.batch: Batch | None = None

    def run(
        self,
        *,
        on_start: Callable[[int], None] | None = None,
        on_outcome: Callable[[FileOutcome], None] | None = None,
    ) -> Batch:
        """Run to the end; the batch is kept in :attr:`batch` even on errors.

        Raises:
            RunLockedError: Another run holds the database.
            RunInterrupted: SIGINT or SIGTERM stopped the run.
            SetupError: The database cannot be opened or written, or a worker
                cannot start.
        """
        from pipeline.database import open_for_writing
        from pipeline.lock import RunLock

        with RunLock(self.settings.db_url) as lock, StopSignals() as stop:
            engine = open_for_writing(self.settings.db_url)
            try:
                paths = self.files(engine)
                with Batch(engine, self.settings) as batch:
                    self.batch = batch
                    lock.note(f"run {batch.run_id}, pid {os.getpid()}")
                    if on_start:
                        on_start(len(paths))
                    self.execute(batch, paths, on_outcome=on_outcome, stop=stop)
            finally:
                engine.dispose()
        return batch

    def execute(
        self,
        batch: Batch,
        paths: Sequence[Path],
        *,
        on_outcome: Callable[[FileOutcome], None] | None,
        stop: Callable[[], int | None],
    ) -> None:
        """Process the files here, with the local pool.

        :class:`pipeline.cluster.ClusterJob` sends them to a Dask cluster
        instead, inside the same lock, run row and ledger.
        """
        batch.run(paths, roots=self.roots, on_outcome=on_outcome, stop=stop)

    def summary(self, exit_code: int, error: str = "") -> dict[str, Any]:
        """The account of the run for the scheduler, whatever happened."""
        if self.batch is None:
            status = "locked" if exit_code == ExitCode.LOCKED else "failed"
            return {
                "run": None,
                "status": status,
                "exit_code": exit_code,
                "error": error,
            }
        summary = self.batch.summary()
        summary["exit_code"] = exit_code
        if error:
            summary["error"] = error
        return summary
