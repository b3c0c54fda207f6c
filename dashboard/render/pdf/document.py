"""The PDF briefing: the renderer-neutral briefing (render/document) laid out by reportlab.

A fresh document per call; returns bytes. With a fixed `date`, the same inputs give the same bytes.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Frame, PageTemplate

from dashboard.core.scoring import Scores
from dashboard.render.document import BriefingOptions, Document, briefing_document
from dashboard.render.pdf.blocks import Renderer
from dashboard.render.pdf.layout import MARGIN, PAGE_H, TEXT_W, Doc, numbered_canvas, styles

__all__ = ["BriefingOptions", "build_briefing", "render_pdf"]


def build_briefing(scores: Scores, options: BriefingOptions | None = None) -> bytes:
    """The briefing of `scores` as PDF bytes."""
    return render_pdf(briefing_document(scores, options))


def render_pdf(document: Document) -> bytes:
    meta = document.metadata
    story = Renderer(styles()).story(document.blocks)
    buf = io.BytesIO()
    doc = Doc(
        buf,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        creator="civil-liberties dashboard",
        keywords=meta.keywords,
        invariant=1,
        lang=meta.language,
    )
    frame = Frame(MARGIN, 18 * mm, TEXT_W, PAGE_H - 34 * mm, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=numbered_canvas(meta.marking, meta.title, meta.date))
    return buf.getvalue()
