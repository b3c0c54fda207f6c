"""The dashboard's charts drawn natively as reportlab vector drawings: same data, order and colours as the plotly
builders in `charts.py`, text kept as text (selectable, searchable), fast and deterministic.
"""

from __future__ import annotations

import itertools
import math
import textwrap

import pandas as pd
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from dashboard.briefing.fonts import BASE, BOLD, register
from dashboard.charts import LEVEL_SCALE, SERIES
from dashboard.models import Rubric
from dashboard.scoring import Scores

INK = colors.HexColor("#222222")
GRID = colors.HexColor("#DDDDDD")
FS = 7


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _mix(hex_colour: str, white: float) -> colors.Color:
    """A pre-blended tint (PDF viewers and svglib-free drawing need no transparency)."""
    r, g, b = _rgb(hex_colour)
    return colors.Color(r + (1 - r) * white, g + (1 - g) * white, b + (1 - b) * white)


def _text_colour(fill: colors.Color) -> colors.Color:
    return colors.black if 0.299 * fill.red + 0.587 * fill.green + 0.114 * fill.blue > 0.55 else colors.white


def _level_colour(value: float, floor: float, ceiling: float) -> colors.Color:
    t = 0.0 if ceiling == floor else min(1.0, max(0.0, (value - floor) / (ceiling - floor)))
    for (p0, c0), (p1, c1) in itertools.pairwise(LEVEL_SCALE):
        if t <= p1:
            f = (t - p0) / (p1 - p0) if p1 > p0 else 0
            a, b = _rgb(c0), _rgb(c1)
            return colors.Color(*(x + (y - x) * f for x, y in zip(a, b, strict=True)))
    return colors.HexColor(LEVEL_SCALE[-1][1])


def _label(
    d: Drawing,
    x: float,
    y: float,
    text: str,
    *,
    size: float = FS,
    anchor: str = "start",
    font: str = BASE,
    colour=INK,
    lines: int = 2,
    width: int = 36,
) -> None:
    wrapped = textwrap.wrap(text, width) or [""]
    shown = wrapped[:lines]
    if len(wrapped) > lines:
        shown[-1] = shown[-1][: max(0, width - 3)] + "..."
    top = y + (len(shown) - 1) * (size + 1) / 2
    for k, line in enumerate(shown):
        d.add(String(x, top - k * (size + 1), line, fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor))


def _x_axis(d: Drawing, x0: float, y0: float, w: float, title: str, top: float) -> None:
    for v in range(0, 101, 20):
        x = x0 + w * v / 100
        d.add(Line(x, y0, x, top, strokeColor=GRID, strokeWidth=0.4))
        d.add(String(x, y0 - 9, str(v), fontName=BASE, fontSize=FS, fillColor=INK, textAnchor="middle"))
    d.add(String(x0 + w / 2, y0 - 19, title, fontName=BASE, fontSize=FS, fillColor=INK, textAnchor="middle"))


def _bar_frame(width: float, n: int, row_h: float, label_w: float, title: str) -> tuple[Drawing, float, float, float]:
    """A drawing for `n` horizontal bars on a 0-100 axis: (drawing, plot x, plot width, top of the first row)."""
    bottom = 44
    height = bottom + row_h * n + 6
    d = Drawing(width, height)
    x0, w, top = label_w, width - label_w - 12, height - 4
    _x_axis(d, x0, bottom, w, title, top)
    return d, x0, w, top


def _legend(d: Drawing, x: float, y: float, items: list[tuple[str, colors.Color]]) -> None:
    for label, fill in items:
        d.add(Rect(x, y - 1, 7, 7, fillColor=fill, strokeColor=INK, strokeWidth=0.3))
        d.add(String(x + 10, y, label, fontName=BASE, fontSize=FS, fillColor=INK))
        x += 18 + stringWidth(label, BASE, FS)


def ranked_bar(scores: Scores, width: float, ids: list[str] | None = None) -> Drawing:
    """Rows `ids` (default all) in rank order; long lists are drawn in page-sized chunks by the caller."""
    register()
    table, rubric = scores.table if ids is None else scores.table.loc[ids], scores.rubric
    row_h, label_w = 17, 150
    d, x0, w, top = _bar_frame(width, len(table), row_h, label_w, "Risk score (0-100); whiskers: low-high range")
    for i, (_, row) in enumerate(table.iterrows()):
        y = top - (i + 1) * row_h
        if pd.isna(row["tier"]):  # no total: label only
            _label(d, label_w - 5, y + row_h / 2 - 2.5, row["name"], anchor="end", width=40)
            d.add(String(x0 + 3, y + row_h / 2 - 2.5, row["tier_label"], fontName=BASE, fontSize=FS, fillColor=INK))
            continue
        tier = rubric.tier(row["tier"])
        fill = colors.HexColor(tier.colour)
        d.add(
            Rect(x0, y + 3, w * (row["score"] or 0) / 100, row_h - 6, fillColor=fill, strokeColor=INK, strokeWidth=0.3)
        )
        d.add(
            String(
                x0 + 3,
                y + row_h / 2 - 2.5,
                f"{row['score']:.0f} · {row['tier_display']}",
                fontName=BASE,
                fontSize=FS,
                fillColor=_text_colour(fill),
            )
        )
        lo, hi, mid = x0 + w * row["score_low"] / 100, x0 + w * row["score_high"] / 100, y + row_h / 2
        d.add(Line(lo, mid, hi, mid, strokeColor=INK, strokeWidth=0.7))
        d.add(Line(lo, mid - 2.5, lo, mid + 2.5, strokeColor=INK, strokeWidth=0.7))
        d.add(Line(hi, mid - 2.5, hi, mid + 2.5, strokeColor=INK, strokeWidth=0.7))
        _label(d, label_w - 5, mid - 2.5, row["name"], anchor="end", width=40)
    _legend(d, x0, 4, [(t.label, colors.HexColor(t.colour)) for t in rubric.tiers.levels])
    return d


