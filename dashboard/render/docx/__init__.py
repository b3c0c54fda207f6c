"""The briefing as a Word document, rendered from the same blocks as the PDF:
`build_docx(scores, BriefingOptions(...)) -> bytes`. With a fixed date, the same inputs give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx

from dashboard.core.scoring import Scores
from dashboard.render.document import BriefingOptions, Document, briefing_document
from dashboard.render.docx.blocks import Renderer
from dashboard.render.docx.styles import set_up

__all__ = ["BriefingOptions", "build_docx", "render_docx"]


def build_docx(scores: Scores, options: BriefingOptions | None = None) -> bytes:
    """The briefing of `scores` as .docx bytes."""
    return render_docx(briefing_document(scores, options))


def render_docx(document: Document) -> bytes:
    meta = document.metadata
    out = docx.Document()
    set_up(out, meta)
    props = out.core_properties
    day = dt.datetime.fromisoformat(meta.date).replace(tzinfo=dt.UTC)
    props.title, props.author, props.subject, props.keywords = meta.title, meta.author, meta.subject, meta.keywords
    props.language, props.created, props.modified, props.revision = meta.language, day, day, 1
    props.last_modified_by, props.comments = meta.author, ""
    props.content_status = meta.review
    renderer = Renderer(out)
    for block in document.blocks:
        renderer.render(block)
    renderer.finish()
    buf = io.BytesIO()
    out.save(buf)
    return _fixed_times(buf.getvalue(), day)


def _fixed_times(package: bytes, day: dt.datetime) -> bytes:
    """The same package with every member dated the briefing's day: a zip records each member's time of writing,
    which would make two builds of the same briefing differ."""
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(package))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return buf.getvalue()
