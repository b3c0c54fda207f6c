"""What each view shows, computed once: the dashboard's plotly figures and the briefing's reportlab drawings only
render these, so the app and the PDF cannot drift apart (the same cells, texts, colours, order and labels).

Pure: no streamlit, plotly or reportlab. Colours are hex strings; texts are plain (each renderer escapes them).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.core.models import NA, Rubric
from dashboard.core.scoring import UNRATED_COLOUR, Scores
from dashboard.labels import level_text, number
from dashboard.messages import QUANTILE_NAMES, SAFEGUARD_STATUSES

# Sequential level colours (ColorBrewer OrRd-like), from the lowest level to the highest.
LEVEL_SCALE = [(0.0, "#F7F7F7"), (0.25, "#FEE8C8"), (0.5, "#FDBB84"), (0.75, "#E34A33"), (1.0, "#7F0000")]
SERIES = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]  # Okabe-Ito
SERIES_DASH = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SERIES_MARKER = ["circle", "square", "diamond", "triangle-up", "x", "cross"]
DEFAULT_REACH = 3  # a technology whose scale of deployment is not known is drawn mid-sized


def bubble_scale(reach: float) -> float:
    """Relative bubble diameter for a scale of deployment 1-5: each renderer multiplies it by its own unit."""
    return 1.0 + reach / 2.0


RADAR_MAX_AXES = 16  # beyond this (the bundled rubric has 16) a radar is unreadable: grouped bars instead


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in rgb)


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_on(fill: str) -> str:
    """Black or white text, whichever contrasts more with the fill (WCAG contrast ratio): one rule everywhere."""
    lum = luminance(fill)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"


def level_colour(value: float, floor: float, ceiling: float) -> str:
    t = 0.0 if ceiling == floor else min(1.0, max(0.0, (value - floor) / (ceiling - floor)))
    for (p0, c0), (p1, c1) in itertools.pairwise(LEVEL_SCALE):
        if t <= p1:
            f = (t - p0) / (p1 - p0) if p1 > p0 else 0.0
            a, b = _rgb(c0), _rgb(c1)
            return _hex(tuple(x + (y - x) * f for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]
    return LEVEL_SCALE[-1][1]


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


# ------------------------------------------------------------------------------------------------ ranking


@dataclass(frozen=True)
class RankingRow:
    rank: int
    id: str
    name: str
    score: float | None
    low: float | None
    high: float | None
    tier: str | None
    tier_text: str  # the tier as a reader sees it, with its evidence caution
    colour: str
    text_colour: str
    bar_text: str
    red_lines: tuple[str, ...]


def ranking(scores: Scores, ids: list[str] | None = None) -> list[RankingRow]:
    table = scores.table if ids is None else scores.table.loc[ids]
    rows = []
    for _, row in table.iterrows():
        rated = not pd.isna(row["score"])
        colour = row["tier_colour"] if rated else UNRATED_COLOUR
        rows.append(
            RankingRow(
                rank=int(row["rank"]),
                id=row["id"],
                name=row["name"],
                score=float(row["score"]) if rated else None,
                low=float(row["score_low"]) if rated else None,
                high=float(row["score_high"]) if rated else None,
                tier=row["tier"] if rated else None,
                tier_text=row["tier_display"],
                colour=colour,
                text_colour=text_on(colour),
                bar_text=f"{score_text(row['score'])} · {row['tier_display']}" if rated else row["tier_display"],
                red_lines=tuple(row["red_lines"]),
            )
        )
    return rows


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
    frames = {which: scores.levels_frame(which) for which in ("residual", "low", "high")}
    data = scores.compiled.data
    floor, ceiling = rubric.scale.floor, rubric.scale.ceiling
    missing = pd.DataFrame(scores.compiled.missing, index=scores.compiled.tech_ids, columns=scores.criterion_ids)
    cells = []
    for tid in order:
        tech = data.technology(tid)
        row = []
        for c in rubric.criteria:
            entry = tech.scores.get(c.id)
            value = frames["residual"].loc[tid, c.id]
            if entry is not None and entry.level == NA:
                row.append(HeatCell(None, "n/a", "#FFFFFF", "#000000", (c.name, f"n/a: {entry.reason}")))
                continue
            if pd.isna(value) or bool(missing.loc[tid, c.id]):
                row.append(HeatCell(None, "?", "#FFFFFF", "#000000", (c.name, "Not scored (flagged as missing)")))
                continue
            low, high = frames["low"].loc[tid, c.id], frames["high"].loc[tid, c.id]
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
    return HeatmapView(
        rows=[(tid, scores.table.loc[tid, "name"]) for tid in order],
        columns=[(c.id, c.name) for c in rubric.criteria],
        cells=cells,
        legend=[(f"{lv.value} {lv.label}", level_colour(lv.value, floor, ceiling)) for lv in rubric.scale.levels],
    )


# ------------------------------------------------------------------------------------------ profile series


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]  # per criterion in rubric order; None where n/a or not scored (drawn as a gap)
    colour: str
    dash: str
    marker: str


@dataclass(frozen=True)
class ProfileView:
    """Levels per criterion for one or more series (inherent and residual, or several technologies)."""

    criteria: list[tuple[str, str, str]]  # (id, name, group name)
    labels: list[str]  # axis labels: the name, marked '(n/a)' when no series has a level
    series: list[Series]
    floor: float
    ceiling: float
    kind: str  # 'radar' up to RADAR_MAX_AXES criteria, else 'bars'


def profile(series: dict[str, dict[str, float]], rubric: Rubric) -> ProfileView:
    def level(v: float | None) -> float | None:
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)

    out = []
    for k, (name, levels) in enumerate(series.items()):
        out.append(
            Series(
                name=name,
                values=[level(levels.get(c.id)) for c in rubric.criteria],
                colour=SERIES[k % len(SERIES)],
                dash=SERIES_DASH[k % len(SERIES_DASH)],
                marker=SERIES_MARKER[k % len(SERIES_MARKER)],
            )
        )
    labels = [
        c.name + (" (n/a)" if all(s.values[j] is None for s in out) else "") for j, c in enumerate(rubric.criteria)
    ]
    return ProfileView(
        criteria=[(c.id, c.name, rubric.group(c.group).name) for c in rubric.criteria],
        labels=labels,
        series=out,
        floor=rubric.scale.floor,
        ceiling=rubric.scale.ceiling,
        kind="radar" if len(rubric.criteria) <= RADAR_MAX_AXES else "bars",
    )


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


# ------------------------------------------------------------------------------------------------ matrix


@dataclass(frozen=True)
class MatrixPoint:
    id: str
    rank: int
    name: str
    x: float
    y: float
    tier: str
    colour: str
    text_colour: str
    size: float  # relative bubble size from the scale of deployment (1-5), DEFAULT_REACH when unknown
    label_at: str = "middle center"  # where the rank is written: inside the bubble, or beside it in a cluster


LABEL_SPOTS = [
    "middle center",
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "bottom left",
]
NEAR = 4.5  # points closer than this (on the 0-100 axes) share a place: their ranks move outside the bubbles


def _place_labels(points: list[MatrixPoint]) -> list[MatrixPoint]:
    """Ranks of points that (nearly) coincide go to different sides, so no two labels collide."""
    from dataclasses import replace

    placed: list[MatrixPoint] = []
    for p in sorted(points, key=lambda q: q.rank):
        near = [q for q in placed if math.hypot(q.x - p.x, q.y - p.y) < NEAR]
        taken = {q.label_at for q in near}
        if near:
            # Away from the neighbours: their mean lies on the other side.
            mx, my = sum(q.x for q in near) / len(near), sum(q.y for q in near) / len(near)
            v, h = ("top" if p.y >= my else "bottom"), ("right" if p.x >= mx else "left")
            prefer = [f"{v} center", f"middle {h}", f"{v} {h}", *LABEL_SPOTS]
        else:
            prefer = LABEL_SPOTS
        spot = next((s for s in prefer if s not in taken), LABEL_SPOTS[-1])
        placed.append(replace(p, label_at=spot))
    return placed


def matrix_points(scores: Scores) -> list[MatrixPoint]:
    rubric, table = scores.rubric, scores.table
    if not rubric.aggregation.axes or "axis_x" not in table:
        return []
    out = []
    for _, row in table.iterrows():
        if pd.isna(row["tier"]) or pd.isna(row["axis_x"]) or pd.isna(row["axis_y"]):
            continue
        reach = row["reach"]
        reach = DEFAULT_REACH if reach is None or (isinstance(reach, float) and np.isnan(reach)) else float(reach)
        colour = rubric.tier(row["tier"]).colour
        out.append(
            MatrixPoint(
                id=row["id"],
                rank=int(row["rank"]),
                name=row["name"],
                x=float(row["axis_x"]),
                y=float(row["axis_y"]),
                tier=row["tier"],
                colour=colour,
                text_colour=text_on(colour),
                size=reach,
            )
        )
    return _place_labels(out)


def band_lines(rubric: Rubric) -> tuple[list[float], list[float]]:
    """Where the axes' band thresholds fall on the 0-100 plot (none when bands are on raw values)."""
    agg = rubric.aggregation
    if not agg.axes or agg.band_basis not in ("score", "fraction"):
        return [], []
    f = 100.0 if agg.band_basis == "fraction" else 1.0
    x, y = agg.axes
    return [b.min * f for b in x.bands[1:]], [b.min * f for b in y.bands[1:]]


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


