"""The executive summary: key judgements generated from the scores, and what changed since the last briefing."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from dashboard.render.pdf.context import Context
from dashboard.render.pdf.fonts import markup
from dashboard.render.pdf.layout import bullets
from dashboard.views.changes import ChangesSince, change_lines
from dashboard.views.summary import key_judgements


def declare(ctx: Context) -> None:
    ctx.numbering.chapter("summary", "Executive summary")


def render(ctx: Context) -> list[Flowable]:
    P = ctx.P
    out: list[Flowable] = [
        ctx.heading("summary", "H1"),
        P(
            "Key judgements, generated from the scores in this document; each points to where its figures are shown.",
            "small",
        ),
        bullets([P(markup(s)) for s in key_judgements(ctx.scores, ctx.value_set, ctx.mc, ctx.refs)]),
    ]
    if ctx.options.changes is not None:
        out += _changes(ctx, ctx.options.changes)
    out.append(PageBreak())
    return out


def _changes(ctx: Context, changes: ChangesSince) -> list[Flowable]:
    P, rubric = ctx.P, ctx.scores.rubric
    labels = {c.id: c.name for c in rubric.criteria} | {g.id: g.name for g in rubric.safeguards}
    why, effect, fields = change_lines(changes, ctx.names, labels)
    out: list[Flowable] = [
        P("Changes since the last briefing", "H2"),
        P(markup(f"Compared with {changes.since}."), "small"),
    ]
    for heading, lines in (("Why (version messages)", why), ("Effect on the scores", effect), ("What changed", fields)):
        if lines:
            out.append(P(markup(heading), "cellb"))
            out.append(bullets([P(markup(line), "small") for line in lines]))
    return out
