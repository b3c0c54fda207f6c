"""AppTest: an assessment written from nothing in the Assess page, saved as a version, exported, valid and clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.audit import audit
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.text import md
from dashboard.settings import DEFAULT_RUBRIC
from dashboard.workspace.repository import open_workspace

pytestmark = pytest.mark.app  # drives the app's pages with AppTest (see docs/testing.md)

APP = Path(__file__).resolve().parent.parent / "dashboard" / "main.py"
RUBRIC = load_rubric(DEFAULT_RUBRIC)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, label: str, index: int = 0) -> AppTest:
    buttons = [b for b in at.button if b.label == label]
    assert buttons, f"no button '{label}'"
    buttons[index].click()
    return run(at)


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


@pytest.fixture
def assess() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    run(at)
    at.sidebar.text_input(key="author_name").input("Analyst One")
    at.switch_page("ui/app_pages/assess.py")
    return run(at)


def test_an_assessment_written_from_nothing_is_valid_and_passes_the_audit(assess, own_workspace):
    at = assess
    # 1. a new set, scored against the bundled rubric, with its first technology
    at.text_input(key="new_title").input("Licence-plate readers in Karachi")
    at.text_area(key="new_scope").input("Fixed ANPR cameras reported on city roads.")
    at.text_area(key="new_authors").input("Analyst One\nAnalyst Two")
    at.text_input(key="new_first_tech").input("Automatic number-plate recognition")
    at = click(at, "Create set")
    assert not errors(at)
    assert at.session_state.set_id == "licence_plate_readers_in_karachi"
    tid = at.session_state.assess_tech
    assert tid == "automatic_number_plate_recognition"

    # 2. a new source, registered where evidence is cited
    at.text_input(key="src_in_criteria_title").input("[Test source for the walkthrough]")
    at.text_input(key="src_in_criteria_publisher").input("Test publisher")
    at.text_input(key="src_in_criteria_type").input("report")
    at.text_input(key="src_in_criteria_date").input("2026-01-15")
    at.text_input(key="src_in_criteria_url").input("https://example.org/report")
    at.selectbox(key="src_in_criteria_reliability").set_value("B")
    at = click(at, "Register a source")
    assert not errors(at), errors(at)
    sid = "test_source_for_the_walkthrough"

    # 3. every criterion: a level from the rubric's scale (one as a range), a rationale, a confidence, evidence
    for k, criterion in enumerate(RUBRIC.criteria):
        at.selectbox(key="assess_criterion").set_value(criterion.id)
        at = run(at)
        key = f"{tid}::{criterion.id}"
        if k == 1:
            at.radio(key=f"level::{key}").set_value("unsure")
            at = run(at)
            at.selectbox(key=f"low::{key}").set_value(2)
            at.selectbox(key=f"high::{key}").set_value(3)
        else:
            at.radio(key=f"level::{key}").set_value(k % 5)
        at.text_area(key=f"rationale::{key}").input(f"Reported deployment supports level for {criterion.name}.")
        at.radio(key=f"confidence::{key}").set_value("low")
        at = click(at, "Save score")
        assert not errors(at), errors(at)
        at.selectbox(key="ev_source").set_value(sid)
        at.text_area(key="ev_quote").input("cameras read every plate")
        at.text_input(key="ev_page").input("p. 3")
        at = click(at, "Add evidence")
        assert not errors(at), errors(at)

    # 4. safeguards: one absent (with evidence), one not applicable (with the reason), the rest unknown
    first, second = RUBRIC.safeguards[0].id, RUBRIC.safeguards[1].id
    at.selectbox(key=f"sg::{tid}::{first}").set_value("absent")
    at.selectbox(key=f"sg::{tid}::{second}").set_value("not_applicable")
    at.text_input(key=f"sgnote::{tid}::{second}").input("The cameras hold no personal data beyond plates.")
    at = click(at, "Save safeguards")
    assert not errors(at), errors(at)
    at.selectbox(key="sgev_safeguard").set_value(first)
    at.selectbox(key="sgev_source").set_value(sid)
    at.text_area(key="sgev_quote").input("no authorisation is required")
    at = click(at, "Add safeguard evidence")
    assert not errors(at), errors(at)
    assert at.metric[0].value == f"{len(RUBRIC.criteria)} of {len(RUBRIC.criteria)}"

    # 5. save a version; the stored YAML validates and the audit finds nothing
    at.sidebar.text_input(key="save_message_input").input("First full assessment")
    at = click(at, "Save version")
    assert at.session_state.base == 2 and not at.session_state.has_draft
    ws = open_workspace(own_workspace)
    stored = ws.version(at.session_state.set_id)
    data = load_assessments(stored.content.encode("utf-8"), RUBRIC, "exported.yaml")
    assert audit(RUBRIC, data) == []
    tech = data.technology(tid)
    assert tech.scores[RUBRIC.criteria[1].id].level == [2, 3]
    assert all(tech.scores[c.id].evidence[0].source == sid for c in RUBRIC.criteria)
    assert [v.message for v in ws.history(at.session_state.set_id)] == ["New assessment set", "First full assessment"]


def test_a_form_problem_is_shown_beside_the_form_and_nothing_is_written(assess):
    at = assess
    before = at.session_state.inputs[2]
    cid = RUBRIC.criteria[0].id
    at.selectbox(key="assess_criterion").set_value(cid)
    at = run(at)
    at.radio(key=f"level::{at.session_state.assess_tech}::{cid}").set_value(3)
    at.text_area(key=f"rationale::{at.session_state.assess_tech}::{cid}").input("")
    at = click(at, "Save score")
    assert any("rationale" in e for e in errors(at))
    assert at.session_state.inputs[2] == before


def test_a_cited_source_cannot_be_removed_and_the_error_lists_the_citations(assess):
    at = assess
    sid = "article"  # the bundled article is cited throughout the bundled set
    at.selectbox(key="rm_source").set_value(sid)
    at = click(at, "Remove source")
    at = click(at, "Yes, remove the source")
    message = " ".join(errors(at))
    assert "cannot be removed" in message and "technologies&#91;0&#93;" in message


def test_add_duplicate_and_remove_a_technology(assess):
    at = assess
    at.text_input(key="add_name").input("Vehicle tracking")
    at = click(at, "Add technology")
    assert at.session_state.assess_tech == "vehicle_tracking"
    at = click(at, "Duplicate technology")
    assert at.session_state.assess_tech == "vehicle_tracking_copy"
    at = click(at, "Remove technology")
    at = click(at, "Yes, remove the technology")
    assert "vehicle_tracking_copy" not in at.session_state.inputs[2].decode()


def test_removing_evidence_asks_first(assess):
    at = assess
    tid = at.session_state.assess_tech
    cid = RUBRIC.criteria[0].id
    before = at.session_state.inputs[2]
    at = click(at, "Remove evidence 1")
    assert at.session_state.inputs[2] == before  # nothing removed yet
    at = click(at, "Keep evidence 1")
    assert at.session_state.inputs[2] == before
    at = click(at, "Remove evidence 1")
    at = click(at, "Yes, remove evidence 1")
    import yaml

    doc = yaml.safe_load(at.session_state.inputs[2])
    tech = next(t for t in doc["technologies"] if t["id"] == tid)
    original = next(t for t in yaml.safe_load(before)["technologies"] if t["id"] == tid)
    assert len(tech["scores"][cid]["evidence"]) == len(original["scores"][cid]["evidence"]) - 1


def test_an_audit_finding_opens_its_criterion(assess):
    at = assess
    at.text_input(key="add_name").input("Fresh technology")
    at = click(at, "Add technology")  # nothing scored yet: a finding for every criterion
    assert at.metric[3].value == str(len(RUBRIC.criteria))
    target = RUBRIC.criteria[2]
    at = click(at, f"Open {md(target.name)}")
    assert at.session_state.assess_criterion == target.id
