"""Alternative text for each figure, written from the figure's view: what a reader who cannot see the chart needs
to know (what is drawn, the extremes, every item with its value). Renderer-neutral: the tagged PDF and the Word
document put the same words on the same figure."""

from __future__ import annotations

from dashboard.views.heatmap import HeatmapView
from dashboard.views.labels import number
from dashboard.views.matrix import MatrixPoint
from dashboard.views.profile import NO_LEVEL, ProfileView
from dashboard.views.ranking import RankingRow
from dashboard.views.rights import RightRow
from dashboard.views.wording import score_text


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


def _ranked(row: RankingRow) -> str:
    if row.score is None:
        return f"{row.name}: {row.tier_text}"
    spread = (
        f", range {score_text(row.low)}-{score_text(row.high)}"
        if row.low is not None and row.high is not None and row.low != row.high
        else ""
    )
    return f"{row.name} {score_text(row.score)} ({row.tier_text}{spread})"


def ranking_alt(rows: list[RankingRow], total: int | None = None) -> str:
    """'Ranking of 13 technologies: Facial recognition in public spaces highest at 78.6 (Critical) ...'."""
    if not rows:
        return "Ranking: no technology."
    scope = f"technologies ranked {rows[0].rank} to {rows[-1].rank} of {total}" if total else ""
    head = f"Ranking of {scope or _plural(len(rows), 'technology')}, risk score 0-100 by bar, highest first: "
    first, rest = rows[0], rows[1:]
    if first.score is None:
        return head + "; ".join(_ranked(r) for r in rows) + "."
    lead = f"{first.name} highest at {_ranked(first).removeprefix(first.name + ' ')}"
    return head + "; ".join([lead, *(_ranked(r) for r in rest)]) + "."


def heatmap_alt(view: HeatmapView) -> str:
    """Per technology, its highest cells: the heatmap's message without reading every cell."""
    what = "subscore 0-100 of each group of criteria" if view.grouped else "level of each criterion"
    head = (
        f"Heatmap of the {what} for {_plural(len(view.rows), 'technology')} (rows) across "
        f"{_plural(len(view.columns), 'column')}."
    )
    lines = []
    for (_, name), cells in zip(view.rows, view.cells, strict=True):
        scored = [(cell.value, cell.text, col) for cell, (_, col) in zip(cells, view.columns, strict=True)]
        valued = [(v, t, c) for v, t, c in scored if v is not None]
        if not valued:
            lines.append(f"{name}: nothing scored")
            continue
        top = max(v for v, _, _ in valued)
        highest = [f"{c} {t}" for v, t, c in valued if v == top][:3]
        more = sum(1 for v, _, _ in valued if v == top) - len(highest)
        lines.append(f"{name}: highest {', '.join(highest)}" + (f" and {more} more" if more else ""))
    return f"{head} {'; '.join(lines)}." if lines else head


def matrix_alt(points: list[MatrixPoint], x_name: str, y_name: str) -> str:
    """Each technology's place on the two axes, in rank order."""
    ordered = sorted(points, key=lambda p: p.rank)
    items = "; ".join(f"{p.rank} {p.name}: {p.x:.0f} by {p.y:.0f}" for p in ordered)
    return (
        f"Risk matrix of {_plural(len(points), 'technology')}, {x_name} (across, 0-100) against {y_name} "
        f"(up, 0-100), colour the tier, bubble size the scale of deployment: {items}."
    )


def rights_alt(rows: list[RightRow]) -> str:
    """Each right's mean exposure and the technology that exposes it most."""
    items = "; ".join(f"{r.label}: mean {r.mean:.0f}, worst {r.worst:.0f} ({r.worst_name})" for r in rows)
    return f"Exposure of {_plural(len(rows), 'right')} across the technologies, 0-100, highest mean first: {items}."


def profile_alt(view: ProfileView, subject: str) -> str:
    """The level per criterion of each series ('4 -> 3' where the second series differs)."""
    shape = "Radar chart" if view.kind == "radar" else "Bar chart"
    names = " and ".join(s.name.lower() for s in view.series)
    items = []
    for j, label in enumerate(view.labels):
        values = [s.values[j] for s in view.series]
        if all(v is None for v in values):
            items.append(f"{label.removesuffix(NO_LEVEL)}: {NO_LEVEL.strip(' ()')}")
            continue
        shown = [number(v) if v is not None else "n/a" for v in values]
        items.append(f"{label} {' -> '.join(dict.fromkeys(shown))}")
    return (
        f"{shape} of {subject}: {names} level per criterion on a scale of {number(view.floor)} to "
        f"{number(view.ceiling)}: {'; '.join(items)}."
    )