def heatmap(scores: Scores, width: float, ids: list[str] | None = None) -> Drawing:
    register()
    rubric = scores.rubric
    order = list(scores.table["id"]) if ids is None else ids
    levels = scores.levels_frame().loc[order]
    idx = [scores.compiled.tech_ids.index(t) for t in order]
    na = scores.compiled.na[idx]
    label_w, head_h, row_h, bottom = 150, 95, 13, 22
    ncol = len(rubric.criteria)
    cell_w = (width - label_w - 6) / ncol
    height = bottom + head_h + row_h * len(order)
    d = Drawing(width, height)
    top = height - head_h
    floor, ceiling = rubric.scale.floor, rubric.scale.ceiling
    for j, c in enumerate(rubric.criteria):
        g = Group(
            String(0, 0, textwrap.shorten(c.name, 34, placeholder="..."), fontName=BASE, fontSize=6, fillColor=INK)
        )
        g.translate(label_w + (j + 0.6) * cell_w, top + 3)
        g.rotate(55)
        d.add(g)
    for i, tid in enumerate(order):
        y = top - (i + 1) * row_h
        _label(
            d,
            label_w - 5,
            y + row_h / 2 - 2.3,
            scores.table.loc[tid, "name"],
            anchor="end",
            width=42,
            lines=1,
            size=6.5,
        )
        for j in range(len(rubric.criteria)):
            v = levels.iloc[i, j]
            missing = v != v
            fill = colors.white if missing else _level_colour(v, floor, ceiling)
            d.add(
                Rect(label_w + j * cell_w, y, cell_w, row_h, fillColor=fill, strokeColor=colors.white, strokeWidth=0.8)
            )
            text = "n/a" if na[i, j] else ("?" if missing else f"{v:g}")
            d.add(
                String(
                    label_w + (j + 0.5) * cell_w,
                    y + row_h / 2 - 2,
                    text,
                    fontName=BASE,
                    fontSize=5.5,
                    fillColor=_text_colour(fill),
                    textAnchor="middle",
                )
            )
    _legend(
        d,
        label_w,
        6,
        [(f"{lv.value} {lv.label}", _level_colour(lv.value, floor, ceiling)) for lv in rubric.scale.levels],
    )
    return d


