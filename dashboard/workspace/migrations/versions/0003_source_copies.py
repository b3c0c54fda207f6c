"""Stored copies of sources: a copy of a source in a set's register, with its SHA-256, text, who and when.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_copies",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("set_id", sa.String(100), sa.ForeignKey("assessment_sets.id"), nullable=False),
        sa.Column("source_id", sa.String(200), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attached_by", sa.String(320), nullable=False),
        sa.Column("attached_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_source_copies_set_id", "source_copies", ["set_id"])


def downgrade() -> None:
    op.drop_index("ix_source_copies_set_id", table_name="source_copies")
    op.drop_table("source_copies")
