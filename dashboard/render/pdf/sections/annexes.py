"""The annexes: the methodology in the rubric's words, the rubric itself, and the numbered source register."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from dashboard.render.pdf.context import Context
from dashboard.render.pdf.fonts import markup
from dashboard.render.pdf.layout import TEXT_W, table
from dashboard.views.method_rules import tier_bound_text


def declare(ctx: Context) -> None:
    n = ctx.numbering
    n.annex("annex:method", "Methodology")
    n.annex("annex:rubric", "The rubric")
    n.annex("annex:sources", "Source register")


def render(ctx: Context) -> list[Flowable]:
    P, rubric = ctx.P, ctx.scores.rubric
    out: list[Flowable] = [ctx.heading("annex:method", "H1")]
    out += [P(markup(" ".join(para.split()))) for para in rubric.methodology.strip().split("\n\n")]
    out += [ctx.heading("annex:rubric", "H1"), P("Scale", "H3")]
    out.append(
        table(
            [[P(h, "cellb") for h in ("Level", "Label", "Meaning")]]
            + [
                [P(str(lv.value), "cell"), P(markup(lv.label), "cell"), P(markup(lv.meaning), "cell")]
                for lv in rubric.scale.levels
            ],
            [15 * mm, 25 * mm, TEXT_W - 40 * mm],
        )
    )
    out.append(P("Criteria", "H3"))
    rows = [[P(h, "cellb") for h in ("Criterion", "Group", "Weight", "Question and rights")]]
    for c in rubric.criteria:
        rights = "; ".join(f"{rubric.right(r).instrument} {rubric.right(r).article}" for r in c.rights)
        rows.append(
            [
                P(markup(c.name), "cell"),
                P(markup(rubric.group(c.group).name), "cell"),
                P(f"{c.weight:g}", "cell"),
                P(markup(f"{c.question} Rights: {rights}."), "cell"),
            ]
        )
    out.append(table(rows, [38 * mm, 32 * mm, 13 * mm, TEXT_W - 83 * mm]))
    out.append(P("Tiers and red lines", "H3"))
    rows = [[P(h, "cellb") for h in ("Tier", "Threshold", "Meaning")]]
    rows += [
        [P(markup(t.label), "cell"), P(markup(tier_bound_text(rubric, t)), "cell"), P(markup(t.description), "cell")]
        for t in rubric.tiers.levels
    ]
    out.append(table(rows, [25 * mm, 15 * mm, TEXT_W - 40 * mm]))
    if rubric.red_lines:
        rows = [[P(h, "cellb") for h in ("Red line", "At least", "Instrument")]]
        rows += [
            [
                P(markup(rl.reason), "cell"),
                P(markup(rubric.tier(rl.tier).label), "cell"),
                P(markup(rl.instrument), "cell"),
            ]
            for rl in rubric.red_lines
        ]
        out.append(table(rows, [TEXT_W - 85 * mm, 20 * mm, 65 * mm]))
    if rubric.safeguards:
        out.append(P("Safeguards catalogue", "H3"))
        rows = [[P(h, "cellb") for h in ("Safeguard", "Requires", "Standard")]]
        rows += [
            [P(markup(sg.name), "cell"), P(markup(sg.requires), "cell"), P(markup(sg.standard), "cell")]
            for sg in rubric.safeguards
        ]
        out.append(table(rows, [38 * mm, TEXT_W - 98 * mm, 60 * mm]))
    return out + _register(ctx)


def _register(ctx: Context) -> list[Flowable]:
    P, numbers = ctx.P, ctx.source_numbers
    rows = [[P(h, "cellb") for h in ("No.", "Source", "Type", "Grade", "Address")]]
    rows += [
        [
            P(f"[{numbers[s.id]}]", "cell"),
            P(markup(f"{s.title}. {s.publisher}, {s.date or 'no date'}."), "cell"),
            P(markup(s.type), "cell"),
            P(markup(s.reliability), "cell"),
            P(markup(s.url or s.reference), "cell"),
        ]
        for s in sorted(ctx.scores.compiled.data.sources, key=lambda s: numbers[s.id])
    ]
    return [
        ctx.heading("annex:sources", "H1"),
        table(rows, [14 * mm, TEXT_W - 106 * mm, 30 * mm, 16 * mm, 46 * mm]),
        P(
            "Reliability: A completely reliable, B usually reliable, C fairly reliable, D not usually "
            "reliable, E unreliable, F cannot be judged. Titles in [brackets] are descriptive.",
            "caption",
        ),
    ]
