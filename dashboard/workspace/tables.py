"""The workspace's tables, declared once: the models Alembic's migrations are checked against and the repository reads.

Kept apart from the repository so the migrations can import the schema without importing the code that opens
databases (which in turn runs the migrations): no import cycle.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


LOCAL_SUBJECT = "local"  # the local administrator: personal mode and the command line without --as
LOCAL_EMAIL = "admin@localhost"
LOCAL_NAME = "Local administrator"


class UserRow(Base):
    """A person: the identity provider's subject and email; a first sign-in creates the row with no access."""

    __tablename__ = "users"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(String(255), unique=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean)
    site_admin: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class MembershipRow(Base):
    """A user's role on one set: reader, analyst, reviewer or owner (workspace/access.py says what each may do)."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_pk", "set_id", name="uq_memberships_user_set"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk"), index=True)
    set_id: Mapped[str] = mapped_column(ForeignKey("assessment_sets.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))


class RubricRow(Base):
    __tablename__ = "rubrics"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    rubric_id: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SetRow(Base):
    __tablename__ = "assessment_sets"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))


class VersionRow(Base):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("set_id", "number", name="uq_versions_set_number"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[str] = mapped_column(ForeignKey("assessment_sets.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    parent: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rubric_pk: Mapped[int] = mapped_column(ForeignKey("rubrics.pk"))
    content: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(200))
    author_verified: Mapped[bool] = mapped_column(Boolean)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # The SHA-256 of the whole row in a canonical encoding (events.py): content, author, message, time and the rest.
    row_sha256: Mapped[str] = mapped_column(String(64))


class DraftRow(Base):
    """Work in progress, one per user and set (and slot: "" the draft, "refused" a refused save's draft kept aside).
    Found by (user, set, slot), never by anything in the address."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("user_pk", "set_id", "token", name="uq_drafts_user_set_slot"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk"), index=True)
    token: Mapped[str] = mapped_column(String(64))  # the slot within (user, set)
    set_id: Mapped[str] = mapped_column(ForeignKey("assessment_sets.id"))
    base_number: Mapped[int] = mapped_column(Integer)
    rubric_pk: Mapped[int] = mapped_column(ForeignKey("rubrics.pk"))
    content: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class BriefingRow(Base):
    __tablename__ = "briefings"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[str] = mapped_column(ForeignKey("assessment_sets.id"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    from_draft: Mapped[bool] = mapped_column(Boolean)
    content_sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)  # what was briefed, so "changes since" is exact even for a draft
    options: Mapped[str] = mapped_column(Text)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SourceCopyRow(Base):
    """A stored copy of a source in a set's register, kept as attached (PDF, HTML or text) with its SHA-256, its
    extracted text (what quotes are checked against), who attached it and when. Append-only: a newer copy of the same
    source is a new row, and the newest is the one the audit reads."""

    __tablename__ = "source_copies"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[str] = mapped_column(ForeignKey("assessment_sets.id"), index=True)
    source_id: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    attached_by: Mapped[str] = mapped_column(String(320))
    attached_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RoundRow(Base):
    """A rating round on one version of a set: the technologies and criteria rated, who opened and closed it, and the
    version its reconciliation saved (with the choices and reasons, as JSON)."""

    __tablename__ = "rating_rounds"
    __table_args__ = (UniqueConstraint("set_id", "number", name="uq_rating_rounds_set_number"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[str] = mapped_column(ForeignKey("assessment_sets.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    version_number: Mapped[int] = mapped_column(Integer)
    technologies: Mapped[str] = mapped_column(Text)  # JSON list of ids
    criteria: Mapped[str] = mapped_column(Text)  # JSON list of ids
    opened_by: Mapped[str] = mapped_column(String(320))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(String(320), nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reconciled_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reconciliation: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON: the choices and their reasons


class RaterRow(Base):
    """A rater named in a round, and when they submitted (None: not yet)."""

    __tablename__ = "round_raters"
    __table_args__ = (UniqueConstraint("round_pk", "user_pk", name="uq_round_raters_round_user"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_pk: Mapped[int] = mapped_column(ForeignKey("rating_rounds.pk"), index=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk"))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class RatingRow(Base):
    """One rater's submitted entry for one technology's criterion (the score entry as JSON); kept on record."""

    __tablename__ = "round_ratings"
    __table_args__ = (
        UniqueConstraint("rater_pk", "technology", "criterion", name="uq_round_ratings_rater_technology_criterion"),
    )
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    rater_pk: Mapped[int] = mapped_column(ForeignKey("round_raters.pk"), index=True)
    technology: Mapped[str] = mapped_column(String(200))
    criterion: Mapped[str] = mapped_column(String(200))
    entry: Mapped[str] = mapped_column(Text)


class EventRow(Base):
    """One entry of the audit trail (events.py): who did what, when, to which set and version. Append-only; each
    entry carries the hash of the one before it (`prev_sha256`) and its own (`sha256`), a chain over a canonical
    encoding. An entry that added a version names that version's row hash (`version_sha256`)."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_set_version", "set_id", "version"),)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # 1, 2, 3, ... no gaps
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    user: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(40))
    set_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[str] = mapped_column(Text)  # canonical JSON
    version_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    prev_sha256: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))


class ReviewStateRow(Base):
    """Where a saved version stands in review (workspace/review.py's workflow): draft, in_review, changes_requested or
    approved; written with the version (saved_by: the user who saved it, so nobody approves their own version)."""

    __tablename__ = "review_states"
    __table_args__ = (UniqueConstraint("set_id", "number", name="uq_review_states_set_number"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[str] = mapped_column(ForeignKey("assessment_sets.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(30))
    saved_by: Mapped[int | None] = mapped_column(ForeignKey("users.pk"), nullable=True)
    changed_by: Mapped[str] = mapped_column(String(320))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    message: Mapped[str] = mapped_column(Text)


class ReviewCommentRow(Base):
    """A reviewer's comment on a version of a set, a technology in it, or one criterion's score; open or resolved."""

    __tablename__ = "review_comments"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[str] = mapped_column(ForeignKey("assessment_sets.id"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    technology: Mapped[str] = mapped_column(String(200))  # "" the whole set
    criterion: Mapped[str] = mapped_column(String(200))  # "" the whole technology
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[str | None] = mapped_column(String(320), nullable=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ReviewVerdictRow(Base):
    """A reviewer's verdict on one technology of a version: to_correct or acceptable (the newest one counts)."""

    __tablename__ = "review_verdicts"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[str] = mapped_column(ForeignKey("assessment_sets.id"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    technology: Mapped[str] = mapped_column(String(200))
    verdict: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SignOffRow(Base):
    """An approval: who, their role, when, the attestation accepted, and the SHA-256 of the exact version document and
    its rubric approved. Withdrawn by its approver (withdrawn_at), never deleted."""

    __tablename__ = "sign_offs"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[str] = mapped_column(ForeignKey("assessment_sets.id"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk"))
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    attestation: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    rubric_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
