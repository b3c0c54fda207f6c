"""The PDF briefing: sections, selection, metadata, outline, page bounds, rendering, hostile text, determinism."""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from builders import compiled, data_dict, tech
from dashboard.cli.main import main
from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_pair
from dashboard.core.scoring import score
from dashboard.render.pdf import BriefingOptions, build_briefing
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC

RUBRIC, DATA = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)
SCORES = score(compile_dataset(RUBRIC, DATA))
SECTIONS = [
    "1 Executive summary",
    "2 Overview",
    "2.1 Ranking",
    "2.3 Risk matrix",
    "2.4 Rights at risk",
    "2.5 Safeguards that remove the most risk",
    "2.6 How robust is the ranking",
    "3 Technologies",
    "Annex A Methodology",
    "Annex B The rubric",
    "Annex C Source register",
]


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture(scope="module")
def bundled() -> bytes:
    return build_briefing(SCORES, BriefingOptions(date="2026-11-26", marking="OFFICIAL-SENSITIVE"))


def test_every_section_and_every_technology_is_in_the_text(bundled):
    text = text_of(bundled)
    for heading in SECTIONS:
        assert heading in text
    for k, name in enumerate(SCORES.table["name"], 1):
        assert f"3.{k} {name}" in text
    assert "OFFICIAL-SENSITIVE" in text and "analytic judgements" in text


def test_metadata_and_outline(bundled):
    reader = PdfReader(io.BytesIO(bundled))
    meta = reader.metadata
    assert meta.title == DATA.meta.title
    assert meta.author == ", ".join(DATA.meta.authors)
    assert "briefing" in meta.subject.lower()
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[:4] == ["Bottom line", "1 Executive summary", "2 Overview", "3 Technologies"]
    assert "Annex C Source register" in titles


def test_page_count_and_a_short_front(bundled):
    reader = PdfReader(io.BytesIO(bundled))
    assert 20 <= len(reader.pages) <= 80
    overview_page = next(i for i, p in enumerate(reader.pages) if "2 Overview" in p.extract_text())
    assert overview_page <= 3  # cover + at most two pages of executive summary
    assert f"Page 1 of {len(reader.pages)}" in reader.pages[0].extract_text()


def test_selection_limits_the_technology_sections():
    chosen = ["police_drones", "facial_recognition"]
    pdf = build_briefing(SCORES, BriefingOptions(technologies=chosen, date="2026-11-26"))
    reader = PdfReader(io.BytesIO(pdf))
    sections = [
        o.title for o in reader.outline[reader.outline.index([x for x in reader.outline if isinstance(x, list)][-1])]
    ]
    assert sections == ["3.1 Facial recognition in public spaces", "3.2 Police drones"]
    assert "2 of the 13 assessed" in text_of(pdf)


def test_same_inputs_and_date_give_the_same_bytes():
    opts = BriefingOptions(technologies=["ai_cctv"], date="2026-01-02")
    assert build_briefing(SCORES, opts) == build_briefing(SCORES, opts)


HOSTILE_NAME = 'Safe City <script>&amp; "x" > y'


@pytest.fixture(scope="module")
def hostile() -> bytes:
    t = tech("t1", a=[1, 3], b=2)
    t["name"] = HOSTILE_NAME + " 平安城市"
    t["scores"]["a"]["rationale"] = "Long rationale with <b>tags</b> & ampersands > arrows. " * 500
    d = data_dict([t, tech("t2", a=4, b=4)], title='Briefing on <Things> & "Stuff"')
    return build_briefing(score(compiled(None, d)), BriefingOptions(date="2026-01-01", marking="DRAFT <&>"))


def test_hostile_text_appears_as_typed(hostile):
    text = text_of(hostile)
    assert HOSTILE_NAME in text
    assert 'Briefing on <Things> & "Stuff"' in text
    assert "DRAFT <&>" in text
    assert "<b>tags</b> & ampersands > arrows" in text
    assert "平安城市" in text  # the shipped CJK font covers it on any machine


def test_very_long_rationale_flows_across_pages(hostile):
    reader = PdfReader(io.BytesIO(hostile))
    pages_with_it = [p for p in reader.pages if "ampersands > arrows" in p.extract_text()]
    assert len(pages_with_it) >= 2


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm missing (apt-get install -y poppler-utils)")
def test_pages_render_with_pdftoppm(bundled, tmp_path):
    from PIL import Image

    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(bundled)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "4", str(pdf), str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == 4
    for png in pngs:
        extrema = Image.open(png).convert("L").getextrema()
        assert extrema[0] < 100  # something dark was drawn: the page is not blank


