"""The heatmap of levels: one cell per technology and criterion (or group, for wide rubrics), its caption and table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.core.models import NA
from dashboard.core.scoring import Scores
from dashboard.views.labels import level_text
from dashboard.views.palette import level_colour, text_on
from dashboard.views.wording import range_text

# ------------------------------------------------------------------------------------------------ heatmap


@dataclass(frozen=True)
class HeatCell:
    value: float | None  # the level used (mid-point of a range), None when n/a or not scored
    text: str  # what the cell prints: '3', '2-3' (the range used), 'n/a' or '?'
    colour: str
    text_colour: str
    hover: tuple[str, ...]  # lines: criterion, level and label, confidence, rationale


@dataclass(frozen=True)
class HeatmapView:
    rows: list[tuple[str, str]]  # (technology id, name), rank order
    columns: list[tuple[str, str]]  # (criterion id, name), rubric order
    cells: list[list[HeatCell]]
    legend: list[tuple[str, str]]  # (label, colour) per scale level
    grouped: bool = False  # columns are the rubric's groups (subscores 0-100), for rubrics with many criteria


MAX_HEAT_COLUMNS = 40  # beyond this many criteria a heatmap shows one column per group


def heatmap(scores: Scores, ids: list[str] | None = None) -> HeatmapView:
    """Levels used after the scenario's safeguards: the same value colours the cell and is printed in it.

    With more than MAX_HEAT_COLUMNS criteria (a questionnaire of a hundred questions) the columns are the groups,
    each cell the group's subscore 0-100, coloured on the same scale.
    """
    rubric = scores.rubric
    order = list(scores.table["id"]) if ids is None else ids
    if len(rubric.criteria) > MAX_HEAT_COLUMNS:
        return _group_heatmap(scores, order)
    # Plain arrays indexed by position: a scalar lookup in a DataFrame costs a hundred times more, per cell.
    levels = {"residual": scores.levels, "low": scores.levels_low, "high": scores.levels_high}
    data = scores.compiled.data
    floor, ceiling = rubric.scale.floor, rubric.scale.ceiling
    missing = scores.compiled.missing
    row_of = {tid: i for i, tid in enumerate(scores.compiled.tech_ids)}
    col_of = {cid: j for j, cid in enumerate(scores.criterion_ids)}
    cells = []
    for tid in order:
        tech = data.technology(tid)
        i = row_of[tid]
        row = []
        for c in rubric.criteria:
            entry = tech.scores.get(c.id)
            j = col_of[c.id]
            value = levels["residual"][i, j]
            if entry is not None and entry.level == NA:
                row.append(HeatCell(None, "n/a", "#FFFFFF", "#000000", (c.name, f"n/a: {entry.reason}")))
                continue
            if pd.isna(value) or bool(missing[i, j]):
                row.append(HeatCell(None, "?", "#FFFFFF", "#000000", (c.name, "Not scored (flagged as missing)")))
                continue
            low, high = levels["low"][i, j], levels["high"][i, j]
            text = range_text(float(low), float(high))
            colour = level_colour(float(value), floor, ceiling)
            label = rubric.scale.label_of(round(float(value)))
            answered = level_text(entry, c) if c.options else ""
            hover = (
                c.name,
                f"Level {text}" + (f" ({label})" if label else "") + (f"; answer: {answered}" if answered else ""),
                f"Confidence: {(entry.confidence if entry and entry.confidence else 'not given')}",
                entry.rationale if entry else "",
            )
            row.append(HeatCell(float(value), text, colour, text_on(colour), hover))
        cells.append(row)
    names = dict(zip(scores.table["id"], scores.table["name"], strict=True))
    return HeatmapView(
        rows=[(tid, names[tid]) for tid in order],
        columns=[(c.id, c.name) for c in rubric.criteria],
        cells=cells,
        legend=[(f"{lv.value} {lv.label}", level_colour(lv.value, floor, ceiling)) for lv in rubric.scale.levels],
    )


def _group_heatmap(scores: Scores, order: list[str]) -> HeatmapView:
    rubric = scores.rubric
    floor, ceiling = rubric.scale.floor, rubric.scale.ceiling
    used = {c.group for c in rubric.criteria}
    groups = [g for g in rubric.groups if g.id in used and g.id in scores.groups.columns]
    cells = []
    for tid in order:
        row = []
        for g in groups:
            value = scores.groups.loc[tid, g.id]
            if pd.isna(value):
                row.append(HeatCell(None, "n/a", "#FFFFFF", "#000000", (g.name, "No scored criterion in this group")))
                continue
            level = floor + float(value) / 100 * (ceiling - floor)  # the same colours as the levels
            colour = level_colour(level, floor, ceiling)
            members = sum(1 for c in rubric.criteria if c.group == g.id)
            hover = (g.name, f"Subscore {value:.0f} of 100 over {members} criteria")
            row.append(HeatCell(level, f"{value:.0f}", colour, text_on(colour), hover))
        cells.append(row)
    return HeatmapView(
        rows=[(tid, scores.table.loc[tid, "name"]) for tid in order],
        columns=[(g.id, g.name) for g in groups],
        cells=cells,
        legend=[(f"{lv.value} {lv.label}", level_colour(lv.value, floor, ceiling)) for lv in rubric.scale.levels],
        grouped=True,
    )


def heatmap_caption(view: HeatmapView) -> str:
    if view.grouped:
        return (
            "Subscore 0-100 of each group of criteria in this scenario (too many criteria for a column each; the "
            "Technology profile lists every criterion)."
        )
    return (
        "Level used for each criterion in this scenario; ranges show as low-high "
        "('n/a' does not apply; '?' not scored)."
    )


def heatmap_frame(view: HeatmapView) -> pd.DataFrame:
    """The heatmap as a table: the same texts, with full names."""
    return pd.DataFrame(
        [[name] + [c.text for c in row] for (_, name), row in zip(view.rows, view.cells, strict=True)],
        columns=["Technology"] + [name for _, name in view.columns],
    )
