"""People and roles: users, per-set memberships, drafts owned by their user.

An existing workspace gets the local administrator (the command line's user, and the one user of personal mode) as
the owner of every set it holds, and keeps its drafts under that user: per set, the newest draft becomes the
administrator's draft (and the newest refused one its refused draft); older ones stay stored under their old token.
The upgrade says so on standard error.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

import datetime as dt
import sys

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LOCAL_SUBJECT, LOCAL_EMAIL, LOCAL_NAME = "local", "admin@localhost", "Local administrator"
REFUSED = "~refused"  # the suffix 0001's sessions gave a refused save's draft


def upgrade() -> None:
    users = op.create_table(
        "users",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("subject", sa.String(255), nullable=False, unique=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("site_admin", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    memberships = op.create_table(
        "memberships",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("user_pk", sa.Integer(), sa.ForeignKey("users.pk"), nullable=False),
        sa.Column("set_id", sa.String(100), sa.ForeignKey("assessment_sets.id"), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.UniqueConstraint("user_pk", "set_id", name="uq_memberships_user_set"),
    )
    op.create_index("ix_memberships_user_pk", "memberships", ["user_pk"])
    op.create_index("ix_memberships_set_id", "memberships", ["set_id"])
    bind = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    bind.execute(
        users.insert().values(
            subject=LOCAL_SUBJECT, email=LOCAL_EMAIL, name=LOCAL_NAME, disabled=False, site_admin=True, created_at=now
        )
    )
    admin = bind.execute(sa.select(users.c.pk).where(users.c.subject == LOCAL_SUBJECT)).scalar_one()
    sets = [row[0] for row in bind.execute(sa.text("SELECT id FROM assessment_sets ORDER BY id"))]
    if sets:
        bind.execute(memberships.insert(), [{"user_pk": admin, "set_id": s, "role": "owner"} for s in sets])

    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("user_pk", sa.Integer(), nullable=True))
    bind.execute(sa.text("UPDATE drafts SET user_pk = :admin"), {"admin": admin})
    drafts = bind.execute(sa.text("SELECT pk, set_id, token FROM drafts ORDER BY updated_at DESC, pk DESC")).all()
    taken: set[tuple[str, str]] = set()
    for pk, set_id, token in drafts:
        slot = "refused" if token.endswith(REFUSED) else ""
        if (set_id, slot) not in taken:
            taken.add((set_id, slot))
            bind.execute(sa.text("UPDATE drafts SET token = :slot WHERE pk = :pk"), {"slot": slot, "pk": pk})
    with op.batch_alter_table("drafts") as batch:
        batch.drop_constraint("uq_drafts_token_set", type_="unique")
        batch.drop_index("ix_drafts_token")
        batch.alter_column("user_pk", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key("fk_drafts_user_pk_users", "users", ["user_pk"], ["pk"])
        batch.create_index("ix_drafts_user_pk", ["user_pk"])
        batch.create_unique_constraint("uq_drafts_user_set_slot", ["user_pk", "set_id", "token"])
    if sets:
        print(
            f"workspace upgraded: people and roles. The local administrator ({LOCAL_EMAIL}) owns the {len(sets)} "
            "existing set(s) and keeps their drafts; grant others access with `python -m dashboard access grant`.",
            file=sys.stderr,
        )


def downgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.drop_constraint("uq_drafts_user_set_slot", type_="unique")
        batch.drop_index("ix_drafts_user_pk")
        batch.drop_constraint("fk_drafts_user_pk_users", type_="foreignkey")
        batch.drop_column("user_pk")
        batch.create_index("ix_drafts_token", ["token"])
        batch.create_unique_constraint("uq_drafts_token_set", ["token", "set_id"])
    op.drop_table("memberships")
    op.drop_table("users")
