"""A partly scored technology is called incomplete wherever its tier is shown: the briefing's first page, the
Overview and the JSON export."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_pair
from dashboard.core.scoring import score
from dashboard.render.export import assessments_yaml, scores_json
from dashboard.render.pdf import BriefingOptions, build_briefing
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
from dashboard.views.labels import incomplete_text, reader_table, tier_text

RUBRIC, DATA = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)
KEPT = 3


def partly_scored():
    """The bundled set with its first technology scored on three criteria only."""
    first = DATA.technologies[0]
    kept = dict(list(first.scores.items())[:KEPT])
    techs = [first.model_copy(update={"scores": kept}), *DATA.technologies[1:]]
    return DATA.model_copy(update={"technologies": techs})


@pytest.fixture(scope="module")
def scores():
    return score(compile_dataset(RUBRIC, partly_scored()))


WORDS = f"incomplete: {KEPT} of {len(RUBRIC.criteria)} criteria scored"


@pytest.mark.parametrize(
    "missing,criteria,expected",
    [(0, 16, ""), (13, 16, "incomplete: 3 of 16 criteria scored"), (16, 16, "incomplete: 0 of 16 criteria scored")],
)
def test_incomplete_text(missing, criteria, expected):
    assert incomplete_text(missing, criteria) == expected


@pytest.mark.parametrize(
    "caution,incomplete,expected",
    [
        ("", "", "High"),
        ("mostly reporting", "", "High (mostly reporting)"),
        ("", "incomplete: 3 of 16 criteria scored", "High (incomplete: 3 of 16 criteria scored)"),
        (
            "mostly reporting",
            "incomplete: 1 of 2 criteria scored",
            "High (incomplete: 1 of 2 criteria scored; mostly reporting)",
        ),
    ],
)
def test_a_tier_reads_with_its_incompleteness_first(caution, incomplete, expected):
    assert tier_text("High", caution, incomplete) == expected


def test_the_tier_shown_for_a_partly_scored_technology_says_incomplete(scores):
    row = reader_table(scores).loc[DATA.technologies[0].id]
    assert WORDS in row["tier_display"]
    others = reader_table(scores).drop(index=DATA.technologies[0].id)
    assert not others["tier_display"].str.contains("incomplete").any()


def test_the_json_export_says_incomplete(scores):
    records = json.loads(scores_json(scores))["technologies"]
    first = next(r for r in records if r["id"] == DATA.technologies[0].id)
    assert first["completeness"] == WORDS


def test_the_briefings_first_page_says_incomplete(scores):
    pdf = build_briefing(scores, BriefingOptions(date="2026-03-04"))
    first = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Bottom line" in first and WORDS in first


@pytest.mark.app
def test_the_overview_says_incomplete(own_workspace):
    from app_driver import page, start, upload
    from dashboard.core.text import md

    at = start()
    at.sidebar.text_input(key="author_name").input("Analyst One")
    at = upload(at, data=("partly.yaml", assessments_yaml(partly_scored()).encode("utf-8"), "application/x-yaml"))
    at = page(at, "overview")
    shown = [w.value for w in at.warning] + [str(df.value.to_dict()) for df in at.dataframe]
    assert any(md(WORDS) in text or WORDS in text for text in shown), shown
