"""Numbers that keep themselves: chapters, sections, figures and tables, and the check that nothing dangles."""

import re

import pytest

from dashboard.render.document.numbering import Numbering


def _declared() -> Numbering:
    n = Numbering()
    n.chapter("summary", "Executive summary")
    n.chapter("overview", "Overview")
    n.section("sec:a", "Ranking", "overview")
    n.figure("fig:a")
    n.section("sec:b", "Rights", "overview")
    n.figure("fig:b")
    n.table("tab:a")
    n.chapter("tech", "Technologies")
    n.section("tech:x", "X", "tech")
    n.figure("fig:tech:x", within="tech:x")
    n.table("tab:tech:x", within="tech:x")
    n.annex("annex:method", "Methodology")
    n.annex("annex:sources", "Source register")
    return n


@pytest.mark.parametrize(
    "key, number",
    [
        ("summary", "1"),
        ("overview", "2"),
        ("sec:a", "2.1"),
        ("sec:b", "2.2"),
        ("fig:a", "Figure 1"),
        ("fig:b", "Figure 2"),
        ("tab:a", "Table 1"),
        ("tech:x", "3.1"),
        ("fig:tech:x", "Figure 3.1"),
        ("tab:tech:x", "Table 3.1"),
        ("annex:method", "Annex A"),
        ("annex:sources", "Annex B"),
    ],
)
def test_numbers_follow_the_order_of_declaration(key, number):
    assert _declared().ref(key) == number


def test_an_item_declared_and_never_rendered_is_reported():
    n = _declared()
    for key in ("summary", "overview", "sec:a", "fig:a", "sec:b", "fig:b", "tab:a", "tech", "tech:x"):
        n.label(key)
    assert n.unrendered() == ["fig:tech:x", "tab:tech:x", "annex:method", "annex:sources"]


def test_a_key_numbered_twice_is_refused():
    n = Numbering()
    n.chapter("a", "A")
    with pytest.raises(ValueError, match="'a' is numbered twice"):
        n.chapter("a", "B")


def _headings(pdf_text: str) -> list[str]:
    return re.findall(r"\b2\.(\d) [A-Z]", pdf_text)


@pytest.mark.parametrize("bundled", [True, False], ids=["with risk matrix", "without"])
def test_briefing_sections_are_numbered_without_gaps(bundled):
    """With or without a risk matrix, the overview's sections run 2.1, 2.2, ... and every reference resolves."""
    import io

    from pypdf import PdfReader

    from builders import compiled, data_dict, tech
    from dashboard.core.compile import compile_dataset
    from dashboard.core.loading import load_pair
    from dashboard.core.scoring import score
    from dashboard.render.pdf import BriefingOptions, build_briefing
    from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC

    if bundled:
        scores = score(compile_dataset(*load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)))
    else:
        scores = score(compiled(data=data_dict([tech("t1", a=4, b=3), tech("t2", a=1, b=2)])))
    assert bool(scores.rubric.aggregation.axes) == bundled
    options = BriefingOptions(date="2026-11-26", draws=200, technologies=list(scores.table["id"])[:2])
    pdf = build_briefing(scores, options)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    numbers = [int(k) for k in _headings(text)]
    assert sorted(set(numbers)) == list(range(1, max(numbers) + 1))
    assert ("Risk matrix" in text) == bundled
