"""A throwaway PostgreSQL server for the tests and the benchmarks.

``initdb`` + ``pg_ctl`` on a temporary folder, listening on a free port of
127.0.0.1 only, with trust authentication and durability switched off (the
data is thrown away). initdb refuses to run as root, so as root the server
runs as the ``postgres`` user that Debian's package creates (or ``nobody``),
through ``runuser``; the folder is created in /tmp and handed to that user.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SERVER_OPTIONS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
    " -c full_page_writes=off -c max_connections=400 -c shared_buffers=128MB"
)
SUPERUSER = "pks"
# Every database test runs on both backends: they must give the same results.
BACKENDS = ("sqlite", "postgresql")


def find_bindir() -> Path | None:
    """The folder of initdb/pg_ctl/postgres: Debian's newest, else PATH."""
    versions = [
        folder
        for folder in Path("/usr/lib/postgresql").glob("*/bin")
        if (folder / "initdb").exists() and folder.parent.name.isdigit()
    ]
    if versions:
        return max(versions, key=lambda folder: int(folder.parent.name))
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _run_as() -> list[str]:
    """The command prefix that drops root (initdb refuses to run as root)."""
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(user)
            return ["runuser", "-u", user, "--"]
    raise RuntimeError("running as root and no unprivileged user to run PostgreSQL")


class PgServer:
    """A PostgreSQL server in a temporary folder; :meth:`stop` removes it all."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="pks-pg-"))
        self.port = free_port()
        self.prefix = _run_as()
        self._names = itertools.count(1)
        self._shared = ""
        if self.prefix:
            user = self.prefix[2]
            os.chown(self.root, pwd.getpwnam(user).pw_uid, pwd.getpwnam(user).pw_gid)

    def _pg(self, tool: str, *args: str) -> None:
        command = [*self.prefix, str(self.bindir / tool), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> PgServer:
        """initdb and start; returns when the server accepts connections."""
        data = str(self.root / "data")
        self._pg(
            "initdb",
            *("-D", data, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8"),
            *("--locale=C.UTF-8", "--no-sync"),
        )
        options = f"-p {self.port} -k {self.root} {SERVER_OPTIONS}"
        log = str(self.root / "server.log")
        self._pg("pg_ctl", "-D", data, "-l", log, "-w", "-o", options, "start")
        return self

    def stop(self) -> None:
        """Stop the server at once and delete its folder."""
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            data = str(self.root / "data")
            self._pg("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of one database of this server (psycopg 3)."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _execute(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={database}",
            autocommit=True,
        ) as connection:
            connection.execute(sql.encode())

    def create_database(self, prefix: str = "t") -> str:
        """A new, empty database (CREATE DATABASE costs ~0.3-0.8 s here)."""
        name = f"{prefix}_{next(self._names)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def create_schema(self, prefix: str = "s") -> str:
        """A new, empty schema of one shared database, as a URL whose
        search_path selects it: a test's own database at ~5 ms instead of a
        CREATE DATABASE's ~0.5 s.
        """
        if not self._shared:
            self._shared = self.create_database("shared").rsplit("/", 1)[1]
        name = f"{prefix}_{next(self._names)}"
        self._execute(f'CREATE SCHEMA "{name}"', self._shared)
        return f"{self.url(self._shared)}?options=-csearch_path%3D{name}"


def backend_url(request: Any, backend: str, folder: Path) -> str:
    """A fresh, empty database of ``backend``: a SQLite file, or a PG schema.

    ``request`` is a pytest fixture request (the server is the session's).
    """
    if backend == "sqlite":
        return f"sqlite:///{folder / 'pks.db'}"
    server: PgServer = request.getfixturevalue("pg_server")
    return server.create_schema()


@contextlib.contextmanager
def running_server() -> Iterator[PgServer]:
    """A started server for the life of the block.

    Raises:
        RuntimeError: PostgreSQL is not installed (see system-packages.txt).
    """
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL is not installed: `make install` installs the Debian "
            "package `postgresql` (system-packages.txt)"
        )
    server = PgServer(bindir)
    try:
        yield server.start()
    finally:
        server.stop()
