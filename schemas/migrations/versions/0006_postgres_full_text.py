"""PostgreSQL full-text search: tsvector columns over the analysed text, GIN indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

The analysed shadow columns of 0004 are already folded, stemmed and
synonym-mapped in Python (extractors/analysis.py), so PostgreSQL indexes them
with the 'simple' configuration (split and lower-case only), not its
'indonesian' one: both backends then see the same terms, token for token.
Stored generated columns keep the vectors in step with no trigger; the
heading gets weight A and the text weight B (ranking was ts_rank_cd over these
weights until pipeline/ranking.py took it over for both backends; the vectors
now only select candidates). SQLite has FTS5 (0002, 0004) and skips this
revision.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

POSTGRES_UP = [
    """ALTER TABLE clauses ADD COLUMN search_vector tsvector
       GENERATED ALWAYS AS (
         setweight(to_tsvector('simple'::regconfig, search_heading), 'A')
         || setweight(to_tsvector('simple'::regconfig, search_text), 'B')
       ) STORED""",
    "CREATE INDEX ix_clauses_search_vector ON clauses USING gin (search_vector)",
    """ALTER TABLE obligations ADD COLUMN search_vector tsvector
       GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED""",
    "CREATE INDEX ix_obligations_search_vector ON obligations USING gin (search_vector)",
]

POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_obligations_search_vector",
    "ALTER TABLE obligations DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS ix_clauses_search_vector",
    "ALTER TABLE clauses DROP COLUMN IF EXISTS search_vector",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite searches through FTS5 (0004)
    for statement in POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in POSTGRES_DOWN:
        op.execute(statement)
