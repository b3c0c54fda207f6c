"""A `SetDiff` in words: changed values in one line each, and the whole diff as plain text for the command line."""

from __future__ import annotations

import json
from typing import Any

from dashboard.core.diff import Change, SetDiff


def where(change: Change) -> str:
    """Where a change is, e.g. "technology frt, criterion chilling"; "set" for the set's own fields."""
    parts = [
        f"{kind} {value}"
        for kind, value in (
            ("technology", change.technology),
            ("criterion", change.criterion),
            ("safeguard", change.safeguard),
            ("source", change.source),
        )
        if value
    ]
    return ", ".join(parts) or "set"


def format_value(value: Any, width: int = 60) -> str:
    """A changed value in one line for tables: lists and mappings compact, long text cut with an ellipsis."""
    if value is None:
        return "(none)"
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
        lines.append("Technologies added: " + ", ".join(diff.technologies_added))
    if diff.technologies_removed:
        lines.append("Technologies removed: " + ", ".join(diff.technologies_removed))
    if diff.changes:
        lines.append(f"{len(diff.changes)} field change(s):")
        for c in diff.changes:
            before, after = changed_parts(c.before, c.after)
            lines.append(f"  {where(c)}: {c.field}: {before} -> {after}")
    if diff.empty:
        lines.append("No changes.")
    moved = [s for s in diff.scores if s.moved]
    if moved:
        lines.append("Scores under the same settings:")
        for s in moved:
            lines.append(
                f"  {s.name}: score {_fmt(s.score_before)} -> {_fmt(s.score_after)} (range {_fmt_range(s.range_before)}"
                f" -> {_fmt_range(s.range_after)}), tier {s.tier_before or '-'} -> "
                f"{s.tier_after or '-'}, rank {s.rank_before or '-'} -> {s.rank_after or '-'}"
            )
    return "\n".join(lines)


def _fmt_range(value: tuple[float, float] | None) -> str:
    return "-" if value is None else f"{value[0]:.1f}-{value[1]:.1f}"


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"
