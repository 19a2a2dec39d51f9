"""Indonesian search: analysed shadow columns indexed by FTS5, obligations too

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

SQLite FTS5 has no Indonesian stemmer, so clauses and obligations get shadow
columns holding their text analysed in Python (folded, stemmed, synonyms
mapped: extractors/analysis.py), and the FTS5 tables index those columns with
a plain tokenizer. PostgreSQL will index the same columns (tsvector 'simple').

The columns are added with plain ALTER TABLE (a batch rebuild of `clauses`
would drop its triggers), backfilled before the FTS tables and triggers exist,
and the FTS tables are then built with 'rebuild'.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = [
    "ALTER TABLE clauses ADD COLUMN search_heading TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE clauses ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE obligations ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
]

OLD_FTS = [
    "DROP TRIGGER IF EXISTS clauses_au",
    "DROP TRIGGER IF EXISTS clauses_ad",
    "DROP TRIGGER IF EXISTS clauses_ai",
    "DROP TABLE IF EXISTS clauses_fts",
    "DROP VIEW IF EXISTS searchable_clauses",
]

NEW_FTS = [
    """CREATE VIEW searchable_clauses AS
       SELECT id, search_heading AS heading, search_text AS text
       FROM clauses WHERE searchable = 1""",
    """CREATE VIRTUAL TABLE clauses_fts USING fts5(
       heading, text, content='searchable_clauses', content_rowid='id',
       tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER clauses_ai AFTER INSERT ON clauses WHEN new.searchable = 1
       BEGIN
         INSERT INTO clauses_fts(rowid, heading, text)
         VALUES (new.id, new.search_heading, new.search_text);
       END""",
    """CREATE TRIGGER clauses_ad AFTER DELETE ON clauses WHEN old.searchable = 1
       BEGIN
         INSERT INTO clauses_fts(clauses_fts, rowid, heading, text)
         VALUES ('delete', old.id, old.search_heading, old.search_text);
       END""",
    """CREATE TRIGGER clauses_au AFTER UPDATE ON clauses
       BEGIN
         INSERT INTO clauses_fts(clauses_fts, rowid, heading, text)
         SELECT 'delete', old.id, old.search_heading, old.search_text
         WHERE old.searchable = 1;
         INSERT INTO clauses_fts(rowid, heading, text)
         SELECT new.id, new.search_heading, new.search_text
         WHERE new.searchable = 1;
       END""",
    """CREATE VIEW searchable_obligations AS
       SELECT id, search_text AS text FROM obligations""",
    """CREATE VIRTUAL TABLE obligations_fts USING fts5(
       text, content='searchable_obligations', content_rowid='id',
       tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER obligations_ai AFTER INSERT ON obligations
       BEGIN
         INSERT INTO obligations_fts(rowid, text) VALUES (new.id, new.search_text);
       END""",
    """CREATE TRIGGER obligations_ad AFTER DELETE ON obligations
       BEGIN
         INSERT INTO obligations_fts(obligations_fts, rowid, text)
         VALUES ('delete', old.id, old.search_text);
       END""",
    """CREATE TRIGGER obligations_au AFTER UPDATE ON obligations
       BEGIN
         INSERT INTO obligations_fts(obligations_fts, rowid, text)
         VALUES ('delete', old.id, old.search_text);
         INSERT INTO obligations_fts(rowid, text) VALUES (new.id, new.search_text);
       END""",
    "INSERT INTO clauses_fts(clauses_fts) VALUES ('rebuild')",
    "INSERT INTO obligations_fts(obligations_fts) VALUES ('rebuild')",
]

DROP_NEW_FTS = [
    "DROP TRIGGER IF EXISTS obligations_au",
    "DROP TRIGGER IF EXISTS obligations_ad",
    "DROP TRIGGER IF EXISTS obligations_ai",
    "DROP TABLE IF EXISTS obligations_fts",
    "DROP VIEW IF EXISTS searchable_obligations",
    *OLD_FTS,
]

# 0002's index over the printed text, restored by the downgrade.
RESTORE_0002 = [
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
    "INSERT INTO clauses_fts(clauses_fts) VALUES ('rebuild')",
]

BATCH = 2000


def _backfill() -> None:
    # The analyser is the one the loader uses; imported here, not at module
    # level, so that listing migrations does not load the stemmer.
    from extractors.analysis import index_text

    bind = op.get_bind()
    clauses = bind.execute(
        sa.text("SELECT id, heading, text FROM clauses WHERE searchable")
    ).all()
    for start in range(0, len(clauses), BATCH):
        bind.execute(
            sa.text(
                "UPDATE clauses SET search_heading = :heading, search_text = :text"
                " WHERE id = :id"
            ),
            [
                {"id": row.id, "heading": index_text(row.heading), "text": index_text(row.text)}
                for row in clauses[start : start + BATCH]
            ],
        )
    duties = bind.execute(sa.text("SELECT id, text FROM obligations")).all()
    for start in range(0, len(duties), BATCH):
        bind.execute(
            sa.text("UPDATE obligations SET search_text = :text WHERE id = :id"),
            [
                {"id": row.id, "text": index_text(row.text)}
                for row in duties[start : start + BATCH]
            ],
        )


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for statement in OLD_FTS:  # its update trigger would fire on the backfill
            op.execute(statement)
    for statement in COLUMNS:
        op.execute(statement)
    _backfill()
    if sqlite:
        for statement in NEW_FTS:
            op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for statement in DROP_NEW_FTS:
            op.execute(statement)
    op.execute("ALTER TABLE obligations DROP COLUMN search_text")
    op.execute("ALTER TABLE clauses DROP COLUMN search_text")
    op.execute("ALTER TABLE clauses DROP COLUMN search_heading")
    if sqlite:
        for statement in RESTORE_0002:
            op.execute(statement)
