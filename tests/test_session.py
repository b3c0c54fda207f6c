"""The session logic without Streamlit (dashboard/workspace/session.py), called directly on a temporary SQLite
workspace: which set an address opens, opening with a draft, saving, a refused save that keeps the draft, discarding,
restoring, importing, and the settings an address carries (anything unknown ignored and named)."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest

from dashboard.core.editing import apply_edits
from dashboard.render.export import assessments_yaml
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
from dashboard.views import messages as M
from dashboard.workspace import service
from dashboard.workspace import session as S
from dashboard.workspace.briefings import Settings
from dashboard.workspace.repository import Workspace, open_workspace
from tests.people import member

SET = DEFAULT_DATA.stem
BAD_V = ["0", "-1", "2", "two", "1.5"]  # versions a one-version set does not have
NOT_NUMBER = "(not a version number)"  # what the notice says for a version that is not a plain number
CELL = ("facial_recognition", "intrusion_depth")  # level 4 in the bundled set


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "ws.db"
    store = open_workspace(f"sqlite:///{path}")
    service.seed(store)
    store.engine.dispose()
    return path


@pytest.fixture
def ws(seeded_file, tmp_path) -> Workspace:
    """A workspace of its own for each test, seeded with the bundled set (a copy of one seeded file)."""
    shutil.copy(seeded_file, tmp_path / "ws.db")
    return open_workspace(f"sqlite:///{tmp_path / 'ws.db'}")


models = functools.cache(S.models)  # the helpers read the same inputs again and again


def opened(ws: Workspace, number: int | None = None) -> S.Session:
    outcome = S.open_set(ws, SET, number)
    assert not outcome.error and outcome.session is not None
    return outcome.session


def edited(session: S.Session, level: int) -> str:
    rubric, data = models(session.inputs)
    return assessments_yaml(apply_edits(data, rubric, {CELL: level}, {CELL: f"[set to {level}]"}))


def changed(ws: Workspace, session: S.Session, level: int) -> S.Session:
    outcome = S.put_draft(ws, session, edited(session, level), "Ann")
    assert not outcome.error and outcome.session is not None and outcome.session.has_draft
    return outcome.session


def level(session: S.Session) -> float | None:
    _, data = models(session.inputs)
    tech = next(t for t in data.technologies if t.id == CELL[0])
    return tech.scores[CELL[1]].level


# ------------------------------------------------------------------------------------------------- the address

RANGE = "(a weight is a number from 0 to 10)"  # the bundled rubric's largest weight is 5
CRITERIA = [c.id for c in S.models((DEFAULT_RUBRIC.read_bytes(), "r", DEFAULT_DATA.read_bytes(), "d"))[0].criteria]
ALL_ZERO = ",".join(f"{c}:0" for c in CRITERIA)
ALL_BUT_BREADTH = {c: (0.5 if c == "breadth" else 0.0) for c in CRITERIA}


@pytest.mark.parametrize(
    ("params", "set_id", "number", "notice"),
    [
        ({}, SET, None, ""),
        ({"set": SET, "v": "1"}, SET, 1, ""),
        (
            {"set": "nowhere", "v": "3"},
            SET,
            None,  # the version of a set that is not there: the other set's latest
            "The address names an assessment set 'nowhere' that is not in the workspace; opened another.",
        ),
        # a version the set does not have: its latest, said (the session stays editable: see the next test)
        *[
            (
                {"set": SET, "v": v},
                SET,
                1,
                M.NO_SUCH_VERSION.format(given=v if v.isdigit() else NOT_NUMBER, set_id=SET, latest=1),
            )
            for v in BAD_V
        ],
        ({"v": "0"}, SET, 1, M.NO_SUCH_VERSION.format(given="0", set_id=SET, latest=1)),
        ({"v": ""}, SET, None, ""),
    ],
)
def test_an_address_chooses_the_set_and_version_to_open(ws, params, set_id, number, notice):
    assert S.choose(ws, params) == S.Choice(set_id, number, notice)


@pytest.mark.parametrize(
    ("params", "settings", "ignored"),
    [
        ({}, Settings(), []),
        ({"profile": "balanced", "scenario": "inherent"}, Settings("balanced", "inherent"), []),
        (
            {"scenario": "inherent", "w": "physical_harm:6,nonsense:2", "profile": "no_such"},
            Settings("default", "inherent", {"physical_harm": 6.0}),
            ["profile 'no_such'", "weight 'nonsense:2'"],
        ),
        (
            {"scenario": "worst", "w": "breadth:-1,breadth:inf,breadth:x,breadth:0.5"},
            Settings(weights={"breadth": 0.5}),
            ["scenario 'worst'", *[f"weight 'breadth:{v}' {RANGE}" for v in ("-1", "inf", "x")]],
        ),
        # a weight within the sliders' range only (0 to twice the rubric's largest weight, 5): 1e308 misranked
        (
            {"w": "breadth:10,breadth:10.5,breadth:1e308"},
            Settings(weights={"breadth": 10.0}),
            [
                f"weight 'breadth:10.5' {RANGE}",
                f"weight 'breadth:1e308' {RANGE}",
            ],
        ),
        # every weight 0 (all sixteen sliders at 0, or a shared link): refused whole, the profile's weights used
        ({"w": ALL_ZERO}, Settings(), [M.ADDRESS_ALL_ZERO]),
        ({"w": ALL_ZERO, "profile": "balanced"}, Settings("balanced"), [M.ADDRESS_ALL_ZERO]),
        ({"w": ALL_ZERO.replace("breadth:0", "breadth:0.5")}, Settings(weights=ALL_BUT_BREADTH), []),
        (
            {
                "o": "prior_authorisation:absent,bias_testing@facial_recognition:partial,"
                "nope:absent,prior_authorisation:maybe,prior_authorisation@nowhere:absent"
            },
            Settings(overrides={"prior_authorisation": "absent", "bias_testing@facial_recognition": "partial"}),
            [
                "safeguard setting 'nope:absent'",
                "safeguard setting 'prior_authorisation:maybe'",
                "safeguard setting 'prior_authorisation@nowhere:absent'",
            ],
        ),
    ],
)
def test_settings_come_from_the_address_and_unknown_ones_are_ignored_and_named(ws, params, settings, ignored):
    session = opened(ws)
    got, what = S.settings_from_address(params, *S.models(session.inputs))
    assert (got, what) == (settings, ignored)
    notice = S.ignored_notice(what)
    assert notice == (M.ADDRESS_IGNORED.format(items=", ".join(ignored)) if ignored else "")


@pytest.mark.parametrize(
    "settings",
    [
        Settings(),
        Settings("balanced", "custom", {"physical_harm": 2.5}, {"prior_authorisation@facial_recognition": "absent"}),
    ],
)
def test_the_address_of_a_session_reopens_its_set_version_and_settings_never_a_draft(ws, settings):
    session = changed(ws, opened(ws), 1)
    params = S.address(session, settings)
    assert (params["set"], params["v"]) == (SET, "1") and "draft" not in params
    assert S.choose(ws, params) == S.Choice(SET, 1)
    assert S.settings_from_address(params, *S.models(session.inputs)) == (settings, [])
    assert S.address(None, Settings()) == {}


# ----------------------------------------------------------------------------------------------------- opening


@pytest.mark.parametrize(
    ("who", "number", "has_draft", "level_", "error"),
    [
        ("ann", None, True, 1, ""),  # the draft this user keeps
        ("ann", 1, True, 1, ""),  # the version the draft is based on: the draft
        ("bob", None, False, 4, ""),  # another user: the stored version
        ("bob", 9, False, None, f"Could not open '{SET}': "),
    ],
)
def test_opening_a_set_brings_back_its_draft_for_the_same_user(ws, who, number, has_draft, level_, error):
    users = {"ann": member(ws, "ann"), "bob": member(ws, "bob")}
    changed(users["ann"], opened(users["ann"]), 1)
    outcome = S.open_set(users[who], SET, number)
    if error:
        assert outcome.session is None and outcome.error.startswith(error) and "no version 9" in outcome.error
        return
    session = outcome.session
    assert session is not None and not outcome.error
    assert (session.set_id, session.base, session.latest) == (SET, 1, 1)
    assert session.has_draft is has_draft and level(session) == level_
    assert session.inputs[3] == f"{SET} v1" and session.conflict is None
    assert session.rubric_pk == ws.version(SET, 1).rubric.pk


def test_the_default_set_opens_as_its_first_version(ws):
    choice = S.choose(ws, {})
    session = S.open_set(ws, choice.set_id, choice.number).session
    stored = ws.version(SET)
    assert session == S.Session(SET, 1, 1, stored.rubric.pk, False, session.inputs)
    assert session.inputs[1] == DEFAULT_RUBRIC.name and session.content == stored.content


# ------------------------------------------------------------------------------------------------------ saving


@pytest.mark.parametrize(
    ("author", "message", "change", "problem"),
    [
        (S.Author(""), "why", True, S.NAME_FIRST),
        (S.Author("Ann"), "  ", True, "Say what changed and why: the message is how the team reads the history."),
        (S.Author("Ann"), "why", False, "Nothing to save: no change since version 1."),
    ],
)
def test_a_save_needs_a_name_a_message_and_a_change(ws, author, message, change, problem):
    session = changed(ws, opened(ws), 1) if change else opened(ws)
    outcome = S.save_version(ws, session, message, author)
    assert outcome.problem == problem and outcome.version is None and outcome.session == session
    assert [v.number for v in ws.history(SET)] == [1]


@pytest.mark.parametrize("author", [S.Author("Ann"), S.Author("ann@example.org", verified=True)])
def test_a_save_appends_a_version_and_ends_the_draft(ws, author):
    session = changed(ws, opened(ws), 1)
    outcome = S.save_version(ws, session, "lowered depth of intrusion", author)
    assert outcome.message == f"Saved as version 2 of '{SET}'." and not (outcome.problem or outcome.error)
    saved = outcome.session
    assert (saved.base, saved.latest, saved.has_draft, saved.inputs[3]) == (2, 2, False, f"{SET} v2")
    assert saved.content == session.content and ws.draft(SET) is None
    last = ws.history(SET)[-1]
    assert (last.number, last.author, last.author_verified, last.message) == (
        2,
        author.name,
        author.verified,
        "lowered depth of intrusion",
    )


@pytest.mark.parametrize("next_step", ["keep working", "reopen the newest version"])
def test_a_save_refused_as_a_conflict_keeps_the_draft_and_names_the_newest_version(ws, next_step):
    ws_ann, ws = member(ws, "ann"), member(ws, "bob")  # from here on, ws is Bob's
    ann = changed(ws_ann, opened(ws_ann), 1)
    bob = changed(ws, opened(ws), 2)
    assert S.save_version(ws_ann, ann, "Ann's change", S.Author("Ann")).version is not None
    refused = S.save_version(ws, bob, "Bob's change", S.Author("Bob"))
    assert refused.version is None and not (refused.error or refused.problem or refused.message)
    bob = refused.session
    assert bob.conflict is not None and bob.conflict.latest == 2 and bob.latest == 2 and bob.base == 1
    text = bob.conflict.text
    assert text.startswith(f"Not saved: '{SET}' has version 2, saved by Ann") and "('Ann's change')" in text
    assert bob.has_draft and level(bob) == 2 and ws.draft(SET).content == bob.content
    assert [v.number for v in ws.history(SET)] == [1, 2]
    if next_step == "keep working":
        again = S.put_draft(ws, bob, edited(bob, 3), "Bob").session
        assert again.conflict == bob.conflict  # still said until a save or a reopen
        return
    outcome = S.reopen_after_conflict(ws, bob, "Bob")
    assert outcome.message.startswith("Opened version 2. Your refused draft is kept")
    newest = outcome.session
    assert (newest.base, newest.has_draft, newest.conflict, level(newest)) == (2, False, None, 1)
    kept = S.refused_draft(ws, newest)
    assert kept is not None and kept.content == bob.content and kept.base_number == 1
    S.discard_refused_draft(ws, newest)
    assert S.refused_draft(ws, newest) is None


OTHER = ("facial_recognition", "breadth")  # another criterion of the same technology


def edited_cell(session: S.Session, cell: tuple[str, str], level: int) -> str:
    rubric, data = models(session.inputs)
    return assessments_yaml(apply_edits(data, rubric, {cell: level}, {cell: f"[set to {level}]"}))


def level_at(session: S.Session, cell: tuple[str, str]) -> float | None:
    _, data = models(session.inputs)
    return next(t for t in data.technologies if t.id == cell[0]).scores[cell[1]].level


def refused_pair(ws: Workspace, bob_cell: tuple[str, str]) -> tuple[Workspace, S.Session]:
    """Ann saves level 1 on CELL; Bob, from the same base, changed `bob_cell` to 2 and is refused."""
    ws_ann, ws_bob = member(ws, "ann"), member(ws, "bob")
    ann, bob = opened(ws_ann), opened(ws_bob)
    ann = S.put_draft(ws_ann, ann, edited_cell(ann, CELL, 1), "Ann").session
    bob = S.put_draft(ws_bob, bob, edited_cell(bob, bob_cell, 2), "Bob").session
    assert S.save_version(ws_ann, ann, "Ann's change", S.Author("Ann")).version is not None
    refused = S.save_version(ws_bob, bob, "Bob's change", S.Author("Bob"))
    assert refused.session is not None and refused.session.conflict is not None
    return ws_bob, refused.session


def test_a_refused_draft_goes_onto_the_newest_version_in_one_action_when_nothing_clashes(ws):
    ws_bob, bob = refused_pair(ws, OTHER)
    outcome = S.merge_onto_newest(ws_bob, bob, "Bob")
    assert not (outcome.error or outcome.problem or outcome.clashes), outcome
    merged = outcome.session
    assert (merged.base, merged.has_draft, merged.conflict) == (2, True, None)
    assert (level_at(merged, CELL), level_at(merged, OTHER)) == (1, 2)  # Ann's change and Bob's, both
    assert outcome.message.startswith("Applied 1 of your change(s) onto version 2")
    assert S.refused_draft(ws_bob, merged).content == bob.content  # the refused draft is kept as well
    saved = S.save_version(ws_bob, merged, "Bob's change, merged", S.Author("Bob"))
    assert saved.version is not None and saved.version.number == 3


def test_a_clash_is_shown_and_nothing_written_until_each_side_is_chosen(ws):
    ws_bob, bob = refused_pair(ws, CELL)
    shown = S.merge_onto_newest(ws_bob, bob, "Bob")
    assert shown.session is None and "2 part(s) were changed both" in shown.problem
    paths = [c.path for c in shown.clashes]  # the level and the rationale (each records its change)
    assert paths == [("technologies", *CELL[:1], "scores", CELL[1], key) for key in ("level", "rationale")]
    assert ws_bob.draft(SET).base_number == 1  # untouched
    mine = S.merge_onto_newest(ws_bob, bob, "Bob", {p: "mine" for p in paths}).session
    assert (mine.base, level_at(mine, CELL)) == (2, 2)


# ----------------------------------------------------------------------------------------------- drafts, history


def test_discarding_a_draft_goes_back_to_its_version(ws):
    outcome = S.discard_draft(ws, changed(ws, opened(ws), 1))
    assert outcome.message == "Draft discarded; back to version 1."
    assert not outcome.session.has_draft and level(outcome.session) == 4 and ws.draft(SET) is None


@pytest.mark.parametrize(
    ("author", "with_draft", "message", "problem"),
    [
        (S.Author("Ann"), False, "Version 1 restored as version 3.", ""),
        (S.Author("Ann"), True, "Version 1 restored as version 3; your draft stays open (based on 2).", ""),
        (S.Author(""), False, "", S.NAME_FIRST_SIDEBAR),
    ],
)
def test_restoring_a_version_makes_a_new_one(ws, author, with_draft, message, problem):
    session = S.save_version(ws, changed(ws, opened(ws), 1), "v2", S.Author("Ann")).session
    session = changed(ws, session, 0) if with_draft else session
    outcome = S.restore_version(ws, session, 1, author)
    assert (outcome.message, outcome.problem) == (message, problem)
    if problem:
        assert outcome.session is None and len(ws.history(SET)) == 2
        return
    after = outcome.session
    assert ws.history(SET)[-1].message == "Restored version 1" and after.latest == 3
    assert (after.base, after.has_draft, level(after)) == ((2, True, 0) if with_draft else (3, False, 4))


@pytest.mark.parametrize("with_draft", [False, True])
@pytest.mark.parametrize("upload", ["the same file", "a changed file", "a rubric alone"])
def test_an_upload_becomes_a_new_set_reopens_an_identical_one_or_moves_the_draft(ws, upload, with_draft):
    session = changed(ws, opened(ws), 1) if with_draft else opened(ws)
    bundled = DEFAULT_DATA.read_text("utf-8")
    if upload == "a rubric alone":
        rubric = (DEFAULT_RUBRIC.read_text("utf-8").replace("title:", "title: Copy of", 1), "copy.yaml")
        outcome = S.import_upload(ws, session, rubric, None, S.Author("Ann"))
        assert (
            outcome.message
            == f"Rubric copy.yaml added; '{SET}' is now scored against it in your draft (save to keep it)."
        )
        assert outcome.session.has_draft and outcome.session.inputs[1] == "copy.yaml"
        assert ws.draft(SET).rubric_pk == outcome.session.rubric_pk != session.rubric_pk
        return
    data = (bundled, "same.yaml") if upload == "the same file" else (edited(opened(ws, 1), 0), "changed.yaml")
    outcome = S.import_upload(ws, session, None, data, S.Author("Ann"))
    new = outcome.session
    if upload == "the same file":
        assert outcome.message == f"same.yaml is already version 1 of '{SET}': opened it." and new.set_id == SET
        assert new.has_draft is with_draft  # reopening the same set brings its draft back
        return
    kept = f" Your unsaved changes to '{SET}' stay in its draft." if with_draft else ""
    assert outcome.message == f"Imported changed.yaml as a new assessment set '{new.set_id}' (version 1).{kept}"
    assert new.set_id != SET and (new.base, new.has_draft, level(new)) == (1, False, 0)
    assert (ws.draft(SET) is not None) is with_draft


def test_a_new_set_is_stored_as_version_1_under_a_free_id(ws):
    session = opened(ws)
    first = S.create_set(ws, session.content, session.rubric_pk, "Pakistan China", "New", S.Author("Ann"))
    second = S.create_set(ws, session.content, session.rubric_pk, "Pakistan China", "New", S.Author("Ann"))
    assert (first.set_id, first.number, second.set_id) == ("pakistan_china", 1, "pakistan_china_2")
