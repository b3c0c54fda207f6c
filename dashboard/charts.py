"""Pure plotly figure builders: data in, `go.Figure` out. Colours and orders come from the rubric and the scores.

Every builder has a `*_table` companion (or takes a frame a page can show as is), so each chart has a data view.
Tier colours are always paired with a text label (legend and bar text), so colour is never the only cue.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.evidence import CORROBORATED, REPORTED, UNCITED
from dashboard.models import Rubric
from dashboard.scoring import Scores
from dashboard.text import plot

# Every string from a rubric or an assessment file passes through plot() (directly, or via _short and _wrap)
# before Plotly sees it: Plotly reads HTML tags, entities and `%{...}` templates in labels and hover text.

FONT = "Source Sans Pro, Arial, sans-serif"
LEVEL_SCALE = [[0.0, "#F7F7F7"], [0.25, "#FEE8C8"], [0.5, "#FDBB84"], [0.75, "#E34A33"], [1.0, "#7F0000"]]
SERIES = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]  # Okabe-Ito


def _layout(fig: go.Figure, title: str | None, height: int) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        font={"family": FONT, "size": 13},
        template="plotly_white",
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        legend={"orientation": "h", "y": -0.12},
    )
    return fig


def ranked_bar(scores: Scores, *, title: str | None = None) -> go.Figure:
    """Technologies ranked by score, with the low-high range as error bars, one trace per tier (legend = label)."""
    table = scores.table.iloc[::-1]  # plotly draws the first category at the bottom
    fig = go.Figure()
    for tier in scores.rubric.tiers.levels:
        rows = table[table["tier"] == tier.id]
        fig.add_bar(
            y=rows["name"].map(_short),
            x=rows["score"],
            orientation="h",
            name=plot(tier.label),
            marker_color=tier.colour,
            marker_line={"color": "#333333", "width": 0.5},
            text=[f"{s:.0f} · {plot(t)}" for s, t in zip(rows["score"], rows["tier_display"], strict=True)],
            textposition="inside",
            insidetextanchor="start",
            error_x={
                "type": "data",
                "symmetric": False,
                "array": rows["score_high"] - rows["score"],
                "arrayminus": rows["score"] - rows["score_low"],
                "color": "#333333",
                "thickness": 1.2,
            },
            customdata=list(
                zip(
                    rows["score_low"],
                    rows["score_high"],
                    rows["red_lines"].map(lambda r: plot(", ".join(r))),
                    rows["evidence_strength"].map(_share),
                    strict=True,
                )
            ),
            hovertemplate="%{y}<br>Score %{x:.1f} (range %{customdata[0]:.1f}-%{customdata[1]:.1f})"
            "<br>Red lines: %{customdata[2]}<br>Resting on corroborated evidence: %{customdata[3]}"
            "<extra>%{fullData.name}</extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=list(table["name"].map(_short)), automargin=True)
    fig.update_xaxes(range=[0, 100], title="Risk score (0-100)")
    fig.update_layout(barmode="overlay")
    return _layout(fig, title, 120 + 40 * len(table))


def _share(value: float | None) -> str:
    return "not scored" if value is None or value != value else f"{value:.0%}"


EVIDENCE_SERIES = [  # basis code, legend label, colour (Okabe-Ito blue, orange; grey for nothing cited)
    (CORROBORATED, "Corroborated (a source graded A-C)", "#0072B2"),
    (REPORTED, "Unconfirmed reporting only", "#E69F00"),
    (UNCITED, "No evidence cited", "#999999"),
]


def evidence_frame(scores: Scores) -> pd.DataFrame:
    """Per technology in rank order: the share of its weighted score resting on each kind of evidence (0-100)."""
    table = scores.table
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


def heatmap(scores: Scores, *, title: str | None = None, which: str = "residual") -> go.Figure:
    """Technologies (rank order) x criteria; hover shows level, rationale and confidence; n/a and missing marked."""
    rubric = scores.rubric
    order = list(scores.table["id"])
    levels = scores.levels_frame(which).loc[order]
    data = scores.compiled.data
    names = [c.name for c in rubric.criteria]
    text, hover = [], []
    for tid in order:
        tech = data.technology(tid)
        row_text, row_hover = [], []
        for c in rubric.criteria:
            entry = tech.scores.get(c.id)
            value = levels.loc[tid, c.id]
            if entry is not None and entry.level == "n/a":
                row_text.append("n/a")
                row_hover.append(f"<b>{plot(c.name)}</b><br>n/a: {_wrap(entry.reason)}")
            elif pd.isna(value):
                row_text.append("?")
                row_hover.append(f"<b>{plot(c.name)}</b><br>Not scored (flagged as missing)")
            else:
                shown = f"{value:g}"
                if entry is not None and isinstance(entry.level, list):
                    shown = f"{entry.level[0]}-{entry.level[1]}"
                row_text.append(shown)
                conf = entry.confidence if entry and entry.confidence else "not given"
                row_hover.append(
                    f"<b>{plot(c.name)}</b><br>Level {value:g} ({plot(rubric.scale.label_of(round(value)))})"
                    f"<br>Confidence: {conf}<br>{_wrap(entry.rationale if entry else '')}"
                )
        text.append(row_text)
        hover.append(row_hover)
    fig = go.Figure(
        go.Heatmap(
            z=levels.to_numpy(),
            x=[_short(n, 24) for n in names],
            y=[_short(scores.table.loc[t, "name"]) for t in order],
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hoverinfo="text",
            colorscale=LEVEL_SCALE,
            zmin=rubric.scale.floor,
            zmax=rubric.scale.ceiling,
            xgap=1,
            ygap=1,
            colorbar={
                "title": "Level",
                "tickvals": [lv.value for lv in rubric.scale.levels],
                "ticktext": [f"{lv.value} {plot(lv.label)}" for lv in rubric.scale.levels],
            },
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(tickangle=-40, automargin=True)
    return _layout(fig, title, 220 + 30 * len(order))


def _short(name: str, width: int = 38) -> str:
    """Long technology names wrap onto two lines so the plot keeps its width."""
    import textwrap

    lines = textwrap.wrap(name, width) or [""]
    return "<br>".join(plot(line) for line in lines[:2]) + ("..." if len(lines) > 2 else "")


def _wrap(text: str, width: int = 70) -> str:
    import textwrap

    return "<br>".join(plot(line) for line in textwrap.wrap(text or "", width))


def risk_matrix(scores: Scores, *, title: str | None = None) -> go.Figure | None:
    """Potential harm (x) against governance gap (y), bubbles sized by reach, coloured and labelled by tier.

    Returns None when the rubric defines no axes.
    """
    rubric = scores.rubric
    axes = rubric.aggregation.axes
    table = scores.table
    if not axes or "axis_x" not in table:
        return None
    x_axis, y_axis = axes
    fig = go.Figure()
    for tier in rubric.tiers.levels:
        rows = table[table["tier"] == tier.id]
        if rows.empty:
            continue
        reach = rows["reach"].fillna(3).astype(float)
        fig.add_scatter(
            x=rows["axis_x"],
            y=rows["axis_y"],
            mode="markers+text",
            name=plot(tier.label),
            marker={
                "size": 10 + 7 * reach,
                "color": tier.colour,
                "line": {"color": "#333333", "width": 1},
                "opacity": 0.9,
            },
            text=rows["rank"].astype(str),
            textfont={"color": "#111111"},
            customdata=rows["name"].map(plot),
            hovertemplate="%{customdata}<br>"
            + plot(x_axis.name)
            + " %{x:.0f}<br>"
            + plot(y_axis.name)
            + " %{y:.0f}<extra>%{fullData.name}</extra>",
        )
    for axis, setter in ((x_axis, fig.add_vline), (y_axis, fig.add_hline)):
        for band in axis.bands[1:]:
            if rubric.aggregation.band_basis in ("score", "fraction"):
                pos = band.min * (100 if rubric.aggregation.band_basis == "fraction" else 1)
                setter(pos, line={"dash": "dot", "color": "#888888"})
    fig.update_xaxes(range=[0, 105], title=f"{plot(x_axis.name)} (0-100)")
    fig.update_yaxes(range=[0, 105], title=f"{plot(y_axis.name)} (0-100)")
    return _layout(fig, title, 520)


def risk_matrix_table(scores: Scores) -> pd.DataFrame:
    rubric = scores.rubric
    cols = ["rank", "name", "tier_display"]
    if rubric.aggregation.axes and "axis_x" in scores.table:
        x, y = rubric.aggregation.axes
        frame = scores.table[cols + ["axis_x", "band_x", "axis_y", "band_y", "reach"]].copy()
        return frame.rename(
            columns={
                "axis_x": x.name,
                "band_x": f"{x.name} band",
                "axis_y": y.name,
                "band_y": f"{y.name} band",
                "tier_display": "tier",
            }
        )
    return scores.table[cols].rename(columns={"tier_display": "tier"})


def rights_chart(summary: pd.DataFrame, *, title: str | None = None, top: int = 15) -> go.Figure:
    """The rights most exposed across the set: mean exposure with the worst case as a marker."""
    rows = summary.head(top).iloc[::-1]
    labels = [_short(f"{r.instrument} {r.article}: {r.title}", 60) for r in rows.itertuples()]
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=rows["mean"],
        orientation="h",
        name="Mean exposure",
        marker_color="#0072B2",
        text=[f"{v:.0f}" for v in rows["mean"]],
        textposition="inside",
    )
    fig.add_scatter(
        y=labels,
        x=rows["max"],
        mode="markers",
        name="Worst technology",
        marker={"symbol": "diamond", "size": 10, "color": "#D55E00"},
    )
    fig.update_xaxes(range=[0, 100], title="Exposure (0-100)")
    fig.update_yaxes(automargin=True)
    return _layout(fig, title, 140 + 30 * len(rows))


def radar(series: dict[str, dict[str, float]], rubric: Rubric, *, title: str | None = None) -> go.Figure:
    """One closed polygon per series (e.g. inherent and residual, or several technologies)."""
    # A criterion with no level in any series (n/a or unscored) is labelled so, not read as level 0.
    names = [
        _short(c.name, 20) + (" (n/a)" if all(pd.isna(lv.get(c.id)) for lv in series.values()) else "")
        for c in rubric.criteria
    ]
    fig = go.Figure()
    for k, (label, levels) in enumerate(series.items()):
        values = [levels.get(c.id) for c in rubric.criteria]
        values = [None if v is None or pd.isna(v) else v for v in values]
        fig.add_scatterpolar(
            r=values + values[:1],
            theta=names + names[:1],
            name=plot(label),
            fill="toself",
            line={"color": SERIES[k % len(SERIES)], "dash": "solid" if k == 0 else "dash"},
            fillcolor=_rgba(SERIES[k % len(SERIES)], 0.12),
            connectgaps=True,
        )
    fig.update_layout(
        polar={
            "radialaxis": {
                "range": [rubric.scale.floor, rubric.scale.ceiling],
                "tickvals": [lv.value for lv in rubric.scale.levels],
            }
        }
    )
    # Room around the polar plot for the criterion labels.
    return _layout(fig, title, 540).update_layout(margin={"l": 120, "r": 120, "t": 40, "b": 40})


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
