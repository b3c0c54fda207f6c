"""The annexes: the methodology in the rubric's words, the rubric itself, and the numbered source register."""

from __future__ import annotations

from dashboard.render.document.blocks import Block, Heading, Table, cells, header_row, para
from dashboard.render.document.context import Context
from dashboard.views.messages import RELIABILITY_NOTE
from dashboard.views.method_rules import tier_bound_text
from dashboard.views.raters import note_paragraphs
from dashboard.views.register import check_text
from dashboard.words import say


def declare(ctx: Context) -> None:
    n = ctx.numbering
    n.annex("annex:method", "Methodology")
    n.annex("annex:rubric", "The rubric")
    n.annex("annex:sources", "Source register")


def render(ctx: Context) -> list[Block]:
    rubric = ctx.scores.rubric
    out: list[Block] = [ctx.heading("annex:method", 1)]
    out += [para(" ".join(text.split())) for text in rubric.methodology.strip().split("\n\n")]
    if ctx.options.rating is not None:  # who rated, how far they agreed, how disagreements were resolved
        out += [Heading(say("rounds.annex_heading"), 3), *(para(t) for t in note_paragraphs(ctx.options.rating))]
    out += [ctx.heading("annex:rubric", 1), Heading("Scale", 3)]
    rows = [header_row("Level", "Label", "Meaning")]
    rows += [cells(str(lv.value), lv.label, lv.meaning) for lv in rubric.scale.levels]
    out.append(Table(tuple(rows), (15, 25, None)))
    out.append(Heading("Criteria", 3))
    rows = [header_row("Criterion", "Group", "Weight", "Question and rights")]
    for c in rubric.criteria:
        rights = "; ".join(f"{rubric.right(r).instrument} {rubric.right(r).article}" for r in c.rights)
        rows.append(cells(c.name, rubric.group(c.group).name, f"{c.weight:g}", f"{c.question} Rights: {rights}."))
    out.append(Table(tuple(rows), (38, 32, 13, None)))
    out.append(Heading("Tiers and red lines", 3))
    rows = [header_row("Tier", "Threshold", "Meaning")]
    rows += [cells(t.label, tier_bound_text(rubric, t), t.description) for t in rubric.tiers.levels]
    out.append(Table(tuple(rows), (25, 20, None)))
    if rubric.red_lines:
        rows = [header_row("Red line", "At least", "Instrument")]
        rows += [cells(rl.reason, rubric.tier(rl.tier).label, rl.instrument) for rl in rubric.red_lines]
        out.append(Table(tuple(rows), (None, 20, 65)))
    if rubric.safeguards:
        out.append(Heading("Safeguards catalogue", 3))
        rows = [header_row("Safeguard", "Requires", "Standard")]
        rows += [cells(sg.name, sg.requires, sg.standard) for sg in rubric.safeguards]
        out.append(Table(tuple(rows), (38, None, 60)))
    return out + _register(ctx)


def _register(ctx: Context) -> list[Block]:
    numbers = ctx.source_numbers
    rows = [header_row("No.", "Source", "Type", "Grade", "Address", say("register.annex_checked"))]
    rows += [
        cells(
            f"[{numbers[s.id]}]",
            f"{s.title}. {s.publisher}, {s.date or 'no date'}.",
            s.type,
            s.reliability,
            s.url or s.reference,
            check_text(s),
        )
        for s in sorted(ctx.scores.compiled.data.sources, key=lambda s: numbers[s.id])
    ]
    return [
        ctx.heading("annex:sources", 1),
        # 174 mm of text width: the check (a date and a short finding) takes what the type and address gave up, and
        # the source's own words keep about 60 mm, so a title still runs to two or three lines, not eight.
        Table(tuple(rows), REGISTER_WIDTHS),
        para(RELIABILITY_NOTE, role="caption"),
    ]


REGISTER_WIDTHS = (12, None, 24, 13, 36, 32)
