"""Review and sign-off: each version's review state, comments, verdicts per technology, and sign-offs bound to the
SHA-256 of the exact content approved.

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_states",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("set_id", sa.String(100), sa.ForeignKey("assessment_sets.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("saved_by", sa.Integer(), sa.ForeignKey("users.pk"), nullable=True),
        sa.Column("changed_by", sa.String(320), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.UniqueConstraint("set_id", "number", name="uq_review_states_set_number"),
    )
    op.create_table(
        "review_comments",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("set_id", sa.String(100), sa.ForeignKey("assessment_sets.id"), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("technology", sa.String(200), nullable=False),
        sa.Column("criterion", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_by", sa.String(320), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "review_verdicts",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("set_id", sa.String(100), sa.ForeignKey("assessment_sets.id"), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("technology", sa.String(200), nullable=False),
        sa.Column("verdict", sa.String(20), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("author", sa.String(320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sign_offs",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("set_id", sa.String(100), sa.ForeignKey("assessment_sets.id"), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("user_pk", sa.Integer(), sa.ForeignKey("users.pk"), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("attestation", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("rubric_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    )
    for table in ("review_states", "review_comments", "review_verdicts", "sign_offs"):
        op.create_index(f"ix_{table}_set_id", table, ["set_id"])


def downgrade() -> None:
    for table in ("sign_offs", "review_verdicts", "review_comments", "review_states"):
        op.drop_index(f"ix_{table}_set_id", table_name=table)
        op.drop_table(table)
