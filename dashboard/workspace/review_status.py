"""What a version's review looks like to a reader: comments, sign-offs, its status, and the line a briefing prints
("Approved by NAME (role) on DATE, version N", "In review", "DRAFT - not reviewed"). Plain records; the workspace
(review.py) makes them from its rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dashboard.words import say
from dashboard.workspace.workflow import APPROVED, CHANGES, IN_REVIEW


@dataclass(frozen=True)
class Comment:
    pk: int
    version: int
    technology: str
    criterion: str
    text: str
    author: str
    created_at: dt.datetime
    resolved_by: str | None
    resolved_at: dt.datetime | None

    @property
    def open(self) -> bool:
        return self.resolved_at is None


@dataclass(frozen=True)
class SignOff:
    version: int
    email: str
    name: str
    role: str
    attestation: str
    content_sha256: str
    rubric_sha256: str
    created_at: dt.datetime
    withdrawn_at: dt.datetime | None


@dataclass(frozen=True)
class Status:
    """A version's place in review, with what a reader of the set needs to know about it."""

    set_id: str
    version: int
    latest: int
    state: str
    required: int
    approvals: tuple[SignOff, ...]  # standing ones
    comments: tuple[Comment, ...]  # every comment of the set, oldest first
    verdicts: dict[str, str]  # technology -> newest verdict on this version
    approved: SignOff | None  # the newest standing approval of the newest approved version up to `latest`
    approved_version: int | None
    content_sha256: str
    rubric_sha256: str
    attestation: str

    @property
    def open_comments(self) -> tuple[Comment, ...]:
        return tuple(c for c in self.comments if c.open)

    @property
    def covers_latest(self) -> bool:
        """Whether an approval covers the set's newest version."""
        return self.approved_version == self.latest

    def as_json(self) -> dict[str, Any]:
        return {
            "set": self.set_id,
            "version": self.version,
            "latest_version": self.latest,
            "state": self.state,
            "approvals_required": self.required,
            "approvals": [sign_off_json(a) for a in self.approvals],
            "approved_version": self.approved_version,
            "approval_covers_latest": self.covers_latest,
            "open_comments": [comment_json(c) for c in self.open_comments],
            "verdicts": dict(self.verdicts),
            "content_sha256": self.content_sha256,
            "rubric_sha256": self.rubric_sha256,
        }


def sign_off_json(a: SignOff) -> dict[str, Any]:
    return {
        "version": a.version,
        "who": a.email,
        "name": a.name,
        "role": a.role,
        "when": a.created_at.isoformat(),
        "attestation": a.attestation,
        "content_sha256": a.content_sha256,
        "rubric_sha256": a.rubric_sha256,
    }


def comment_json(c: Comment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "version": c.version,
        "technology": c.technology or None,
        "criterion": c.criterion or None,
        "text": c.text,
        "who": c.author,
        "when": c.created_at.isoformat(),
    }


def status_line(status: Status, *, from_draft: bool = False) -> str:
    """What a briefing of this version (`from_draft`: of unsaved changes on top of it) says about its review, on the
    cover, every page's head and the file's properties."""
    covered = bool(status.approvals) and status.approvals[-1].content_sha256 == status.content_sha256
    if not from_draft and status.state == APPROVED and covered:
        return _approved_line("review.status_approved", status.approvals[-1], status.version)
    if not from_draft and status.state == IN_REVIEW:
        return say("review.status_in_review")
    if not from_draft and status.state == CHANGES:
        return say("review.status_changes_requested")
    if status.approved is not None and status.approved_version is not None:
        return _approved_line("review.status_on_approved", status.approved, status.approved_version)
    return say("review.status_draft")


def _approved_line(code: str, a: SignOff, version: int) -> str:
    day = f"{a.created_at:%Y-%m-%d}"
    if code == "review.status_approved":
        return say("review.status_approved", name=a.name, role=a.role, date=day, version=version)
    return say("review.status_on_approved", name=a.name, role=a.role, date=day, approved=version)


def sign_off_record(status: Status) -> dict[str, Any] | None:
    """The sign-off a briefing of this version rests on, as its record keeps it (None: not approved)."""
    if status.approved is None:
        return None
    return {"version": status.approved_version} | sign_off_json(status.approved)
