"""Numbers, ranges and rubric names as every reader sees them, and long text folded the same way everywhere."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.core.models import Rubric
from dashboard.views.labels import number
from dashboard.views.palette import RADAR_MAX_AXES


def score_text(score: float) -> str:
    """A score to one decimal: rounding 69.9 to '70' would contradict a tier that starts at 70."""
    return f"{score:.1f}"


def score_cell(score: float) -> str:
    """A table cell for a score: one decimal, or 'n/a' for a technology that could not be scored."""
    return "n/a" if pd.isna(score) else score_text(score)


def range_text(low: float, high: float) -> str:
    """'3' or 'levels 2-3' style text of a level range, without half-level noise."""
    if math.isclose(low, high):
        return number(low)
    return f"{number(low)}-{number(high)}"


# ------------------------------------------------------------------------------------------------ folding

FOLD_CHARS = 400  # a description longer than this shows its opening and folds the rest


def fold(text: str, limit: int = FOLD_CHARS) -> tuple[str, str]:
    """A long text as (opening, rest): cut at the last sentence end within `limit`, else the last space; a text
    within the limit is (text, ""). Nothing is lost: opening + rest is the text, bar the whitespace at the cut."""
    text = text.strip()
    if len(text) <= limit:
        return text, ""
    window = text[: limit + 1]
    cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "), window.rfind(".\n"))
    if cut > limit // 3:
        cut += 1  # keep the full stop with the opening
    else:
        cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
    return text[:cut].rstrip(), text[cut:].strip()


def criteria_sections(rubric: Rubric) -> list[tuple[str, list[str]]]:
    """How a list of criteria is shown: one section when a rubric has few (RADAR_MAX_AXES or fewer), else one
    section per group, in the rubric's order, so a hundred criteria fold into a handful of headed parts."""
    ids = [c.id for c in rubric.criteria]
    if len(ids) <= RADAR_MAX_AXES:
        return [("", ids)]
    return [(g.name, members) for g in rubric.groups if (members := [c.id for c in rubric.criteria if c.group == g.id])]


# ------------------------------------------------------------------------------------------ plain words


def red_line_name(rubric: Rubric, rid: str) -> str:
    """A red line as readers see it: its name, or the first clause of its reason."""
    rl = next((r for r in rubric.red_lines if r.id == rid), None)
    if rl is None:
        return rid
    return rl.name or rl.reason.split(";")[0].split(". ")[0].rstrip(".")


def condition_text(rubric: Rubric, criterion: str, min_level: float | None, max_level: float | None) -> str:
    """'Depth of intrusion at level 4 or above' rather than 'intrusion_depth >= 4'."""
    name = next((c.name for c in rubric.criteria if c.id == criterion), criterion)
    if min_level is not None and max_level is not None:
        return f"{name} at levels {number(min_level)}-{number(max_level)}"
    if min_level is not None:
        top = min_level >= rubric.scale.ceiling
        return f"{name} at level {number(min_level)}" + ("" if top else " or above")
    return f"{name} at level {number(max_level or 0)} or below"


def profile_name(rubric: Rubric, profile: str | None) -> str:
    if profile in (None, "", "default"):
        return "Rubric base weights"
    return next((p.name for p in rubric.profiles if p.id == profile), str(profile))
