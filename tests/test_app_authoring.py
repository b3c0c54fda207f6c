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
    at.toggle(key="src_in_criteria_open").set_value(True)
    at = run(at)
    at.text_input(key="src_in_criteria_title").input("[Test source for the walkthrough]")
    at.text_input(key="src_in_criteria_publisher").input("Test publisher")
    at.text_input(key="src_in_criteria_type").input("report")
    at.date_input(key="src_in_criteria_date").set_value(__import__("datetime").date(2026, 1, 15))
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
        at.selectbox(key=f"ev_source::{key}").set_value(sid)
        at.text_area(key=f"ev_quote::{key}").input("cameras read every plate")
        at.text_input(key=f"ev_page::{key}").input("p. 3")
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


def test_a_level_without_a_rationale_is_kept_as_incomplete_and_the_check_says_what_is_missing(assess):
    import yaml

    at = assess
    tid, cid = at.session_state.assess_tech, RUBRIC.criteria[0].id
    at.selectbox(key="assess_criterion").set_value(cid)
    at = run(at)
    at.radio(key=f"level::{tid}::{cid}").set_value(3)
    at.text_area(key=f"rationale::{tid}::{cid}").input("")
    at = click(at, "Save score")
    assert any("rationale" in e for e in errors(at))
    entry = next(t for t in yaml.safe_load(at.session_state.inputs[2])["technologies"] if t["id"] == tid)["scores"][cid]
    assert entry["level"] == 3 and "rationale" not in entry  # kept in the draft, not dropped
    assert any("Incomplete, kept in your draft" in w.value for w in at.warning)


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
    listed = next(m.value for m in at.markdown if m.value.startswith("- **"))
    assert all(f"- **{md(c.name)}**: " in listed for c in RUBRIC.criteria)  # each finding in words, by name
    at.selectbox(key="open_finding::fresh_technology").set_value(target.id)
    at = click(at, "Open it")
    assert at.session_state.assess_criterion == target.id


def _form(at: AppTest, tid: str, cid: str) -> tuple:
    key = f"{tid}::{cid}"
    return (
        at.radio(key=f"level::{key}").value,
        at.text_area(key=f"rationale::{key}").value,
        at.text_area(key=f"ev_quote::{key}").value,
    )


def test_a_level_a_rationale_and_a_quote_survive_next_and_a_reload(assess, own_workspace):
    from app_driver import start

    at = assess
    at.text_input(key="add_name").input("Typed-only technology")
    at = click(at, "Add technology")
    tid, first, second = at.session_state.assess_tech, RUBRIC.criteria[0].id, RUBRIC.criteria[1].id
    at.selectbox(key="assess_criterion").set_value(first)
    at = run(at)
    key = f"{tid}::{first}"
    at.radio(key=f"level::{key}").set_value(2)
    at.text_area(key=f"rationale::{key}").input("Typed, never saved by hand")
    at.text_area(key=f"ev_quote::{key}").input("a quote not yet added")
    at = click(at, "Next criterion")
    assert at.session_state.assess_criterion == second
    assert at.text_area(key=f"ev_quote::{tid}::{second}").value == ""  # each criterion's evidence starts empty
    assert "field(s) typed on Assess" in " ".join(c.value for c in at.sidebar.caption)
    at = click(at, "Previous criterion")
    assert _form(at, tid, first) == (2, "Typed, never saved by hand", "a quote not yet added")

    # a reload: a new session at the same address
    again = start(dict(at.query_params))
    again.switch_page("ui/app_pages/assess.py")
    again = run(again)
    again.selectbox(key="assess_tech").set_value(tid)
    again = run(again)
    again.selectbox(key="assess_criterion").set_value(first)
    again = run(again)
    assert _form(again, tid, first) == (2, "Typed, never saved by hand", "a quote not yet added")
    assert again.sidebar.text_input(key="author_name").value == "Analyst One"  # the name came back with the draft


