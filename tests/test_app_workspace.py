"""AppTest: the workspace from the pages: drafts survive a new session at the same address, saves refuse to
overwrite, History shows what changed, briefings are recorded and can carry the changes since the last one."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from app_driver import APP, page, start, start_as
from dashboard.workspace.repository import open_workspace

pytestmark = pytest.mark.app  # drives the app's pages with AppTest (see docs/testing.md)


def change_level(at: AppTest, level: int, reason: str) -> AppTest:
    at = page(at, "data")
    at.selectbox(key="change_level_value").set_value(level)
    at.text_input(key="change_reason").input(reason)
    next(b for b in at.button if b.label == "Apply change").click().run()
    assert not at.exception
    return at


def save(at: AppTest, name: str, message: str) -> AppTest:
    if any(t.key == "author_name" for t in at.sidebar.text_input):  # signed in: the account names the author
        at.sidebar.text_input(key="author_name").input(name)
    at.sidebar.text_input(key="save_message_input").input(message)
    next(b for b in at.sidebar.button if b.label == "Save version").click().run()
    assert not at.exception
    return at


def level_of(at: AppTest, tid: str, cid: str):
    import yaml

    data = yaml.safe_load(at.session_state.inputs[2])
    tech = next(t for t in data["technologies"] if t["id"] == tid)
    return tech["scores"][cid]


def test_a_change_is_in_the_draft_and_a_new_session_of_the_same_user_finds_it(own_workspace):
    at = change_level(start(), 0, "re-read the source")
    entry = level_of(at, "facial_recognition", "intrusion_depth")
    assert entry["level"] == 0 and "re-read the source" in entry["rationale"]
    address = {
        k: at.query_params[k][0] if isinstance(at.query_params[k], list) else at.query_params[k]
        for k in at.query_params
    }
    assert set(address) >= {"set", "v"} and "draft" not in address  # the address can be shared
    again = start(address)  # a reload: a new session of the same user
    assert again.session_state.has_draft
    assert level_of(again, "facial_recognition", "intrusion_depth")["level"] == 0
    other = start_as("bob", address, role="analyst")  # another user at the same address: the saved version
    assert other.session_state.set_id == address["set"] and not other.session_state.has_draft
    assert level_of(other, "facial_recognition", "intrusion_depth")["level"] != 0


def test_a_shared_link_opened_by_a_non_member_shows_nothing_of_the_set(own_workspace):
    at = start_as("eve", {"set": "pakistan_china_policing", "v": "1"}, role=None)
    assert not at.session_state.set_id
    shown = " ".join(e.value for e in [*at.markdown, *at.info, *at.title])
    assert "no access to any assessment set" in shown and "Facial" not in shown


def test_a_reader_sees_the_set_but_no_save(own_workspace):
    at = start_as("rita", role="reader")
    assert at.session_state.set_id == "pakistan_china_policing"
    assert not [b for b in at.sidebar.button if b.label == "Save version"]
    assert any("saving needs the analyst role" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("role", ["reader", "analyst"])
def test_pages_leave_out_the_writing_a_reader_would_be_refused(own_workspace, role):
    """The workspace refuses a reader's writes (tests/test_access.py); the pages do not offer them either."""
    at = start_as("rita", role=role)
    writes = role != "reader"
    assess = page(at, "assess")
    assert bool([w for w in assess.selectbox if w.key == "assess_tech"]) is writes
    assert any("needs the analyst role" in i.value for i in assess.info) is not writes
    data = page(assess, "data")
    assert bool([b for b in data.button if b.label == "Check and load"]) is writes
    history = page(data, "history")
    assert any("Restoring a version needs" in c.value for c in history.caption) is not writes


