"""What-if and sensitivity: the value of each safeguard, tier probabilities and rank distributions from the Monte Carlo
draws."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.core.models import Rubric
from dashboard.core.text import plot
from dashboard.render.charts.base import _layout, _short


def safeguard_value_bar(value: pd.DataFrame, *, title: str | None = None, top: int = 10) -> go.Figure:
    rows = value.head(top).iloc[::-1]
    label_col = "name"
    x_col = "reduction" if "reduction" in rows else "total"
    fig = go.Figure(
        go.Bar(
            y=rows[label_col].map(lambda n: _short(n, 32)),
            x=rows[x_col],
            orientation="h",
            marker_color="#009E73",
            text=[f"-{v:.1f}" for v in rows[x_col]],
            textposition="inside",
        )
    )
    fig.update_xaxes(title="Points of risk removed")
    fig.update_yaxes(automargin=True)
    return _layout(fig, title, 140 + 32 * len(rows))


def tier_probability_chart(
    prob: pd.DataFrame, names: dict[str, str], rubric: Rubric, order: list[str], *, title: str | None = None
) -> go.Figure:
    rows = prob.loc[order[::-1]]
    fig = go.Figure()
    for tier in rubric.tiers.levels:
        values = rows[tier.id]
        fig.add_bar(
            y=[plot(names[t]) for t in rows.index],
            x=values * 100,
            orientation="h",
            name=plot(tier.label),
            marker_color=tier.colour,
            marker_line={"color": "#333333", "width": 0.5},
            text=[f"{v:.0%}" if v >= 0.08 else "" for v in values],
            textposition="inside",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(range=[0, 100], title="Share of draws (%)")
    fig.update_yaxes(automargin=True)
    return _layout(fig, title, 140 + 32 * len(rows))


def rank_distribution_chart(
    prob: pd.DataFrame, names: dict[str, str], order: list[str], *, title: str | None = None
) -> go.Figure:
    rows = prob.loc[order]
    fig = go.Figure(
        go.Heatmap(
            z=rows.to_numpy() * 100,
            x=[str(c) for c in rows.columns],
            y=[plot(names[t]) for t in rows.index],
            colorscale="Blues",
            zmin=0,
            zmax=100,
            text=[[f"{v:.0%}" if v >= 0.05 else "" for v in r] for r in rows.to_numpy()],
            texttemplate="%{text}",
            colorbar={"title": "% of draws"},
            xgap=1,
            ygap=1,
            hovertemplate="%{y}: rank %{x} in %{z:.1f}% of draws<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title="Rank (1 = highest risk)", type="category")
    return _layout(fig, title, 200 + 30 * len(rows))
