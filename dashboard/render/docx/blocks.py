"""The briefing's blocks as a Word document (python-docx): Word's own heading styles (so the navigation pane and a
table of contents work), real tables whose header row repeats on every page, each figure an image with its
alternative text followed by the figure's data as a table, and the scripts marked so Word shapes and orders them:
Urdu runs right to left in an Arabic-script font, Chinese in a CJK font.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.shared import Mm, Pt, RGBColor

from dashboard.render.document import blocks as B
from dashboard.render.docx import figures, wordml
from dashboard.render.docx.scripts import ARABIC, script_runs
from dashboard.render.docx.styles import FIGURE_DATA, ROLE_STYLE, TEXT_WIDTH_MM
from dashboard.render.pdf.svg import Svg, figure_svg

PT_PER_MM = 72 / 25.4
WIDE = 9  # columns a data table can have on an A4 page before its rows are written as lists


def _colour(hex_colour: str) -> str:
    return str(RGBColor.from_string(hex_colour.lstrip("#").upper()))


def _widths(widths: tuple[float | None, ...]) -> list[float]:
    fixed = sum(w for w in widths if w is not None)
    rest = [w for w in widths if w is None]
    share = (TEXT_WIDTH_MM - fixed) / len(rest) if rest else 0.0
    return [w if w is not None else share for w in widths]


@dataclass(frozen=True)
class _Picture:
    """A figure's place in the body, waiting for its image."""

    width_mm: float
    alt: str


