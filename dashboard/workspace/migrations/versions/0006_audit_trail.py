"""The audit trail: an append-only, hash-chained table of events, and each version's row hash (events.py).

Every version already stored gets its row hash and a "backfill" event naming it, so from here on a version changed,
deleted or slipped in with plain SQL is found by `audit-log verify` and refused when read.

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-03
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

from dashboard.workspace import events
from dashboard.workspace import records as R
from dashboard.workspace.tables import EventRow, VersionRow

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_EVENT_FIELDS = ("seq", "user", "action", "set_id", "version", "detail", "version_sha256", "prev_sha256", "sha256")
_VERSION_FIELDS = ("pk", "set_id", "number", "parent", "rubric_pk", "content", "author", "author_verified", "message")


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(320), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("set_id", sa.String(100), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("version_sha256", sa.String(64), nullable=True),
        sa.Column("prev_sha256", sa.String(64), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
    )
    op.create_index("ix_events_set_version", "events", ["set_id", "version"])
    with op.batch_alter_table("versions") as batch:
        batch.add_column(sa.Column("row_sha256", sa.String(64), nullable=True))
    connection = op.get_bind()
    # Light tables (the columns as they are at this revision), typed so SQLite's times come back as datetimes.
    table = sa.table(
        "versions",
        *(sa.column(f) for f in _VERSION_FIELDS),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("sha256", sa.String(64)),
        sa.column("row_sha256", sa.String(64)),
    )
    events_table = sa.table(
        "events",
        *(sa.column(name) for name in _EVENT_FIELDS),
        sa.column("at", sa.DateTime(timezone=True)),
    )
    rows = connection.execute(
        sa.select(*(table.c[f] for f in _VERSION_FIELDS), table.c.created_at).order_by(table.c.pk)
    ).all()
    prev, at = events.GENESIS, dt.datetime.now(dt.UTC)
    for seq, r in enumerate(rows, start=1):
        # The content's hash as the trail begins: a stored hash that disagreed with the content is made right here.
        content_sha256 = R.sha256(r.content)
        version = VersionRow(
            **{f: getattr(r, f) for f in _VERSION_FIELDS}, sha256=content_sha256, created_at=r.created_at
        )
        digest = events.row_hash(version)
        connection.execute(table.update().where(table.c.pk == r.pk).values(sha256=content_sha256, row_sha256=digest))
        event = EventRow(
            seq=seq,
            at=at,
            user="migration 0006",
            action="backfill",
            set_id=r.set_id,
            version=r.number,
            detail=events.canonical({"note": "stored before the audit trail began"}),
            version_sha256=digest,
            prev_sha256=prev,
        )
        event.sha256 = prev = events.event_hash(event)
        fields = {name: getattr(event, name) for name in (*_EVENT_FIELDS, "at")}
        connection.execute(events_table.insert().values(**fields))
    with op.batch_alter_table("versions") as batch:
        batch.alter_column("row_sha256", existing_type=sa.String(64), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.drop_column("row_sha256")
    op.drop_index("ix_events_set_version", table_name="events")
    op.drop_table("events")
