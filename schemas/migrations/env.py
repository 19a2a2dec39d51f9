"""Alembic environment: runs on the connection that schemas.db hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from schemas.models import Base

target_metadata = Base.metadata


def _include(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """Autogenerate ignores the full-text tables: they are made by raw DDL.

    So are PostgreSQL's tsvector columns and their GIN indexes (0006).
    """
    if name and "search_vector" in name:
        return False
    return not (type_ == "table" and name and "_fts" in name)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things in place
        include_object=_include,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # the alembic command line: `alembic -x url=sqlite:///x.db upgrade head`
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///pks.db")
    with create_engine(url).begin() as conn:
        _run(conn)
