"""Initial workspace schema: rubrics, assessment sets, versions, drafts, briefings.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rubrics",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("rubric_id", sa.String(200), nullable=False),
        sa.Column("version", sa.String(100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_rubrics_rubric_id", "rubrics", ["rubric_id"])
    op.create_table(
        "assessment_sets",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "versions",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("set_id", sa.String(100), sa.ForeignKey("assessment_sets.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("parent", sa.Integer(), nullable=True),
        sa.Column("rubric_pk", sa.Integer(), sa.ForeignKey("rubrics.pk"), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("author_verified", sa.Boolean(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("set_id", "number", name="uq_versions_set_number"),
    )
    op.create_index("ix_versions_set_id", "versions", ["set_id"])
    op.create_table(
        "drafts",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("set_id", sa.String(100), sa.ForeignKey("assessment_sets.id"), nullable=False),
        sa.Column("base_number", sa.Integer(), nullable=False),
        sa.Column("rubric_pk", sa.Integer(), sa.ForeignKey("rubrics.pk"), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("token", "set_id", name="uq_drafts_token_set"),
    )
    op.create_index("ix_drafts_token", "drafts", ["token"])
    op.create_table(
        "briefings",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("set_id", sa.String(100), sa.ForeignKey("assessment_sets.id"), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("from_draft", sa.Boolean(), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_briefings_set_id", "briefings", ["set_id"])


def downgrade() -> None:
    for table in ("briefings", "drafts", "versions", "assessment_sets", "rubrics"):
        op.drop_table(table)
