"""Level edits made in the dashboard, applied to an assessment set as a new, validated copy."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.models import NA, AssessmentSet, Rubric, ScoreEntry

Edits = Mapping[tuple[str, str], float | None]


def level_grid(data: AssessmentSet, rubric: Rubric) -> pd.DataFrame:
    """Technologies x criteria of point levels (range midpoints), NaN where n/a, missing or answered by options."""
    rows = {}
    for tech in data.technologies:
        row = {}
        for c in rubric.criteria:
            entry = tech.scores.get(c.id)
            level = entry.level if entry else None
            if isinstance(level, list):
                row[c.id] = (level[0] + level[1]) / 2
            elif isinstance(level, int | float) and not isinstance(level, bool):
                row[c.id] = float(level)
            else:
                row[c.id] = float("nan")
        rows[tech.id] = row
    return pd.DataFrame.from_dict(rows, orient="index", columns=[c.id for c in rubric.criteria])


def edits_between(before: pd.DataFrame, after: pd.DataFrame) -> dict[tuple[str, str], float | None]:
    """Cells that differ (both NaN counts as equal)."""
    changed = {}
    for tid in after.index:
        for cid in after.columns:
            a, b = before.loc[tid, cid], after.loc[tid, cid]
            if (pd.isna(a) and pd.isna(b)) or a == b:
                continue
            changed[(tid, cid)] = None if pd.isna(b) else float(b)
    return changed


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
            raise ValueError(f"unknown technology or criterion in edit: {tid}.{cid}")
        if level is not None and not floor <= level <= ceiling:
            raise ValueError(f"level {level} for {tid}.{cid} is outside the scale {floor}..{ceiling}")
        entry = tech.scores.get(cid) or ScoreEntry()
        previous = entry.level
        marker = (notes or {}).get((tid, cid)) or (
            f"[Edited in the dashboard: level changed from {previous if previous is not None else 'unscored'}"
            f" to {level if level is not None else 'unscored'}.]"
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
