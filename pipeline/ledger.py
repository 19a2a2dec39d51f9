"""The ledger: one row per file per run, and the one status it ended with.

A run first registers every file it discovered, in one transaction: files
whose path, size and mtime match a current document are settled on the spot
as ``unchanged`` (the fast path: no read, no hash), the others start
``pending``. Each pending row is then settled in the same transaction as the
document it describes, so a run killed at any moment leaves exactly the
unfinished files pending, and the next run simply does them.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from pipeline import PIPELINE_VERSION
from pipeline.load import now
from schemas.models import Document, DocumentPath, LedgerEntry, Run
from schemas.records import ErrorKind, FileStatus, Status

# Worker deaths that count towards quarantine ("poison"): each one cost a
# worker and, for a timeout, the whole time limit.
CRASH_REASONS = (ErrorKind.WORKER_CRASHED, ErrorKind.TIMEOUT, ErrorKind.MEMORY)
DEFERRED_REASONS = frozenset({ErrorKind.TOO_LARGE, ErrorKind.POISON})
NOT_DONE = (FileStatus.FAILED, FileStatus.DEFERRED, FileStatus.PENDING)
_CHUNK = 500  # rows per INSERT/UPDATE statement
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Registered:
    """A file of this run as registered: pending, or settled by the fast path."""

    seq: int
    path: Path
    entry_id: int
    status: FileStatus
    size: int | None
    mtime_ns: int | None


def status_for(reason: ErrorKind) -> FileStatus:
    """``deferred`` for a cap or quarantine, ``failed`` for everything else."""
    return FileStatus.DEFERRED if reason in DEFERRED_REASONS else FileStatus.FAILED


def versions() -> str:
    """The versions that made a run, as JSON (stored on the run row)."""
    found = {
        "pks": PIPELINE_VERSION,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    for package in ("spacy", "pypdfium2", "pdfplumber", "sqlalchemy"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "-"
    return json.dumps(found, sort_keys=True)


def start_run(session: Session, *, workers: int) -> Run:
    """Close runs left unfinished by a killed process, then open a new one."""
    for stale in session.scalars(select(Run).where(Run.finished_at.is_(None))):
        # The caller holds the run lock, so no other run is alive.
        close_run(session, stale, status="killed", exit_code=None)
    run = Run(
        started_at=now(),
        pipeline_version=PIPELINE_VERSION,
        status="running",
        workers=workers,
        pid=os.getpid(),
        versions=versions(),
    )
    session.add(run)
    session.flush()
    return run


def close_run(
    session: Session, run: Run, *, status: str, exit_code: int | None
) -> Counter[str]:
    """Write the run's end, status and counts (from its ledger); return the counts."""
    counts = status_counts(session, run.id)
    run.finished_at = now()
    run.status = status
    run.exit_code = exit_code
    run.files = sum(counts.values())
    for name in FileStatus:
        setattr(run, name.value, counts[name.value])
    run.crashed = reason_counts(session, run.id)[ErrorKind.CRASHED.value]
    return counts


def status_counts(session: Session, run_id: int) -> Counter[str]:
    """How many files of the run ended in each status."""
    rows = session.execute(
        select(LedgerEntry.status, func.count())
        .where(LedgerEntry.run_id == run_id)
        .group_by(LedgerEntry.status)
    )
    return Counter({status: count for status, count in rows})


def reason_counts(session: Session, run_id: int) -> Counter[str]:
    """How many files of the run failed or were deferred for each reason."""
    rows = session.execute(
        select(LedgerEntry.reason, func.count())
        .where(LedgerEntry.run_id == run_id, LedgerEntry.reason.is_not(None))
        .group_by(LedgerEntry.reason)
    )
    return Counter({str(reason): count for reason, count in rows})


def register(
    session: Session, run_id: int, paths: Sequence[Path], *, fast: bool
) -> list[Registered]:
    """Enter every path in the ledger; return the entries in discovery order.

    With ``fast``, a path whose size and mtime match the ones recorded for a
    current document is settled as ``unchanged`` without reading it.
    """
    known = _known_paths(session, [str(path) for path in paths]) if fast else {}
    # A batch may register more than once (Batch.process, one file at a time).
    last = session.scalar(
        select(func.max(LedgerEntry.seq)).where(LedgerEntry.run_id == run_id)
    )
    base = 0 if last is None else last + 1
    rows: list[dict[str, Any]] = []
    unchanged_paths: list[str] = []
    stamp = now()
    for seq, path in enumerate(paths):
        size, mtime_ns = _stat(path)
        status = FileStatus.PENDING
        if size is not None and known.get(str(path)) == (size, mtime_ns):
            status = FileStatus.UNCHANGED
            unchanged_paths.append(str(path))
        rows.append(
            {
                "run_id": run_id,
                "seq": base + seq,
                "path": str(path),
                "size": size,
                "mtime_ns": mtime_ns,
                "status": status.value,
                "message": "",
                "attempts": 0,
                "updated_at": stamp,
            }
        )
    for chunk in _chunks(rows):
        session.execute(insert(LedgerEntry), list(chunk))
    _touch_paths(session, unchanged_paths, stamp)
    return _registered(session, run_id, paths, base)


def _registered(
    session: Session, run_id: int, paths: Sequence[Path], base: int
) -> list[Registered]:
    rows = session.execute(
        select(
            LedgerEntry.seq,
            LedgerEntry.id,
            LedgerEntry.status,
            LedgerEntry.size,
            LedgerEntry.mtime_ns,
        )
        .where(LedgerEntry.run_id == run_id, LedgerEntry.seq >= base)
        .order_by(LedgerEntry.seq)
    )
    return [
        Registered(
            seq=seq,
            path=paths[seq - base],
            entry_id=id_,
            status=FileStatus(status),
            size=size,
            mtime_ns=mtime,
        )
        for seq, id_, status, size, mtime in rows
    ]


