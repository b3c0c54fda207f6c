"""The briefing as a tagged PDF/UA-1 (issue 26): the structure tree a screen reader walks, the catalogue entries
PDF/UA asks for, language spans for Urdu and Chinese, hostile text as typed, and the largest valid inputs."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess

import pytest
from external import aia
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject
from test_external_questionnaire import EXPECTED, FIXTURES, converted, write

from builders import compiled, data_dict, tech
from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_pair, load_rubric
from dashboard.core.scoring import score
from dashboard.render.document import BriefingOptions, briefing_document
from dashboard.render.document import blocks as B
from dashboard.render.document.sections.technologies import PROFILE_ROWS
from dashboard.render.pdf import build_briefing
from dashboard.render.pdf.document import render_pdf
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC

URDU, CHINESE = "چہرے کی شناخت", "人脸识别系统"
# Typst's markup and code characters, a comment, a closing bracket and a backslash: all must print as typed.
HOSTILE = r'Safe #set page(width: 1pt) *bold* _em_ $x^2$ @ref <label> `raw` \ ] [ // /* "q" = ~ & {x}'


def elements(pdf: bytes) -> list[DictionaryObject]:
    """The structure elements in document order."""

    def walk(node):
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                yield from walk(kid)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            yield node
            if "/K" in node:
                yield from walk(node["/K"])

    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    return list(walk(root["/StructTreeRoot"]["/K"]))


def below(node: DictionaryObject):
    """An element's descendants."""
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        kid = kid.get_object()
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            yield kid
            yield from below(kid)


@pytest.fixture(scope="module")
def document():
    rubric, data = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)
    return briefing_document(score(compile_dataset(rubric, data)), BriefingOptions(date="2026-11-26"))


@pytest.fixture(scope="module")
def bundled(document) -> bytes:
    return render_pdf(document)


@pytest.fixture(scope="module")
def scripts() -> bytes:
    d = data_dict([tech("t1", a=3, b=2), tech("t2", a=1, b=1)])
    d["technologies"][0]["name"] = f"{URDU} ({CHINESE})"
    d["technologies"][1]["name"] = HOSTILE
    return build_briefing(score(compiled(data=d)), BriefingOptions(date="2026-11-26", marking="DRAFT #[x]"))


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo missing (apt-get install -y poppler-utils)")
def test_pdfinfo_says_tagged(bundled, tmp_path):
    path = tmp_path / "b.pdf"
    path.write_bytes(bundled)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)


def test_catalogue_has_language_marking_title_display_and_the_ua_claim(bundled):
    root = PdfReader(io.BytesIO(bundled)).trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp


def test_headings_are_h1_to_h3_in_outline_order_and_never_skip_a_level(document, bundled):
    headings = [e for e in elements(bundled) if e["/S"] in ("/H1", "/H2", "/H3")]
    expected = [b.text for b in document.blocks if isinstance(b, B.Heading)]
    assert [str(h["/T"]) for h in headings] == expected
    levels = [int(str(h["/S"])[2]) for h in headings]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    chapters = [str(h["/T"]) for h in headings if h["/S"] == "/H1"]
    assert chapters[:4] == ["Bottom line", "1 Executive summary", "2 Overview", "3 Technologies"]
    # The bookmarks (the viewer's outline) are the chapters and sections, as before: no level-3 sub-headings.
    reader = PdfReader(io.BytesIO(bundled))

    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    chapters_and_sections = [b.text for b in document.blocks if isinstance(b, B.Heading) and b.level < 3]
    assert list(titles(reader.outline)) == chapters_and_sections


def test_every_figure_has_the_alt_text_written_from_its_view(document, bundled):
    figures = [e for e in elements(bundled) if e["/S"] == "/Figure"]
    alts = [b.alt for b in document.blocks if isinstance(b, B.Figure)]
    assert len(figures) == len(alts) > 10
    assert [str(f["/Alt"]) for f in figures] == alts
    ranking = str(figures[0]["/Alt"])
    assert ranking.startswith("Ranking of 13 technologies")
    assert "Facial recognition in public spaces highest at" in ranking


