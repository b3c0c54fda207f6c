"""Page 1: the marking, the title, the bottom line a minister reads in 30 seconds, then what the briefing rests on."""

from __future__ import annotations

from dashboard import views
from dashboard.render.document.blocks import Block, Bullets, Heading, PageBreak, Space, Table, bold, para
from dashboard.render.document.context import Context
from dashboard.views.messages import JUDGEMENT_NOTE, SCENARIOS
from dashboard.views.summary import bottom_line


def declare(ctx: Context) -> None:
    """The cover numbers nothing."""


def render(ctx: Context) -> list[Block]:
    scores, options = ctx.scores, ctx.options
    rubric, data, scored = scores.rubric, scores.compiled.data, scores.table
    out: list[Block] = [
        Space(10),
        para(options.marking, role="cover_mark"),
        para(ctx.title, role="cover_title"),
        *([para(bold(options.review))] if options.review else []),
        Heading("Bottom line", 2, cover=True),
        Bullets(tuple(para(s) for s in bottom_line(scores, ctx.value_set, ctx.mc, ctx.refs))),
        Heading("About this briefing", 3),
    ]
    weights_changed = {
        cid: w for cid, w in zip(scores.criterion_ids, scores.weights, strict=True) if w != rubric.criterion(cid).weight
    }
    rows = [
        ("Date", ctx.date),
        ("Scope", data.meta.scope or data.meta.title),
        ("Rubric", f"{rubric.title}, version {rubric.version} ({rubric.date})"),
        # The rubric's id is the file's business; a reader needs its version only when the set was written against
        # another one than it is scored with here.
        (
            "Dataset",
            f"{data.meta.title} ({data.meta.date})"
            + (
                f"; written against version {data.meta.rubric.version} of the rubric"
                if data.meta.rubric.version != rubric.version
                else ""
            ),
        ),
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
        Table(
            tuple((para(k, role="cell_header"), para(v, role="cell")) for k, v in rows),
            (45, None),
            header=False,
            zebra=False,
        )
    )
    if data.meta.disclaimer:
        out += [Space(6), para(data.meta.disclaimer, role="small")]
    out.append(PageBreak())
    return out
