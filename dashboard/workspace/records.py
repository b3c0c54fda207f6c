"""What the repository hands out: plain, frozen records of rubrics, versions, drafts and briefings, made from the
tables' rows; and its errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the records need no SQLAlchemy: the command line's `brief` of a file imports them without it
    from dashboard.workspace.tables import BriefingRow, DraftRow, RubricRow, SourceCopyRow, UserRow, VersionRow


class WorkspaceError(Exception):
    """The workspace cannot do what was asked; the message names the database and what to do."""


class SaveConflict(WorkspaceError):
    """Someone saved a newer version since the one this save started from; nothing was written."""

    def __init__(self, set_id: str, base: int | None, latest: VersionInfo) -> None:
        self.set_id, self.base, self.latest = set_id, base, latest
        when = latest.created_at.strftime("%Y-%m-%d %H:%M UTC")
        started = f"version {base}" if base is not None else "no version"
        super().__init__(
            f"not saved: '{set_id}' has version {latest.number}, saved by {latest.author} at {when} "
            f"('{latest.message}'), since you started from {started}"
        )


@dataclass(frozen=True)
class RubricInfo:
    pk: int
    rubric_id: str
    version: str
    title: str
    file_name: str
    sha256: str


@dataclass(frozen=True)
class VersionInfo:
    set_id: str
    number: int
    parent: int | None
    author: str
    author_verified: bool
    message: str
    created_at: dt.datetime
    rubric_pk: int
    sha256: str


@dataclass(frozen=True)
class Version:
    info: VersionInfo
    content: str
    rubric: RubricInfo
    rubric_content: str


@dataclass(frozen=True)
class SetSummary:
    id: str
    title: str
    latest: VersionInfo


@dataclass(frozen=True)
class UserInfo:
    """A user of the workspace, as `users list` shows them."""

    pk: int
    subject: str
    email: str
    name: str
    disabled: bool
    site_admin: bool


@dataclass(frozen=True)
class Member:
    """A user's role on a set."""

    email: str
    name: str
    role: str


@dataclass(frozen=True)
class Draft:
    token: str  # the slot within (user, set): "" the draft, "refused" a refused save's draft kept aside
    set_id: str
    base_number: int
    rubric_pk: int
    content: str
    author: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class BriefingRecord:
    set_id: str
    version_number: int
    from_draft: bool
    content_sha256: str
    content: str
    options: dict[str, Any]
    pdf_sha256: str
    author: str
    created_at: dt.datetime


@dataclass(frozen=True)
class SourceCopy:
    """A stored copy of a source: the file as attached, its SHA-256, its extracted text, who attached it and when."""

    set_id: str
    source_id: str
    file_name: str
    media_type: str
    size: int
    sha256: str
    text: str
    attached_by: str
    attached_at: dt.datetime


# ------------------------------------------------------------------------------------------ to and from rows


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def version_row(
    set_id: str,
    number: int,
    parent: int | None,
    rubric_pk: int,
    content: str,
    author: str,
    verified: bool,
    message: str,
) -> VersionRow:
    """A new version's row, stamped now."""
    from dashboard.workspace.tables import VersionRow  # at call time: the records alone need no SQLAlchemy

    return VersionRow(
        set_id=set_id,
        number=number,
        parent=parent,
        rubric_pk=rubric_pk,
        content=content,
        sha256=sha256(content),
        author=author,
        author_verified=verified,
        message=message.strip(),
        created_at=now(),
    )


def utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def rubric_info(row: RubricRow) -> RubricInfo:
    return RubricInfo(row.pk, row.rubric_id, row.version, row.title, row.file_name, row.sha256)


def version_info(row: VersionRow) -> VersionInfo:
    return VersionInfo(
        row.set_id,
        row.number,
        row.parent,
        row.author,
        row.author_verified,
        row.message,
        utc(row.created_at),
        row.rubric_pk,
        row.sha256,
    )


def user_info(row: UserRow) -> UserInfo:
    return UserInfo(row.pk, row.subject, row.email, row.name, row.disabled, row.site_admin)


def draft(row: DraftRow) -> Draft:
    return Draft(row.token, row.set_id, row.base_number, row.rubric_pk, row.content, row.author, utc(row.updated_at))


def briefing(row: BriefingRow) -> BriefingRecord:
    return BriefingRecord(
        row.set_id,
        row.version_number,
        row.from_draft,
        row.content_sha256,
        row.content,
        json.loads(row.options),
        row.pdf_sha256,
        row.author,
        utc(row.created_at),
    )


def source_copy(row: SourceCopyRow) -> SourceCopy:
    return SourceCopy(
        row.set_id,
        row.source_id,
        row.file_name,
        row.media_type,
        len(row.content),
        row.sha256,
        row.text,
        row.attached_by,
        utc(row.attached_at),
    )
