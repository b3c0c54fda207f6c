"""The briefing as renderer-neutral blocks (render/document): every block is one the PDF renders, and the PDF says
every word the document says, so a second format rendering the same blocks says the same."""

from __future__ import annotations

import io
import re

import docx
import pytest
from pypdf import PdfReader

from builders import compiled, data_dict, tech
from dashboard.core.scoring import score
from dashboard.render.document import BriefingOptions, briefing_document
from dashboard.render.document import blocks as B
from dashboard.render.pdf.document import render_pdf
from dashboard.render.pdf.figures import FIGURES


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _texts(blocks: tuple[B.Block, ...]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, B.Paragraph | B.Heading | B.Caption):
            out.append(block.text)
        elif isinstance(block, B.Bullets):
            out += [p.text for p in block.items]
        elif isinstance(block, B.Table):
            out += [cell.text for row in block.rows for cell in row]
        elif isinstance(block, B.KeepTogether):
            out += _texts(block.blocks)
    return out


@pytest.fixture(scope="module")
def document():
    d = data_dict([tech("t1", a=4, b=3, safeguards={"s1": "partial"}), tech("t2", a=1, b=[1, 2]), tech("t3", a="n/a")])
    return briefing_document(score(compiled(data=d)), BriefingOptions(date="2026-11-26"))


def test_every_block_is_one_the_pdf_renders(document):
    for block in document.blocks:
        if isinstance(block, B.Paragraph):
            assert block.role in B.ROLES, block.role
        if isinstance(block, B.Figure):
            assert block.kind in FIGURES and block.alt
        if isinstance(block, B.Table):
            assert len(block.widths) == len(block.rows[0]) and all(len(r) == len(block.widths) for r in block.rows)


def test_headings_follow_the_numbering(document):
    levels = [(b.level, b.text) for b in document.blocks if isinstance(b, B.Heading) and not b.cover]
    chapters = [text for level, text in levels if level == 1]
    assert chapters[:3] == ["1 Executive summary", "2 Overview", "3 Technologies"]
    assert any(text.startswith("Annex C") for text in chapters)


def test_the_pdf_says_every_word_of_the_document(document):
    pdf = render_pdf(document)
    text = _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    missing = [t for t in _texts(document.blocks) if _flat(t) and _flat(t) not in text]
    assert missing == []


def test_user_text_stays_plain_text_in_the_blocks():
    d = data_dict([tech("t1", a=4, b=3)])
    d["technologies"][0]["name"] = "<b>Bold</b> & **stars**"
    doc = briefing_document(score(compiled(data=d)), BriefingOptions(date="2026-11-26"))
    assert any(isinstance(b, B.Heading) and b.text.endswith("<b>Bold</b> & **stars**") for b in doc.blocks)
    text = _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(doc))).pages))
    assert "<b>Bold</b> & **stars**" in text


def test_a_risk_matrix_with_no_point_to_place_is_explained_not_drawn_empty():
    """Issue 21: with no governance criterion scored, the briefing drew an empty matrix and said nothing."""
    from dashboard.core.compile import compile_dataset
    from dashboard.core.loading import load_rubric
    from dashboard.core.models import AssessmentSet
    from dashboard.settings import DEFAULT_RUBRIC

    rubric = load_rubric(DEFAULT_RUBRIC)
    x, y = rubric.aggregation.axes
    only_x = next(c for c in rubric.criteria if c.id in x.criteria and c.id not in y.criteria and not c.options)
    entry = {"level": 3, "rationale": "r", "confidence": "low"}
    d = data_dict([tech("t1")])
    d["technologies"][0]["scores"] = {only_x.id: entry}
    doc = briefing_document(score(compile_dataset(rubric, AssessmentSet.model_validate(d))), BriefingOptions())
    assert not [b for b in doc.blocks if isinstance(b, B.Figure) and b.kind == "risk_matrix"]
    said = " ".join(_texts(doc.blocks))
    assert f"No technology has a score on both axes ({x.name} and {y.name}) yet" in said


def test_the_source_register_shows_each_check_in_the_pdf_and_in_word():
    from dashboard.render.docx import render_docx

    d = data_dict([tech("t1", a=4, b=3)])
    d["sources"][0].update(checked="2026-11-30", check_finding="quotes found; title corrected")
    d["sources"].append({**d["sources"][0], "id": "other", "title": "Other source", "url": "https://example.org/o"})
    del d["sources"][1]["checked"], d["sources"][1]["check_finding"]
    doc = briefing_document(score(compiled(data=d)), BriefingOptions(date="2026-11-26"))
    register = [b for b in doc.blocks if isinstance(b, B.Table) and b.rows[0][-1].text == "Checked"]
    assert len(register) == 1
    rows = {row[1].text.split(".")[0]: row[-1].text for row in register[0].rows[1:]}
    assert rows == {"Source": "2026-11-30: quotes found; title corrected", "Other source": "not checked"}
    pdf = _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(doc))).pages))
    assert "2026-11-30: quotes found; title corrected" in pdf and "not checked" in pdf
    word = docx.Document(io.BytesIO(render_docx(doc)))
    cells = {_flat(c.text) for t in word.tables for row in t.rows for c in row.cells}
    assert {"2026-11-30: quotes found; title corrected", "not checked"} <= cells
