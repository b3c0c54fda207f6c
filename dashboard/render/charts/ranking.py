"""The ranking and the evidence behind it: ranked bars by tier, and the share of each score by kind of evidence."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import views
from dashboard.core.evidence import CORROBORATED, REPORTED, UNCITED
from dashboard.core.scoring import Scores
from dashboard.core.text import plot
from dashboard.render.charts.base import _layout, _share, _short
from dashboard.views.labels import reader_table


def ranked_bar(scores: Scores, *, title: str | None = None) -> go.Figure:
    """Technologies ranked by score, with the low-high range as error bars, one trace per tier (legend = label)."""
    rows = views.ranking(scores)[::-1]  # plotly draws the first category at the bottom
    fig = go.Figure()
    for tier in scores.rubric.tiers.levels:
        mine = [r for r in rows if r.tier == tier.id]
        fig.add_bar(
            y=[_short(r.name) for r in mine],
            x=[r.score for r in mine],
            orientation="h",
            name=plot(tier.label),
            marker_color=tier.colour,
            marker_line={"color": "#333333", "width": 0.5},
            text=[plot(r.bar_text) for r in mine],
            textposition="inside",
            insidetextanchor="start",
            textfont={"color": views.text_on(tier.colour)},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [r.high - r.score for r in mine if r.high is not None and r.score is not None],
                "arrayminus": [r.score - r.low for r in mine if r.low is not None and r.score is not None],
                "color": "#333333",
                "thickness": 1.2,
            },
            customdata=[
                (
                    r.low,
                    r.high,
                    plot(", ".join(r.red_lines) or "none"),
                    _share(scores.table.loc[r.id, "evidence_strength"]),
                )
                for r in mine
            ],
            hovertemplate="%{y}<br>Score %{x:.1f} (range %{customdata[0]:.1f}-%{customdata[1]:.1f})"
            "<br>Red lines: %{customdata[2]}<br>Resting on corroborated evidence: %{customdata[3]}"
            "<extra>%{fullData.name}</extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=[_short(r.name) for r in rows], automargin=True)
    fig.update_xaxes(range=[0, 100], title="Risk score (0-100)")
    fig.update_layout(barmode="overlay")
    return _layout(fig, title, 120 + 40 * len(rows))


EVIDENCE_SERIES = [  # basis code, legend label, colour (Okabe-Ito blue, orange; grey for nothing cited)
    (CORROBORATED, "Corroborated (a source graded A-C)", "#0072B2"),
    (REPORTED, "Unconfirmed reporting only", "#E69F00"),
    (UNCITED, "No evidence cited", "#999999"),
]


def evidence_frame(scores: Scores) -> pd.DataFrame:
    """Per technology in rank order: the share of its weighted score resting on each kind of evidence (0-100)."""
    table = reader_table(scores)
    shares = scores.evidence_shares
    positions = [scores.compiled.tech_ids.index(t) for t in table["id"]]
    frame = pd.DataFrame({"rank": table["rank"].to_numpy(), "name": table["name"].to_numpy()})
    for code, label, _ in EVIDENCE_SERIES:
        frame[label] = [round(float(shares[code][i]) * 100, 1) for i in positions]
    frame["label"] = table["evidence_label"].to_numpy()
    return frame


def evidence_bar(scores: Scores, *, title: str | None = None) -> go.Figure:
    """Stacked shares of each technology's score by evidence basis, with the rubric's threshold as a line."""
    frame = evidence_frame(scores).iloc[::-1]
    names = frame["name"].map(_short)
    fig = go.Figure()
    for _, label, colour in EVIDENCE_SERIES:
        fig.add_bar(
            y=names,
            x=frame[label],
            orientation="h",
            name=label,
            marker_color=colour,
            marker_line={"color": "#333333", "width": 0.5},
            hovertemplate="%{y}<br>" + label + ": %{x:.0f}% of the score<extra></extra>",
        )
    threshold = scores.rubric.evidence.min_strength * 100
    fig.add_vline(x=threshold, line={"dash": "dash", "color": "#333333"})
    fig.add_annotation(
        x=threshold,
        y=1.0,
        yref="paper",
        yanchor="bottom",
        xanchor="left",
        xshift=4,
        text=f"threshold {threshold:.0f}%",
        showarrow=False,
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(names), automargin=True)
    fig.update_xaxes(range=[0, 100], title="Share of the weighted score (%)")
    fig.update_layout(barmode="stack")
    fig = _layout(fig, title, 140 + 34 * len(frame))
    # Room for the threshold's label above the plot; legend in the order of the stack, corroborated first.
    fig.update_layout(margin={"t": 70 if title else 40}, legend={"traceorder": "normal"})
    return fig
