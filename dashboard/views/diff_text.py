"""A `SetDiff` in words: changed values in one line each, and the whole diff as plain text for the command line."""

from __future__ import annotations

import json
from typing import Any

from dashboard.core.diff import Change, SetDiff
from dashboard.words import say


def where(change: Change) -> str:
    """Where a change is, e.g. "technology frt, criterion chilling"; "set" for the set's own fields."""
    parts = []
    if change.technology:
        parts.append(say("diff.at_technology", id=change.technology))
    if change.criterion:
        parts.append(say("diff.at_criterion", id=change.criterion))
    if change.safeguard:
        parts.append(say("diff.at_safeguard", id=change.safeguard))
    if change.source:
        parts.append(say("diff.at_source", id=change.source))
    return ", ".join(parts) or say("diff.at_set")


def format_value(value: Any, width: int = 60) -> str:
    """A changed value in one line for tables: lists and mappings compact, long text cut with an ellipsis."""
    if value is None:
        return say("diff.none")
    if isinstance(value, list) and all(isinstance(v, int | float) for v in value) and len(value) == 2:
        text = f"{value[0]:g}-{value[1]:g}"
    elif isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def changed_parts(before: Any, after: Any, width: int = 60) -> tuple[str, str]:
    """Both values in one line each; two long texts are shown from just before where they start to differ."""
    if isinstance(before, str) and isinstance(after, str) and max(len(before), len(after)) > width:
        start = next(
            (i for i, (x, y) in enumerate(zip(before, after, strict=False)) if x != y), min(len(before), len(after))
        )
        cut = max(0, start - 15)
        lead = "…" if cut else ""
        return format_value(lead + before[cut:], width), format_value(lead + after[cut:], width)
    return format_value(before, width), format_value(after, width)


def diff_table(diff: SetDiff) -> str:
    """The diff as plain text for the command line."""
    lines = []
    if diff.technologies_added:
        lines.append(say("diff.added", ids=", ".join(diff.technologies_added)))
    if diff.technologies_removed:
        lines.append(say("diff.removed", ids=", ".join(diff.technologies_removed)))
    if diff.changes:
        lines.append(say("diff.field_changes", count=len(diff.changes)))
        for c in diff.changes:
            before, after = changed_parts(c.before, c.after)
            lines.append(say("diff.field_change", where=where(c), field=c.field, before=before, after=after))
    if diff.empty:
        lines.append(say("diff.no_changes"))
    moved = [s for s in diff.scores if s.moved]
    if moved:
        lines.append(say("diff.scores"))
        for s in moved:
            lines.append(
                say(
                    "diff.score",
                    name=s.name,
                    score_before=_fmt(s.score_before),
                    score_after=_fmt(s.score_after),
                    range_before=_fmt_range(s.range_before),
                    range_after=_fmt_range(s.range_after),
                    tier_before=s.tier_before or say("diff.nothing"),
                    tier_after=s.tier_after or say("diff.nothing"),
                    rank_before=s.rank_before or say("diff.nothing"),
                    rank_after=s.rank_after or say("diff.nothing"),
                )
            )
    return "\n".join(lines)


def _fmt_range(value: tuple[float, float] | None) -> str:
    return say("diff.nothing") if value is None else f"{value[0]:.1f}-{value[1]:.1f}"


def _fmt(value: float | None) -> str:
    return say("diff.nothing") if value is None else f"{value:.1f}"
