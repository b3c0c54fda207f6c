"""The briefing's optional "Changes since the last briefing": what changed and why, from a `SetDiff`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dashboard.core.diff import SetDiff
from dashboard.views.diff_text import changed_parts
from dashboard.views.labels import tier_name

MAX_FIELD_CHANGES = 40  # past this, the section says how many more there are and points to the History page


@dataclass(frozen=True)
class ChangesSince:
    since: str  # e.g. "the briefing of 2026-11-20 14:02 UTC (version 3)"
    messages: list[str] = field(default_factory=list)  # "v4, A. Author, 2026-11-21: re-scored drones", oldest first
    diff: SetDiff = field(default_factory=SetDiff)


def since_text(created_at: dt.datetime, version: int, from_draft: bool) -> str:
    """Which briefing a "Changes since" section starts from, in words."""
    draft_note = " with unsaved changes" if from_draft else ""
    return f"the briefing of {created_at:%Y-%m-%d %H:%M} UTC from version {version}{draft_note}"


def version_line(number: int, author: str, verified: bool, created_at: dt.datetime, message: str) -> str:
    """A saved version as the "why" of a change: number, author (said when not verified), date and message."""
    return f"Version {number}, {author}{'' if verified else ' (not verified)'}, {created_at:%Y-%m-%d}: {message}"


def change_lines(
    changes: ChangesSince, names: dict[str, str], labels: dict[str, str] | None = None
) -> tuple[list[str], list[str], list[str]]:
    """Plain sentences (not yet escaped): why (version messages), score consequences, field changes.

    `names` maps technology ids to names, `labels` criterion and safeguard ids to theirs.
    """
    labels = labels or {}
    why = changes.messages or ["No version was saved since then; the changes are unsaved edits."]
    scores = []
    diff = changes.diff
    for tid in diff.technologies_added:
        scores.append(f"Added: {names.get(tid, tid)}.")
    for tid in diff.technologies_removed:
        scores.append(f"Removed: {tid}.")
    for s in diff.scores:
        if not s.moved or s.technology in diff.technologies_added or s.technology in diff.technologies_removed:
            continue
        tier = (
            f"tier {tier_name(s.tier_before)} to {tier_name(s.tier_after)}"
            if s.tier_before != s.tier_after
            else f"tier stays {tier_name(s.tier_after)}"
        )
        before = "-" if s.score_before is None else f"{s.score_before:.1f}"
        after = "-" if s.score_after is None else f"{s.score_after:.1f}"
        scores.append(f"{s.name}: score {before} to {after}, {tier}, rank {s.rank_before} to {s.rank_after}.")
    fields = []
    for c in diff.changes[:MAX_FIELD_CHANGES]:
        before, after = changed_parts(c.before, c.after, width=140)
        parts = [names.get(c.technology, c.technology) if c.technology else ""]
        parts += [labels.get(x, x) for x in (c.criterion, c.safeguard) if x]
        parts += [f"source {c.source}"] if c.source else []
        where = ", ".join(p for p in parts if p) or "the set"
        fields.append(f"{where}: {c.field} changed from {before} to {after}.")
    if len(diff.changes) > MAX_FIELD_CHANGES:
        fields.append(f"... and {len(diff.changes) - MAX_FIELD_CHANGES} more field changes (see the History page).")
    if diff.empty:
        fields.append("No field has changed.")
    return why, scores, fields
