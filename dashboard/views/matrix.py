"""The risk matrix: each technology placed on the rubric's two axes, its bands and where labels go."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.core.models import Rubric
from dashboard.core.scoring import Scores
from dashboard.views.labels import reader_table
from dashboard.views.palette import DEFAULT_REACH, text_on

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


def matrix_frame(scores: Scores) -> pd.DataFrame:
    """The risk matrix as a table: rank, name and tier, with each axis' value and band where the rubric has axes."""
    rubric = scores.rubric
    cols = ["rank", "name", "tier_display"]
    if rubric.aggregation.axes and "axis_x" in scores.table:
        x, y = rubric.aggregation.axes
        frame = reader_table(scores)[cols + ["axis_x", "band_x", "axis_y", "band_y", "reach"]].copy()
        return frame.rename(
            columns={
                "axis_x": x.name,
                "band_x": f"{x.name} band",
                "axis_y": y.name,
                "band_y": f"{y.name} band",
                "tier_display": "tier",
            }
        )
    return reader_table(scores)[cols].rename(columns={"tier_display": "tier"})
