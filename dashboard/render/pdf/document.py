"""The PDF briefing: the renderer-neutral briefing (render/document) set by Typst as a tagged PDF/UA-1.

A fresh document per call; returns bytes. With a fixed `date`, the same inputs give the same bytes. Typst's
compiler is inside its wheel and reads only the fonts named here (the shipped ones, DejaVu from matplotlib, and
those inside the wheel): nothing is downloaded and no system font changes the result.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

import typst

from dashboard.core.scoring import Scores
from dashboard.render.document import BriefingOptions, Document, briefing_document
from dashboard.render.pdf.fonts import MPL_FONTS, SHIPPED
from dashboard.render.pdf.markup import markup
from dashboard.render.progress import Watcher, done, report

__all__ = ["BriefingOptions", "build_briefing", "render_pdf"]

TEMPLATE = Path(__file__).with_name("briefing.typ")
SHORT_TITLE = 80  # characters of the title in the footer


@cache
def _fonts() -> typst.Fonts:
    """The fonts Typst may use, read once per process."""
    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(MPL_FONTS), str(SHIPPED)]
    )


@cache
def _template() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def build_briefing(scores: Scores, options: BriefingOptions | None = None, watcher: Watcher | None = None) -> bytes:
    """The briefing of `scores` as PDF bytes; `watcher` hears each step start (render/progress.py)."""
    pdf = render_pdf(briefing_document(scores, options, watcher), watcher=watcher)
    done(watcher)
    return pdf


def typst_source(document: Document) -> tuple[str, dict[str, str]]:
    """The document as Typst source and the inputs it reads (its strings, metadata and figures)."""
    meta = document.metadata
    body = markup(document.blocks)
    day = dt.date.fromisoformat(meta.date)
    title = meta.title if len(meta.title) <= SHORT_TITLE else meta.title[: SHORT_TITLE - 3] + "..."
    info = {
        "title": meta.title,
        "short_title": title,
        "author": meta.author,
        "subject": meta.subject,
        "keywords": meta.keywords,
        "marking": meta.marking,
        "review": meta.review,
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }
    inputs = {"strings": json.dumps(body.strings), "meta": json.dumps(info)} | body.figures
    return _template() + "\n".join(body.lines) + "\n", inputs


def render_pdf(document: Document, *, tagged: bool = True, watcher: Watcher | None = None) -> bytes:
    """The document as PDF bytes: tagged to PDF/UA-1, or (`tagged=False`, to measure what tagging costs) untagged."""
    report(watcher, "pdf_figures")
    source, inputs = typst_source(document)
    report(watcher, "pdf_layout")
    day = dt.datetime.fromisoformat(document.metadata.date).replace(tzinfo=dt.UTC)
    compiler = typst.Compiler(font_paths=_fonts(), ignore_system_fonts=True)
    pdf = compiler.compile(
        source.encode("utf-8"),
        format="pdf",
        sys_inputs=inputs,
        pdf_standards=["ua-1"] if tagged else [],
        pdf_tags=tagged,
        timestamp=day,
    )
    assert isinstance(pdf, bytes)
    return pdf
