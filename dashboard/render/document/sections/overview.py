"""The overview: ranking, heatmap, risk matrix and rights charts, the safeguards that remove the most risk, and how
robust the ranking is. Each chart draws the same view data as the dashboard's."""

from __future__ import annotations

from dashboard import views
from dashboard.render.document.blocks import Block, Figure, NeedSpace, PageBreak, Table, cells, header_row, para
from dashboard.render.document.context import Context
from dashboard.views import alt_text
from dashboard.words import say

CHART_ROWS = 30  # technologies per ranked-bar or heatmap drawing, so each fits on a page
RIGHTS_ROWS = 12  # rights in the rights chart, most exposed first


def declare(ctx: Context) -> None:
    n = ctx.numbering
    n.chapter("overview", "Overview")
    n.section("sec:ranking", "Ranking", "overview")
    n.figure("fig:ranking")
    n.section("sec:heatmap", "Technologies by criterion", "overview")
    n.figure("fig:heatmap")
    if ctx.scores.rubric.aggregation.axes:
        n.section("sec:matrix", "Risk matrix", "overview")
        if views.matrix_points(ctx.scores):
            n.figure("fig:matrix")
    if not ctx.scores.rights_summary().empty:
        n.section("sec:rights", "Rights at risk", "overview")
        n.figure("fig:rights")
    n.section("sec:safeguards", "Safeguards that remove the most risk", "overview")
    n.table("tab:safeguards")
    n.section("sec:robustness", "How robust is the ranking", "overview")
    n.table("tab:robustness")


def render(ctx: Context) -> list[Block]:
    scores, n = ctx.scores, ctx.numbering
    rubric = scores.rubric
    ids = list(scores.table["id"])
    chunks = [ids[i : i + CHART_ROWS] for i in range(0, len(ids), CHART_ROWS)]
    out: list[Block] = [ctx.heading("overview", 1), ctx.heading("sec:ranking", 2)]

    def alt(kind: str, part: list[str]) -> str:
        if kind == "heatmap":
            return alt_text.heatmap_alt(views.heatmap(scores, part))
        return alt_text.ranking_alt(views.ranking(scores, part), len(ids) if len(chunks) > 1 else None)

    def chunked(kind: str, key: str, caption: str) -> None:
        # Long lists of technologies are drawn in page-sized parts, each with its caption.
        for k, part in enumerate(chunks):
            out.append(Figure(kind, {"scores": scores, "ids": part}, alt=alt(kind, part)))
            out.append(ctx.caption(key, caption, f" (part {k + 1} of {len(chunks)})" if len(chunks) > 1 else ""))

    chunked(
        "ranked_bar",
        "fig:ranking",
        "Risk score per technology, highest first, coloured and "
        "labelled by tier; whiskers show the low-high range from uncertain or missing levels.",
    )
    out += [NeedSpace(90), ctx.heading("sec:heatmap", 2)]
    chunked("heatmap", "fig:heatmap", views.heatmap_caption(views.heatmap(scores, [])))
    points = views.matrix_points(scores) if n.has("fig:matrix") else []
    if n.has("sec:matrix") and not n.has("fig:matrix") and rubric.aggregation.axes:
        # An empty plot, unexplained, read as "no risk" (issue 21): say why there is nothing to place instead.
        x, y = rubric.aggregation.axes
        out += [NeedSpace(60), ctx.heading("sec:matrix", 2), para(say("reader.matrix_empty", x=x.name, y=y.name))]
    elif n.has("fig:matrix") and rubric.aggregation.axes:
        x, y = rubric.aggregation.axes
        out += [
            NeedSpace(110),
            ctx.heading("sec:matrix", 2),
            Figure(
                "risk_matrix",
                {"scores": scores},
                width=0.8,
                alt=alt_text.matrix_alt(points, x.name, y.name),
            ),
            ctx.caption(
                "fig:matrix",
                f"{x.name} against {y.name}; numbers are ranks, bubble size is scale of deployment, "
                "colour the tier; dotted lines mark the bands.",
            ),
        ]
    if n.has("fig:rights"):
        out += [
            NeedSpace(90),
            ctx.heading("sec:rights", 2),
            Figure(
                "rights",
                {"scores": scores, "top": RIGHTS_ROWS},
                alt=alt_text.rights_alt(views.rights(scores, RIGHTS_ROWS)),
            ),
            ctx.caption(
                "fig:rights",
                "Mean exposure of each right across the technologies (bar) and the worst technology (diamond), 0-100.",
            ),
        ]
    out += [NeedSpace(60), ctx.heading("sec:safeguards", 2)]
    rows = [header_row("Safeguard", "Points removed (total)", "Technologies", "Tier changes")]
    rows += [
        cells(r.name, f"{r.total:.1f}", str(r.technologies), str(r.tier_changes)) for r in ctx.value_set.itertuples()
    ]
    out.append(Table(tuple(rows), (None, 30, 25, 20)))
    out.append(
        ctx.caption(
            "tab:safeguards",
            "For each safeguard not yet fully in place: points of risk it would remove across the "
            "technologies if put in place, and how many technologies would drop a tier.",
        )
    )
    out += [NeedSpace(60), ctx.heading("sec:robustness", 2)]
    out += _robustness(ctx)
    return out + [PageBreak()]


def _robustness(ctx: Context) -> list[Block]:
    rubric, mc = ctx.scores.rubric, ctx.mc
    rows = [header_row("Technology", "Most likely tier", "Share of draws", "Rank (90% of draws)", "Score p5-p95")]
    for tid in ctx.scores.table["id"]:
        probs = mc.tier_probability.loc[tid]
        lo, hi = mc.rank_interval(tid)
        q = mc.score_quantiles.loc[tid]
        rows.append(
            cells(
                ctx.names[tid],
                rubric.tier(str(probs.idxmax())).label if probs.sum() else "Not rated",
                f"{probs.max():.0%}" if probs.sum() else "-",
                f"{lo}" if lo == hi else f"{lo}-{hi}",
                "-" if q.isna().any() else f"{q['p5']:.0f}-{q['p95']:.0f}",
            )
        )
    return [
        Table(tuple(rows), (None, 27, 22, 28, 23)),
        ctx.caption(
            "tab:robustness",
            f"Monte Carlo over {mc.draws:,} draws (seed {mc.seed}): weights varied by "
            f"+/-{mc.weight_spread:.0%}, ranged levels drawn within their ranges.",
        ),
    ]
