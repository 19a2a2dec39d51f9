from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from schemas.db import current_revision, downgrade, head_revision, make_engine, upgrade
from schemas.models import Base


def _engine(tmp_path):
    return make_engine(f"sqlite:///{tmp_path / 'm.db'}")


def test_upgrade_matches_the_models(tmp_path):
    engine = _engine(tmp_path)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        diff = compare_metadata(context, Base.metadata)
    # The FTS table, its shadow tables and the view are made by raw DDL on purpose.
    assert [d for d in diff if "fts" not in str(d) and "searchable" not in str(d)] == []


def test_upgrade_twice_is_harmless_and_downgrade_drops_fts(tmp_path):
    engine = _engine(tmp_path)
    upgrade(engine)
    upgrade(engine)
    downgrade(engine, "0001")
    assert "clauses_fts" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert "clauses_fts" in inspect(engine).get_table_names()


def test_sqlite_pragmas(tmp_path):
    engine = _engine(tmp_path)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_head_revision_agrees_with_alembic():
    from alembic.script import ScriptDirectory

    from schemas.db import alembic_config

    assert (
        head_revision()
        == ScriptDirectory.from_config(alembic_config()).get_current_head()
    )


def test_the_same_migrations_make_the_schema_on_postgresql(pg_server):
    engine = make_engine(pg_server.create_schema())
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        columns = inspect(connection).get_columns("clauses")
    # 0006's tsvector column and GIN index are made by raw DDL on purpose.
    assert [d for d in diff if "search_vector" not in str(d)] == []
    assert "search_vector" in {column["name"] for column in columns}
    downgrade(engine, "base")
    assert "clauses" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()
