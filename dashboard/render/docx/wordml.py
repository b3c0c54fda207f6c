"""The briefing's body as WordprocessingML text, parsed once into the python-docx document.

python-docx builds every paragraph, run and cell through its schema-aware helpers, which look for the place of each
new child among its siblings and convert each value on the way: 1.7 s of the bundled briefing's 1.8 s went there.
These functions write the same elements and attributes, in the same order, as the python-docx calls they replace
(tests/test_docx.py compares the two), so the document a reader opens is unchanged; python-docx still writes the
package around the body (styles, header and footer, images and their relationships, properties).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from docx.oxml.ns import nsdecls
from docx.shared import Length, Mm
from lxml import etree

from dashboard.render.docx.scripts import ARABIC_FONT, CHINESE, CJK_FONT, URDU

LINE_BREAK = "<w:r><w:br/></w:r>"
PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
PICTURE = "<w:r><w:drawing/></w:r>"  # the drawing's inline image is added once the figures are rasterised
_SCRIPT_FONTS = {
    URDU: f'<w:rFonts w:cs="{ARABIC_FONT}"/>',
    CHINESE: f'<w:rFonts w:eastAsia="{CJK_FONT}" w:hint="eastAsia"/>',
}
_SCRIPT_LANGUAGE = {URDU: '<w:rtl/><w:lang w:bidi="ur-PK"/>', CHINESE: '<w:lang w:eastAsia="zh-CN"/>'}
_TABLE_PROPERTIES = (
    '<w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
    '<w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
    'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
)
# Repeated at the top of each page, never split across two.
_HEADER_ROW = '<w:trPr><w:tblHeader w:val="true"/><w:cantSplit/></w:trPr>'
_CONTROLS = re.compile(r"(\t|\r|\n)")  # a tab is w:tab, a newline or carriage return w:br, as in python-docx
# What XML cannot hold: refused with lxml's own error, as python-docx refused it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape(text: str) -> str:
    """Text as XML character data (what lxml escapes in text: quotes stay as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    return _escape(value).replace('"', "&quot;")


def run(text: str, *, bold: bool = False, colour: str | None = None, script: str = "") -> str:
    """A run of text: bold, coloured ('RRGGBB') and marked with its script's font and language (Urdu right to
    left). An empty w:rPr as python-docx leaves it when bold is unset."""
    properties = (
        _SCRIPT_FONTS.get(script, "")
        + ("<w:b/>" if bold else "")
        + (f'<w:color w:val="{colour}"/>' if colour else "")
        + _SCRIPT_LANGUAGE.get(script, "")
    )
    return f"<w:r>{f'<w:rPr>{properties}</w:rPr>' if properties else '<w:rPr/>'}{_content(text)}</w:r>"


def plain_run(text: str) -> str:
    """A run with no properties of its own: the paragraph's style says it all."""
    return f"<w:r>{_content(text)}</w:r>"


def _content(text: str) -> str:
    if _NOT_XML.search(text):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")
    out = []
    for piece in _CONTROLS.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            # Word drops a text's leading and trailing spaces unless told to keep them.
            keep = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{keep}>{_escape(piece)}</w:t>")
    return "".join(out)


def paragraph(style_id: str | None, runs: str, *, right_to_left: bool = False) -> str:
    """A paragraph in a style, holding runs; one that reads right to left is also set flush right."""
    if style_id is None:
        return f"<w:p>{runs}</w:p>"
    bidi = '<w:bidi/><w:jc w:val="right"/>' if right_to_left else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{_attribute(style_id)}"/>{bidi}</w:pPr>{runs}</w:p>'


def space(after: Length) -> str:
    """An empty paragraph with space after it."""
    return f'<w:p><w:pPr><w:spacing w:after="{_twips(after)}"/></w:pPr></w:p>'


def table(style_id: str, widths_mm: Sequence[float], rows: Iterable[Sequence[str]], *, header: bool) -> str:
    """A centred table of fixed column widths (the grid LibreOffice lays out by, and each cell's width, which Word
    reads); `rows` holds each cell's paragraphs as XML, and a row short of cells is filled with empty ones. The
    first row repeats on each page when `header` is true."""
    twips = [_twips(Mm(w)) for w in widths_mm]
    cell_start = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{t}"/></w:tcPr>' for t in twips]
    out = [
        "<w:tbl>",
        _TABLE_PROPERTIES.format(style=_attribute(style_id)),
        "<w:tblGrid>",
        *(f'<w:gridCol w:w="{t}"/>' for t in twips),
        "</w:tblGrid>",
    ]
    for k, cells in enumerate(rows):
        if len(cells) > len(twips):
            raise ValueError(f"a row of {len(cells)} cells in a table of {len(twips)} columns")
        out.append("<w:tr>" + (_HEADER_ROW if k == 0 and header else ""))
        for j, start in enumerate(cell_start):
            out.append(start + (cells[j] if j < len(cells) else "<w:p/>") + "</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _twips(length: Length) -> int:
    """A length in twips as python-docx rounds it; a negative one refused, as python-docx refused it."""
    if length < 0:
        raise ValueError(f"a negative length ({length.mm:.1f} mm) in a table's width or a paragraph's spacing")
    return length.twips


def parse_body(parts: Iterable[str]) -> list[etree._Element]:
    """The body's blocks as elements, parsed in one go (the namespaces as the document declares them)."""
    source = f"<w:body {nsdecls('w')}>{''.join(parts)}</w:body>"
    parser = etree.XMLParser(resolve_entities=False, huge_tree=True)
    return list(etree.fromstring(source.encode("utf-8"), parser))
