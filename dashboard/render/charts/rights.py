"""The rights most at risk, and their table."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import views
from dashboard.core.scoring import Scores
from dashboard.core.text import plot
from dashboard.render.charts.base import _layout, _one_line


def rights_chart(scores: Scores, *, title: str | None = None, top: int = 15) -> go.Figure:
    """The rights most exposed across the set: mean exposure, and the worst technology named at its marker."""
    rows = views.rights(scores, top)[::-1]
    # The worst technology is named in the axis label: always visible, never clipped at the plot's edge.
    labels = [_one_line(r.label, 56) + "<br><i>worst: " + _one_line(r.worst_name, 48) + "</i>" for r in rows]
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=[r.mean for r in rows],
        orientation="h",
        name="Mean exposure",
        marker_color="#0072B2",
        text=[f"{r.mean:.0f}" for r in rows],
        textposition="inside",
        textfont={"color": views.text_on("#0072B2")},
    )
    fig.add_scatter(
        y=labels,
        x=[r.worst for r in rows],
        mode="markers",
        name="Worst technology (named under each right)",
        marker={"symbol": "diamond", "size": 10, "color": "#D55E00"},
        customdata=[plot(r.worst_name) for r in rows],
        hovertemplate="%{y}<br>Worst: %{customdata} at %{x:.0f}<extra></extra>",
    )
    fig.update_xaxes(range=[0, 105], title="Exposure (0-100)")
    fig.update_yaxes(automargin=True)
    return _layout(fig, title, 140 + 44 * len(rows))
