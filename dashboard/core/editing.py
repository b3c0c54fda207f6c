"""Level edits made in the dashboard, applied to an assessment set as a new, validated copy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.core.models import NA, AssessmentSet, Criterion, Rubric, ScoreEntry
from dashboard.words import say

Edits = Mapping[tuple[str, str], float | None]


def apply_edits(
    data: AssessmentSet, rubric: Rubric, edits: Edits, notes: Mapping[tuple[str, str], str] | None = None
) -> AssessmentSet:
    """A copy of `data` with edited levels; an edit replaces a range or n/a by the level typed, and None clears it.

    Rationale and evidence stay: the edit is marked in the rationale (with `notes[(tid, cid)]` when the analyst gave
    a reason) so an exported file shows what was changed and why.
    """
    if not edits:
        return data
    floor, ceiling = rubric.scale.floor, rubric.scale.ceiling
    copy = data.model_copy(deep=True)
    by_id = {t.id: t for t in copy.technologies}
    for (tid, cid), level in edits.items():
        tech = by_id.get(tid)
        if tech is None or cid not in {c.id for c in rubric.criteria}:
            raise ValueError(say("editing.unknown_cell", technology=tid, criterion=cid))
        if level is not None and not floor <= level <= ceiling:
            raise ValueError(
                say("editing.off_scale", level=level, technology=tid, criterion=cid, floor=floor, ceiling=ceiling)
            )
        entry = tech.scores.get(cid) or ScoreEntry()
        previous = entry.level
        unscored = say("editing.unscored")
        marker = (notes or {}).get((tid, cid)) or say(
            "editing.marker",
            before=previous if previous is not None else unscored,
            after=level if level is not None else unscored,
        )
        value = None if level is None else (int(level) if float(level).is_integer() else level)
        tech.scores[cid] = entry.model_copy(
            update={
                "level": value,
                "reason": "" if previous == NA else entry.reason,
                "rationale": f"{entry.rationale} {marker}".strip(),
            }
        )
    return copy


# ------------------------------------------------------------------------------------------- the quick level grid

CellValue = float | list[float] | str | None  # a level, [low, high], 'n/a', or None (not scored)


def cell_text(entry: ScoreEntry | None, criterion: Criterion) -> str:
    """How the grid shows a level, in the notation `parse_cell` reads: '3', '2-3', 'n/a', or blank when not scored.

    The same notation as the views' `level_text` (a test keeps them equal); the grid holds no option criteria."""
    if entry is None or entry.level is None:
        return ""
    if entry.level == NA:
        return NA
    if isinstance(entry.level, list):
        return f"{entry.level[0]:g}-{entry.level[1]:g}"
    return f"{entry.level:g}"


def text_grid(data: AssessmentSet, rubric: Rubric) -> pd.DataFrame:
    """Technologies x level criteria as the grid shows them (criteria answered by options are left out)."""
    criteria = [c for c in rubric.criteria if not c.options]
    rows = {t.id: {c.id: cell_text(t.scores.get(c.id), c) for c in criteria} for t in data.technologies}
    return pd.DataFrame.from_dict(rows, orient="index", columns=[c.id for c in criteria])


def parse_cell(text: str | None, levels: list[int]) -> CellValue:
    """A typed cell as a level: one of the scale's levels, a range 'low-high' of two of them, 'n/a', or blank.

    Raises ValueError with a message that says what is allowed; nothing is ever rounded or clamped.
    """
    raw = "" if text is None else str(text).strip()
    allowed = ", ".join(str(v) for v in levels)
    hint = say("editing.cell_hint", levels=allowed, low=levels[0], high=levels[1])
    if raw == "":
        return None
    if raw.lower() in (NA, "na", "n.a."):
        return NA
    parts = [p.strip() for p in raw.split("-")] if "-" in raw[1:] else [raw]
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise ValueError(say("editing.not_a_level", text=raw, hint=hint)) from None
    outside = [n for n in numbers if n not in levels]
    if outside:
        raise ValueError(say("editing.off_the_scale", level=outside[0], hint=hint))
    if len(numbers) == 1:
        return numbers[0]
    if len(numbers) != 2 or numbers[0] >= numbers[1]:
        raise ValueError(say("editing.not_a_range", text=raw, hint=hint))
    return numbers


def set_cells(
    data: AssessmentSet, rubric: Rubric, changes: Mapping[tuple[str, str], CellValue], reason: str, author: str
) -> AssessmentSet:
    """A copy of `data` with the grid's changes; the reason goes into each rationale with the author's name.

    'n/a' takes the reason as why the criterion does not apply; blank leaves the criterion unscored.
    """
    if not reason.strip():
        raise ValueError(say("editing.reason"))
    copy = data.model_copy(deep=True)
    by_id = {t.id: t for t in copy.technologies}
    note = say("editing.note", author=author or say("editing.unnamed"), reason=reason.strip())
    for (tid, cid), value in changes.items():
        tech = by_id[tid]
        entry = tech.scores.get(cid) or ScoreEntry()
        if value == NA:
            tech.scores[cid] = entry.model_copy(update={"level": NA, "reason": reason.strip()})
            continue
        level: Any = None
        if isinstance(value, list):
            level = [int(v) if float(v).is_integer() else v for v in value]
        elif isinstance(value, float):
            level = int(value) if value.is_integer() else value
        tech.scores[cid] = entry.model_copy(
            update={"level": level, "reason": "", "rationale": f"{entry.rationale} {note}".strip()}
        )
    return copy
