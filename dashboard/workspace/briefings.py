"""Issuing a briefing: build it from scores and record it in the workspace, the one way the app and the command
line both do it, with the optional "Changes since the last briefing" worked out from what was recorded.

A briefing issued from a stored set (or a draft of one) is recorded with the exact content briefed, the options and
the PDF's SHA-256, so the next briefing can say precisely what changed since. Files outside the workspace are
briefed without a record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from dashboard.core.diff import diff_sets
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.models import AssessmentSet, Rubric
from dashboard.core.scoring import Scores
from dashboard.render.document import BriefingOptions
from dashboard.render.formats import FORMATS
from dashboard.views.changes import ChangesSince, since_text, version_line
from dashboard.words import say
from dashboard.workspace.records import BriefingRecord, WorkspaceError

if TYPE_CHECKING:  # the command line's `brief` of a file never opens a database: no SQLAlchemy to import
    from dashboard.workspace.repository import Workspace

Builder = Callable[[Scores, BriefingOptions], bytes]


@dataclass(frozen=True)
class Briefed:
    """Where a briefing's content comes from in the workspace: a set, the version it is (or starts from), whether it
    carries a draft's unsaved changes, and the exact content briefed."""

    set_id: str
    version: int
    from_draft: bool
    content: str


@dataclass(frozen=True)
class Settings:
    """The scoring choices a briefing was built with, recorded beside it and used to compare with the last one."""

    profile: str = "default"
    scenario: str = "reported"
    weights: dict[str, float] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Issued:
    document: bytes  # the file, in the format asked for
    recorded: bool  # False for files outside the workspace, or when recording failed (`problem` says why)
    problem: str = ""


def last_briefing(ws: Workspace, set_id: str) -> BriefingRecord | None:
    found = ws.briefings(set_id)
    return found[0] if found else None


def briefed_pair(ws: Workspace, record: BriefingRecord) -> tuple[Rubric, AssessmentSet]:
    """The rubric and data of a recorded briefing, scored against its version's rubric."""
    version = ws.version(record.set_id, record.version_number)
    rubric = load_rubric(version.rubric_content.encode("utf-8"), version.rubric.file_name)
    data = load_assessments(record.content.encode("utf-8"), rubric, "last briefing")
    return rubric, data


def changes_since_last_briefing(
    ws: Workspace, briefed: Briefed, current: tuple[Rubric, AssessmentSet], settings: Settings
) -> ChangesSince | None:
    """What changed from the last briefing of the set to `current` (the content about to be briefed), and why (the
    messages of the versions saved in between); None when the set was never briefed."""
    record = last_briefing(ws, briefed.set_id)
    if record is None:
        return None
    diff = diff_sets(
        briefed_pair(ws, record),
        current,
        profile=settings.profile,
        weights=settings.weights,
        scenario=settings.scenario,
        overrides=settings.overrides,
    )
    messages = [
        version_line(v.number, v.author, v.author_verified, v.created_at, v.message)
        for v in ws.history(briefed.set_id)
        if record.version_number < v.number <= briefed.version
    ]
    if briefed.from_draft:
        messages.append("Unsaved changes in the current draft.")
    since = since_text(record.created_at, record.version_number, record.from_draft)
    return ChangesSince(since=since, messages=messages, diff=diff)


def _with_review(ws: Workspace, briefed: Briefed, options: BriefingOptions) -> tuple[BriefingOptions, Any]:
    """`options` saying where the briefed version stands in review, and the sign-off it rests on (if any). A review
    status that cannot be read leaves the briefing a draft: never approved by mistake."""
    from dashboard.workspace import review

    try:
        status = review.status(ws, briefed.set_id, briefed.version)
    except WorkspaceError:
        return replace(options, review=say("review.status_draft")), None
    line = review.status_line(status, from_draft=briefed.from_draft)
    return replace(options, review=line), review.sign_off_record(status)


def issue_briefing(
    scores: Scores,
    options: BriefingOptions,
    *,
    ws: Workspace | None = None,
    briefed: Briefed | None = None,
    settings: Settings | None = None,
    author: str = "",
    issued_by: str = "",
    build: Builder | None = None,
    format: str = "pdf",
) -> Issued:
    """Build the briefing and, when it comes from the workspace, record it there.

    The PDF is returned even when recording fails (a database gone away must not cost the user the document); the
    failure is returned in words for the caller to show.
    """
    sign_off = None
    if ws is not None and briefed is not None and options.review is None:
        options, sign_off = _with_review(ws, briefed, options)
    document = (build or FORMATS[format].build)(scores, options)
    if ws is None or briefed is None:
        return Issued(document, recorded=False)
    settings = settings or Settings()
    recorded_options: dict[str, Any] = {
        "title": options.title,
        "marking": options.marking,
        "technologies": options.technologies,
        "date": options.date,
        "profile": settings.profile,
        "scenario": settings.scenario,
        "weights": dict(settings.weights),
        "overrides": dict(settings.overrides),
        "changes_section": options.changes is not None,
        "format": format,
    }
    if issued_by:
        recorded_options["issued_by"] = issued_by
    if options.review:
        recorded_options["review"] = options.review
        recorded_options["sign_off"] = sign_off  # the approval it rests on: who, role, when, the hashes approved
    try:
        ws.record_briefing(
            briefed.set_id,
            briefed.version,
            from_draft=briefed.from_draft,
            content=briefed.content,
            options=recorded_options,
            pdf=document,
            author=author or "not given",
        )
    except WorkspaceError as exc:
        problem = f"The briefing was built but could not be recorded in the workspace: {exc}"
        return Issued(document, recorded=False, problem=problem)
    return Issued(document, recorded=True)
