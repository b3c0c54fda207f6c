"""The executive summary: key judgements generated from the scores, and what changed since the last briefing."""

from __future__ import annotations

from dashboard.render.document.blocks import Block, Bullets, Heading, PageBreak, para
from dashboard.render.document.context import Context
from dashboard.views.changes import ChangesSince, change_lines
from dashboard.views.summary import key_judgements


def declare(ctx: Context) -> None:
    ctx.numbering.chapter("summary", "Executive summary")


def render(ctx: Context) -> list[Block]:
    out: list[Block] = [
        ctx.heading("summary", 1),
        para(
            "Key judgements, generated from the scores in this document; each points to where its figures are shown.",
            role="small",
        ),
        Bullets(tuple(para(s) for s in key_judgements(ctx.scores, ctx.value_set, ctx.mc, ctx.refs))),
    ]
    if ctx.options.changes is not None:
        out += _changes(ctx, ctx.options.changes)
    out.append(PageBreak())
    return out


def _changes(ctx: Context, changes: ChangesSince) -> list[Block]:
    rubric = ctx.scores.rubric
    labels = {c.id: c.name for c in rubric.criteria} | {g.id: g.name for g in rubric.safeguards}
    why, effect, fields = change_lines(changes, ctx.names, labels)
    out: list[Block] = [
        Heading("Changes since the last briefing", 2),
        para(f"Compared with {changes.since}.", role="small"),
    ]
    for heading, lines in (("Why (version messages)", why), ("Effect on the scores", effect), ("What changed", fields)):
        if lines:
            out.append(para(heading, role="cell_header"))
            out.append(Bullets(tuple(para(line, role="small") for line in lines)))
    return out
