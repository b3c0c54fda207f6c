"""The briefing's formats, one table: what each is called, its file type and the renderer that builds it from the
briefing's blocks. The app's format choice, `brief --format` and the workspace's record all read this table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.core.scoring import Scores
from dashboard.render.document import BriefingOptions


def _pdf(scores: Scores, options: BriefingOptions) -> bytes:
    from dashboard.render.pdf import build_briefing

    return build_briefing(scores, options)


def _docx(scores: Scores, options: BriefingOptions) -> bytes:
    from dashboard.render.docx import build_docx  # python-docx and Typst load only for a Word briefing

    return build_docx(scores, options)


@dataclass(frozen=True)
class BriefingFormat:
    name: str  # as `brief --format` and the workspace record name it
    label: str  # as the app offers it
    extension: str
    mime: str
    build: Callable[[Scores, BriefingOptions], bytes]


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
