"""One writing run per database: a second ``pks ingest`` exits 75 and names the first.

Why not let two runs cooperate: SQLite has one writer at a time anyway, the
machine's cores are already used by the first run's workers, and a run that
owns the database can settle its ledger, detect runs that were killed and
give the scheduler an exact account. EX_TEMPFAIL (75) tells the scheduler to
try again later.

The lock is an ``flock`` on ``<database>-ingest.lock`` beside a SQLite file:
the kernel releases it when its holder dies, even by SIGKILL, so there are
no stale locks to clean up. The file holds a line naming the holder (pid,
run id, start time) for the message of the run that was turned away.

On PostgreSQL the lock is a session-level advisory lock, per database and
schema, on a connection of its own (the holder's line is its
``application_name``); the server drops it with the connection, so a killed
run leaves nothing behind there either. The workers of a Dask run write
under the client's lock, claiming files one by one (:func:`ledger.claim`).
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import make_url, text

from pipeline.errors import RunLockedError

log = logging.getLogger(__name__)

LOCK_SUFFIX = "-ingest.lock"


def lock_path(db_url: str) -> Path | None:
    """The lock file for a SQLite file database; None for other databases."""
    url = make_url(db_url)
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    return Path(database + LOCK_SUFFIX)


# PostgreSQL: a session-level advisory lock, per database and schema, held on
# a connection of its own; the server releases it when that connection ends,
# so a killed run leaves no stale lock there either.
_PG_LOCK_KEY = "hashtext(current_database() || '.' || current_schema() || '/ingest')"
_PG_HOLDER = """
SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objid = ({key})::oid LIMIT 1
"""


class RunLock:
    """Hold the database's ingest lock for the life of a ``with`` block."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.path = lock_path(db_url)
        self.descriptor: int | None = None
        self.connection: Any = None  # PostgreSQL: the connection holding the lock

    def __enter__(self) -> RunLock:
        """Take the lock at once or raise.

        Raises:
            RunLockedError: Another run holds it; the message names that run.
        """
        if self.path is None:
            if make_url(self.db_url).get_backend_name() == "postgresql":
                self._lock_server()
            else:
                log.info("no run lock for this database")
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 4096, 0).decode(errors="replace").strip()
            os.close(descriptor)
            raise RunLockedError(
                f"another pks ingest is writing to this database "
                f"({holder or 'starting up'}); lock file {self.path}"
            ) from None
        self.descriptor = descriptor
        self.note(f"pid {os.getpid()}")
        return self

    def _lock_server(self) -> None:
        """Take PostgreSQL's advisory lock at once or raise RunLockedError."""
        from schemas.db import make_engine

        engine = make_engine(self.db_url)
        connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        key = f"pg_try_advisory_lock({_PG_LOCK_KEY})"
        if not connection.execute(text(f"SELECT {key}")).scalar():
            holder = connection.execute(text(_PG_HOLDER.format(key=_PG_LOCK_KEY)))
            name = holder.scalar() or "starting up"
            connection.close()
            engine.dispose()
            raise RunLockedError(
                f"another pks ingest is writing to this database ({name})"
            )
        self.connection = connection
        self.note(f"pid {os.getpid()}")

    def note(self, holder: str) -> None:
        """Say who holds the lock (shown to a run that is turned away)."""
        if self.connection is not None:
            # Shown to others through pg_stat_activity; 63 bytes at most.
            self.connection.execute(
                text("SELECT set_config('application_name', :name, false)"),
                {"name": f"pks ingest {holder}"[:63]},
            )
        if self.descriptor is not None:
            os.ftruncate(self.descriptor, 0)
            os.pwrite(self.descriptor, holder.encode() + b"\n", 0)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.connection is not None:
            engine = self.connection.engine
            self.connection.close()  # ends the session: the lock goes with it
            engine.dispose()
            self.connection = None
        if self.descriptor is not None:
            # The file stays: unlinking it could let two runs lock two files.
            os.ftruncate(self.descriptor, 0)
            os.close(self.descriptor)
            self.descriptor = None
