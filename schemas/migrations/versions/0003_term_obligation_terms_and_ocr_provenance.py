"""Term dates, obligation terms (deadline, amount, condition), OCR provenance

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch_op:
        batch_op.add_column(sa.Column("effective_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("expires_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("renewable", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("subject", sa.Text(), nullable=True))
        batch_op.create_index("ix_documents_expires_on", ["expires_on"], unique=False)

    with op.batch_alter_table("obligations") as batch_op:
        batch_op.add_column(sa.Column("deadline", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("amount", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("amount_rupiah", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("condition", sa.Text(), nullable=True))

    with op.batch_alter_table("pages") as batch_op:
        batch_op.add_column(sa.Column("ocr_engine", sa.String(32), nullable=True))
        batch_op.add_column(sa.Column("ocr_version", sa.String(32), nullable=True))
        batch_op.add_column(sa.Column("ocr_language", sa.String(32), nullable=True))
        batch_op.add_column(sa.Column("ocr_confidence", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("ocr_seconds", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("needs_review", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch_op:
        for column in (
            "needs_review",
            "ocr_seconds",
            "ocr_confidence",
            "ocr_language",
            "ocr_version",
            "ocr_engine",
        ):
            batch_op.drop_column(column)

    with op.batch_alter_table("obligations") as batch_op:
        for column in ("condition", "amount_rupiah", "amount", "deadline"):
            batch_op.drop_column(column)

    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_index("ix_documents_expires_on")
        for column in ("subject", "renewable", "expires_on", "effective_on"):
            batch_op.drop_column(column)
