"""The agreement chart: Krippendorff's alpha overall and per criterion, as bars on the -1..1 scale, with the
undefined ones named on the axis rather than drawn as zero."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.core.text import plot
from dashboard.render.charts.base import _layout, _one_line
from dashboard.views.raters import AgreementRow
from dashboard.words import say

AGREED, DOUBTFUL, POOR = "#1B7837", "#E08214", "#B2182B"
# Krippendorff's guidance: rely on variables with alpha >= .800; .667 is the lowest for tentative conclusions.
RELY, TENTATIVE = 0.8, 0.667


def agreement_bar(rows: list[AgreementRow], *, title: str | None = None) -> go.Figure:
    """One horizontal bar per row (overall and each criterion, in order), coloured by Krippendorff's thresholds;
    a row whose alpha is undefined has no bar and says why in its hover text."""
    shown = [r for r in rows if r.kind in ("overall", "criterion")][::-1]  # plotly draws the first at the bottom
    colours = [
        "#BBBBBB" if r.alpha is None else AGREED if r.alpha >= RELY else DOUBTFUL if r.alpha >= TENTATIVE else POOR
        for r in shown
    ]
    fig = go.Figure(
        go.Bar(
            y=[_one_line(r.name, 40) for r in shown],
            x=[r.alpha if r.alpha is not None else 0 for r in shown],
            orientation="h",
            marker_color=colours,
            text=[plot(r.text) for r in shown],
            textposition="outside",
            hovertext=[plot(r.text) for r in shown],
            hoverinfo="y+text",
            showlegend=False,
        )
    )
    fig.add_vline(x=RELY, line_dash="dash", line_color="#333333")
    fig.add_vline(x=TENTATIVE, line_dash="dot", line_color="#333333")
    fig.update_xaxes(range=[-1, 1.6], title=plot(say("rounds.chart_axis")))
    return _layout(fig, plot(title) if title else None, 120 + 34 * len(shown))