def test_every_table_has_header_cells_in_a_header_row(bundled):
    tables = [e for e in elements(bundled) if e["/S"] == "/Table"]
    assert len(tables) > 10
    for table in tables:
        kinds = [e["/S"] for e in below(table)]
        assert "/THead" in kinds and "/TH" in kinds and "/TD" in kinds


def test_urdu_and_chinese_runs_carry_their_language(scripts):
    reader = PdfReader(io.BytesIO(scripts))
    marked = set()
    for page in reader.pages:
        marked |= {m.decode() for m in re.findall(rb"/Lang\s*\((\w+)\)", page.get_contents().get_data())}
    marked |= {str(e["/Lang"]) for e in elements(scripts) if "/Lang" in e}
    assert {"ur", "zh"} <= marked


def test_hostile_text_prints_as_typed_and_runs_nothing(scripts):
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(scripts)).pages)
    assert HOSTILE in text and "DRAFT #[x]" in text
    assert len(PdfReader(io.BytesIO(scripts)).pages) > 3  # `#set page(width: 1pt)` was not obeyed


def test_untagged_build_of_the_same_document_has_no_structure_tree(document):
    pdf = render_pdf(document, tagged=False)
    assert "/StructTreeRoot" not in PdfReader(io.BytesIO(pdf)).trailer["/Root"]


def test_a_machine_pdf_ua_check_finds_nothing(bundled, tmp_path):
    """pdfua checks a machine-checkable subset of PDF/UA-1 (not a conformance claim; veraPDF checks more)."""
    pdfua = pytest.importorskip("pdfua")
    path = tmp_path / "b.pdf"
    path.write_bytes(bundled)
    report = pdfua.validate(str(path))
    assert [f for f in report.findings] == [], report.findings


@pytest.fixture(scope="module")
def rubrics(tmp_path_factory):
    """Each version of Canada's AIA questionnaire converted to a rubric (as test_external_questionnaire does)."""
    folder = tmp_path_factory.mktemp("aia")
    out = {}
    for survey in sorted((FIXTURES / "survey").glob("*/survey-enfr.json")):
        doc = aia.rubric(aia.load_json(survey), survey.parent.name)
        path = write(folder / f"rubric-{survey.parent.name}.yaml", doc)
        out[survey.parent.name] = (path, load_rubric(path), doc)
    return out


def test_the_widest_questionnaire_builds_with_its_profiles_in_page_sized_parts(rubrics, tmp_path):
    """Canada's AIA at its widest version (161 criteria): a profile drawing grows with the criteria and crashed the
    reportlab briefing once taller than a page; profiles are now drawn in page-sized parts, each with alt text."""
    widest = max(rubrics, key=lambda version: len(rubrics[version][1].criteria))
    row = next(r for r in EXPECTED if r["survey_version"] == widest)
    _, _, data, rubric = converted(row, rubrics, tmp_path)
    assert len(rubric.criteria) >= 161
    doc = briefing_document(score(compile_dataset(rubric, data)), BriefingOptions(date="2026-11-26"))
    radars = [b for b in doc.blocks if isinstance(b, B.Figure) and b.kind == "radar"]
    assert len(radars) == -(-len(rubric.criteria) // PROFILE_ROWS) * len(data.technologies)
    pdf = render_pdf(doc)
    assert all("/Alt" in f for f in elements(pdf) if f["/S"] == "/Figure")


@pytest.mark.slow
def test_two_hundred_technologies_build_a_tagged_briefing():
    from benchmarks.briefing import synthetic_set

    rubric, data = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)
    pdf = build_briefing(score(compile_dataset(rubric, synthetic_set(data, 200))), BriefingOptions(date="2026-11-26"))
    assert sum(e["/S"] == "/Figure" for e in elements(pdf)) > 200