def _known_paths(session: Session, paths: list[str]) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of those of ``paths`` that hold a document this version loaded.

    Looked up by path (indexed), so registering a few files costs the same in
    an archive of a thousand documents as in one of a million.
    """
    known: dict[str, tuple[int, int]] = {}
    for chunk in _chunks(paths):
        # Two indexed look-ups: a join lets the planner scan every document.
        rows = session.execute(
            select(
                DocumentPath.path,
                DocumentPath.size,
                DocumentPath.mtime_ns,
                DocumentPath.document_id,
            ).where(DocumentPath.path.in_(chunk))
        ).all()
        current = set(
            session.scalars(
                select(Document.id).where(
                    Document.id.in_({row.document_id for row in rows}),
                    Document.status == Status.LOADED.value,
                    Document.pipeline_version == PIPELINE_VERSION,
                )
            )
        )
        known.update(
            (row.path, (row.size, row.mtime_ns))
            for row in rows
            if row.document_id in current
        )
    return known


def _touch_paths(session: Session, paths: list[str], stamp: object) -> None:
    for chunk in _chunks(paths):
        session.execute(
            update(DocumentPath)
            .where(DocumentPath.path.in_(chunk))
            .values(last_seen_at=stamp)
        )


def _stat(path: Path) -> tuple[int | None, int | None]:
    try:
        status = path.stat()
    except OSError:
        return None, None  # a dangling link, a loop: reading it will say why
    return status.st_size, status.st_mtime_ns


def _chunks(items: Sequence[_T]) -> Iterable[Sequence[_T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def settle(
    session: Session,
    entry_id: int,
    status: FileStatus,
    *,
    reason: ErrorKind | None = None,
    message: str = "",
    sha256: str | None = None,
    document_id: int | None = None,
    seconds: float | None = None,
) -> None:
    """Give a pending ledger row its final status (inside the caller's transaction)."""
    session.connection().execute(
        _SETTLE,
        {
            "entry": entry_id,
            "new_status": status.value,
            "new_reason": reason.value if reason else None,
            "new_message": message,
            "new_sha256": sha256,
            "new_document_id": document_id,
            "new_seconds": seconds,
            "now": now(),
        },
    )


_LEDGER = cast(Table, LedgerEntry.__table__)
# Built once: every document settles a row, in every worker.
_SETTLE = (
    update(_LEDGER)
    .where(_LEDGER.c.id == bindparam("entry"))
    .values(
        status=bindparam("new_status"),
        reason=bindparam("new_reason"),
        message=bindparam("new_message"),
        sha256=bindparam("new_sha256"),
        document_id=bindparam("new_document_id"),
        seconds=bindparam("new_seconds"),
        attempts=_LEDGER.c.attempts + 1,
        updated_at=bindparam("now"),
    )
)


def poisoned(session: Session, crashes: int) -> frozenset[str]:
    """The sha256 of every file that has cost a worker ``crashes`` times or more.

    Read once when a run starts (one ingest owns a database at a time), so
    that no file needs a query of its own.
    """
    return frozenset(
        session.scalars(
            select(LedgerEntry.sha256)
            .where(LedgerEntry.reason.in_([reason.value for reason in CRASH_REASONS]))
            .group_by(LedgerEntry.sha256)
            .having(func.count() >= crashes)
        )
    )


def crash_count(session: Session, sha256: str) -> int:
    """How many times these bytes have cost a worker (in any run)."""
    return (
        session.scalar(
            select(func.count()).where(
                LedgerEntry.sha256 == sha256,
                LedgerEntry.reason.in_([reason.value for reason in CRASH_REASONS]),
            )
        )
        or 0
    )


def disappeared(
    session: Session, roots: Sequence[Path], seen: Iterable[Path]
) -> list[str]:
    """Known paths under the folders in ``roots`` that no longer exist.

    They are reported, never deleted: an unmounted share must not empty the
    database.
    """
    folders = [str(root).rstrip(os.sep) + os.sep for root in roots if root.is_dir()]
    if not folders:
        return []
    seen_names = {str(path) for path in seen}
    names = session.scalars(select(DocumentPath.path).distinct()).all()
    return sorted(
        name
        for name in names
        if name.startswith(tuple(folders))
        and name not in seen_names
        and not os.path.lexists(name)
    )


def retry_paths(session: Session, run_id: int, reason: str | None = None) -> list[Path]:
    """The failed files of a run (optionally for one reason), in discovery order."""
    query = select(LedgerEntry.path).where(
        LedgerEntry.run_id == run_id, LedgerEntry.status == FileStatus.FAILED.value
    )
    if reason:
        query = query.where(LedgerEntry.reason == reason)
    return [Path(path) for path in session.scalars(query.order_by(LedgerEntry.seq))]


def claim(session: Session, entry_id: int) -> bool:
    """Take a pending ledger row for this transaction; False if it is not free.

    On PostgreSQL many workers on many machines write at once: ``SELECT ...
    FOR UPDATE SKIP LOCKED`` gives the row to exactly one of them until its
    transaction ends (a worker that dies releases it with its connection,
    and the row is still pending for the retry). A settled row is never
    taken again. On SQLite the caller's ``BEGIN IMMEDIATE`` already holds
    the whole database.
    """
    query = select(LedgerEntry.id).where(
        LedgerEntry.id == entry_id, LedgerEntry.status == FileStatus.PENDING.value
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.scalar(query) is not None
