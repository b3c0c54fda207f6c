"""The Word briefing: rendered from the same blocks as the PDF, read back with python-docx, opened by LibreOffice."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_pair
from dashboard.core.scoring import score
from dashboard.render.document import BriefingOptions, briefing_document
from dashboard.render.document import blocks as B
from dashboard.render.docx import render_docx
from dashboard.render.docx.styles import FIGURE_DATA
from dashboard.render.pdf.document import render_pdf
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC

OPTIONS = BriefingOptions(date="2026-11-26", marking="OFFICIAL-SENSITIVE")


@pytest.fixture(scope="module")
def built():
    rubric, data = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)
    document = briefing_document(score(compile_dataset(rubric, data)), OPTIONS)
    return document, render_docx(document), render_pdf(document)


def _flat(blocks):
    for block in blocks:
        if isinstance(block, B.KeepTogether):
            yield from _flat(block.blocks)
        else:
            yield block


def _norm(text: str) -> str:
    """Whitespace collapsed and hyphens dropped: text extraction joins a word broken at a line-end hyphen without
    it ('Crowd-' + 'control' -> 'Crowdcontrol'), so hyphens cannot be compared."""
    text = re.sub("[-\u00ad\u2010\u2011]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _body(word: docx.document.Document):
    """Paragraphs and tables in document order, with the figures' data tables (Word only) left out."""
    skip_next_table = False
    for child in word.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = docx.text.paragraph.Paragraph(child, word)
            if paragraph.style.name == FIGURE_DATA:
                skip_next_table = True
                continue
            yield "p", paragraph
        elif child.tag == qn("w:tbl"):
            if skip_next_table:
                skip_next_table = False
                continue
            yield "t", docx.table.Table(child, word)


def test_headings_are_words_own_heading_styles_in_the_outlines_order(built):
    document, data, _ = built
    word = docx.Document(io.BytesIO(data))
    expected = [(1 if b.cover else b.level, b.text) for b in _flat(document.blocks) if isinstance(b, B.Heading)]
    found = [
        (int(p.style.name.split()[-1]), p.text)
        for kind, p in _body(word)
        if kind == "p" and p.style.name.startswith("Heading")
    ]
    assert found == expected
    assert len(found) > 20


def test_tables_repeat_their_header_row_and_hold_the_same_cells(built):
    document, data, _ = built
    word = docx.Document(io.BytesIO(data))
    tables = [t for kind, t in _body(word) if kind == "t"]
    expected = [b for b in _flat(document.blocks) if isinstance(b, B.Table)]
    assert len(tables) == len(expected)
    for table, block in zip(tables, expected, strict=True):
        properties = table.rows[0]._tr.trPr
        header = properties.find(qn("w:tblHeader")) if properties is not None else None
        assert (header is not None) == block.header
        assert [[c.text for c in row.cells] for row in table.rows] == [[p.text for p in r] for r in block.rows]


def test_every_figure_is_an_image_with_alternative_text_from_its_view_and_its_data_after(built):
    document, data, _ = built
    word = docx.Document(io.BytesIO(data))
    figures = [b for b in _flat(document.blocks) if isinstance(b, B.Figure)]
    pictures = word.element.body.findall(".//" + qn("wp:docPr"))
    assert len(pictures) == len(figures)
    for picture, figure in zip(pictures, figures, strict=True):
        assert picture.get("descr") == figure.alt and figure.alt
    first = pictures[0].get("descr")
    assert first.startswith("Ranking of 13 technologies") and "Facial recognition in public spaces" in first
    data_tables = [p for p in word.paragraphs if p.style.name == FIGURE_DATA]
    assert len(data_tables) == sum(1 for f in figures if f.kind != "radar")


def test_properties_marking_and_languages(built):
    document, data, _ = built
    word = docx.Document(io.BytesIO(data))
    props = word.core_properties
    assert props.title == document.metadata.title and props.language == "en"
    assert word.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert "OFFICIAL-SENSITIVE" in word.sections[0].footer.paragraphs[0].text


def test_urdu_runs_read_right_to_left_and_chinese_runs_are_marked(built):
    """User text as typed (Word shapes Arabic script itself): an Urdu name inside an English sentence is a
    right-to-left run in an Arabic-script font; a paragraph that is Urdu throughout reads right to left."""
    document, _, _ = built
    urdu, chinese = "فیصل آباد میں پولیس", "中巴经济走廊"
    blocks = (
        B.para("Place: ", urdu, " and ", chinese, " <b>&amp;</b>"),
        B.para(urdu),
    )
    word = docx.Document(io.BytesIO(render_docx(B.Document(document.metadata, blocks))))
    mixed, whole = word.paragraphs[0], word.paragraphs[1]
    assert mixed.text == f"Place: {urdu} and {chinese} <b>&amp;</b>"
    runs = {r.text: r._r.rPr for r in mixed.runs}
    assert runs[urdu].find(qn("w:rtl")) is not None
    assert runs[urdu].find(qn("w:lang")).get(qn("w:bidi")) == "ur-PK"
    assert runs[urdu].find(qn("w:rFonts")).get(qn("w:cs")) == "Noto Naskh Arabic"
    assert runs[chinese].find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert mixed._p.pPr is None or mixed._p.pPr.find(qn("w:bidi")) is None
    assert whole._p.pPr.find(qn("w:bidi")) is not None


def test_same_bytes_for_the_same_inputs(built):
    document, data, _ = built
    assert render_docx(document) == data


def test_the_word_text_equals_the_pdf_text(built, tmp_path):
    """Every paragraph, heading, caption and list item of the blocks is in both files, word for word; the citation
    numbers and the decimal figures of the text are the same in both (the PDF's charts add labels of their own)."""
    document, data, pdf = built
    (tmp_path / "b.pdf").write_bytes(pdf)
    pdf_text = _norm(subprocess.run(["pdftotext", str(tmp_path / "b.pdf"), "-"], capture_output=True, text=True).stdout)
    word = docx.Document(io.BytesIO(data))
    word_parts = []
    for kind, item in _body(word):
        if kind == "p":
            word_parts.append(item.text)
        else:
            word_parts += [cell.text for row in item.rows for cell in row.cells]
    word_text = _norm(" ".join(word_parts))
    texts = []
    for block in _flat(document.blocks):
        if isinstance(block, B.Paragraph | B.Heading | B.Caption):
            texts.append(block.text)
        elif isinstance(block, B.Bullets):
            texts += [p.text for p in block.items]
    assert len(texts) > 100
    for text in texts:
        wanted = _norm(text)
        assert wanted in word_text, wanted
        assert wanted in pdf_text, wanted
    citations = re.compile(r"\[\d+\]")
    assert Counter(citations.findall(word_text)) == Counter(citations.findall(pdf_text))


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-writer-nogui) not installed")
def test_libreoffice_opens_it_and_prints_its_pages(built, tmp_path):
    _, data, _ = built
    source = tmp_path / "briefing.docx"
    source.write_bytes(data)
    profile = tmp_path / "profile"  # a fresh LibreOffice profile: no state shared with another run
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    converted = tmp_path / "briefing.pdf"
    assert converted.exists(), done.stderr
    info = subprocess.run(["pdfinfo", str(converted)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages > 20
    text = subprocess.run(["pdftotext", str(converted), "-"], capture_output=True, text=True).stdout
    assert "Executive summary" in text and "Facial recognition in public spaces" in text
    assert Path(converted).stat().st_size > 100_000
