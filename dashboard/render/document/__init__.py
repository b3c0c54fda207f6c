"""The briefing as a renderer-neutral document: `briefing_document(scores, options) -> Document` of blocks.

The sections (`sections/`) first declare what they number, so references resolve before any block is written; then
each writes its blocks. Every document format renders the same blocks: the same text, numbers, figures and citation
numbers (the PDF renderer is `dashboard/render/pdf`).
"""

from __future__ import annotations

import datetime as dt

from dashboard.core.scoring import Scores, subset
from dashboard.render.document.blocks import Block, Document, Metadata
from dashboard.render.document.context import BriefingOptions, Context
from dashboard.render.document.sections import SECTION_NAMES, SECTIONS
from dashboard.render.progress import Watcher, report

__all__ = ["BriefingOptions", "Document", "briefing_document"]


def briefing_document(
    scores: Scores, options: BriefingOptions | None = None, watcher: Watcher | None = None
) -> Document:
    """The briefing's blocks; `watcher` hears each section start (render/progress.py)."""
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
    )
    for section in SECTIONS:
        section.declare(ctx)
    blocks: list[Block] = []
    for name, section in zip(SECTION_NAMES, SECTIONS, strict=True):
        report(watcher, name)
        blocks += section.render(ctx)
    if missing := ctx.numbering.unrendered():
        raise RuntimeError(f"declared but never rendered: {', '.join(missing)}")
    metadata = Metadata(
        title=ctx.title,
        author=options.author or ", ".join(data.meta.authors),
        subject=f"Civil-liberties risk briefing: {data.meta.title}"
        + (f" ({options.provenance})" if options.provenance else "")
        + (f"; {options.review}" if options.review else ""),
        keywords=f"{rubric.id} {rubric.version}; {options.marking}" + (f"; {options.review}" if options.review else ""),
        marking=options.marking,
        date=ctx.date,
        review=options.review or "",
    )
    return Document(metadata, tuple(blocks))
