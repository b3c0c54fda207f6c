"""Rating rounds in the workspace layer (workspace/rounds.py), called directly: who may open, rate, close and
reconcile (a table of role x action), blindness until one has submitted, and a reconciliation that saves a new
version naming the round while the raters' entries stay on record. SQLite and PostgreSQL alike."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from dashboard.core.models import ScoreEntry
from dashboard.core.raters import Choice
from dashboard.settings import DEFAULT_DATA
from dashboard.workspace import rounds, service
from dashboard.workspace.access import AccessDenied
from dashboard.workspace.records import WorkspaceError
from tests.people import member
from tests.test_store import seeded, ws  # noqa: F401  (the store's fixtures: both backends)

SET = DEFAULT_DATA.stem
TECHS, CRITS = ["facial_recognition", "ai_cctv"], ["intrusion_depth", "chilling_effect"]


def levels(a: int, b: int, c: int, d: int) -> dict[str, dict[str, ScoreEntry]]:
    return {
        "facial_recognition": {"intrusion_depth": ScoreEntry(level=a), "chilling_effect": ScoreEntry(level=b)},
        "ai_cctv": {"intrusion_depth": ScoreEntry(level=c), "chilling_effect": ScoreEntry(level=d)},
    }


@pytest.fixture
def team(seeded):  # noqa: F811
    """The administrator (owner of the bundled set), two analysts who rate, a reviewer and a reader."""
    roles = {"ann": "analyst", "bob": "analyst", "rev": "reviewer", "rea": "reader", "own": "owner"}
    people = {name: member(seeded, name, role) for name, role in roles.items()}
    people["admin"] = seeded
    return people


def opened(team) -> rounds.RoundInfo:
    return rounds.open_round(
        team["own"], SET, version=1, raters=["ann@example.org", "bob@example.org"], technologies=TECHS, criteria=CRITS
    )


# Who may take each round action: role -> allowed (the access table, taken through the workspace layer).
@pytest.mark.parametrize(
    "who,action,allowed",
    [
        ("rea", "open", False),
        ("ann", "open", False),
        ("rev", "open", False),
        ("own", "open", True),
        ("rea", "close", False),
        ("rev", "close", False),
        ("own", "close", True),
        ("rea", "reconcile", False),
        ("ann", "reconcile", False),
        ("rev", "reconcile", True),
        ("own", "reconcile", True),
    ],
)
def test_who_may_open_close_and_reconcile(team, who, action, allowed):
    round_ = opened(team)
    actor = team[who]
    take = {
        "open": lambda: rounds.open_round(actor, SET, version=1, raters=["ann@example.org", "bob@example.org"]),
        "close": lambda: rounds.close(actor, SET, round_.number),
        "reconcile": lambda: rounds.reconcile(
            actor,
            SET,
            round_.number,
            [Choice("ai_cctv", "intrusion_depth", ScoreEntry(level=2), "agreed at the meeting")],
            base=1,
            author=who,
        ),
    }
    if action == "reconcile":
        rounds.close(team["own"], SET, round_.number)
    if allowed:
        take[action]()
        return
    with pytest.raises(AccessDenied, match=r"needs the (owner|reviewer) role"):
        take[action]()


def test_a_rater_sees_nobody_s_levels_until_they_have_submitted(team):
    number = opened(team).number
    for who in ("ann", "bob", "own", "admin", "rea"):  # nobody has submitted: nobody reads levels, not even the owner
        with pytest.raises(AccessDenied, match="until they have submitted"):
            rounds.ratings(team[who], SET, number)
    rounds.submit(team["ann"], SET, number, levels(4, 3, 2, 2))
    assert list(rounds.ratings(team["ann"], SET, number)) == ["ann@example.org"]  # her own, once submitted
    with pytest.raises(AccessDenied, match="until they have submitted"):
        rounds.ratings(team["bob"], SET, number)  # Bob still rates blind
    status = rounds.get_round(team["rea"], SET, number)  # status is open to readers
    assert [(r.email, r.submitted) for r in status.raters] == [("ann@example.org", True), ("bob@example.org", False)]
    after = rounds.submit(team["bob"], SET, number, levels(4, 3, 3, 1))
    assert not after.is_open  # the last rater's submission closes the round
    seen = rounds.ratings(team["rea"], SET, number)
    assert seen["bob@example.org"]["ai_cctv"]["chilling_effect"].level == 1


@pytest.mark.parametrize(
    "who,error",
    [("rev", "is not a rater in round"), ("ann", "has already submitted")],
)
def test_only_a_named_rater_submits_and_only_once(team, who, error):
    number = opened(team).number
    rounds.submit(team["ann"], SET, number, levels(1, 1, 1, 1))
    with pytest.raises(WorkspaceError, match=error):
        rounds.submit(team[who], SET, number, levels(2, 2, 2, 2))


def test_a_rater_needs_a_role_on_the_set_and_a_round_two_raters(team, seeded):  # noqa: F811
    member(seeded, "out", None)
    with pytest.raises(WorkspaceError, match=r"out@example.org has no role on"):
        rounds.open_round(team["own"], SET, version=1, raters=["ann@example.org", "out@example.org"])
    with pytest.raises(WorkspaceError, match="at least 2 raters"):
        rounds.open_round(team["own"], SET, version=1, raters=["ann@example.org"])
    with pytest.raises(WorkspaceError, match="no technology 'nope'"):
        rounds.open_round(
            team["own"], SET, version=1, raters=["ann@example.org", "bob@example.org"], technologies=["nope"]
        )


def test_reconciliation_saves_a_version_naming_the_round_and_keeps_the_raters_levels(team):
    number = opened(team).number
    rounds.submit(team["ann"], SET, number, levels(4, 3, 2, 2))
    with pytest.raises(WorkspaceError, match="still open"):
        rounds.reconcile(team["rev"], SET, number, [], base=1, author="Rev")
    rounds.submit(team["bob"], SET, number, levels(4, 3, 3, 1))
    chosen = Choice("ai_cctv", "chilling_effect", ScoreEntry(level=1, rationale="Bob's reading"), "Bob cited the order")
    with pytest.raises(WorkspaceError, match="every reconciled score needs a reason"):
        rounds.reconcile(
            team["rev"], SET, number, [Choice("ai_cctv", "chilling_effect", chosen.entry, " ")], base=1, author="Rev"
        )
    saved = rounds.reconcile(team["rev"], SET, number, [chosen], base=1, author="Rev")
    assert saved.number == 2 and "rating round 1 (version 1)" in saved.message
    assert team["rea"].history(SET)[-1].message == saved.message
    entry = service.load(team["rea"], SET, 2).data.technology("ai_cctv").scores["chilling_effect"]
    assert entry.level == 1 and "Bob cited the order" in entry.rationale and entry.evidence  # evidence kept
    info = rounds.get_round(team["rea"], SET, number)
    assert info.reconciliation is not None and info.reconciliation.version == 2
    assert info.reconciliation.choices == (("ai_cctv", "chilling_effect", "1", "Bob cited the order"),)
    assert rounds.ratings(team["rea"], SET, number)["ann@example.org"]["ai_cctv"]["chilling_effect"].level == 2
    with pytest.raises(WorkspaceError, match="already reconciled, as version 2"):
        rounds.reconcile(team["rev"], SET, number, [chosen], base=2, author="Rev")


def test_the_last_two_raters_submitting_at_once_close_the_round(team):
    number = opened(team).number
    with ThreadPoolExecutor(2) as pool:
        done = [pool.submit(rounds.submit, team[w], SET, number, levels(1, 2, 3, 4)) for w in ("ann", "bob")]
        [f.result() for f in done]
    info = rounds.get_round(team["rea"], SET, number)
    assert not info.is_open and all(r.submitted for r in info.raters)
