"""The dashboard's charts drawn natively as reportlab vector drawings. Each draws the view that `views.py`
computes, as the plotly builders in `charts.py` do, so both show the same cells, texts, colours and order; text is
kept as text (selectable, searchable), fast and deterministic.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from typing import Any

from reportlab import rl_config
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from dashboard import views
from dashboard.core.models import Rubric
from dashboard.core.scoring import Scores
from dashboard.render.pdf.fonts import BASE, BOLD, register, runs

# The drawings are built by this module alone, with checked arguments: reportlab's check of every attribute set on
# every shape took a fifth of the figures' time.
rl_config.shapeChecking = 0

# The name of a drawing's first group when it is the same across many figures (svg.Svg.layers).
BACKDROP = "backdrop"
INK = colors.HexColor("#222222")
GRID = colors.HexColor("#DDDDDD")
FS = 7


def _mix(hex_colour: str, white: float) -> colors.Color:
    """A pre-blended tint (PDF viewers and svglib-free drawing need no transparency)."""
    r, g, b = (int(hex_colour.lstrip("#")[k : k + 2], 16) / 255 for k in (0, 2, 4))
    return colors.Color(r + (1 - r) * white, g + (1 - g) * white, b + (1 - b) * white)


def _c(hex_colour: str) -> colors.Color:
    return colors.HexColor(hex_colour)


def _label(
    d: Group,
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
        # Each script in a font that covers it; Arabic joined and in visual order (drawings cannot shape).
        pieces = runs(line, font)
        width = sum(stringWidth(t, f, size) for t, f in pieces)
        left = x - {"start": 0.0, "middle": width / 2, "end": width}[anchor]
        for text, face in pieces:
            d.add(String(left, top - k * (size + 1), text, fontName=face, fontSize=size, fillColor=colour))
            left += stringWidth(text, face, size)


def _backdrop(d: Drawing) -> Group:
    """The drawing's first group, for what is the same in many figures (a profile's grid, labels and legend): the
    PDF sets it once for all of them (svg.Svg.layers). What is drawn after it goes over it."""
    backdrop = Group()
    d.add(backdrop, name=BACKDROP)
    return backdrop


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


def _legend(d: Group, x: float, y: float, items: list[tuple[str, colors.Color]]) -> None:
    for label, fill in items:
        d.add(Rect(x, y - 1, 7, 7, fillColor=fill, strokeColor=INK, strokeWidth=0.3))
        d.add(String(x + 10, y, label, fontName=BASE, fontSize=FS, fillColor=INK))
        x += 18 + stringWidth(label, BASE, FS)


def ranked_bar(scores: Scores, width: float, ids: list[str] | None = None) -> Drawing:
    """Rows `ids` (default all) in rank order; long lists are drawn in page-sized chunks by the caller."""
    register()
    rows = views.ranking(scores, ids)
    row_h, label_w = 17, 150
    d, x0, w, top = _bar_frame(width, len(rows), row_h, label_w, "Risk score (0-100); whiskers: low-high range")
    for i, row in enumerate(rows):
        y = top - (i + 1) * row_h
        if row.score is None or row.low is None or row.high is None:  # no total: label only
            _label(d, label_w - 5, y + row_h / 2 - 2.5, row.name, anchor="end", width=40)
            d.add(String(x0 + 3, y + row_h / 2 - 2.5, row.bar_text, fontName=BASE, fontSize=FS, fillColor=INK))
            continue
        d.add(
            Rect(x0, y + 3, w * row.score / 100, row_h - 6, fillColor=_c(row.colour), strokeColor=INK, strokeWidth=0.3)
        )
        d.add(
            String(x0 + 3, y + row_h / 2 - 2.5, row.bar_text, fontName=BASE, fontSize=FS, fillColor=_c(row.text_colour))
        )
        lo, hi, mid = x0 + w * row.low / 100, x0 + w * row.high / 100, y + row_h / 2
        d.add(Line(lo, mid, hi, mid, strokeColor=INK, strokeWidth=0.7))
        d.add(Line(lo, mid - 2.5, lo, mid + 2.5, strokeColor=INK, strokeWidth=0.7))
        d.add(Line(hi, mid - 2.5, hi, mid + 2.5, strokeColor=INK, strokeWidth=0.7))
        _label(d, label_w - 5, mid - 2.5, row.name, anchor="end", width=40)
    _legend(d, x0, 4, [(t.label, _c(t.colour)) for t in scores.rubric.tiers.levels])
    return d


def heatmap(scores: Scores, width: float, ids: list[str] | None = None) -> Drawing:
    register()
    view = views.heatmap(scores, ids)
    label_w, head_h, row_h, bottom = 150, 95, 13, 22
    ncol = len(view.columns)
    cell_w = (width - label_w - 6) / ncol
    height = bottom + head_h + row_h * len(view.rows)
    d = Drawing(width, height)
    top = height - head_h
    for j, (_, name) in enumerate(view.columns):
        g = Group(String(0, 0, textwrap.shorten(name, 34, placeholder="..."), fontName=BASE, fontSize=6, fillColor=INK))
        g.translate(label_w + (j + 0.6) * cell_w, top + 3)
        g.rotate(55)
        d.add(g)
    for i, (_, name) in enumerate(view.rows):
        y = top - (i + 1) * row_h
        _label(d, label_w - 5, y + row_h / 2 - 2.3, name, anchor="end", width=42, lines=1, size=6.5)
        for j, cell in enumerate(view.cells[i]):
            d.add(
                Rect(
                    label_w + j * cell_w, y, cell_w, row_h, fillColor=_c(cell.colour), strokeColor=GRID, strokeWidth=0.4
                )
            )
            d.add(
                String(
                    label_w + (j + 0.5) * cell_w,
                    y + row_h / 2 - 2,
                    cell.text,
                    fontName=BASE,
                    fontSize=5.5,
                    fillColor=_c(cell.text_colour),
                    textAnchor="middle",
                )
            )
    _legend(d, label_w, 6, [(label, _c(colour)) for label, colour in view.legend])
    return d


def risk_matrix(scores: Scores, width: float) -> Drawing | None:
    register()
    rubric = scores.rubric
    if not rubric.aggregation.axes or "axis_x" not in scores.table:
        return None
    x_axis, y_axis = rubric.aggregation.axes
    size = min(width - 40, 300)
    left, bottom = 40, 40
    d = Drawing(width, size + bottom + 24)

    def sx(v: float) -> float:
        return left + size * v / 105

    def sy(v: float) -> float:
        return bottom + size * v / 105

    d.add(Rect(left, bottom, size, size, fillColor=None, strokeColor=INK, strokeWidth=0.5))
    for v in range(0, 101, 20):
        d.add(String(sx(v), bottom - 9, str(v), fontName=BASE, fontSize=FS, fillColor=INK, textAnchor="middle"))
        d.add(String(left - 4, sy(v) - 2.5, str(v), fontName=BASE, fontSize=FS, fillColor=INK, textAnchor="end"))
    xs, ys = views.band_lines(rubric)
    dash = {"strokeColor": colors.grey, "strokeDashArray": [2, 2], "strokeWidth": 0.6}
    for pos in xs:
        d.add(Line(sx(pos), bottom, sx(pos), bottom + size, **dash))
    for pos in ys:
        d.add(Line(left, sy(pos), left + size, sy(pos), **dash))
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
    # Largest first, so small bubbles stay visible on top.
    points = sorted(views.matrix_points(scores), key=lambda p: -p.size)
    for p in points:
        r = 4 * views.bubble_scale(p.size) / 2 * 2.2
        d.add(Circle(sx(p.x), sy(p.y), r, fillColor=_c(p.colour), strokeColor=INK, strokeWidth=0.5))
    for p in points:  # labels after all bubbles, so none is hidden under a later bubble
        r = 4 * views.bubble_scale(p.size) / 2 * 2.2
        vertical, horizontal = p.label_at.split()
        dx = {"left": -r - 3, "right": r + 3}.get(horizontal, 0.0)
        dy = {"top": r + 2, "bottom": -r - 7}.get(vertical, -2.3)
        inside = p.label_at == "middle center"
        d.add(
            String(
                sx(p.x) + dx,
                sy(p.y) + dy,
                str(p.rank),
                fontName=BOLD,
                fontSize=6,
                fillColor=_c(p.text_colour if inside else "#111111"),
                textAnchor={"left": "end", "right": "start"}.get(horizontal, "middle"),
            )
        )
    _legend(
        d,
        left + size + 10 if width - size > 140 else left,
        bottom + size + 10 if width - size <= 140 else bottom + size - 10,
        [(t.label, _c(t.colour)) for t in rubric.tiers.levels],
    )
    return d


def rights_chart(scores: Scores, width: float, top: int = 12) -> Drawing:
    """Mean exposure per right, the worst technology's exposure as a diamond, and its name beside it."""
    register()
    rows = views.rights(scores, top)
    row_h, label_w = 16, 190
    d, x0, w, top_y = _bar_frame(width, len(rows), row_h, label_w, "Exposure (0-100)")
    for i, r in enumerate(rows):
        y = top_y - (i + 1) * row_h
        d.add(Rect(x0, y + 3, w * r.mean / 100, row_h - 6, fillColor=_c("#0072B2"), strokeColor=None))
        d.add(
            String(
                x0 + 3,
                y + row_h / 2 - 2.5,
                f"{r.mean:.0f}",
                fontName=BASE,
                fontSize=FS,
                fillColor=_c(views.text_on("#0072B2")),
            )
        )
        cx, cy = x0 + w * r.worst / 100, y + row_h / 2
        d.add(
            Polygon([cx, cy + 3.5, cx + 3.5, cy, cx, cy - 3.5, cx - 3.5, cy], fillColor=_c("#D55E00"), strokeColor=None)
        )
        # The worst technology is named beside its diamond, inside the plot when the diamond sits far right.
        right_side = cx < x0 + w * 0.7
        _label(
            d,
            cx + 6 if right_side else cx - 6,
            cy - 2.3,
            r.worst_name,
            anchor="start" if right_side else "end",
            size=5.5,
            width=40,
            lines=1,
        )
        _label(d, label_w - 5, cy - 2.5, r.label, anchor="end", width=52, size=6.5)
    _legend(d, x0, 4, [("Mean exposure", _c("#0072B2")), ("Worst technology (diamond, named)", _c("#D55E00"))])
    return d


