"""Stage: a processed document into the database, with its ledger status, at once.

With ``--workers N`` each worker writes the documents it processed: the
workers write in parallel and the database queues their transactions (SQLite
on its write lock, ``BEGIN IMMEDIATE`` with a busy timeout), so no single
process has to write for all of them. With ``--workers 0`` the run writes in
its own process through the same function.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pipeline import ledger
from pipeline.errors import DiskFullError
from pipeline.load import store_document
from pipeline.processed import ProcessedDocument
from schemas.db import make_engine
from schemas.records import FileStatus

_DISK_FULL = ("database or disk is full", "no space left on device")


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """Where a document goes: the database, its ledger row, the file's stat."""

    db_url: str
    entry_id: int
    stat: tuple[int, int] | None  # (size, mtime_ns) when the run found the file
    document_id: int  # reserved by the run (pipeline.load.reserve_id)


@dataclass(frozen=True, slots=True, kw_only=True)
class Stored:
    """What a worker reports for a document it wrote."""

    document_id: int
    sha256: str


@contextlib.contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A write transaction (BEGIN IMMEDIATE on SQLite); a full disk stops the run.

    Raises:
        DiskFullError: SQLite (or the OS) reported that the disk is full.
    """
    try:
        with sessions.begin() as session:
            yield session
    except (OperationalError, OSError) as error:
        text = str(error).lower()
        if any(marker in text for marker in _DISK_FULL):
            raise DiskFullError(str(getattr(error, "orig", error))) from error
        raise


def write(
    sessions: sessionmaker[Session],
    result: ProcessedDocument,
    claim: Claim,
    *,
    seconds: float | None,
) -> Stored:
    """Store ``result`` and settle its ledger row as loaded, in one transaction."""
    sha256 = result.raw.source.sha256
    with transaction(sessions) as session:
        document_id = store_document(
            session, result, stat=claim.stat, reserved=claim.document_id
        )
        ledger.settle(
            session,
            claim.entry_id,
            FileStatus.LOADED,
            sha256=sha256,
            document_id=document_id,
            seconds=seconds,
        )
    return Stored(document_id=document_id, sha256=sha256)


@functools.cache
def sessions_for(db_url: str) -> sessionmaker[Session]:
    """This process's sessions on ``db_url``: a worker opens the database once."""
    return sessionmaker(make_engine(db_url), expire_on_commit=False)