def risk_matrix(scores: Scores, width: float) -> Drawing | None:
    register()
    rubric, table = scores.rubric, scores.table
    if not rubric.aggregation.axes or "axis_x" not in table:
        return None
    x_axis, y_axis = rubric.aggregation.axes
    size = min(width - 40, 300)
    left, bottom = 40, 40
    d = Drawing(width, size + bottom + 24)
    sx = lambda v: left + size * v / 105  # noqa: E731
    sy = lambda v: bottom + size * v / 105  # noqa: E731
    d.add(Rect(left, bottom, size, size, fillColor=None, strokeColor=INK, strokeWidth=0.5))
    for v in range(0, 101, 20):
        d.add(String(sx(v), bottom - 9, str(v), fontName=BASE, fontSize=FS, fillColor=INK, textAnchor="middle"))
        d.add(String(left - 4, sy(v) - 2.5, str(v), fontName=BASE, fontSize=FS, fillColor=INK, textAnchor="end"))
    if rubric.aggregation.band_basis in ("score", "fraction"):
        f = 100 if rubric.aggregation.band_basis == "fraction" else 1
        for b in x_axis.bands[1:]:
            d.add(
                Line(
                    sx(b.min * f),
                    bottom,
                    sx(b.min * f),
                    bottom + size,
                    strokeColor=colors.grey,
                    strokeDashArray=[2, 2],
                    strokeWidth=0.6,
                )
            )
        for b in y_axis.bands[1:]:
            d.add(
                Line(
                    left,
                    sy(b.min * f),
                    left + size,
                    sy(b.min * f),
                    strokeColor=colors.grey,
                    strokeDashArray=[2, 2],
                    strokeWidth=0.6,
                )
            )
    d.add(
        String(
            left + size / 2,
            bottom - 20,
            f"{x_axis.name} (0-100)",
            fontName=BASE,
            fontSize=FS,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    g = Group(String(0, 0, f"{y_axis.name} (0-100)", fontName=BASE, fontSize=FS, fillColor=INK, textAnchor="middle"))
    g.translate(left - 24, bottom + size / 2)
    g.rotate(90)
    d.add(g)
    for _, row in table.sort_values("reach", na_position="first").iterrows():
        if pd.isna(row["tier"]) or pd.isna(row["axis_x"]) or pd.isna(row["axis_y"]):
            continue
        fill = colors.HexColor(rubric.tier(row["tier"]).colour)
        r = 4 + 2 * (row["reach"] if row["reach"] == row["reach"] and row["reach"] is not None else 3)
        d.add(Circle(sx(row["axis_x"]), sy(row["axis_y"]), r, fillColor=fill, strokeColor=INK, strokeWidth=0.5))
        d.add(
            String(
                sx(row["axis_x"]),
                sy(row["axis_y"]) - 2.3,
                str(row["rank"]),
                fontName=BOLD,
                fontSize=6,
                fillColor=_text_colour(fill),
                textAnchor="middle",
            )
        )
    _legend(
        d,
        left + size + 10 if width - size > 140 else left,
        bottom + size + 10 if width - size <= 140 else bottom + size - 10,
        [(t.label, colors.HexColor(t.colour)) for t in rubric.tiers.levels],
    )
    return d


def rights_chart(summary, width: float, top: int = 12) -> Drawing:
    register()
    rows = summary.head(top)
    row_h, label_w = 16, 190
    d, x0, w, top_y = _bar_frame(width, len(rows), row_h, label_w, "Exposure (0-100)")
    for i, r in enumerate(rows.itertuples()):
        y = top_y - (i + 1) * row_h
        d.add(Rect(x0, y + 3, w * r.mean / 100, row_h - 6, fillColor=colors.HexColor("#0072B2"), strokeColor=None))
        d.add(String(x0 + 3, y + row_h / 2 - 2.5, f"{r.mean:.0f}", fontName=BASE, fontSize=FS, fillColor=colors.white))
        cx, cy = x0 + w * r.max / 100, y + row_h / 2
        d.add(
            Polygon(
                [cx, cy + 3.5, cx + 3.5, cy, cx, cy - 3.5, cx - 3.5, cy],
                fillColor=colors.HexColor("#D55E00"),
                strokeColor=None,
            )
        )
        _label(d, label_w - 5, cy - 2.5, f"{r.instrument} {r.article}: {r.title}", anchor="end", width=52, size=6.5)
    _legend(
        d,
        x0,
        4,
        [("Mean exposure", colors.HexColor("#0072B2")), ("Worst technology (diamond)", colors.HexColor("#D55E00"))],
    )
    return d


def radar(series: dict[str, dict[str, float]], rubric: Rubric, width: float) -> Drawing:
    register()
    n = len(rubric.criteria)
    height = width * 0.78
    d = Drawing(width, height)
    cx, cy, radius = width / 2, height / 2 + 4, min(width, height) / 2 - 48
    floor, ceiling = rubric.scale.floor, rubric.scale.ceiling
    angle = [math.pi / 2 - 2 * math.pi * k / n for k in range(n)]

    def point(k: int, v: float) -> tuple[float, float]:
        r = radius * (v - floor) / (ceiling - floor) if ceiling > floor else 0
        return cx + r * math.cos(angle[k]), cy + r * math.sin(angle[k])

    for lv in rubric.scale.levels[1:]:
        pts = [c for k in range(n) for c in point(k, lv.value)]
        d.add(Polygon(pts, fillColor=None, strokeColor=GRID, strokeWidth=0.5))
        x, y = point(0, lv.value)
        d.add(String(x + 2, y - 6, str(lv.value), fontName=BASE, fontSize=5.5, fillColor=colors.grey))
    for k, c in enumerate(rubric.criteria):
        x, y = point(k, ceiling)
        d.add(Line(cx, cy, x, y, strokeColor=GRID, strokeWidth=0.5))
        lx, ly = cx + (radius + 6) * math.cos(angle[k]), cy + (radius + 6) * math.sin(angle[k])
        anchor = "middle" if abs(math.cos(angle[k])) < 0.2 else ("start" if math.cos(angle[k]) > 0 else "end")
        unscored = all(lv.get(c.id) is None or lv.get(c.id) != lv.get(c.id) for lv in series.values())
        _label(d, lx, ly - 2, c.name + (" (n/a)" if unscored else ""), anchor=anchor, size=5.5, width=22)
    for s, (_name, levels) in enumerate(series.items()):
        colour = SERIES[s % len(SERIES)]
        values = [levels.get(c.id) for c in rubric.criteria]
        pts = [c for k, v in enumerate(values) for c in point(k, floor if v is None or v != v else v)]
        d.add(
            Polygon(
                pts,
                fillColor=_mix(colour, 0.82) if s == 0 else None,
                strokeColor=colors.HexColor(colour),
                strokeWidth=1.1,
                strokeDashArray=None if s == 0 else [3, 2],
            )
        )
    _legend(
        d,
        6,
        4,
        [
            (f"{name} ({'solid' if s == 0 else 'dashed'})", colors.HexColor(SERIES[s % len(SERIES)]))
            for s, name in enumerate(series)
        ],
    )
    return d
