"""The overview: ranking, heatmap, risk matrix and rights charts, the safeguards that remove the most risk, and how
robust the ranking is. Each chart draws the same view data as the dashboard's."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from dashboard import views
from dashboard.render.pdf import figures
from dashboard.render.pdf.context import Context
from dashboard.render.pdf.fonts import markup
from dashboard.render.pdf.layout import CHART_ROWS, TEXT_W, table


def declare(ctx: Context) -> None:
    n = ctx.numbering
    n.chapter("overview", "Overview")
    n.section("sec:ranking", "Ranking", "overview")
    n.figure("fig:ranking")
    n.section("sec:heatmap", "Technologies by criterion", "overview")
    n.figure("fig:heatmap")
    if ctx.scores.rubric.aggregation.axes:
        n.section("sec:matrix", "Risk matrix", "overview")
        n.figure("fig:matrix")
    if not ctx.scores.rights_summary().empty:
        n.section("sec:rights", "Rights at risk", "overview")
        n.figure("fig:rights")
    n.section("sec:safeguards", "Safeguards that remove the most risk", "overview")
    n.table("tab:safeguards")
    n.section("sec:robustness", "How robust is the ranking", "overview")
    n.table("tab:robustness")


def render(ctx: Context) -> list[Flowable]:
    scores, P, n = ctx.scores, ctx.P, ctx.numbering
    rubric = scores.rubric
    ids = list(scores.table["id"])
    chunks = [ids[i : i + CHART_ROWS] for i in range(0, len(ids), CHART_ROWS)]
    out: list[Flowable] = [ctx.heading("overview", "H1"), ctx.heading("sec:ranking", "H2")]

    def chunked(draw: Callable, key: str, caption: str) -> None:
        # Long lists of technologies are drawn in page-sized parts, each with its caption.
        for k, part in enumerate(chunks):
            out.append(draw(scores, TEXT_W, part))
            out.append(ctx.caption(key, caption, f" (part {k + 1} of {len(chunks)})" if len(chunks) > 1 else ""))

    chunked(
        figures.ranked_bar,
        "fig:ranking",
        "Risk score per technology, highest first, coloured and "
        "labelled by tier; whiskers show the low-high range from uncertain or missing levels.",
    )
    out += [CondPageBreak(90 * mm), ctx.heading("sec:heatmap", "H2")]
    chunked(figures.heatmap, "fig:heatmap", views.heatmap_caption(views.heatmap(scores, [])))
    if n.has("fig:matrix") and rubric.aggregation.axes:
        x, y = rubric.aggregation.axes
        out += [
            CondPageBreak(110 * mm),
            ctx.heading("sec:matrix", "H2"),
            figures.risk_matrix(scores, TEXT_W * 0.8),
            ctx.caption(
                "fig:matrix",
                f"{markup(x.name)} against {markup(y.name)}; numbers are ranks, bubble size is scale of deployment, "
                "colour the tier; dotted lines mark the bands.",
            ),
        ]
    if n.has("fig:rights"):
        out += [
            CondPageBreak(90 * mm),
            ctx.heading("sec:rights", "H2"),
            figures.rights_chart(scores, TEXT_W),
            ctx.caption(
                "fig:rights",
                "Mean exposure of each right across the technologies (bar) and the worst technology (diamond), 0-100.",
            ),
        ]
    out += [CondPageBreak(60 * mm), ctx.heading("sec:safeguards", "H2")]
    rows = [[P(h, "cellb") for h in ("Safeguard", "Points removed (total)", "Technologies", "Tier changes")]]
    rows += [
        [
            P(markup(r.name), "cell"),
            P(f"{r.total:.1f}", "cell"),
            P(str(r.technologies), "cell"),
            P(str(r.tier_changes), "cell"),
        ]
        for r in ctx.value_set.itertuples()
    ]
    out.append(table(rows, [TEXT_W - 75 * mm, 30 * mm, 25 * mm, 20 * mm]))
    out.append(
        ctx.caption(
            "tab:safeguards",
            "For each safeguard not yet fully in place: points of risk it would remove across the "
            "technologies if put in place, and how many technologies would drop a tier.",
        )
    )
    out += [CondPageBreak(60 * mm), ctx.heading("sec:robustness", "H2")]
    out += _robustness(ctx)
    return out + [PageBreak()]


def _robustness(ctx: Context) -> list[Flowable]:
    P, rubric, mc = ctx.P, ctx.scores.rubric, ctx.mc
    heads = ("Technology", "Most likely tier", "Share of draws", "Rank (90% of draws)", "Score p5-p95")
    rows = [[P(h, "cellb") for h in heads]]
    for tid in ctx.scores.table["id"]:
        probs = mc.tier_probability.loc[tid]
        lo, hi = mc.rank_interval(tid)
        q = mc.score_quantiles.loc[tid]
        rows.append(
            [
                P(markup(ctx.names[tid]), "cell"),
                P(markup(rubric.tier(str(probs.idxmax())).label if probs.sum() else "Not rated"), "cell"),
                P(f"{probs.max():.0%}" if probs.sum() else "-", "cell"),
                P(f"{lo}" if lo == hi else f"{lo}-{hi}", "cell"),
                P("-" if q.isna().any() else f"{q['p5']:.0f}-{q['p95']:.0f}", "cell"),
            ]
        )
    return [
        table(rows, [TEXT_W - 100 * mm, 27 * mm, 22 * mm, 28 * mm, 23 * mm]),
        ctx.caption(
            "tab:robustness",
            f"Monte Carlo over {mc.draws:,} draws (seed {mc.seed}): weights varied by "
            f"+/-{mc.weight_spread:.0%}, ranged levels drawn within their ranges.",
        ),
    ]