def test_cli_brief_writes_a_pdf_and_rejects_unknown_technology(tmp_path, capsys):
    out = tmp_path / "b.pdf"
    assert main(["brief", "--out", str(out), "--tech", "ai_cctv", "--date", "2026-11-26", "--title", "T"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["brief", "--out", str(out), "--tech", "nope"]) == 2
    assert "unknown technology" in capsys.readouterr().err


def test_cli_rejects_a_malformed_date(tmp_path, capsys):
    assert main(["brief", "--out", str(tmp_path / "b.pdf"), "--date", "26/11/2026"]) == 2
    assert re.search(r"YYYY-MM-DD", capsys.readouterr().err)


def test_unrated_technologies_do_not_break_the_briefing():
    d = data_dict([tech("allna", a="n/a", b="n/a"), tech("empty"), tech("ok", a=2, b=3)])
    text = text_of(build_briefing(score(compiled(None, d)), BriefingOptions(date="2026-01-01")))
    assert "Not rated" in text and "3.1 OK" in text


def test_chinese_prints_even_without_an_installed_cjk_font():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from dashboard.render.pdf.fonts import cjk_font

    name = cjk_font([("/nonexistent/font.ttc", 0)])
    assert name == "STSong-Light"
    buf = io.BytesIO()
    style = ParagraphStyle("s", fontName="Helvetica")
    SimpleDocTemplate(buf).build([Paragraph(f'Safe City <font name="{name}">平安城市</font>', style)])
    assert "平安城市" in text_of(buf.getvalue())


def test_page_one_carries_the_bottom_line_and_the_creation_date_is_the_briefing_date():
    pdf = build_briefing(SCORES, BriefingOptions(date="2026-03-04"))
    reader = PdfReader(io.BytesIO(pdf))
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Bottom line" in first and "Highest risks:" in first and "Red lines crossed:" in first
    assert first.index("Bottom line") < first.index("About this briefing")
    assert reader.metadata.creation_date.date().isoformat() == "2026-03-04"
    assert build_briefing(SCORES, BriefingOptions(date="2026-03-04")) == pdf  # still deterministic


def test_citation_numbers_are_the_documents_and_match_the_register():
    from dashboard.views import source_numbers

    scores = SCORES
    numbers = source_numbers(scores)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(build_briefing(scores))).pages)
    register = text[text.index("Annex C Source register") :]
    for sid, n in list(numbers.items())[:5]:
        title = DATA.source(sid).title.split(":")[0][:30]
        assert f"[{n}] {title}" in text  # cited under the same number in the sections ...
        assert f"[{n}]" in register and title in register  # ... and listed under it in the register
    assert "tier stays" in text  # a safeguard that does not change the tier says so


URDU, CHINESE = "چہرے کی شناخت", "人脸识别系统"


def test_urdu_and_chinese_print_with_no_system_font(tmp_path):
    """The briefing embeds every font it uses, and the shipped fonts cover the text, so a machine with no font for
    these scripts (an empty fontconfig) renders them: no glyph is missing."""
    from fontTools.ttLib import TTFont

    from dashboard.render.pdf.fonts import SHIPPED, visual

    d = data_dict([tech("t1", a=3, b=2), tech("t2", a=1, b=1)])
    d["technologies"][0]["name"] = f"{URDU} ({CHINESE})"
    d["technologies"][1]["name"] = "华为 Safe City"
    pdf_path = tmp_path / "scripts.pdf"
    pdf_path.write_bytes(build_briefing(score(compiled(data=d)), BriefingOptions(date="2026-11-26")))
    # every glyph the text needs is in the shipped fonts (Urdu as drawn: joined presentation forms)
    naskh = TTFont(SHIPPED / "NotoNaskhArabic-Regular.ttf").getBestCmap()
    cjk = TTFont(SHIPPED / "BriefingCJK-Subset.ttf").getBestCmap()
    assert all(ord(ch) in naskh for ch in visual(URDU) if not ch.isspace())
    assert all(ord(ch) in cjk for ch in CHINESE + "华为")
    fonts = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    assert "NotoNaskhArabic" in fonts and "BriefingCJKSubset" in fonts
    for line in fonts.splitlines()[2:]:
        if "Helvetica" not in line:  # reportlab's initial font; no text is set in it
            assert line.split()[-5] == "yes", line  # embedded
    empty = tmp_path / "fonts.conf"
    empty.write_text(f'<?xml version="1.0"?><fontconfig><dir>{tmp_path}/none</dir></fontconfig>', encoding="utf-8")
    run = subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "3", str(pdf_path), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        env={"FONTCONFIG_FILE": str(empty), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0 and "font" not in run.stderr.lower(), run.stderr
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf_path).pages)
    assert CHINESE in text and "华为 Safe City" in text  # searchable


GOLDEN = Path(__file__).parent / "fixtures" / "golden" / "briefing_mini.txt"


def test_golden_text_of_a_small_briefing():
    """The text of a small briefing, page by page, against a reviewed copy: any change in wording, numbers or
    order shows up here. After an intended change, regenerate with UPDATE_GOLDEN=1 and review the diff."""
    d = data_dict([tech("t1", a=4, b=3, safeguards={"s1": "partial"}), tech("t2", a=1, b=[1, 2])])
    pdf = build_briefing(score(compiled(data=d)), BriefingOptions(date="2026-11-26", marking="OFFICIAL"))
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    text = "\n\n".join(f"--- page {k + 1} ---\n{p}" for k, p in enumerate(pages)) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
