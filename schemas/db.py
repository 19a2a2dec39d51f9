"""Engine creation and schema upgrades through Alembic's API."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 60_000


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and IMMEDIATE writes.

    SQLite transactions start with ``BEGIN IMMEDIATE`` so that two writers
    queue on the busy timeout instead of failing with "database is locked"
    when a read lock is upgraded mid-transaction.
    """
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    elif engine.dialect.name == "postgresql":
        strip_nul_bytes(engine)
    return engine


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {key: _without_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_without_nul(item) for item in value)
    return value


def strip_nul_bytes(engine: Engine) -> None:
    """Remove NUL characters from every parameter sent through ``engine``.

    PostgreSQL text cannot hold U+0000 (SQLite can): one place for every
    statement, so no writer can forget it and fail a document on a stray NUL
    from a PDF's text layer.
    """

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _scrub(
        _connection: Any,
        _cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> tuple[str, Any]:
        return statement, _without_nul(parameters)


def make_read_only_engine(url: str) -> Engine:
    """An engine that cannot write: SQLite opened with ``mode=ro``.

    Other databases get read-only transactions (``postgresql_readonly``).
    """
    database = make_url(url)
    if database.get_backend_name() != "sqlite" or database.database in (None, ""):
        return make_engine(url).execution_options(postgresql_readonly=True)
    if database.database == ":memory:":
        return make_engine(url)
    path = Path(str(database.database)).resolve()
    engine = create_engine(
        f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true",
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA query_only = 1")
        cursor.close()

    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL syncs at checkpoints, not at every commit: a
            # crash of the process or the OS loses nothing, a power cut may
            # roll back the last documents together with their ledger rows,
            # which the next run then redoes. SQLite's advice for WAL.
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config() -> Config:
    """The Alembic configuration, pointing at the packaged migrations."""
    from alembic.config import Config  # Alembic loads slowly; only when migrating

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema to ``revision`` (idempotent)."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database schema back to ``revision``."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(
            text("SELECT version_num FROM alembic_version")
        ).scalar()


def head_revision() -> str:
    """The newest revision shipped with this version of pks.

    Revision ids are ordered numbers (``0001``, ``0002``, ...) that start each
    file name, so the head is the largest; this avoids importing Alembic on
    every command (a test checks it agrees with Alembic's own answer).
    """
    return max(path.name[:4] for path in (MIGRATIONS / "versions").glob("[0-9]*.py"))
