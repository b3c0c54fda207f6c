"""What the repository hands out: plain, frozen records of rubrics, versions, drafts and briefings, and its errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


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
class Draft:
    token: str
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