def test_details_are_kept_as_they_are_typed_with_no_button_and_a_reload_finds_them(assess, own_workspace):
    """Issue 21: edits to Details vanished on reload unless 'Save details' was pressed; now leaving a field keeps it."""
    from app_driver import start

    at = assess
    tid = at.session_state.assess_tech
    assert not [b for b in at.button if b.label == "Save details"]
    at.text_area(key=f"d_description::{tid}").input("Typed in Details, no button pressed")
    at.text_input(key=f"d_scale::{tid}").input("Every checkpoint in the city")
    at = run(at)
    assert "Saved as you type" in " ".join(s.value for s in at.success)
    again = start(dict(at.query_params))  # a reload: a new session at the same address
    again.switch_page("ui/app_pages/assess.py")
    again = run(again)
    again.selectbox(key="assess_tech").set_value(tid)
    again = run(again)
    assert again.text_area(key=f"d_description::{tid}").value == "Typed in Details, no button pressed"
    assert again.text_input(key=f"d_scale::{tid}").value == "Every checkpoint in the city"


def test_a_refused_save_and_a_saved_version_are_said_in_a_toast(assess):
    at = assess
    at.sidebar.text_input(key="author_name").input("")
    at = click(at, "Save version")
    assert any("name" in t.value for t in at.toast)
    at.sidebar.text_input(key="author_name").input("Analyst One")
    at.text_input(key="add_name").input("Toasted technology")
    at = click(at, "Add technology")
    at.sidebar.text_input(key="save_message_input").input("Added a technology")
    at = click(at, "Save version")
    assert any("Saved as version" in t.value for t in at.toast)


def test_the_sources_tab_shows_each_copy_kept_with_its_hash_and_quotes_found(assess, own_workspace):
    at = assess
    ws = open_workspace(own_workspace)
    set_id = at.session_state.set_id
    kept = ws.attach_copy(set_id, "article", "article.txt", b"Only filler, none of the quotes.")
    at = run(at)
    table = next(df.value for df in at.dataframe if "copy" in df.value.columns)
    copies = dict(zip(table["id"], table["copy"], strict=True))
    assert copies["article"].startswith(f"copy kept (sha256 {kept.sha256[:12]}), 0 of ")
    assert all(v == "no copy kept" for k, v in copies.items() if k != "article")
    assert any(b.label == "Attach copy" for b in at.button)


def _register_table(at: AppTest):
    return next(df.value for df in at.dataframe if "checked" in df.value.columns and "reliability" in df.value.columns)


def _submit(at: AppTest, form: str) -> AppTest:
    (button,) = [b for b in at.button if b.key and b.key.startswith(f"FormSubmitter:{form}-")]
    button.click()
    return run(at)


def test_the_sources_tab_shows_each_check_and_records_a_new_one(assess):
    import datetime as dt

    at = assess
    table = _register_table(at)
    import yaml

    from dashboard.settings import DEFAULT_DATA

    bundled = {x["id"]: x for x in yaml.safe_load(DEFAULT_DATA.read_text(encoding="utf-8"))["sources"]}
    shown = table.set_index("id")
    assert {sid: shown.loc[sid, "checked"] for sid in bundled} == {sid: str(x["checked"]) for sid, x in bundled.items()}
    assert all(shown.loc[sid, "check finding"] == x["check_finding"] for sid, x in bundled.items())
    # A source registered with its check ...
    at.text_input(key="src_register_title").input("Checked report")
    at.text_input(key="src_register_type").input("report")
    at.checkbox(key="src_register_undated").check()
    at.text_input(key="src_register_url").input("https://example.org/checked")
    at.selectbox(key="src_register_reliability").set_value("B")
    at.date_input(key="src_register_checked").set_value(dt.date(2026, 11, 30))
    at.text_input(key="src_register_finding").input("all quotes found")
    at = _submit(at, "src_register_form")
    assert not errors(at), errors(at)
    rows = _register_table(at).set_index("id")
    assert (rows.loc["checked_report", "checked"], rows.loc["checked_report", "check finding"]) == (
        "2026-11-30",
        "all quotes found",
    )
    # ... and a check recorded of a source already in the register.
    at.selectbox(key="src_check_source").set_value("article")
    at.date_input(key="src_check_checked").set_value(dt.date(2026, 12, 1))
    at.text_input(key="src_check_finding").input("title corrected; quotes found")
    at = _submit(at, "src_check_form")
    assert not errors(at), errors(at)
    rows = _register_table(at).set_index("id")
    assert rows.loc["article", "checked"] == "2026-12-01"
    assert rows.loc["article", "check finding"] == "title corrected; quotes found"
    assert md("Recorded the check of 'article'.") in [s.value for s in at.success]
