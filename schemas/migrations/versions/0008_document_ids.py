"""Document ids reserved in discovery order

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29

Workers now write the documents they process, each as soon as it is done,
so the order of the writes follows the workers' speed. So that a document's
id does not depend on it (an interrupted run finished later must give the same
database as one run straight through), the run reserves each document's id
when it sends the file to be processed: `document_ids` numbers every sha256
ever reserved, and `documents.id` takes its number from there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table and number the documents already stored."""
    op.create_table(
        "document_ids",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    )
    op.execute("INSERT INTO document_ids (id, sha256) SELECT id, sha256 FROM documents")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('document_ids', 'id'),"
            " coalesce((SELECT max(id) FROM document_ids), 0) + 1, false)"
        )


def downgrade() -> None:
    """Drop the table; the documents keep their ids."""
    op.drop_table("document_ids")