def test_an_anonymous_session_in_team_mode_sees_only_the_sign_in_page(own_workspace):
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test"}
    at.user = {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Sign in"] and not at.sidebar.selectbox
    assert "set_id" not in at.session_state


def test_settings_come_back_from_the_address_and_unknown_ones_are_named():
    at = start({"scenario": "inherent", "w": "physical_harm:6,nonsense:2", "profile": "no_such"})
    assert at.session_state.scenario == "inherent"
    assert at.session_state.weights == {"physical_harm": 6.0}
    notice = " ".join(i.value for i in at.sidebar.info)
    assert "nonsense" in notice and "no&#95;such" in notice


def test_saving_needs_a_name_and_a_message_and_then_appends_a_version(own_workspace):
    at = change_level(start(), 1, "why")
    next(b for b in at.sidebar.button if b.label == "Save version").click().run()
    assert any("name" in w.value for w in at.sidebar.warning)
    at = save(at, "Ann", "lowered depth of intrusion")
    assert at.session_state.base == 2 and not at.session_state.has_draft
    history = open_workspace(own_workspace).history(at.session_state.set_id)
    assert [(v.number, v.author, v.message) for v in history][-1] == (2, "Ann", "lowered depth of intrusion")


def test_a_save_from_a_stale_base_is_refused_and_the_draft_is_kept(own_workspace):
    ann = change_level(start(), 1, "Ann's reason")
    bob = change_level(start(), 2, "Bob's reason")
    ann = save(ann, "Ann", "Ann's change")
    bob = save(bob, "Bob", "Bob's change")
    conflict = bob.session_state.save_conflict
    assert conflict and conflict["latest"] == 2 and "Ann" in conflict["text"]
    assert any("Your draft is kept" in e.value for e in bob.sidebar.error)
    assert bob.session_state.has_draft and level_of(bob, "facial_recognition", "intrusion_depth")["level"] == 2
    assert [v.number for v in open_workspace(own_workspace).history(bob.session_state.set_id)] == [1, 2]
    # History opens on the difference between the newest version and Bob's draft
    bob = page(bob, "history")
    assert bob.selectbox(key="history_from").value == "2" and bob.selectbox(key="history_to").value == "draft"
    assert any("field change(s)" in c.value for c in bob.caption)


def test_a_refused_save_goes_onto_the_newest_in_one_action_and_other_sessions_see_the_newer_version(own_workspace):
    ann, bob, wes = (
        start_as(who, role=role) for who, role in (("ann", "analyst"), ("bob", "analyst"), ("wes", "reader"))
    )
    ann = save(change_level(ann, 1, "Ann's reason"), "Ann", "Ann's change")
    bob = page(bob, "data")
    bob.selectbox(key="change_crit").set_value("breadth")
    bob.selectbox(key="change_level_value").set_value(0)
    bob.text_input(key="change_reason").input("Bob's reason")
    next(b for b in bob.button if b.label == "Apply change").click().run()
    bob = save(bob, "Bob", "Bob's change")
    assert bob.session_state.save_conflict
    next(b for b in bob.sidebar.button if b.label == "Apply my changes onto version 2").click().run()
    assert not bob.session_state.get("merge_clashes"), [c.path for c in bob.session_state.merge_clashes]
    assert not bob.session_state.save_conflict and bob.session_state.base == 2 and bob.session_state.has_draft
    assert level_of(bob, "facial_recognition", "intrusion_depth")["level"] == 1  # Ann's
    assert level_of(bob, "facial_recognition", "breadth")["level"] == 0  # Bob's
    bob = save(bob, "Bob", "Bob's change, on top of Ann's")
    assert bob.session_state.base == 3
    wes.run()  # the reader's session, opened at version 1, learns of the newer one
    assert any("Version 3 was saved by Bob" in w.value for w in wes.sidebar.warning)
    next(b for b in wes.sidebar.button if b.label == "Open the newest (version 3)").click().run()
    assert wes.session_state.base == 3 and level_of(wes, "facial_recognition", "breadth")["level"] == 0


def test_restore_makes_a_new_version(own_workspace):
    at = save(change_level(start(), 1, "r"), "Ann", "v2")
    at = page(at, "history")
    at.selectbox(key="restore_choice").set_value(1)
    next(b for b in at.button if b.label == "Restore version 1").click().run()
    versions = open_workspace(own_workspace).history(at.session_state.set_id)
    assert [(v.number, v.message) for v in versions][-1] == (3, "Restored version 1")
    assert at.session_state.base == 3


def _build(at: AppTest, changes: bool) -> str:
    at = page(at, "briefing")
    at.date_input(key="brief_date").set_value(__import__("datetime").date(2026, 11, 26))
    if changes:
        at.checkbox(key="brief_changes").check()
    next(b for b in at.button if b.label == "Build briefing").click().run()
    assert not at.exception
    pdf = at.session_state.briefing_file
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_briefings_are_recorded_and_can_carry_the_changes_since_the_last_one(own_workspace):
    import hashlib

    at = start()
    first = _build(at, changes=False)
    assert "version 1" in first
    ws = open_workspace(own_workspace)
    set_id = at.session_state.set_id
    recorded = ws.briefings(set_id)
    assert len(recorded) == 1 and recorded[0].pdf_sha256 == hashlib.sha256(at.session_state.briefing_file).hexdigest()
    at = save(change_level(at, 0, "new evidence"), "Ann", "Depth of intrusion re-checked")
    text = _build(at, changes=True)
    assert "Changes since the last briefing" in text
    assert "Depth of intrusion re-checked" in text  # the version message says why
    assert "Facial recognition in public spaces, Depth of intrusion: level changed from 4 to 0" in text
    assert len(ws.briefings(set_id)) == 2


def test_after_a_refused_save_the_newest_version_opens_and_the_refused_draft_is_kept_for_comparison():
    ann = change_level(start(), 1, "Ann's reason")
    bob = change_level(start(), 2, "Bob's reason")
    save(ann, "Ann", "Ann's change")
    bob = save(bob, "Bob", "Bob's change")
    next(b for b in bob.sidebar.button if b.label.startswith("Open version 2")).click().run()
    assert bob.session_state.base == 2 and not bob.session_state.has_draft
    assert level_of(bob, "facial_recognition", "intrusion_depth")["level"] == 1  # Ann's version
    bob = page(bob, "history")
    assert bob.selectbox(key="history_to").value == "refused"
    assert any("field change(s)" in c.value for c in bob.caption)
    next(b for b in bob.button if b.label == "Discard the refused draft").click().run()
    bob = page(bob, "history")
    options = bob.selectbox(key="history_to").options
    assert options and not any("refused draft" in o for o in options)


def test_an_error_clears_when_the_next_action_succeeds(monkeypatch):
    """A full disk's error is shown while it is true, and gone once the next change and save work (issue 28)."""
    from dashboard.workspace.records import WorkspaceError
    from dashboard.workspace.repository import Workspace

    def full(*_args, **_kwargs):
        raise WorkspaceError("workspace ws.db: the database could not write to its disk (database or disk is full)")

    at = start()
    monkeypatch.setattr(Workspace, "put_draft", full)
    at = change_level(at, 1, "first try")
    assert any("disk is full" in e.value for e in at.sidebar.error)
    monkeypatch.undo()  # space freed
    at = change_level(at, 2, "second try")
    assert not any("disk is full" in e.value for e in at.sidebar.error)
    at = save(at, "Ann", "after the disk was freed")
    assert any("Saved as version 2" in m.value for m in at.sidebar.success)
    assert not at.sidebar.error
    monkeypatch.setattr(Workspace, "save", full)
    at = save(change_level(at, 3, "third"), "Ann", "on a full disk again")
    assert any("disk is full" in e.value for e in at.sidebar.error)
    assert not any("Saved as version" in m.value for m in at.sidebar.success)  # the earlier success is old news


def test_a_save_after_the_database_file_was_deleted_names_it_and_keeps_the_draft(own_workspace):
    """The SQLite file deleted while the app runs: never "Saved as version N", the file named, the draft kept."""
    import os

    path = own_workspace.removeprefix("sqlite:///")
    at = change_level(start(), 1, "before the file went")
    os.remove(path)
    at = save(at, "Ann", "into a deleted file")
    assert not any("Saved as version" in m.value for m in at.sidebar.success)
    assert any("workspace&#46;db was deleted while the app was running" in e.value for e in at.sidebar.error)
    assert at.session_state.has_draft and level_of(at, "facial_recognition", "intrusion_depth")["level"] == 1
