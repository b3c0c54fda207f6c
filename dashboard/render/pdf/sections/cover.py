"""Page 1: the marking, the title, the bottom line a minister reads in 30 seconds, then what the briefing rests on."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from dashboard import views
from dashboard.render.pdf.context import Context
from dashboard.render.pdf.fonts import markup
from dashboard.render.pdf.layout import TEXT_W, bullets, table
from dashboard.views.messages import JUDGEMENT_NOTE, SCENARIOS
from dashboard.views.summary import bottom_line


def declare(ctx: Context) -> None:
    """The cover numbers nothing."""


def render(ctx: Context) -> list[Flowable]:
    scores, options, P = ctx.scores, ctx.options, ctx.P
    rubric, data, scored = scores.rubric, scores.compiled.data, scores.table
    out: list[Flowable] = [
        Spacer(1, 10 * mm),
        P(markup(options.marking), "cover_mark"),
        P(markup(ctx.title), "cover_title"),
    ]
    out.append(P("Bottom line", "Hc"))
    out.append(bullets([P(markup(s)) for s in bottom_line(scores, ctx.value_set, ctx.mc, ctx.refs)]))
    out.append(P("About this briefing", "H3"))
    weights_changed = {
        cid: w for cid, w in zip(scores.criterion_ids, scores.weights, strict=True) if w != rubric.criterion(cid).weight
    }
    rows = [
        ("Date", ctx.date),
        ("Scope", data.meta.scope or data.meta.title),
        ("Rubric", f"{rubric.title}, version {rubric.version} ({rubric.date})"),
        ("Dataset", f"{data.meta.title} ({data.meta.date}); rubric {data.meta.rubric.id} {data.meta.rubric.version}"),
        ("Weight profile", views.profile_name(rubric, scores.profile)),
        (
            "Weights differing from the base",
            ", ".join(f"{rubric.criterion(c).name}: {w:g}" for c, w in weights_changed.items()) or "none",
        ),
        ("Scenario", SCENARIOS[scores.scenario] + (f"; overrides: {scores.overrides}" if scores.overrides else "")),
        ("Technologies", f"{len(scored)} of the {ctx.total} assessed are covered by this briefing"),
        ("Status of the scores", JUDGEMENT_NOTE),
    ]
    if options.provenance:
        rows.insert(4, ("Workspace", options.provenance))
    out.append(
        table(
            [[P(markup(k), "cellb"), P(markup(v), "cell")] for k, v in rows],
            [45 * mm, TEXT_W - 45 * mm],
            header=False,
            zebra=False,
        )
    )
    if data.meta.disclaimer:
        out += [Spacer(1, 6 * mm), P(markup(data.meta.disclaimer), "small")]
    out.append(PageBreak())
    return out
