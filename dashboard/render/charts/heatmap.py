"""The heatmap of levels, technologies by criteria (or groups, for wide rubrics)."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import views
from dashboard.core.scoring import Scores
from dashboard.core.text import plot
from dashboard.render.charts.base import LEVEL_SCALE, _layout, _one_line, _short, _wrap


def heatmap(scores: Scores, *, title: str | None = None, view: views.HeatmapView | None = None) -> go.Figure:
    """Technologies (rank order) x criteria: the level used after the scenario's safeguards colours each cell and
    is printed in it ('2-3' for a range); hover shows label, confidence and rationale; n/a and missing marked.
    `view` is the page's own views.heatmap(scores) when it has one (computed once, not twice)."""
    view = view or views.heatmap(scores)
    rubric = scores.rubric
    fig = go.Figure(
        go.Heatmap(
            z=[[cell.value for cell in row] for row in view.cells],
            # One line each, written vertically: labels never overlap, even at 1024 px; the full name is in the
            # hover and the data table.
            x=[_one_line(name, 28) for _, name in view.columns],
            y=[_short(name, 30) for _, name in view.rows],
            text=[[cell.text for cell in row] for row in view.cells],
            texttemplate="%{text}",
            hovertext=[
                [
                    "<b>" + plot(cell.hover[0]) + "</b><br>" + "<br>".join(_wrap(h) for h in cell.hover[1:])
                    for cell in row
                ]
                for row in view.cells
            ],
            hoverinfo="text",
            colorscale=LEVEL_SCALE,
            zmin=rubric.scale.floor,
            zmax=rubric.scale.ceiling,
            xgap=1,
            ygap=1,
            colorbar={
                "title": {"text": "Level", "side": "top"},
                "tickvals": [lv.value for lv in rubric.scale.levels],
                "ticktext": [plot(label) for label, _ in view.legend],
                # Below the plot, so the columns keep the width on a narrow screen.
                "orientation": "h",
                "y": -0.03,
                "yanchor": "top",
                "yref": "paper",
                "thickness": 12,
                "len": 0.8,
                "x": 0.5,
                "xanchor": "center",
            },
            textfont={"size": 11},
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(tickangle=-90, automargin=True, side="top")
    fig = _layout(fig, title, 330 + 36 * len(view.rows))
    fig.update_layout(margin={"b": 70})
    return fig
