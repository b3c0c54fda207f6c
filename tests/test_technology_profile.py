"""One technology's profile, computed once (views/technology.py), reads the same on the Technology page and in the
PDF briefing: criteria by name, the same levels, the same words for an unanswered criterion, whatever the rubric's
rule for gaps is."""

from __future__ import annotations

import html
import re

import pytest
import yaml
from pypdf import PdfReader

from app_driver import page, start, upload
from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_rubric
from dashboard.core.models import AssessmentSet, Rubric
from dashboard.core.scoring import score
from dashboard.render.pdf import BriefingOptions, build_briefing
from dashboard.views.technology import MISSING, missing_text, technology_profile, unanswered_rule
from variants import variant


def _pair(name: str) -> tuple[Rubric, AssessmentSet]:
    r, d = variant(name)
    rubric = Rubric.model_validate(r)
    return rubric, AssessmentSet.model_validate(d)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    "unanswered,words",
    [("leave_out", "never counted as zero"), ("zero", "scored 0, as the method says")],
)
def test_the_words_for_an_unanswered_criterion_follow_the_rubric(unanswered, words):
    rubric = load_rubric("rubrics/civil_liberties.yaml")
    rubric = rubric.model_copy(update={"aggregation": rubric.aggregation.model_copy(update={"unanswered": unanswered})})
    assert unanswered_rule(rubric) == words
    assert missing_text(rubric) == f"Missing: {words}."


def test_a_questionnaire_style_rubric_names_its_gaps_and_says_they_score_zero():
    rubric, data = _pair("method_rules")
    assert rubric.aggregation.unanswered == "zero"
    profile = technology_profile(score(compile_dataset(rubric, data)), "t2")
    gaps = [line for line in profile.criteria if line.state == MISSING]
    assert gaps, "the variant leaves criteria of t2 unanswered"
    names = [line.name for line in gaps]
    assert profile.missing_note == f"Not scored: {', '.join(names)}. Missing scores are scored 0, as the method says."
    assert all(line.rationale == "Missing: scored 0, as the method says." for line in gaps)


@pytest.mark.app
def test_the_page_and_the_pdf_say_the_same_about_a_technology():
    rubric, data = _pair("method_rules")
    scores = score(compile_dataset(rubric, data))
    profile = technology_profile(scores, "t2")
    # The page, as a user reaches it: the files uploaded, the technology chosen.
    r, d = variant("method_rules")
    at = upload(
        start(),
        ("q_rubric.yaml", yaml.safe_dump(r).encode(), "application/yaml"),
        ("q_data.yaml", yaml.safe_dump(d).encode(), "application/yaml"),
    )
    at = page(at, "technology")
    at.selectbox(key="profile_tech").set_value("t2").run()
    assert not at.exception
    warnings = [html.unescape(w.value) for w in at.warning]
    assert profile.missing_note in warnings
    tables = [t.value.map(html.unescape).rename(columns=html.unescape) for t in at.table]
    criteria = next(f for f in tables if "Rationale" in f.columns)
    page_rows = [(row["Criterion"], row["Level"], row["Rationale"]) for _, row in criteria.iterrows()]
    assert page_rows == [(line.name, line.level, line.rationale) for line in profile.criteria]
    # The PDF: the same note and, for every criterion, the same name, level and rationale.
    import io

    pdf = build_briefing(scores, BriefingOptions(date="2026-12-01", technologies=["t2"]))
    text = _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert _flat(profile.missing_note) in text
    for line in profile.criteria:
        assert _flat(f"{line.name} {line.level}") in text, line.name
        assert _flat(line.rationale) in text, line.rationale
    assert "never counted as zero" not in text
