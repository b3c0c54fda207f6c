"""The risk matrix on the rubric's two axes, and its table."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import views
from dashboard.core.scoring import Scores
from dashboard.core.text import plot
from dashboard.render.charts.base import _layout


def risk_matrix(scores: Scores, *, title: str | None = None) -> go.Figure | None:
    """Potential harm (x) against governance gap (y), bubbles sized by reach, coloured and labelled by tier.

    Returns None when the rubric defines no axes.
    """
    rubric = scores.rubric
    axes = rubric.aggregation.axes
    if not axes or "axis_x" not in scores.table:
        return None
    x_axis, y_axis = axes
    points = views.matrix_points(scores)
    fig = go.Figure()
    for tier in rubric.tiers.levels:
        mine = [p for p in points if p.tier == tier.id]
        if not mine:
            continue
        fig.add_scatter(
            x=[p.x for p in mine],
            y=[p.y for p in mine],
            mode="markers+text",
            name=plot(tier.label),
            marker={
                "size": [8 * views.bubble_scale(p.size) for p in mine],
                "color": tier.colour,
                "line": {"color": "#333333", "width": 1},
                "opacity": 0.9,
            },
            text=[str(p.rank) for p in mine],
            textposition=[p.label_at for p in mine],
            # Inside a bubble the rank contrasts with the fill; beside it, with the white page.
            textfont={"color": [p.text_colour if p.label_at == "middle center" else "#111111" for p in mine]},
            customdata=[plot(p.name) for p in mine],
            hovertemplate="%{customdata}<br>"
            + plot(x_axis.name)
            + " %{x:.0f}<br>"
            + plot(y_axis.name)
            + " %{y:.0f}<extra>%{fullData.name}</extra>",
        )
    xs, ys = views.band_lines(rubric)
    for pos in xs:
        fig.add_vline(pos, line={"dash": "dot", "color": "#888888"})
    for pos in ys:
        fig.add_hline(pos, line={"dash": "dot", "color": "#888888"})
    fig.update_xaxes(range=[0, 105], title=f"{plot(x_axis.name)} (0-100)")
    fig.update_yaxes(range=[0, 105], title=f"{plot(y_axis.name)} (0-100)")
    return _layout(fig, title, 520)
