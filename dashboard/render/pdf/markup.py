"""Blocks -> Typst markup: the PDF's rendering of the renderer-neutral briefing (render/document/blocks.py).

User text is data, never markup: every string goes into a list handed to Typst as JSON (`sys.inputs`), and the
markup only refers to it by number (`#s(12)`), so `#`, `*`, `[`, `$`, `<` or `\\` in a name print as typed and
cannot run as code. The markup itself holds only numbers, validated colours and the template's function names.

Text runs in Arabic script are marked as Urdu and runs in CJK script as Chinese (the tagged PDF's language spans);
heading levels in the structure tree never skip (a level-3 heading under a level-1 heading is tagged H2, set as a
level-3 heading), so the outline reads H1-H3 in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dashboard.render.document import blocks as B
from dashboard.render.pdf.fonts import ARABIC, CJK
from dashboard.render.pdf.svg import figure_svg

PAGE_W_MM, MARGIN_MM = 210.0, 18.0
TEXT_W_PT = (PAGE_W_MM - 2 * MARGIN_MM) * 72 / 25.4
# The tallest figure a page holds with its caption (text height 263 mm less a caption and a heading's room).
MAX_FIGURE_H_PT = 225 * 72 / 25.4
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
SCRIPTS = re.compile(f"(?P<ur>{ARABIC.pattern})|(?P<zh>{CJK.pattern})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


# What a table row's height is estimated from (7.5 pt text): a character's width, generous for DejaVu Sans's wide
# capitals, a line's height, and the tallest row kept whole on one page (two fifths of the text height).
CELL_CHAR_PT, CELL_LINE_PT, CELL_INSET_PT = 5.0, 10.0, 6.0
KEPT_ROW_PT = 0.4 * 263 * 72 / 25.4


def rows_fit(t: B.Table) -> bool:
    """Whether every row of `t` is short enough to be kept whole on a page, by a generous estimate of its height.

    Rows Typst may not break cost it less memory (measured: 0.09 GB less for the 200-technology briefing's 400
    tables), and no row splits across a page break. A row taller than a page that may not break would run off its
    page, so a table with any long cell keeps its rows breakable."""
    fixed = sum(w for w in t.widths if w is not None)
    shared = max(0.0, (PAGE_W_MM - 2 * MARGIN_MM - fixed) / max(1, t.widths.count(None)))
    for row in t.rows:
        for width_mm, cell in zip(t.widths, row, strict=False):
            room = (shared if width_mm is None else width_mm) * 72 / 25.4 - CELL_INSET_PT
            per_line = max(1, int(room / CELL_CHAR_PT))
            # Each line break starts a line; 1.2 allows for the room lines lose to wrapping at word ends.
            lines = sum(1 + int(len(piece) * 1.2 / per_line) for piece in cell.text.split("\n"))
            if lines * CELL_LINE_PT > KEPT_ROW_PT:
                return False
    return True


@dataclass
class Markup:
    """The body's markup and the data it refers to: strings by index, SVG figures by key."""

    lines: list[str] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)
    figures: dict[str, str] = field(default_factory=dict)
    _index: dict[str, int] = field(default_factory=dict)
    _backdrops: dict[str, str] = field(default_factory=dict)  # a figure backdrop's SVG -> its key, one per drawing
    _level: int = 0  # the structure level of the last heading

    def string(self, text: str) -> str:
        """A reference to `text` in the data; user newlines and control characters are spaces."""
        text = _CONTROL.sub(" ", text)
        if (k := self._index.get(text)) is None:
            k = self._index[text] = len(self.strings)
            self.strings.append(text)
        return f"s({k})"

    def text(self, text: str) -> str:
        """Text as content, with its Urdu and Chinese runs marked with their language."""
        out, pos = [], 0
        for m in SCRIPTS.finditer(text):
            if m.start() > pos:
                out.append(self.string(text[pos : m.start()]))
            out.append(f'text(lang: "{m.lastgroup}", {self.string(m.group(0))})')
            pos = m.end()
        if pos < len(text) or not out:
            out.append(self.string(text[pos:]))
        return out[0] if len(out) == 1 else "[" + "".join(f"#{o}" for o in out) + "]"

    def inline(self, parts: tuple[B.Inline, ...]) -> str:
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(self.text(part))
            elif isinstance(part, B.Break):
                out.append("linebreak()")
            else:
                run = self.text(part.text)
                if part.colour and COLOUR.fullmatch(part.colour):
                    run = f'text(fill: rgb("{part.colour}"), {run})'
                out.append(f"strong({run})" if part.bold else run)
        # A lone string or call is passed as it is: a `[#s(k)]` block around it is content Typst keeps apart for
        # each of a briefing's 20,000 cells (a quarter of a GB at 200 technologies), for the same text.
        return out[0] if len(out) == 1 else "[" + "".join(f"#{o}" for o in out) + "]"

    def paragraph(self, p: B.Paragraph) -> str:
        if p.role not in B.ROLES:
            raise ValueError(f"unknown paragraph role {p.role!r}; known: {', '.join(B.ROLES)}")
        return f"{p.role}({self.inline(p.parts)})"

    def heading(self, h: B.Heading) -> str:
        # The cover's heading opens the structure (H1) though it looks like a section; no level is skipped.
        level = 1 if h.cover else min(h.level, self._level + 1)
        self._level = level
        look = 2 if h.cover else h.level
        return f"H({level}, {look}, {self.text(h.text)}, bookmarked: {'true' if look < 3 else 'false'})"

    def table(self, t: B.Table) -> str:
        widths = ", ".join(f"{w}mm" if w is not None else "1fr" for w in t.widths)
        rows = ", ".join("(" + "".join(f"{self.paragraph(c)}," for c in row) + ")" for row in t.rows)
        header, zebra = ("true" if t.header else "false"), ("true" if t.zebra else "false")
        keep = "true" if rows_fit(t) else "false"
        return f"tbl(({widths},), {header}, {zebra}, {keep}, ({rows},))"

    def figure(self, f: B.Figure) -> str | None:
        svg = figure_svg(f, TEXT_W_PT * f.width)
        if svg is None:
            return None
        key = f"fig{len(self.figures)}"
        # A figure taller than a page is shrunk to fit (the sections split long ones into page-sized parts).
        size = f"width: {svg.width:.2f}pt" if svg.height <= MAX_FIGURE_H_PT else f"height: {MAX_FIGURE_H_PT:.2f}pt"
        alt = f"alt: {self.string(f.alt or f.kind)}"
        if svg.layers is None:
            self.figures[key] = svg.text
            return f'fig("{key}", {size}, {alt})'
        backdrop, self.figures[key] = svg.layers
        if (shared := self._backdrops.get(backdrop)) is None:
            shared = self._backdrops[backdrop] = f"backdrop{len(self._backdrops)}"
            self.figures[shared] = backdrop
        return f'fig("{key}", {size}, {alt}, backdrop: "{shared}")'

    def block(self, block: B.Block) -> str | None:
        if isinstance(block, B.Paragraph):
            return self.paragraph(block)
        if isinstance(block, B.Heading):
            return self.heading(block)
        if isinstance(block, B.Caption):
            return f"caption({self.text(block.text)})"
        if isinstance(block, B.Bullets):
            return "bullets(" + "".join(f"{self.paragraph(p)}," for p in block.items) + ")"
        if isinstance(block, B.Table):
            return self.table(block)
        if isinstance(block, B.Figure):
            return self.figure(block)
        if isinstance(block, B.Space):
            return f"v({block.mm}mm)"
        if isinstance(block, B.NeedSpace):
            return f"needspace({block.mm}mm)"
        if isinstance(block, B.PageBreak):
            return "pagebreak(weak: true)"
        if isinstance(block, B.KeepTogether):
            inner = [m for b in block.blocks if (m := self.block(b)) is not None]
            return "block(breakable: false, {" + "; ".join(inner) + "})"
        raise TypeError(f"no PDF rendering for {type(block).__name__}")

    def body(self, blocks: tuple[B.Block, ...]) -> None:
        self.lines += [f"#{m}" for b in blocks if (m := self.block(b)) is not None]


def markup(blocks: tuple[B.Block, ...]) -> Markup:
    """The blocks as Typst markup for the template (briefing.typ), with the data it refers to."""
    out = Markup()
    out.body(blocks)
    return out
