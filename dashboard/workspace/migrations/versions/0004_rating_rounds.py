"""Rating rounds: a round on a version, its raters, and each rater's submitted entries.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rating_rounds",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("set_id", sa.String(100), sa.ForeignKey("assessment_sets.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("technologies", sa.Text(), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("opened_by", sa.String(320), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.String(320), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reconciled_version", sa.Integer(), nullable=True),
        sa.Column("reconciliation", sa.Text(), nullable=True),
        sa.UniqueConstraint("set_id", "number", name="uq_rating_rounds_set_number"),
    )
    op.create_index("ix_rating_rounds_set_id", "rating_rounds", ["set_id"])
    op.create_table(
        "round_raters",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("round_pk", sa.Integer(), sa.ForeignKey("rating_rounds.pk"), nullable=False),
        sa.Column("user_pk", sa.Integer(), sa.ForeignKey("users.pk"), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("round_pk", "user_pk", name="uq_round_raters_round_user"),
    )
    op.create_index("ix_round_raters_round_pk", "round_raters", ["round_pk"])
    op.create_table(
        "round_ratings",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("rater_pk", sa.Integer(), sa.ForeignKey("round_raters.pk"), nullable=False),
        sa.Column("technology", sa.String(200), nullable=False),
        sa.Column("criterion", sa.String(200), nullable=False),
        sa.Column("entry", sa.Text(), nullable=False),
        sa.UniqueConstraint("rater_pk", "technology", "criterion", name="uq_round_ratings_rater_technology_criterion"),
    )
    op.create_index("ix_round_ratings_rater_pk", "round_ratings", ["rater_pk"])


def downgrade() -> None:
    op.drop_index("ix_round_ratings_rater_pk", table_name="round_ratings")
    op.drop_table("round_ratings")
    op.drop_index("ix_round_raters_round_pk", table_name="round_raters")
    op.drop_table("round_raters")
    op.drop_index("ix_rating_rounds_set_id", table_name="rating_rounds")
    op.drop_table("rating_rounds")
