"""The Typst markup's choices that keep a large briefing's memory down (issue 26: 200 technologies under 1 GB):
lone strings passed without a content block, rows kept whole only where none is taller than a page, and the
radar's unchanging rings and labels set once as a shared backdrop. Each keeps the same text and tagging."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from builders import compiled, data_dict, rubric_dict, tech
from dashboard.core.scoring import score
from dashboard.render.document import BriefingOptions, briefing_document
from dashboard.render.document import blocks as B
from dashboard.render.pdf import build_briefing
from dashboard.render.pdf.markup import markup, rows_fit
from dashboard.render.pdf.svg import figure_svg

OPTIONS = BriefingOptions(date="2026-11-26")
LONG = " ".join(f"word{i}" for i in range(1500))  # about 12,000 characters: more than a page in any column


def test_a_lone_string_is_passed_without_a_content_block():
    table = B.Table(
        (B.cells("Name", "Level"), (B.para("plain", role="cell"), B.para("a", B.bold("b"), role="cell"))), (40, None)
    )
    line = markup((table,)).lines[0]
    assert "cell(s(0))" in line  # not cell([#s(0)])
    assert "cell([#s(3)#strong(s(4))])" in line  # several runs stay one content block


@pytest.mark.parametrize(
    "rows,widths,expected",
    [
        ((("Name", "Short rationale of a sentence or two."),), (36, None), True),
        ((("Name", "x" * 540),), (36, None), True),  # the longest rationale in the bundled set
        ((("Name", LONG),), (36, None), False),
        ((("Name " * 60, "short"),), (14, None), False),  # 300 characters in a 14 mm column: about 45 lines
        ((("Name", "short"), ("Name", LONG)), (36, None), False),  # one long row keeps the whole table breakable
    ],
)
def test_rows_are_kept_whole_only_when_none_can_be_taller_than_a_page(rows, widths, expected):
    assert rows_fit(B.Table(tuple(B.cells(*r) for r in rows), widths)) is expected


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext missing (apt-get install -y poppler-utils)")
def test_a_rationale_longer_than_a_page_prints_in_full(tmp_path):
    """Text run off a page is still in the file (pypdf would read it) but nobody sees it: pdftotext reads only
    what is inside each page."""
    d = data_dict([tech("t1", a=3, b=2), tech("t2", a=1, b=1)])
    d["technologies"][0]["scores"]["a"]["rationale"] = LONG
    path = tmp_path / "b.pdf"
    path.write_bytes(build_briefing(score(compiled(data=d)), OPTIONS))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    printed = set(re.findall(r"word\d+", text))
    assert printed >= {f"word{i}" for i in range(1500)}


def _ids(criteria: int) -> list[str]:
    return ["a", "b"] + [f"c{i}" for i in range(2, criteria)]  # the mini rubric's safeguards name a and b


def _rubric(criteria: int) -> dict:
    return rubric_dict(
        criteria=[
            {"id": c, "name": c.upper(), "question": "?", "group": "g1", "weight": 1, "rights": ["r1"]}
            for c in _ids(criteria)
        ]
    )


def _levels(k: int, criteria: int) -> dict[str, int]:
    return {c: (k + i) % 5 for i, c in enumerate(_ids(criteria))}


def test_every_radar_of_a_rubric_shares_one_backdrop_and_keeps_its_own_lines():
    d = data_dict([tech(f"t{k}", **_levels(k, 4)) for k in range(6)])
    document = briefing_document(score(compiled(_rubric(4), d)), OPTIONS)
    radars = [b for b in document.blocks if isinstance(b, B.Figure) and b.kind == "radar"]
    assert len(radars) == 6
    body = markup(document.blocks)
    calls = [line for line in body.lines if 'fig("' in line and "backdrop:" in line]
    assert len(calls) == len(radars)
    assert {re.search(r'backdrop: "(\w+)"', c).group(1) for c in calls} == {"backdrop0"}
    overlays = {body.figures[re.search(r'fig\("(\w+)"', c).group(1)] for c in calls}
    assert len(overlays) > 1  # each technology's own levels


@pytest.mark.parametrize("criteria", [4, 20])  # a radar; grouped bars (more criteria than a radar's axes)
def test_a_profile_in_layers_draws_the_same_shapes_as_the_whole(criteria):
    d = data_dict([tech(f"t{k}", **_levels(k, criteria)) for k in range(2)])
    document = briefing_document(score(compiled(_rubric(criteria), d)), OPTIONS)
    radar = next(b for b in document.blocks if isinstance(b, B.Figure) and b.kind == "radar")
    svg = figure_svg(radar, 300)
    assert svg is not None and svg.layers is not None
    backdrop, overlay = svg.layers

    def shapes(text: str) -> list[str]:
        return re.findall(r"<(?:rect|line|circle|polygon|text)\b[^>]*>(?:[^<]*</text>)?", text)

    assert shapes(backdrop) + shapes(overlay) == shapes(svg.text)
    assert "<text" in backdrop and "<text" not in overlay  # the labels, the costly part, are in the shared layer
