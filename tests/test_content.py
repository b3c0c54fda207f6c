"""The bundled rubric and dataset: valid, audited, complete, grounded; docs/methodology.md in step."""

import pytest

from conftest import ROOT
from dashboard.core.audit import audit
from dashboard.core.loading import load_pair
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
from dashboard.views.method_doc import BEGIN, END, method_markdown

RUBRIC, DATA = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)

# Every technology the article names (issue 3), by the id the dataset gives it.
NAMED = [
    "facial_recognition",
    "predictive_policing",
    "big_data_financial",
    "ai_cctv",
    "police_drones",
    "social_media_monitoring",
    "intelligence_sharing",
    "riot_control_equipment",
    "crowd_control_doctrine",
    "cpec_route_surveillance",
    "foreign_private_security",
    "joint_ct_operations",
    "counter_radicalisation",
]


def test_bundled_dataset_passes_the_audit():
    assert audit(RUBRIC, DATA) == []


@pytest.mark.parametrize("tech_id", NAMED)
def test_every_named_technology_is_assessed_on_every_criterion(tech_id):
    tech = DATA.technology(tech_id)
    assert set(tech.scores) == {c.id for c in RUBRIC.criteria}


@pytest.mark.parametrize("criterion", [c.id for c in RUBRIC.criteria])
def test_every_criterion_maps_to_a_right_and_describes_every_level(criterion):
    c = RUBRIC.criterion(criterion)
    assert c.rights
    assert set(c.descriptors) == {level.value for level in RUBRIC.scale.levels}


def test_rights_cover_the_required_instruments():
    instruments = {r.instrument for r in RUBRIC.rights}
    for name in ("ICCPR", "UDHR", "Constitution of Pakistan", "EU Charter of Fundamental Rights", "ECHR"):
        assert name in instruments
    pk_articles = {r.article for r in RUBRIC.rights if r.instrument == "Constitution of Pakistan"}
    assert {f"Art. {a}" for a in ("4", "9", "10A", "14", "15", "16", "17", "19", "19A", "25")} <= pk_articles


@pytest.mark.parametrize("red_line", [rl.id for rl in RUBRIC.red_lines])
def test_every_red_line_names_its_instrument_and_reason(red_line):
    rl = next(r for r in RUBRIC.red_lines if r.id == red_line)
    assert rl.instrument.strip() and rl.reason.strip()


def test_rubric_has_three_stakeholder_profiles_and_two_axes():
    assert len(RUBRIC.profiles) >= 3
    assert RUBRIC.aggregation.axes and len(RUBRIC.aggregation.axes) == 2


def test_article_is_registered_as_unconfirmed_press_reporting():
    article = DATA.source("article")
    assert "unconfirmed" in article.type
    assert "press reporting" in article.notes


def test_evidence_quoting_the_article_is_labelled_as_reported():
    for tech in DATA.technologies:
        for entry in tech.scores.values():
            for ev in entry.evidence:
                if ev.source == "article":
                    assert "reported" in ev.note.lower()


def test_dataset_says_scores_are_analytic_judgements():
    assert "analytic judgement" in DATA.meta.disclaimer


def test_documented_methodology_is_in_step_with_the_rubric():
    doc = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    start, end = doc.index(BEGIN), doc.index(END) + len(END)
    assert doc[start:end] == method_markdown(RUBRIC), (
        "run `python -m dashboard method` and paste into docs/methodology.md"
    )
