"""The briefing as a Word document, rendered from the same blocks as the PDF:
`build_docx(scores, BriefingOptions(...)) -> bytes`. With a fixed date, the same inputs give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from typing import cast

import docx
from docx.document import Document as DocxDocument
from docx.opc.packuri import PackURI
from docx.opc.phys_pkg import PhysPkgWriter
from docx.opc.pkgwriter import PackageWriter

from dashboard.core.scoring import Scores
from dashboard.render.document import BriefingOptions, Document, briefing_document
from dashboard.render.docx import figures
from dashboard.render.docx.blocks import Renderer
from dashboard.render.docx.styles import set_up
from dashboard.render.progress import Watcher, done, report

__all__ = ["BriefingOptions", "build_docx", "render_docx"]


def build_docx(scores: Scores, options: BriefingOptions | None = None, watcher: Watcher | None = None) -> bytes:
    """The briefing of `scores` as .docx bytes; `watcher` hears each step start (render/progress.py)."""
    document = briefing_document(scores, options, watcher)
    report(watcher, "docx_body")
    out = render_docx(document)
    done(watcher)
    return out


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
    # The figures are drawn first and rasterised in the background (Typst lets go of Python's lock while it
    # works) as the next ones are drawn and the body is written: on two cores the rasterising then costs little.
    with ThreadPoolExecutor(max_workers=1) as pool:
        batches = [pool.submit(figures.pngs, batch) for batch in renderer.draw_figures(document.blocks)]
        for block in document.blocks:
            renderer.render(block)
        renderer.finish([image for batch in batches for image in batch.result()])
    return _package(out, day)


def _package(doc: DocxDocument, day: dt.datetime) -> bytes:
    """The package as python-docx saves it, with every member dated the briefing's day: a zip records each
    member's time of writing, which would make two builds of the same briefing differ. Written once, rather than
    saved and then copied with new dates, which compressed a megabyte of images twice."""
    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as target:
        # Typed as python-docx's own zip writer, whose `write` (all the package writer calls) ours replaces.
        writer = cast(PhysPkgWriter, _DatedWriter(target, (day.year, day.month, day.day, 0, 0, 0)))
        # python-docx's own order and content (PackageWriter.write), into a writer that dates each member.
        PackageWriter._write_content_types_stream(writer, package.parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, package.parts)
    return buf.getvalue()


class _DatedWriter:
    """What python-docx's package writer writes through: each member under its name, with one date."""

    def __init__(self, target: zipfile.ZipFile, stamp: tuple[int, int, int, int, int, int]) -> None:
        self.target, self.stamp = target, stamp

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        member = zipfile.ZipInfo(pack_uri.membername, date_time=self.stamp)
        member.compress_type = zipfile.ZIP_DEFLATED
        self.target.writestr(member, blob)
