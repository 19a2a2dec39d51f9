"""Full-text index of the searchable clauses (SQLite FTS5).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

An external-content FTS5 table over a view of the searchable clauses, kept in
sync by triggers (the shape of sqlite-utils' enable_fts(create_triggers=True)).
unicode61 folds case and accents; Porter is English, so no stemmer here.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    """CREATE VIEW searchable_clauses AS
       SELECT id, heading, text FROM clauses WHERE searchable = 1""",
    """CREATE VIRTUAL TABLE clauses_fts USING fts5(
       heading, text, content='searchable_clauses', content_rowid='id',
       tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER clauses_ai AFTER INSERT ON clauses WHEN new.searchable = 1
       BEGIN
         INSERT INTO clauses_fts(rowid, heading, text)
         VALUES (new.id, new.heading, new.text);
       END""",
    """CREATE TRIGGER clauses_ad AFTER DELETE ON clauses WHEN old.searchable = 1
       BEGIN
         INSERT INTO clauses_fts(clauses_fts, rowid, heading, text)
         VALUES ('delete', old.id, old.heading, old.text);
       END""",
    """CREATE TRIGGER clauses_au AFTER UPDATE ON clauses
       BEGIN
         INSERT INTO clauses_fts(clauses_fts, rowid, heading, text)
         SELECT 'delete', old.id, old.heading, old.text WHERE old.searchable = 1;
         INSERT INTO clauses_fts(rowid, heading, text)
         SELECT new.id, new.heading, new.text WHERE new.searchable = 1;
       END""",
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS clauses_au",
    "DROP TRIGGER IF EXISTS clauses_ad",
    "DROP TRIGGER IF EXISTS clauses_ai",
    "DROP TABLE IF EXISTS clauses_fts",
    "DROP VIEW IF EXISTS searchable_clauses",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # other backends get their own index in a later revision
    for statement in SQLITE_UP:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in SQLITE_DOWN:
        op.execute(statement)
