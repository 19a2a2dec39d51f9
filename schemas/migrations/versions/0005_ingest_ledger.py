"""Nightly ingestion: a ledger of every file of every run; runs get status and counts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

The `failures` table becomes the ledger's failed rows: its rows are copied in
(status `failed`, reason = kind), the table is dropped, and a `failures` view
with the old columns keeps existing SQL working. The downgrade rebuilds the
table from the ledger's failed and deferred rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

RUN_COLUMNS: tuple[sa.Column[object], ...] = (
    sa.Column("status", sa.String(16), nullable=False, server_default="finished"),
    sa.Column("workers", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("pid", sa.Integer(), nullable=True),
    sa.Column("exit_code", sa.Integer(), nullable=True),
    sa.Column("versions", sa.Text(), nullable=False, server_default=""),
    sa.Column("deferred", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("pending", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("disappeared", sa.Integer(), nullable=False, server_default="0"),
)

FAILURES_VIEW = """
CREATE VIEW failures AS
SELECT id, run_id, path, sha256, reason AS kind, message, updated_at AS at
FROM ledger WHERE status IN ('failed', 'deferred')
"""


def upgrade() -> None:
    for column in RUN_COLUMNS:
        op.add_column("runs", column)  # plain ADD COLUMN: no table rebuild
    op.create_table(
        "ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "path"),
    )
    for name in ("run_id", "sha256", "status", "reason"):
        op.create_index(f"ix_ledger_{name}", "ledger", [name], unique=False)
    # Old failures: one ledger row per (run, path), the last one winning.
    columns = (
        "INSERT INTO ledger (run_id, seq, path, sha256, status, reason, message,"
        " attempts, updated_at)"
    )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite takes the bare columns from the row that max(id) picked.
        op.execute(
            f"{columns} SELECT run_id, max(id), path, sha256, 'failed', kind,"
            " message, 1, max(at) FROM failures GROUP BY run_id, path"
        )
    else:  # PostgreSQL refuses bare columns: DISTINCT ON says the same
        op.execute(
            f"{columns} SELECT DISTINCT ON (run_id, path) run_id, id, path, sha256,"
            " 'failed', kind, message, 1, at FROM failures"
            " ORDER BY run_id, path, id DESC"
        )
    op.drop_index("ix_failures_run_id", table_name="failures")
    op.drop_index("ix_failures_kind", table_name="failures")
    op.drop_table("failures")
    op.execute(FAILURES_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS failures")
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_failures_kind", "failures", ["kind"], unique=False)
    op.create_index("ix_failures_run_id", "failures", ["run_id"], unique=False)
    op.execute(
        "INSERT INTO failures (run_id, path, sha256, kind, message, at)"
        " SELECT run_id, path, sha256, coalesce(reason, status), message, updated_at"
        " FROM ledger WHERE status IN ('failed', 'deferred') ORDER BY id"
    )
    for name in ("run_id", "sha256", "status", "reason"):
        op.drop_index(f"ix_ledger_{name}", table_name="ledger")
    op.drop_table("ledger")
    # Plain DROP COLUMN (SQLite >= 3.35): a batch rebuild would drop `runs`,
    # and with foreign keys on that deletes every failure row by cascade.
    for run_column in reversed(RUN_COLUMNS):
        op.drop_column("runs", run_column.name)
