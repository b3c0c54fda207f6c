"""The Word briefing's body written as text (render/docx/wordml.py) is the XML python-docx writes for the same calls:
the same elements, attributes and order, so Word and LibreOffice read the same document. The figures rasterised
in one Typst compile are the images a compile each gave, and the package's members carry the briefing's date."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from dashboard.render.document import blocks as B
from dashboard.render.docx import figures, render_docx, wordml
from dashboard.render.docx.scripts import ARABIC_FONT, CHINESE, CJK_FONT, LATIN, URDU
from dashboard.render.pdf.svg import Svg

URDU_TEXT, CHINESE_TEXT = "فیصل آباد میں پولیس", "中巴经济走廊"


def _canonical(element) -> bytes:
    """Exclusive canonical XML: namespace declarations where they are used, so where an element was built does not
    matter, only what it holds."""
    return etree.tostring(element, method="c14n", exclusive=True)


def _parsed(xml: str):
    (element,) = wordml.parse_body([xml])
    return element


def _docx_run(paragraph, text: str, *, bold: bool, colour: str | None, script: str) -> None:
    """A run as python-docx writes it, marked with its script as the Word briefing used to mark it."""
    run = paragraph.add_run(text)
    run.bold = bold or None
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    if script == LATIN:
        return
    r_pr = run._r.get_or_add_rPr()
    fonts = OxmlElement("w:rFonts")
    r_pr.insert(0, fonts)
    lang = OxmlElement("w:lang")
    if script == URDU:
        fonts.set(qn("w:cs"), ARABIC_FONT)
        r_pr.append(OxmlElement("w:rtl"))
        lang.set(qn("w:bidi"), "ur-PK")
    else:
        fonts.set(qn("w:eastAsia"), CJK_FONT)
        fonts.set(qn("w:hint"), "eastAsia")
        lang.set(qn("w:eastAsia"), "zh-CN")
    r_pr.append(lang)


RUNS = [
    pytest.param("Risk score", False, None, LATIN, id="plain"),
    pytest.param("  spaces kept at both ends  ", False, None, LATIN, id="leading and trailing spaces"),
    pytest.param("\u3000ideographic space", False, None, LATIN, id="a space only Python calls one"),
    pytest.param("tab\there", False, None, LATIN, id="tab"),
    pytest.param("line\nbreak\r\nand\rreturn", False, None, LATIN, id="newlines and returns"),
    pytest.param("\n\t\n", False, None, LATIN, id="only controls"),
    pytest.param("<b>&amp;</b> \"quoted\" 'apostrophe' ]]>", False, None, LATIN, id="markup as text"),
    pytest.param("Critical", True, None, LATIN, id="bold"),
    pytest.param("High", False, "B00020", LATIN, id="coloured"),
    pytest.param("High", True, "1F2A44", LATIN, id="bold and coloured"),
    pytest.param(URDU_TEXT, False, None, URDU, id="Urdu"),
    pytest.param(URDU_TEXT, True, "B00020", URDU, id="Urdu bold and coloured"),
    pytest.param(CHINESE_TEXT, False, None, CHINESE, id="Chinese"),
    pytest.param(CHINESE_TEXT, True, None, CHINESE, id="Chinese bold"),
]


@pytest.mark.parametrize("text,bold,colour,script", RUNS)
def test_a_paragraphs_run_is_the_xml_python_docx_writes(text, bold, colour, script):
    paragraph = docx.Document().add_paragraph()
    paragraph._p.style = "TableText"
    _docx_run(paragraph, text, bold=bold, colour=colour, script=script)
    written = wordml.paragraph("TableText", wordml.run(text, bold=bold, colour=colour, script=script))
    assert _canonical(_parsed(written)) == _canonical(paragraph._p)


def test_a_right_to_left_paragraph_with_a_line_break_is_the_xml_python_docx_writes():
    paragraph = docx.Document().add_paragraph()
    paragraph._p.style = "Normal"
    _docx_run(paragraph, URDU_TEXT, bold=False, colour=None, script=URDU)
    paragraph.add_run().add_break(WD_BREAK.LINE)
    _docx_run(paragraph, URDU_TEXT, bold=False, colour=None, script=URDU)
    paragraph._p.get_or_add_pPr().insert_element_before(OxmlElement("w:bidi"), "w:jc")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    urdu = wordml.run(URDU_TEXT, script=URDU)
    written = wordml.paragraph("Normal", urdu + wordml.LINE_BREAK + urdu, right_to_left=True)
    assert _canonical(_parsed(written)) == _canonical(paragraph._p)


def test_a_run_without_properties_a_space_and_a_page_break_are_the_xml_python_docx_writes():
    doc = docx.Document()
    label = doc.add_paragraph()
    label._p.style = "FigureData"
    label.add_run("The figure's data:")
    assert _canonical(_parsed(wordml.paragraph("FigureData", wordml.plain_run("The figure's data:")))) == (
        _canonical(label._p)
    )
    gap = doc.add_paragraph()
    gap.paragraph_format.space_after = Pt(4.5 * 72 / 25.4)
    assert _canonical(_parsed(wordml.space(Pt(4.5 * 72 / 25.4)))) == _canonical(gap._p)
    page = doc.add_paragraph()
    page.add_run().add_break(WD_BREAK.PAGE)
    assert _canonical(_parsed(wordml.PAGE_BREAK)) == _canonical(page._p)


@pytest.mark.parametrize("header", [True, False], ids=["header row", "no header row"])
def test_a_table_is_the_xml_python_docx_writes(header):
    """Fixed column widths in the grid and in every cell, centred, the first row repeated on each page when it is
    a header; a row short of cells gets empty ones, as python-docx's add_row gives."""
    widths = [20.0, 61.3, 92.7]
    rows = [["Rank", "Technology", "Score"], ["1", URDU_TEXT, "78.6"], ["2"]]
    doc = docx.Document()
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for j, width in enumerate(widths):
        table.columns[j].width = Mm(width)
    for k, cells in enumerate(rows):
        row = table.add_row()
        if k == 0 and header:
            properties = row._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            properties.append(repeat)
            properties.append(OxmlElement("w:cantSplit"))
        for j, text in enumerate(cells):
            target = row.cells[j]
            target.width = Mm(widths[j])
            first = target.paragraphs[0]
            first._p.style = "TableText"
            script = URDU if text == URDU_TEXT else LATIN
            _docx_run(first, text, bold=False, colour=None, script=script)
    written = wordml.table(
        "TableGrid",
        widths,
        [
            [wordml.paragraph("TableText", wordml.run(t, script=URDU if t == URDU_TEXT else LATIN)) for t in cells]
            for cells in rows
        ],
        header=header,
    )
    assert _canonical(_parsed(written)) == _canonical(table._tbl)


