"""The Word briefing's page and styles: A4 with the PDF's margins, Word's built-in heading, caption, list and table
styles (so Word's navigation pane, table of contents and accessibility checker understand the document), a few
named styles for the briefing's paragraph roles, and the marking in every page's header and footer."""

from __future__ import annotations

from typing import cast

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import ParagraphStyle, StyleFactory
from docx.text.paragraph import Paragraph as DocxParagraph

from dashboard.render.document.blocks import Metadata
from dashboard.render.docx.scripts import ARABIC_FONT, CJK_FONT

PAGE_WIDTH_MM, MARGIN_MM = 210.0, 18.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - 2 * MARGIN_MM
LATIN_FONT = "DejaVu Sans"  # the PDF's face; Word substitutes a sans serif where it is not installed
FIGURE_DATA = "Figure Data"

# The blocks' paragraph roles as Word styles (built-in where Word has one).
ROLE_STYLE = {
    "body": "Normal",
    "small": "Small",
    "cell": "Table Text",
    "cell_header": "Table Heading",
    "caption": "Caption",
    "cover_mark": "Marking",
    "cover_title": "Title",
}


def _fonts(style_element: object, size: float | None = None) -> None:
    """Latin, complex-script and East Asian faces on a style, so every script finds a font."""
    r_pr = style_element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr, face in (
        ("w:ascii", LATIN_FONT),
        ("w:hAnsi", LATIN_FONT),
        ("w:cs", ARABIC_FONT),
        ("w:eastAsia", CJK_FONT),
    ):
        fonts.set(qn(attr), face)


def _paragraph_style(doc: DocxDocument, name: str, size: float, *, bold: bool = False, base: str = "Normal") -> None:
    styles = doc.styles
    # Found or added through the styles element: python-docx's own `name in styles` reads every style's name
    # (twice for each style added), a tenth of the Word briefing's time once its body was written fast.
    internal = BabelFish.ui2internal(name)
    element = styles.element.get_by_name(internal)
    if element is None:
        element = styles.element.add_style_of_type(internal, WD_STYLE_TYPE.PARAGRAPH, False)
    style = cast(ParagraphStyle, StyleFactory(element))  # a paragraph style, found or added as one
    style.base_style = styles[base]
    style.font.size = Pt(size)
    style.font.bold = bold or None
    style.paragraph_format.space_after = Pt(2)


def set_up(doc: DocxDocument, meta: Metadata) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(297)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin, section.bottom_margin = Mm(18), Mm(18)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(9.5)
    normal.paragraph_format.space_after = Pt(4)
    _fonts(normal.element)
    for level, size in ((1, 16), (2, 13), (3, 11)):
        heading = styles[f"Heading {level}"]
        heading.font.name = LATIN_FONT
        heading.font.size = Pt(size)
        heading.font.color.rgb = RGBColor(0x1F, 0x2A, 0x44)
        _fonts(heading.element)
    _fonts(styles["Title"].element)
    styles["Title"].font.name = LATIN_FONT
    _paragraph_style(doc, "Small", 8)
    _paragraph_style(doc, "Table Text", 8)
    _paragraph_style(doc, "Table Heading", 8, bold=True)
    _paragraph_style(doc, "Marking", 14, bold=True)
    _paragraph_style(doc, "Figure", 9.5)
    _paragraph_style(doc, FIGURE_DATA, 8, bold=True)
    styles["Marking"].font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    styles["Marking"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Figure"].paragraph_format.keep_with_next = True
    styles["Figure"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Caption"].font.size = Pt(8)
    _heads(doc, meta)


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A field Word computes when it lays the page out (PAGE, NUMPAGES)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _heads(doc: DocxDocument, meta: Metadata) -> None:
    """The marking at the top and bottom of every page, the title and page number in the footer, as in the PDF."""
    section = doc.sections[0]
    head = section.header.paragraphs[0]
    head.text = meta.marking
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.runs[0].bold = True
    if meta.review:
        section.header.add_paragraph(meta.review).alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run(f"{meta.marking} · {meta.title} · Page ")
    _field(foot, "PAGE")
    foot.add_run(" of ")
    _field(foot, "NUMPAGES")
