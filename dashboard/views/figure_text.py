"""Each figure in words: the alternative text a screen reader speaks in place of the image, written from the same
view the figure draws (so the words and the drawing cannot disagree). Every document format uses these."""

from __future__ import annotations

from typing import Any

from dashboard.core.scoring import Scores
from dashboard.views.heatmap import heatmap
from dashboard.views.matrix import matrix_points
from dashboard.views.profile import profile
from dashboard.views.ranking import ranking
from dashboard.views.rights import rights
from dashboard.views.wording import score_text

_LISTED = 5  # items named in a sentence before "and N more"


def _listing(items: list[str]) -> str:
    shown = "; ".join(items[:_LISTED])
    return shown + (f"; and {len(items) - _LISTED} more" if len(items) > _LISTED else "")


def _ranking_alt(scores: Scores, ids: list[str] | None = None) -> str:
    rows = ranking(scores, ids)
    rated = [(r, r.score) for r in rows if r.score is not None]
    head = f"Ranking of {len(rows)} technologies by risk score (0-100), highest first"
    if not rated:
        return head + ": none could be scored."
    (top, top_score), rest = rated[0], rated[1:]
    items = [f"{r.name} {score_text(value)} ({r.tier_text})" for r, value in rest]
    unrated = len(rows) - len(rated)
    tail = f"; {unrated} not rated" if unrated else ""
    return (
        f"{head}: {top.name} highest at {score_text(top_score)} ({top.tier_text})"
        + (f"; then {_listing(items)}" if items else "")
        + f"{tail}. The table that follows gives every score and its range."
    )


def _heatmap_alt(scores: Scores, ids: list[str] | None = None) -> str:
    view = heatmap(scores, ids)
    cells = [c for row in view.cells for c in row]
    high = [
        f"{name}: {col}"
        for (_, name), row in zip(view.rows, view.cells, strict=True)
        for (_, col), c in zip(view.columns, row, strict=True)
        if c.value is not None and c.value >= scores.rubric.scale.ceiling
    ]
    unit = "group subscores (0-100)" if view.grouped else f"levels ({view.legend[0][0]} to {view.legend[-1][0]})"
    not_applicable = sum(1 for c in cells if c.text == "n/a")
    missing = sum(1 for c in cells if c.text == "?")
    return (
        f"Heatmap of {unit} for {len(view.rows)} technologies across {len(view.columns)} "
        f"{'groups' if view.grouped else 'criteria'}"
        + (f"; at the top of the scale: {_listing(high)}" if high and not view.grouped else "")
        + f"; {not_applicable} cells do not apply and {missing} are not scored. "
        "The table that follows gives every cell."
    )


def _matrix_alt(scores: Scores) -> str:
    points = matrix_points(scores)
    axes = scores.rubric.aggregation.axes
    if not axes or not points:
        return "Risk matrix: no technology could be placed."
    x, y = axes
    worst = sorted(points, key=lambda p: -(p.x + p.y))
    items = [f"{p.name} ({p.x:.0f}, {p.y:.0f})" for p in worst]
    return (
        f"Risk matrix of {len(points)} technologies, {x.name} (across) against {y.name} (up), 0-100 each; "
        f"furthest towards the top right: {_listing(items)}. The table that follows gives each position."
    )


def _rights_alt(scores: Scores) -> str:
    rows = rights(scores)
    if not rows:
        return "Exposure of rights: no criterion is mapped to a right."
    items = [f"{r.label}: mean {r.mean:.0f}, worst {r.worst:.0f} ({r.worst_name})" for r in rows]
    return (
        f"Mean and worst exposure (0-100) of the {len(rows)} rights most exposed: {_listing(items)}. "
        "The table that follows gives every right."
    )


def _radar_alt(inputs: dict[str, Any]) -> str:
    view = profile(inputs["series"], inputs["rubric"])
    parts = []
    for s in view.series:
        scored = [(v, name) for v, (_, name, _) in zip(s.values, view.criteria, strict=True) if v is not None]
        if not scored:
            parts.append(f"{s.name}: no level")
            continue
        top = max(v for v, _ in scored)
        highest = [name for v, name in scored if v == top]
        parts.append(f"{s.name}: highest {top:g} on {_listing(highest)}")
    return (
        f"Level per criterion (scale {view.floor:g}-{view.ceiling:g}) on {len(view.criteria)} criteria. "
        + "; ".join(parts)
        + ". The table that follows gives each criterion's level."
    )


def figure_alt_text(kind: str, inputs: dict[str, Any]) -> str:
    """The alternative text of a figure block (its kind and inputs, as the briefing document names them)."""
    if kind == "ranked_bar":
        return _ranking_alt(inputs["scores"], inputs.get("ids"))
    if kind == "heatmap":
        return _heatmap_alt(inputs["scores"], inputs.get("ids"))
    if kind == "risk_matrix":
        return _matrix_alt(inputs["scores"])
    if kind == "rights":
        return _rights_alt(inputs["scores"])
    if kind == "radar":
        return _radar_alt(inputs)
    raise ValueError(f"no alternative text for a figure of kind {kind!r}")
