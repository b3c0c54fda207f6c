"""AppTest: every page on varied valid inputs, user text never interpreted, uploads never lose work silently."""

from __future__ import annotations

import json

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from app_driver import every_view, page, start, upload
from dashboard.settings import DEFAULT_DATA
from variants import HOSTILE, VARIANTS, variant

pytestmark = pytest.mark.app  # drives the app's pages with AppTest (see docs/testing.md)

PAGES = [
    "overview",
    "technology",
    "compare",
    "whatif",
    "sensitivity",
    "briefing",
    "method",
    "assess",
    "data",
    "history",
]


def files(name: str) -> tuple[tuple, tuple]:
    r, d = variant(name)
    return (
        (f"{name}_rubric.yaml", yaml.safe_dump(r).encode(), "application/yaml"),
        (f"{name}_data.yaml", yaml.safe_dump(d).encode(), "application/yaml"),
    )


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def rendered(at: AppTest):
    for root in (at.main, at.sidebar):
        yield from walk(root)


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_page_renders_each_variant(name):
    at = upload(start(), *files(name))
    assert at.success, [e.value for e in at.error]
    for p in PAGES:
        assert all(not view.exception for view in every_view(at, p))  # every lazy tab opened in turn


def test_hostile_text_is_never_html_and_never_markup_on_any_page():
    at = upload(start(), *files("hostile_text"))
    assert at.success
    raw = [h for h in HOSTILE if any(ch in h for ch in "*[<:$%")]
    for p in PAGES:
        for view in every_view(at, p):  # every lazy tab opened in turn
            for node in rendered(view):
                assert_shown_literally(p, node, raw)


def assert_shown_literally(p: str, node, raw: list[str]) -> None:
    proto = getattr(node, "proto", None)
    if proto is None or node.type in ("text", "code"):
        return  # st.text and st.code show their text literally
    if hasattr(proto, "allow_html"):
        assert not proto.allow_html, f"{p}: HTML allowed in {proto.body[:80]!r}"
    for field in ("body", "label", "help"):
        value = getattr(proto, field, "")
        if isinstance(value, str):
            for h in raw:
                assert h not in value, f"{p}: unescaped {h!r} in {field}: {value[:120]!r}"
    if node.type == "plotly_chart":
        spec = json.loads(proto.spec)
        text = json.dumps(spec["data"]) + json.dumps(spec["layout"])
        for tag in ("<b>x</b>", "<img", "<style>", "%{y} #"):
            assert tag not in text, f"{p}: raw {tag!r} reaches Plotly"


def test_the_title_reads_exactly_as_typed():
    import html

    at = upload(start(), *files("hostile_text"))
    at = page(at, "overview")
    assert html.unescape(at.title[0].value) == variant("hostile_text")[1]["meta"]["title"]


@pytest.fixture
def read_only(tmp_path, monkeypatch):
    """A workspace that cannot be opened (a file where its folder should be): the app runs read-only."""
    (tmp_path / "blocker").write_text("not a folder")
    monkeypatch.setenv("DASHBOARD_WORKSPACE", f"sqlite:///{tmp_path / 'blocker' / 'ws.db'}")


def test_an_unusable_workspace_is_reported_without_its_path_and_the_bundled_files_open_read_only(read_only):
    at = start()
    errors = [e.value for e in at.sidebar.error]
    assert errors and "workspace database" in errors[0]
    assert not any("blocker" in e for e in errors)  # no server path reaches users (issue 23); the log has it
    assert any("Read-only" in c.value for c in at.sidebar.caption)
    assert at.session_state.inputs[3] == DEFAULT_DATA.name
    for p in PAGES:
        assert all(not view.exception for view in every_view(at, p))  # every lazy tab opened in turn


def change_a_level(at: AppTest, reason: str) -> AppTest:
    """One level changed through the Data page's form, as a user does it (the first technology and criterion)."""
    at.selectbox(key="change_level_value").set_value(0)
    at.text_input(key="change_reason").input(reason)
    next(b for b in at.button if b.label == "Apply change").click().run()
    assert not at.exception
    return at


def test_loading_files_over_unsaved_edits_asks_first_and_names_how_many(read_only):
    at = page(start(), "data")
    at = change_a_level(change_a_level(at, "checked again"), "checked twice")
    at = upload(at, *files("options_one"))
    assert at.session_state.inputs[3] == DEFAULT_DATA.name  # nothing replaced yet
    assert any("2 unsaved change(s)" in w.value for w in at.warning)
    assert not at.success
    # keep: the edits stay and the question goes away
    at = upload(at, button="Keep my edits")
    assert at.session_state.unsaved_changes == 2 and not at.warning
    # confirm: the files load and the edits are gone, as the user chose
    at = upload(at, *files("options_one"))
    next(b for b in at.button if b.label == "Load and discard 2 change(s)").click().run()
    assert at.session_state.inputs[3] == "options_one_data.yaml"
    assert at.session_state.unsaved_changes == 0 and at.success


def test_going_back_to_the_bundled_files_asks_before_discarding_edits(read_only):
    at = upload(start(), *files("options_one"))
    at = change_a_level(at, "checked again")
    at = upload(at, button="Back to the bundled rubric and dataset")
    assert at.session_state.inputs[3] == "options_one_data.yaml"
    assert any("1 unsaved change(s)" in w.value for w in at.warning)


def test_check_and_load_without_a_file_is_a_warning_not_a_success():
    at = upload(start())
    assert not at.success
    assert any("Choose a rubric or an assessment file first" in w.value for w in at.warning)


def test_a_file_over_the_size_limit_is_an_error_naming_the_file_and_the_limit():
    big = b"# padding\n" * (600 * 1024)  # 6 MB: passes the upload box, refused by the app's 5 MB limit
    at = upload(start(), data=("huge.yaml", big, "application/yaml"))
    report = at.code[0].value
    assert at.error and "huge.yaml" in report and "5,242,880-byte limit" in report


def test_an_upload_error_goes_away_when_it_no_longer_applies():
    bad = ("bad.yaml", b"meta: {}\n", "application/yaml")
    at = upload(start(), data=bad)
    assert at.error
    at = page(at, "overview")
    at = page(at, "data")
    assert not at.error  # navigation cleared it
    at = upload(at, data=bad)
    assert at.error
    next(b for b in at.sidebar.button if b.label == "Reset what-if settings").click().run()  # reset what-if settings
    assert not at.error


def test_in_the_workspace_an_upload_becomes_a_new_set_and_the_old_draft_stays():
    at = page(start(), "data")
    first = at.session_state.set_id
    # a change goes into the draft of the first set
    at.selectbox(key="change_level_value").set_value(0)
    at.text_input(key="change_reason").input("checked again")
    next(b for b in at.button if b.label == "Apply change").click().run()
    assert at.session_state.has_draft
    at = upload(at, *files("options_one"))
    assert at.session_state.set_id != first and not at.session_state.has_draft
    assert "stay in its draft" in at.success[0].value
    # switching back finds the draft where it was
    at.sidebar.selectbox(key="ws_set_choice").set_value(first).run()
    assert at.session_state.set_id == first and at.session_state.has_draft