def low_confidence(scores: Scores) -> dict[str, tuple[int, int]]:
    """Per technology: (scores with low or no confidence, scores given)."""
    out = {}
    for tech in scores.compiled.data.technologies:
        given = [e for e in tech.scores.values() if e.level != NA and (e.level is not None or e.answer is not None)]
        out[tech.id] = (sum(1 for e in given if e.confidence in (None, "low")), len(given))
    return out


def ranking_frame(scores: Scores, ids: list[str] | None = None) -> pd.DataFrame:
    """The ranking as a reader's table: headers in words, rounded numbers, names not ids, 'n/a' not None."""
    table = scores.table if ids is None else scores.table.loc[ids]
    conf = low_confidence(scores)
    rows = []
    for _, row in table.iterrows():
        rated = not pd.isna(row["score"])
        low, given = conf[row["id"]]
        rows.append(
            {
                "Rank": int(row["rank"]),
                "Technology": row["name"],
                "Score": score_cell(row["score"]),
                "Range": f"{score_text(row['score_low'])}-{score_text(row['score_high'])}" if rated else "n/a",
                "Tier": row["tier_display"],
                "Low confidence": f"{low} of {given} scores" if given else "n/a",
                "Corroborated": "n/a" if pd.isna(row["evidence_strength"]) else f"{row['evidence_strength']:.0%}",
                "Red lines": "; ".join(red_line_name(scores.rubric, r) for r in row["red_lines"]) or "none",
                "Complete": "yes" if row["complete"] else f"no: {len(row['missing'])} not scored",
            }
        )
    return pd.DataFrame(rows)