class Renderer:
    """Writes blocks, in order, as the body of one python-docx document: `draw_figures` first, then `render` for
    each block, which collects the body's XML as text (wordml.py), and `finish`, which parses it into the document
    and puts the figures' images in their places."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self.body: list[str] = []
        self.drawings: deque[Svg | None] = deque()  # each figure's drawing, in the blocks' order
        self.pictures: list[_Picture] = []  # in the order of their places in the body
        self.pending_data: list[tuple[str, Any]] = []  # a figure's data table, written after its caption
        self.style_ids: dict[str, str] = {}

    # ------------------------------------------------------------------------------------------------ text

    def style_id(self, name: str) -> str:
        """A style's id, looked up once: python-docx resolves a style by name through every style in the
        document on each lookup, which made a briefing's 3,000 paragraphs take seconds."""
        if name not in self.style_ids:
            self.style_ids[name] = self.doc.styles[name].style_id
        return self.style_ids[name]

    def paragraph_xml(self, style: str, parts: tuple[B.Inline, ...], bold: bool = False) -> str:
        """A paragraph in a style, its text split into runs by script."""
        runs = []
        for part in parts:
            if isinstance(part, B.Break):
                runs.append(wordml.LINE_BREAK)
                continue
            text, run_bold, colour = (
                (part, bold, None) if isinstance(part, str) else (part.text, part.bold, part.colour)
            )
            for piece, script in script_runs(text):
                runs.append(wordml.run(piece, bold=run_bold, colour=_colour(colour) if colour else None, script=script))
        # A paragraph that is mostly Urdu reads right to left as a whole.
        plain = "".join(p if isinstance(p, str) else p.text for p in parts if not isinstance(p, B.Break))
        arabic = 0 if plain.isascii() else sum(len(m.group(0)) for m in ARABIC.finditer(plain))
        rtl = bool(plain) and arabic * 2 > len(plain.strip())
        return wordml.paragraph(self.style_id(style), "".join(runs), right_to_left=rtl)

    def paragraph(self, p: B.Paragraph) -> str:
        return self.paragraph_xml(ROLE_STYLE[p.role], p.parts, bold=p.role == "cell_header")

    # ------------------------------------------------------------------------------------------------ blocks

    def render(self, block: B.Block) -> None:
        if not isinstance(block, B.Caption):
            self.flush_data()
        if isinstance(block, B.Paragraph):
            self.body.append(self.paragraph(block))
        elif isinstance(block, B.Heading):
            self.body.append(self.paragraph_xml(f"Heading {block.level if not block.cover else 1}", (block.text,)))
        elif isinstance(block, B.Caption):
            self.body.append(self.paragraph_xml("Caption", (block.text,)))
            self.flush_data()
        elif isinstance(block, B.Bullets):
            self.body += [self.paragraph_xml("List Bullet", item.parts) for item in block.items]
        elif isinstance(block, B.Table):
            self.table(block.rows, _widths(block.widths), header=block.header)
        elif isinstance(block, B.Figure):
            self.figure(block)
        elif isinstance(block, B.Space):
            self.body.append(wordml.space(Pt(block.mm * PT_PER_MM)))
        elif isinstance(block, B.PageBreak):
            self.body.append(wordml.PAGE_BREAK)
        elif isinstance(block, B.KeepTogether):
            for inner in block.blocks:
                self.render(inner)
        elif isinstance(block, B.NeedSpace):
            pass  # Word keeps a heading with what follows (its heading styles' "keep with next")
        else:
            raise TypeError(f"no Word rendering for {type(block).__name__}")

    def table(self, rows: tuple[tuple[B.Paragraph, ...], ...], widths: list[float], header: bool) -> None:
        cells = ([self.paragraph(cell) for cell in row] for row in rows)
        self.body.append(wordml.table(self.style_id("Table Grid"), widths, cells, header=header))

    def draw_figures(self, blocks: tuple[B.Block, ...]) -> Iterator[list[Svg]]:
        """Every figure of `blocks` drawn before the body is written, so that their images can be rasterised while
        it is: the drawings to rasterise, in order, in batches of `figures.BATCH` as they are drawn (a figure with
        nothing to draw has none), so the first batch is rasterised while the next is drawn."""
        self.drawings = deque()
        batch: list[Svg] = []
        for block in _flat(blocks):
            if not isinstance(block, B.Figure):
                continue
            drawing = figure_svg(block, TEXT_WIDTH_MM * PT_PER_MM * block.width)
            self.drawings.append(drawing)
            if drawing is not None:
                batch.append(drawing)
            if len(batch) == figures.BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    def figure(self, block: B.Figure) -> None:
        drawing = self.drawings.popleft()
        if drawing is None:
            return
        self.body.append(wordml.paragraph(self.style_id("Figure"), wordml.PICTURE))
        self.pictures.append(_Picture(TEXT_WIDTH_MM * block.width, block.alt))
        frame = figures.data_frame(block.kind, block.inputs)
        if frame is not None and not frame.empty:
            self.pending_data.append((block.alt, frame))

    def flush_data(self) -> None:
        """The figure's data, after its caption: what a reader who cannot see the image reads instead."""
        for _, frame in self.pending_data:
            self.body.append(wordml.paragraph(self.style_id(FIGURE_DATA), wordml.plain_run("The figure's data:")))
            columns = [str(c) for c in frame.columns]
            records = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
            if len(columns) > WIDE:
                # Too many columns for a page's width (a heatmap of sixteen criteria): one row per item, its
                # values listed as "column: value", which also reads well aloud.
                records = [
                    [row[0], "; ".join(f"{c}: {v}" for c, v in zip(columns[1:], row[1:], strict=True))]
                    for row in records
                ]
                columns = [columns[0], "Values"]
            header = tuple(B.para(c, role="cell_header") for c in columns)
            body = tuple(tuple(B.para(v, role="cell") for v in row) for row in records)
            self.table((header, *body), _content_widths(columns, records), header=True)
        self.pending_data = []

    # ------------------------------------------------------------------------------------------------ the end

    def finish(self, images: list[bytes]) -> None:
        """The collected body into the document, before its section properties, and each figure's image (PNG,
        from `draw_figures`'s drawings) into its place: added to the package in the figures' order, each with its
        alternative text, as python-docx's `add_picture` would."""
        self.flush_data()
        body = self.doc.element.body
        end = body.sectPr
        for element in wordml.parse_body(self.body):
            if end is not None:
                end.addprevious(element)
            else:
                body.append(element)
        self.body = []
        places = body.findall(f"{qn('w:p')}/{qn('w:r')}/{qn('w:drawing')}")
        part = self.doc.part
        shape_id = part.next_id  # python-docx numbers shapes on from the highest id in the document
        # An image already in the package is used again, as python-docx's get_or_add_image does; but python-docx
        # hashes every image part for each new image, which took seconds at 200 technologies.
        image_parts = part.package.image_parts
        known = {image_part.sha1: image_part for image_part in image_parts}
        for place, picture, image_png in zip(places, self.pictures, images, strict=True):
            image = Image.from_blob(image_png)
            image_part = known.get(image.sha1)
            if image_part is None:
                image_part = known[image.sha1] = image_parts._add_image_part(image)
            r_id = part.relate_to(image_part, RT.IMAGE)
            cx, cy = image.scaled_dimensions(Mm(picture.width_mm), None)
            inline = CT_Inline.new_pic_inline(shape_id, r_id, image.filename, cx, cy)
            inline.docPr.set("descr", picture.alt)
            inline.docPr.set("title", picture.alt.split(":")[0])
            place.append(inline)
            shape_id += 1
        self.pictures = []


def _flat(blocks: tuple[B.Block, ...]) -> Iterator[B.Block]:
    """The blocks in the order `render` meets them, those kept together included."""
    for block in blocks:
        if isinstance(block, B.KeepTogether):
            yield from _flat(block.blocks)
        else:
            yield block


def _content_widths(columns: list[str], records: list[list[str]]) -> list[float]:
    """Column widths (mm) from what they hold: a column of short values (ranks, scores, tiers) gets the width its
    longest value needs, and the long ones share the rest in proportion to their content."""
    mm_per_char, padding, narrow = 1.55, 2.5, 30.0
    natural = []
    for j, title in enumerate(columns):
        longest = max([len(w) for w in title.split()] + [len(r[j]) for r in records] + [1])
        natural.append(longest * mm_per_char + padding)
    if sum(natural) <= TEXT_WIDTH_MM:
        return [TEXT_WIDTH_MM * n / sum(natural) for n in natural]
    fixed = {j: n for j, n in enumerate(natural) if n <= narrow}
    rest = TEXT_WIDTH_MM - sum(fixed.values())
    wide = sum(n for j, n in enumerate(natural) if j not in fixed)
    if rest <= 0 or not wide:
        return [TEXT_WIDTH_MM / len(columns)] * len(columns)
    return [fixed[j] if j in fixed else rest * n / wide for j, n in enumerate(natural)]


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return "" if value is None else str(value)
