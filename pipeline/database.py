"""Opening the database for a command: migrate for writers, check for readers."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from pipeline.errors import SetupError
from schemas.db import (
    current_revision,
    head_revision,
    make_engine,
    make_read_only_engine,
    upgrade,
)


def open_for_writing(url: str) -> Engine:
    """An engine whose schema has been brought up to date (as datasette does)."""
    try:
        engine = make_engine(url)
        upgrade(engine)
    except SQLAlchemyError as error:
        raise SetupError(f"cannot open the database {url}: {error}") from error
    return engine


def open_for_reading(url: str) -> Engine:
    """An engine on an existing, current database; never changes the schema."""
    database = make_url(url)
    path = database.database or ""
    is_file = database.get_backend_name() == "sqlite" and path not in ("", ":memory:")
    if is_file and not Path(path).exists():
        raise SetupError(f"no pks database at {url}: run `pks ingest PATH` first")
    try:
        # Read-only: a reader must never take SQLite's write lock (BEGIN
        # IMMEDIATE), or it would wait on, and be refused by, a nightly run.
        engine = make_read_only_engine(url)
        revision = current_revision(engine)
    except SQLAlchemyError as error:
        raise SetupError(f"cannot open the database {url}: {error}") from error
    if revision is None:
        raise SetupError(f"no pks database at {url}: run `pks ingest PATH` first")
    if revision != head_revision():
        raise SetupError(
            f"the database {url} is at schema {revision}, this pks needs "
            f"{head_revision()}: run `pks db upgrade`"
        )
    return engine


def open_read_only(url: str) -> Engine:
    """Like :func:`open_for_reading`, but the engine itself cannot write.

    Used by ``pks serve``: a bug in a page can never change the archive.
    """
    open_for_reading(url).dispose()  # the same checks and messages
    try:
        return make_read_only_engine(url)
    except SQLAlchemyError as error:
        raise SetupError(f"cannot open the database {url}: {error}") from error
