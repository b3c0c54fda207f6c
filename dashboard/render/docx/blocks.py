"""The briefing's blocks as a Word document (python-docx): Word's own heading styles (so the navigation pane and a
table of contents work), real tables whose header row repeats on every page, each figure an image with its
alternative text followed by the figure's data as a table, and the scripts marked so Word shapes and orders them:
Urdu runs right to left in an Arabic-script font, Chinese in a CJK font.
"""

from __future__ import annotations

import io
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from dashboard.render.document import blocks as B
from dashboard.render.docx import figures
from dashboard.render.docx.scripts import ARABIC, mark_script, script_runs
from dashboard.render.docx.styles import FIGURE_DATA, ROLE_STYLE, TEXT_WIDTH_MM
from dashboard.render.pdf.svg import figure_svg

PT_PER_MM = 72 / 25.4
WIDE = 9  # columns a data table can have on an A4 page before its rows are written as lists
# What follows w:bidi in a paragraph's properties (the schema fixes their order).
_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _colour(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _repeat_header(row: Any) -> None:
    """Mark a table row as the header Word repeats at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)


def _widths(widths: tuple[float | None, ...]) -> list[float]:
    fixed = sum(w for w in widths if w is not None)
    rest = [w for w in widths if w is None]
    share = (TEXT_WIDTH_MM - fixed) / len(rest) if rest else 0.0
    return [w if w is not None else share for w in widths]


class Renderer:
    """Writes blocks into one python-docx document, in order."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self.pending_data: list[tuple[str, Any]] = []  # a figure's data table, written after its caption
        self.style_ids: dict[str, str] = {}

    # ------------------------------------------------------------------------------------------------ text

    def style_id(self, name: str) -> str:
        """A style's id, looked up once: python-docx resolves a style by name through every style in the
        document on each assignment, which made a briefing's 3,000 paragraphs take seconds."""
        if name not in self.style_ids:
            self.style_ids[name] = self.doc.styles[name].style_id
        return self.style_ids[name]

    def new_paragraph(self, style: str, into: Any = None) -> DocxParagraph:
        paragraph: DocxParagraph = (into if into is not None else self.doc).add_paragraph()
        paragraph._p.style = self.style_id(style)
        return paragraph

    def write_parts(self, paragraph: DocxParagraph, parts: tuple[B.Inline, ...], bold: bool = False) -> None:
        for part in parts:
            if isinstance(part, B.Break):
                paragraph.add_run().add_break(WD_BREAK.LINE)
                continue
            text, run_bold, colour = (
                (part, bold, None) if isinstance(part, str) else (part.text, part.bold, part.colour)
            )
            for piece, script in script_runs(text):
                run = paragraph.add_run(piece)
                run.bold = run_bold or None
                if colour:
                    run.font.color.rgb = _colour(colour)
                mark_script(run, script)
        # A paragraph that is mostly Urdu reads right to left as a whole.
        plain = "".join(p if isinstance(p, str) else p.text for p in parts if not isinstance(p, B.Break))
        arabic = sum(len(m.group(0)) for m in ARABIC.finditer(plain))
        if plain and arabic * 2 > len(plain.strip()):
            p_pr = paragraph._p.get_or_add_pPr()
            p_pr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def paragraph(self, p: B.Paragraph, into: Any = None) -> DocxParagraph:
        target = into if into is not None else self.doc
        out: DocxParagraph = self.new_paragraph(ROLE_STYLE[p.role], target)
        self.write_parts(out, p.parts, bold=p.role == "cell_header")
        return out

    # ------------------------------------------------------------------------------------------------ blocks

    def render(self, block: B.Block) -> None:
        if not isinstance(block, B.Caption):
            self.flush_data()
        if isinstance(block, B.Paragraph):
            self.paragraph(block)
        elif isinstance(block, B.Heading):
            heading = self.new_paragraph(f"Heading {block.level if not block.cover else 1}")
            self.write_parts(heading, (block.text,))
        elif isinstance(block, B.Caption):
            caption = self.new_paragraph("Caption")
            self.write_parts(caption, (block.text,))
            self.flush_data()
        elif isinstance(block, B.Bullets):
            for item in block.items:
                bullet = self.new_paragraph("List Bullet")
                self.write_parts(bullet, item.parts)
        elif isinstance(block, B.Table):
            self.table(block.rows, _widths(block.widths), header=block.header)
        elif isinstance(block, B.Figure):
            self.figure(block)
        elif isinstance(block, B.Space):
            self.doc.add_paragraph().paragraph_format.space_after = Pt(block.mm * PT_PER_MM)
        elif isinstance(block, B.PageBreak):
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, B.KeepTogether):
            for inner in block.blocks:
                self.render(inner)
        elif isinstance(block, B.NeedSpace):
            pass  # Word keeps a heading with what follows (its heading styles' "keep with next")
        else:
            raise TypeError(f"no Word rendering for {type(block).__name__}")

    def table(self, rows: tuple[tuple[B.Paragraph, ...], ...], widths: list[float], header: bool) -> DocxTable:
        out = self.doc.add_table(rows=0, cols=len(widths))
        out.style = self.doc.styles["Table Grid"]
        out.alignment = WD_TABLE_ALIGNMENT.CENTER
        out.autofit = False
        for j, width in enumerate(widths):
            out.columns[j].width = Mm(width)  # the grid LibreOffice lays out by; Word reads the cells' widths
        for k, cells in enumerate(rows):
            row = out.add_row()
            if k == 0 and header:
                _repeat_header(row)
            for j, cell in enumerate(cells):
                target = row.cells[j]
                target.width = Mm(widths[j])
                first = target.paragraphs[0]
                first._p.style = self.style_id(ROLE_STYLE[cell.role])
                self.write_parts(first, cell.parts, bold=cell.role == "cell_header")
        return out

    def figure(self, block: B.Figure) -> None:
        width_pt = TEXT_WIDTH_MM * PT_PER_MM * block.width
        drawing = figure_svg(block, width_pt)
        if drawing is None:
            return
        paragraph = self.new_paragraph("Figure")
        run = paragraph.add_run()
        shape = run.add_picture(io.BytesIO(figures.png(drawing)), width=Mm(TEXT_WIDTH_MM * block.width))
        alt = block.alt
        shape._inline.docPr.set("descr", alt)
        shape._inline.docPr.set("title", alt.split(":")[0])
        frame = figures.data_frame(block.kind, block.inputs)
        if frame is not None and not frame.empty:
            self.pending_data.append((alt, frame))

    def flush_data(self) -> None:
        """The figure's data, after its caption: what a reader who cannot see the image reads instead."""
        for _, frame in self.pending_data:
            self.new_paragraph(FIGURE_DATA).add_run("The figure's data:")
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
