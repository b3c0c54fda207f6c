"""The briefing's formats, one table: what each is called, its file type and the renderer that builds it from the
briefing's blocks. The app's format choice, `brief --format` and the workspace's record all read this table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from dashboard.core.scoring import Scores
from dashboard.render.document import BriefingOptions
from dashboard.render.progress import Watcher


def _pdf(scores: Scores, options: BriefingOptions, watcher: Watcher | None = None) -> bytes:
    from dashboard.render.pdf import build_briefing

    return build_briefing(scores, options, watcher)


def _docx(scores: Scores, options: BriefingOptions, watcher: Watcher | None = None) -> bytes:
    from dashboard.render.docx import build_docx  # python-docx and Typst load only for a Word briefing

    return build_docx(scores, options, watcher)


class Build(Protocol):
    def __call__(self, scores: Scores, options: BriefingOptions, watcher: Watcher | None = None) -> bytes: ...


@dataclass(frozen=True)
class BriefingFormat:
    name: str  # as `brief --format` and the workspace record name it
    label: str  # as the app offers it
    extension: str
    mime: str
    build: Build  # (scores, options, watcher=None): the bytes; the watcher hears each step start


FORMATS = {
    "pdf": BriefingFormat("pdf", "PDF (tagged, for reading and printing)", ".pdf", "application/pdf", _pdf),
    "docx": BriefingFormat(
        "docx",
        "Word (for editing)",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _docx,
    ),
}