def radar(
    series: dict[str, dict[str, float]], rubric: Rubric, width: float, criteria: list[str] | None = None
) -> Drawing:
    """The same profile view as the dashboard: a radar up to 16 criteria, grouped bars beyond; criteria no
    series scores are marked '(no level)' and left out of the lines, never drawn at the floor."""
    register()
    view = views.profile(series, rubric, criteria)
    if view.kind == "bars":
        return _profile_bars(view, width)
    n = len(view.labels)
    height = width * 0.78
    d = Drawing(width, height)
    cx, cy, radius = width / 2, height / 2 + 4, min(width, height) / 2 - 48
    floor, ceiling = view.floor, view.ceiling
    angle = [math.pi / 2 - 2 * math.pi * k / n for k in range(n)]

    def point(k: int, v: float) -> tuple[float, float]:
        r = radius * (v - floor) / (ceiling - floor) if ceiling > floor else 0
        return cx + r * math.cos(angle[k]), cy + r * math.sin(angle[k])

    # Rings, spokes, labels and legend are the same in every technology's radar: the drawing's backdrop.
    backdrop = _backdrop(d)
    for lv in rubric.scale.levels[1:]:
        pts = [c for k in range(n) for c in point(k, lv.value)]
        backdrop.add(Polygon(pts, fillColor=None, strokeColor=GRID, strokeWidth=0.5))
        x, y = point(0, lv.value)
        backdrop.add(String(x + 2, y - 6, str(lv.value), fontName=BASE, fontSize=5.5, fillColor=colors.grey))
    for k, label in enumerate(view.labels):
        x, y = point(k, ceiling)
        backdrop.add(Line(cx, cy, x, y, strokeColor=GRID, strokeWidth=0.5))
        lx, ly = cx + (radius + 6) * math.cos(angle[k]), cy + (radius + 6) * math.sin(angle[k])
        anchor = "middle" if abs(math.cos(angle[k])) < 0.2 else ("start" if math.cos(angle[k]) > 0 else "end")
        _label(backdrop, lx, ly - 2, label, anchor=anchor, size=5.5, width=22)
    # The legend sits below the rings, clear of the lines drawn over them.
    _legend(backdrop, 6, 4, [(f"{sv.name} ({sv.dash})", _c(sv.colour)) for sv in view.series])
    dashes = {"solid": None, "dash": [3, 2], "dot": [1, 2], "dashdot": [3, 2, 1, 2]}
    for s, series_view in enumerate(view.series):
        pts = [c for k, v in enumerate(series_view.values) if v is not None for c in point(k, v)]
        if len(pts) < 6:
            continue
        d.add(
            Polygon(
                pts,
                fillColor=_mix(series_view.colour, 0.82) if s == 0 else None,
                strokeColor=_c(series_view.colour),
                strokeWidth=1.1,
                strokeDashArray=dashes.get(series_view.dash, [3, 2]),
            )
        )
        for k, v in enumerate(series_view.values):
            if v is not None:
                x, y = point(k, v)
                d.add(Circle(x, y, 1.6, fillColor=_c(series_view.colour), strokeColor=None))
    return d