def source_numbers(scores: Scores) -> dict[str, int]:
    """One citation number per source for a whole document: in order of first citation through the technologies
    in rank order and their criteria, then the rest of the register in its order."""
    numbers: dict[str, int] = {}
    data = scores.compiled.data
    for tid in scores.table["id"]:
        tech = data.technology(tid)
        for c in scores.rubric.criteria:
            entry = tech.scores.get(c.id)
            for ev in entry.evidence if entry else []:
                numbers.setdefault(ev.source, len(numbers) + 1)
    for source in data.sources:
        numbers.setdefault(source.id, len(numbers) + 1)
    return numbers


@dataclass(frozen=True)
class RightRow:
    label: str  # instrument, article and title
    mean: float
    worst: float
    worst_name: str  # the technology that exposes the right most, named so a reader need not hover


def rights(scores: Scores, top: int = 15) -> list[RightRow]:
    summary = scores.rights_summary()
    if summary.empty:
        return []
    names = dict(zip(scores.table["id"], scores.table["name"], strict=True))
    return [
        RightRow(f"{r.instrument} {r.article}: {r.title}", float(r.mean), float(r.max), names.get(r.worst, r.worst))
        for r in summary.head(top).itertuples()
    ]


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


# ------------------------------------------------------------------------------------ the charts' data tables
# What a chart's "Data table" shows a reader: headers in words, rounded numbers, names not ids, "n/a" not None.


