"""The briefing as renderer-neutral blocks: headings, paragraphs of text runs, bullet lists, tables, figures drawn
from views, captions and a few layout hints. The sections write these once; each document format (the PDF today) is
a renderer of blocks, so a second format is a new renderer, not a copy of the sections.

Text is plain: a renderer escapes it (user text is data). Emphasis and colour are runs, not markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Run:
    """A stretch of text with its emphasis: bold, or a colour (a tier's swatch)."""

    text: str
    bold: bool = False
    colour: str | None = None  # '#RRGGBB'


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph (user text's own newlines are spaces, as in any paragraph)."""


Inline = str | Run | Break

# Paragraph roles every renderer knows: running text, small print, table cells (plain and header), captions, and
# the cover's marking and title.
ROLES = ("body", "small", "cell", "cell_header", "caption", "cover_mark", "cover_title")


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Inline, ...]
    role: str = "body"

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return "".join(p if isinstance(p, str) else ("\n" if isinstance(p, Break) else p.text) for p in self.parts)


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 (chapter or annex), 2 (section) or 3 (unnumbered sub-heading). `cover` marks the cover's
    own heading, at the top of the outline but set like a section."""

    text: str
    level: int
    cover: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Table:
    """Rows of cells; the first row is the header when `header` is true (repeated on each page). Widths are in
    millimetres for an A4 page's text width; None takes what the others leave."""

    rows: tuple[tuple[Paragraph, ...], ...]
    widths: tuple[float | None, ...]
    header: bool = True
    zebra: bool = True


@dataclass(frozen=True)
class Figure:
    """A figure drawn from a view: `kind` names the drawing (ranked_bar, heatmap, risk_matrix, rights, radar),
    `inputs` what it draws, `width` its share of the text width, `alt` what it shows in words (views/alt_text.py),
    for readers who cannot see it."""

    kind: str
    inputs: dict[str, Any] = field(default_factory=dict)
    width: float = 1.0
    alt: str = ""


@dataclass(frozen=True)
class Caption:
    """A figure's or table's caption, with its number ('Figure 3.1')."""

    text: str


@dataclass(frozen=True)
class Space:
    mm: float


@dataclass(frozen=True)
class NeedSpace:
    """Start a new page unless this much room (mm) is left: keeps a heading with what follows."""

    mm: float


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class KeepTogether:
    blocks: tuple[Block, ...]


Block = Heading | Paragraph | Bullets | Table | Figure | Caption | Space | NeedSpace | PageBreak | KeepTogether


def para(*parts: Inline, role: str = "body") -> Paragraph:
    """A paragraph of plain text and runs."""
    return Paragraph(tuple(p for p in parts if p != ""), role)


def bold(text: str) -> Run:
    return Run(text, bold=True)


def header_row(*titles: str) -> tuple[Paragraph, ...]:
    return tuple(para(t, role="cell_header") for t in titles)


def cells(*texts: str) -> tuple[Paragraph, ...]:
    return tuple(para(t, role="cell") for t in texts)


@dataclass(frozen=True)
class Metadata:
    """What a renderer writes into the file's properties and running heads."""

    title: str
    author: str
    subject: str
    keywords: str
    marking: str
    date: str
    language: str = "en"
    review: str = ""  # the review status, on every page's head and in the file's properties


@dataclass(frozen=True)
class Document:
    metadata: Metadata
    blocks: tuple[Block, ...]
