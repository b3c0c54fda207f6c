"""The PDF briefing: cover, executive summary, overview figures, one section per technology, annexes.

A fresh document per call; returns bytes. With a fixed `date`, the same inputs give the same bytes. The sections
(`dashboard/briefing/sections`) first declare what they number, so references resolve before any page is drawn.
"""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, PageTemplate

from dashboard.core.scoring import Scores, subset
from dashboard.render.pdf.context import BriefingOptions, Context
from dashboard.render.pdf.layout import MARGIN, PAGE_H, TEXT_W, Doc, numbered_canvas, styles
from dashboard.render.pdf.sections import SECTIONS

__all__ = ["BriefingOptions", "build_briefing"]


def build_briefing(scores: Scores, options: BriefingOptions | None = None) -> bytes:
    options = options or BriefingOptions()
    total = len(scores.compiled.tech_ids)
    if options.technologies:
        scores = subset(scores, options.technologies)
    data, rubric = scores.compiled.data, scores.rubric
    ctx = Context(
        scores=scores,
        options=options,
        date=options.date or dt.date.today().isoformat(),
        title=options.title or data.meta.title,
        total=total,
        styles=styles(),
    )
    for section in SECTIONS:
        section.declare(ctx)
    story: list[Flowable] = []
    for section in SECTIONS:
        story += section.render(ctx)
    if missing := ctx.numbering.unrendered():
        raise RuntimeError(f"declared but never rendered: {', '.join(missing)}")

    buf = io.BytesIO()
    doc = Doc(
        buf,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=ctx.title,
        author=options.author or ", ".join(data.meta.authors),
        subject=f"Civil-liberties risk briefing: {data.meta.title}"
        + (f" ({options.provenance})" if options.provenance else ""),
        creator="civil-liberties dashboard",
        keywords=f"{rubric.id} {rubric.version}; {options.marking}",
        invariant=1,
        lang="en",
    )
    frame = Frame(MARGIN, 18 * mm, TEXT_W, PAGE_H - 34 * mm, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=numbered_canvas(options.marking, ctx.title, ctx.date))
    return buf.getvalue()