def test_a_row_with_more_cells_than_columns_is_refused():
    with pytest.raises(ValueError, match="3 cells in a table of 2 columns"):
        wordml.table("TableGrid", [20.0, 30.0], [["a", "b", "c"]], header=False)


@pytest.mark.parametrize("text", ["bell\x07", "null\x00", "vertical\x0btab", "\ufffe"], ids=repr)
def test_text_xml_cannot_hold_is_refused_as_python_docx_refused_it(text):
    with pytest.raises(ValueError, match="XML compatible"):
        wordml.run(text)
    with pytest.raises(ValueError, match="XML compatible"):
        docx.Document().add_paragraph().add_run(text)


def _svg(colour: str, width: float, label: str) -> Svg:
    text = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40" viewBox="0 0 {width} 40">'
        f'<rect x="2" y="2" width="{width - 4}" height="20" fill="{colour}"/>'
        f'<text x="4" y="36" font-family="DejaVu Sans" font-size="10">{label}</text></svg>'
    )
    return Svg(text, width, 40)


def test_figures_rasterised_together_are_the_images_rasterised_one_at_a_time():
    drawings = [_svg("#b00020", 120, "Critical"), _svg("#1f2a44", 200, "Facial recognition"), _svg("#888", 80, "")]
    together = figures.pngs(drawings)
    one_at_a_time = [figures.pngs([d]) for d in drawings]
    assert all(len(single) == 1 for single in one_at_a_time)
    assert together == [single[0] for single in one_at_a_time]
    assert len(set(together)) == 3  # three different images, not one repeated
    assert figures.pngs([]) == []


def test_every_member_of_the_package_is_dated_the_briefings_day():
    metadata = B.Metadata("Title", "Author", "Subject", "keywords", "OFFICIAL", "2026-11-26")
    package = zipfile.ZipFile(io.BytesIO(render_docx(B.Document(metadata, (B.para("Text"),)))))
    assert len(package.infolist()) > 10
    assert {info.date_time for info in package.infolist()} == {(2026, 11, 26, 0, 0, 0)}
    assert package.testzip() is None


def test_the_same_image_twice_is_one_part_of_the_package_shown_twice():
    """As python-docx's add_picture: an image already in the package is used again, not stored twice."""
    from dashboard.core.compile import compile_dataset
    from dashboard.core.loading import load_pair
    from dashboard.core.scoring import score
    from dashboard.render.document import BriefingOptions, briefing_document
    from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC

    rubric, data = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)
    document = briefing_document(score(compile_dataset(rubric, data)), BriefingOptions(date="2026-11-26"))
    ranking = next(b for b in document.blocks if isinstance(b, B.Figure))
    other = B.Figure(ranking.kind, ranking.inputs, ranking.width / 2, "Half as wide")
    built = render_docx(B.Document(document.metadata, (ranking, other, ranking)))
    media = [n for n in zipfile.ZipFile(io.BytesIO(built)).namelist() if n.startswith("word/media/")]
    assert media == ["word/media/image1.png", "word/media/image2.png"]
    word = docx.Document(io.BytesIO(built))
    blips = [b.get(qn("r:embed")) for b in word.element.body.iter(qn("a:blip"))]
    assert len(blips) == 3 and blips[0] == blips[2] != blips[1]
    assert [p.get("id") for p in word.element.body.iter(qn("wp:docPr"))] == ["1", "2", "3"]
