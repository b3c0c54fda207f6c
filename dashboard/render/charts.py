"""Pure plotly figure builders: data in, `go.Figure` out. Colours and orders come from the rubric and the scores.

Every builder has a `*_table` companion (or takes a frame a page can show as is), so each chart has a data view.
Tier colours are always paired with a text label (legend and bar text), so colour is never the only cue.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import views
from dashboard.core.evidence import CORROBORATED, REPORTED, UNCITED
from dashboard.core.models import Rubric
from dashboard.core.scoring import Scores
from dashboard.core.text import plot
from dashboard.views.labels import reader_table

# Every string from a rubric or an assessment file passes through plot() (directly, or via _short and _wrap)
# before Plotly sees it: Plotly reads HTML tags, entities and `%{...}` templates in labels and hover text.

# Streamlit's own face, then the shipped Arabic-script and CJK faces (.streamlit/config.toml, theme.fontFaces).
FONT = '"Source Sans", "Noto Naskh Arabic", "Briefing CJK", Arial, sans-serif'
LEVEL_SCALE = [[p, c] for p, c in views.LEVEL_SCALE]


def _layout(fig: go.Figure, title: str | None, height: int) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        font={"family": FONT, "size": 13},
        # No template of our own: st.plotly_chart styles the figure with the app's theme in the browser, and a
        # named template (plotly_white) cost about 20 ms of server CPU per figure per rerun and doubled its size.
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        legend={"orientation": "h", "y": -0.12},
    )
    return fig


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


def _share(value: float | None) -> str:
    return "not scored" if value is None or value != value else f"{value:.0%}"


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


def _short(name: str, width: int = 38) -> str:
    """Long technology names wrap onto two lines so the plot keeps its width."""
    import textwrap

    lines = textwrap.wrap(name, width) or [""]
    return "<br>".join(plot(line) for line in lines[:2]) + ("..." if len(lines) > 2 else "")


def _one_line(name: str, width: int) -> str:
    return plot(name if len(name) <= width else name[: width - 1].rstrip() + "…")


def _wrap(text: str, width: int = 70) -> str:
    import textwrap

    return "<br>".join(plot(line) for line in textwrap.wrap(text or "", width))


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


def risk_matrix_table(scores: Scores) -> pd.DataFrame:
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


def rights_frame(scores: Scores) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Right": r.label,
                "Mean exposure": round(r.mean, 1),
                "Worst": round(r.worst, 1),
                "Worst technology": r.worst_name,
            }
            for r in views.rights(scores, top=10_000)
        ]
    )


def radar(
    series: dict[str, dict[str, float]],
    rubric: Rubric,
    *,
    title: str | None = None,
    view: views.ProfileView | None = None,
) -> go.Figure:
    """Levels per criterion, one series per line (inherent and residual, or several technologies).

    A radar up to 16 criteria; beyond that, grouped bars by criterion, which stay readable with a hundred.
    Criteria no series scores are marked '(n/a)' and drawn as gaps, never as level 0. `view` is the page's own
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


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha})"


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