def _percent(share: float) -> float:
    return round(float(share) * 100, 1)


def profile_frame(view: ProfileView) -> pd.DataFrame:
    """A profile chart's levels: one row per criterion, one column per series, as the chart draws them."""
    frame = pd.DataFrame({"Criterion": [name for _, name, _ in view.criteria]})
    for s in view.series:
        frame[s.name] = ["n/a" if v is None else number(v) for v in s.values]
    return frame


def whatif_frame(scores: Scores, base: Scores) -> pd.DataFrame:
    """The ranking under the current settings beside the rubric's base weights and the reported scenario."""
    before = base.table.set_index("id")
    rows = []
    for _, row in scores.table.iterrows():
        old = before.loc[row["id"]]
        rows.append(
            {
                "Rank": int(row["rank"]),
                "Technology": row["name"],
                "Score": score_cell(row["score"]),
                "Tier": row["tier_display"],
                "Base rank": int(old["rank"]),
                "Base score": score_cell(old["score"]),
                "Base tier": old["tier_display"],
                "Rank change (+ = riskier)": int(old["rank"]) - int(row["rank"]),
            }
        )
    return pd.DataFrame(rows)


def tier_share_frame(shares: pd.DataFrame, names: dict[str, str], rubric: Rubric, order: list[str]) -> pd.DataFrame:
    """Share of Monte Carlo draws in each tier (per cent, one decimal), tiers by their labels."""
    tiers = rubric.tiers.levels
    frame = pd.DataFrame({"Technology": [names[t] for t in order]})
    shares = shares.reindex(index=order, columns=[t.id for t in tiers], fill_value=0.0)  # a tier no draw reached
    for tier in tiers:
        frame[f"{tier.label} (% of draws)"] = [_percent(x) for x in shares[tier.id]]
    return frame


def rank_share_frame(shares: pd.DataFrame, names: dict[str, str], order: list[str]) -> pd.DataFrame:
    """Share of Monte Carlo draws at each rank (per cent, one decimal)."""
    frame = pd.DataFrame({"Technology": [names[t] for t in order]})
    for rank in shares.columns:
        frame[f"Rank {rank} (% of draws)"] = [_percent(shares.loc[t, rank]) for t in order]
    return frame


def quantile_frame(quantiles: pd.DataFrame, names: dict[str, str], order: list[str]) -> pd.DataFrame:
    """Score quantiles over the draws, one decimal."""
    frame = pd.DataFrame({"Technology": [names[t] for t in order]})
    for column in quantiles.columns:
        frame[QUANTILE_NAMES.get(column, str(column))] = [score_text(quantiles.loc[t, column]) for t in order]
    return frame


def safeguard_value_frame(value: pd.DataFrame, rubric: Rubric) -> pd.DataFrame:
    """What each absent or partial safeguard would remove: points one decimal, status and tier in words."""
    return pd.DataFrame(
        {
            "Safeguard": list(value["name"]),
            "Status now": [SAFEGUARD_STATUSES.get(s, s) for s in value["status"]],
            "Points removed": [score_text(x) for x in value["reduction"]],
            "Score after": [score_text(x) for x in value["new_score"]],
            "Tier after": [rubric.tier(t).label for t in value["new_tier"]],
        }
    )