def _profile_bars(view: views.ProfileView, width: float) -> Drawing:
    """Grouped bars, one row per criterion: the readable form of a profile with many criteria."""
    n_series = max(1, len(view.series))
    bar_h, label_w = 5.5, 190
    row_h = bar_h * n_series + 4
    bottom = 44
    height = bottom + row_h * len(view.labels) + 6
    d = Drawing(width, height)
    x0, w, top = label_w, width - label_w - 12, height - 4
    span = (view.ceiling - view.floor) or 1.0
    # Grid, labels and legend are the same for every technology: the backdrop (see radar); the bars go over it.
    backdrop = _backdrop(d)
    for tick in range(int(view.floor), int(view.ceiling) + 1):
        x = x0 + w * (tick - view.floor) / span
        backdrop.add(Line(x, bottom, x, top, strokeColor=GRID, strokeWidth=0.4))
        backdrop.add(String(x, bottom - 9, str(tick), fontName=BASE, fontSize=FS, fillColor=INK, textAnchor="middle"))
    backdrop.add(
        String(x0 + w / 2, bottom - 19, "Level", fontName=BASE, fontSize=FS, fillColor=INK, textAnchor="middle")
    )
    _legend(backdrop, x0, 4, [(sv.name, _c(sv.colour)) for sv in view.series])
    for i, label in enumerate(view.labels):
        y = top - (i + 1) * row_h
        _label(backdrop, label_w - 5, y + row_h / 2 - 2.3, label, anchor="end", width=52, lines=1, size=6)
        for s, sv in enumerate(view.series):
            v = sv.values[i]
            if v is None:
                continue
            d.add(
                Rect(
                    x0,
                    y + 2 + s * bar_h,
                    w * (v - view.floor) / span,
                    bar_h - 1,
                    fillColor=_c(sv.colour) if s == 0 else _mix(sv.colour, 0.45),
                    strokeColor=None,
                )
            )
    return d


# Each figure kind the document names (render/document/blocks.Figure), drawn at a width in points.
FIGURES: dict[str, Callable[[dict[str, Any], float], Drawing | None]] = {
    "ranked_bar": lambda i, w: ranked_bar(i["scores"], w, i.get("ids")),
    "heatmap": lambda i, w: heatmap(i["scores"], w, i.get("ids")),
    "risk_matrix": lambda i, w: risk_matrix(i["scores"], w),
    "rights": lambda i, w: rights_chart(i["scores"], w, i.get("top", 12)),
    "radar": lambda i, w: radar(i["series"], i["rubric"], w, i.get("criteria")),
}
