"""What every figure shares: the fonts, the level scale, one layout, and names shortened and escaped for Plotly."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import views
from dashboard.core.text import plot

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


def _share(value: float | None) -> str:
    return "not scored" if value is None or value != value else f"{value:.0%}"


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


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha})"
