"""Profiles across criteria: a radar, or grouped bars for a rubric too wide for one."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import views
from dashboard.core.models import Rubric
from dashboard.core.text import plot
from dashboard.render.charts.base import _layout, _rgba, _short


def radar(
    series: dict[str, dict[str, float]],
    rubric: Rubric,
    *,
    title: str | None = None,
    view: views.ProfileView | None = None,
) -> go.Figure:
    """Levels per criterion, one series per line (inherent and residual, or several technologies).

    A radar up to 16 criteria; beyond that, grouped bars by criterion, which stay readable with a hundred.
    Criteria no series scores are marked '(no level)' and drawn as gaps, never as level 0. `view` is the page's own
    views.profile(series, rubric) when it has one (its data table reads the same view).
    """
    view = view or views.profile(series, rubric)
    if view.kind == "bars":
        return _profile_bars(view, title)
    names = [_short(label, 20) for label in view.labels]
    fig = go.Figure()
    for k, s in enumerate(view.series):
        fig.add_scatterpolar(
            r=s.values + s.values[:1],
            theta=names + names[:1],
            name=plot(s.name),
            mode="lines+markers",
            fill="toself" if k == 0 else "none",
            line={"color": s.colour, "dash": s.dash, "width": 2},
            marker={"symbol": s.marker, "size": 7, "color": s.colour},
            fillcolor=_rgba(s.colour, 0.12),
            connectgaps=True,
        )
    fig.update_layout(
        polar={
            "radialaxis": {"range": [view.floor, view.ceiling], "tickvals": [lv.value for lv in rubric.scale.levels]}
        }
    )
    # Room around the polar plot for the criterion labels.
    return _layout(fig, title, 540).update_layout(margin={"l": 120, "r": 120, "t": 40, "b": 40})


def _profile_bars(view: views.ProfileView, title: str | None) -> go.Figure:
    labels = [_short(label, 48) for label in view.labels][::-1]
    fig = go.Figure()
    for s in view.series:
        fig.add_bar(
            y=labels,
            x=s.values[::-1],
            orientation="h",
            name=plot(s.name),
            marker={"color": s.colour, "pattern": {"shape": "" if s.dash == "solid" else "/"}},
        )
    fig.update_xaxes(range=[view.floor, view.ceiling], title="Level")
    fig.update_yaxes(automargin=True)
    fig.update_layout(barmode="group")
    return _layout(fig, title, 120 + 14 * len(labels) * max(1, len(view.series)))
