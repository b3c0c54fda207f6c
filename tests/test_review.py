"""Review and sign-off: the workflow table (state x role x action -> allowed, or refused with its reason), written
out by hand here, and the workspace taking each step on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from dashboard.core.loading import load_rubric
from dashboard.core.problems import InputError
from dashboard.settings import DEFAULT_RUBRIC
from dashboard.workspace import records as R
from dashboard.workspace import review as W
from dashboard.workspace.access import AccessDenied
from dashboard.workspace.repository import Workspace
from dashboard.workspace.review import Facts, ReviewRefused
from tests.people import member
from tests.test_store import SET, _edited, seeded, ws  # noqa: F401  (the store's fixtures: both backends)

STATES = ["draft", "in_review", "changes_requested", "approved"]
ROLES = [None, "reader", "analyst", "reviewer", "owner"]
# Written out by hand: for each action, the lowest role that may take it and the states it may be taken from.
NEEDS = {
    "request": ("analyst", {"draft", "changes_requested"}),
    "comment": ("reviewer", {"draft", "in_review", "changes_requested"}),
    "resolve": ("analyst", {"draft", "in_review", "changes_requested"}),
    "verdict": ("reviewer", {"in_review"}),
    "request_changes": ("reviewer", {"in_review"}),
    "approve": ("reviewer", {"in_review"}),
    "withdraw": ("reviewer", {"in_review", "approved"}),
}
RANK = {r: i for i, r in enumerate(ROLES)}
# Facts under which every condition holds (withdrawing needs one's own approval to withdraw).
GOOD = {action: Facts(signed=action == "withdraw") for action in NEEDS}


@pytest.mark.parametrize("action", list(NEEDS))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_each_state_role_and_action_is_allowed_or_refused_with_its_reason(state, role, action):
    need, sources = NEEDS[action]
    decision = W.decide(action, state, role, GOOD[action])
    if role is None or RANK[role] < RANK[need]:
        assert not decision.allowed
        assert f"needs the {need} role" in decision.reason
    elif state not in sources:
        assert not decision.allowed
        assert "is not possible while the version is" in decision.reason
    else:
        assert decision.allowed and decision.reason == ""


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(NEEDS))
def test_a_site_administrator_has_every_role_but_not_every_state(state, action):
    assert W.decide(action, state, None, GOOD[action], admin=True).allowed == (state in NEEDS[action][1])


@pytest.mark.parametrize(
    "action,state,facts,reason",
    [
        ("approve", "in_review", Facts(author=True), "nobody approves or judges a version they authored"),
        ("verdict", "in_review", Facts(author=True), "nobody approves or judges a version they authored"),
        ("request_changes", "in_review", Facts(author=True), "nobody approves or judges a version they authored"),
        ("approve", "in_review", Facts(signed=True), "you have already approved this version"),
        ("approve", "in_review", Facts(open_comments=2), "2 comment(s) are still open"),
        ("approve", "in_review", Facts(to_correct=1), "1 technology(ies) are marked 'to correct'"),
        ("approve", "in_review", Facts(attested=False), "approving means accepting the attestation"),
        ("withdraw", "approved", Facts(signed=False), "only an approver withdraws their own approval"),
        ("request", "draft", Facts(latest=False), "only the set's newest version can go to review"),
        ("resolve", "in_review", Facts(comment_open=False), "that comment is already resolved"),
        ("publish", "draft", Facts(), "no review action 'publish'"),
    ],
)
def test_a_condition_that_fails_refuses_with_its_reason(action, state, facts, reason):
    decision = W.decide(action, state, "owner", facts, admin=True)
    assert not decision.allowed and reason in decision.reason


@pytest.mark.parametrize(
    "action,state,facts,after",
    [
        ("request", "draft", Facts(), "in_review"),
        ("request", "changes_requested", Facts(), "in_review"),
        ("request_changes", "in_review", Facts(), "changes_requested"),
        ("approve", "in_review", Facts(approvals=1, required=1), "approved"),
        ("approve", "in_review", Facts(approvals=1, required=2), "in_review"),  # one more is needed
        ("withdraw", "approved", Facts(approvals=0, required=1), "in_review"),
        ("withdraw", "approved", Facts(approvals=1, required=1), "approved"),  # another approval still stands
        ("comment", "in_review", Facts(), "in_review"),
    ],
)
def test_each_step_moves_to_the_state_the_table_names(action, state, facts, after):
    assert W.moves_to(action, state, facts) == after


# ------------------------------------------------------------------------------------------------ the policy

RUBRIC = DEFAULT_RUBRIC.read_text(encoding="utf-8")


def _with_review(block: str) -> str:
    return RUBRIC.rstrip("\n") + "\n" + block


@pytest.mark.parametrize(
    "tiers,approvals,needed",
    [
        (["low", "high"], None, 1),
        (["low", "high"], "{default: 1, critical: 2}", 1),
        (["low", "critical"], "{default: 1, critical: 2}", 2),
        (["low", None], "{default: 0}", 0),
        (["high"], "{high: 3}", 3),
    ],
)
def test_the_approvals_needed_are_the_largest_over_the_technologies_tiers(tiers, approvals, needed):
    block = f"review:\n  approvals: {approvals}\n" if approvals else ""
    rubric = load_rubric(_with_review(block).encode(), "r.yaml")
    assert W.required_approvals(rubric, tiers) == needed


@pytest.mark.parametrize(
    "block,message",
    [
        ("review:\n  approvals: {critical: -1}\n", "a count must be 0 or more"),
        ("review:\n  approvals: {extreme: 1}\n", "review approvals name tier 'extreme'"),
        ("review:\n  approve: {critical: 1}\n", "approve"),
    ],
)
def test_a_bad_review_policy_is_refused_naming_the_field(block, message):
    with pytest.raises(InputError) as bad:
        load_rubric(_with_review(block).encode(), "r.yaml")
    assert message in str(bad.value.problems[0].format()) and "review" in bad.value.problems[0].format()


def test_the_attestation_is_the_rubrics_or_the_dashboards_own():
    own = load_rubric(_with_review('review:\n  attestation: "We checked it."\n').encode(), "r.yaml")
    assert W.attestation(own) == "We checked it."
    assert "I have reviewed this version" in W.attestation(load_rubric(RUBRIC.encode(), "r.yaml"))


# ------------------------------------------------------------------------------------------------ the workspace


def _team(admin: Workspace) -> tuple[Workspace, Workspace, Workspace]:
    """Ann (an analyst) saves version 2; Rita and Vic review."""
    ann = member(admin, "ann", "analyst")
    rita, vic = member(admin, "rita", "reviewer"), member(admin, "vic", "reviewer")
    pk = admin.version(SET).info.rubric_pk
    ann.save(SET, _edited(admin, {("ai_cctv", "breadth"): 0.0}), pk, base=1, author="Ann", message="first")
    return ann, rita, vic


def test_the_journey_request_comment_changes_resolve_request_approve(seeded):  # noqa: F811
    ann, rita, _ = _team(seeded)
    assert W.status(ann, SET, 2).state == "draft"  # a new version starts as a draft
    assert W.act(ann, SET, 2, "request", message="please review").state == "in_review"
    st = W.act(rita, SET, 2, "comment", technology="ai_cctv", criterion="breadth", text="Source for 0.0?")
    (comment,) = st.open_comments
    assert (comment.technology, comment.criterion, comment.author) == ("ai_cctv", "breadth", "rita@example.org")
    with pytest.raises(ReviewRefused, match="1 comment"):
        W.act(rita, SET, 2, "approve", attested=True)
    assert W.act(rita, SET, 2, "request_changes", message="see comment").state == "changes_requested"
    assert W.act(ann, SET, 2, "resolve", comment=comment.pk).open_comments == ()
    assert W.act(ann, SET, 2, "request").state == "in_review"
    done = W.act(rita, SET, 2, "approve", attested=True)
    assert done.state == "approved"
    (signed,) = done.approvals
    version = seeded.version(SET, 2)
    assert (signed.email, signed.role) == ("rita@example.org", "reviewer")
    assert signed.content_sha256 == R.sha256(version.content) == version.info.sha256
    assert signed.rubric_sha256 == version.rubric.sha256
    assert "I have reviewed this version" in signed.attestation
    assert done.covers_latest and done.approved_version == 2


def test_an_approved_version_is_locked_and_editing_it_makes_a_new_draft(seeded):  # noqa: F811
    ann, rita, _ = _team(seeded)
    W.act(ann, SET, 2, "request")
    W.act(rita, SET, 2, "approve", attested=True)
    with pytest.raises(ReviewRefused, match="while the version is approved"):
        W.act(rita, SET, 2, "comment", text="late")
    pk = seeded.version(SET).info.rubric_pk
    ann.save(SET, _edited(seeded, {("ai_cctv", "breadth"): 2.0}), pk, base=2, author="Ann", message="edit")
    newer = W.status(ann, SET)
    assert (newer.version, newer.state, newer.approved_version) == (3, "draft", 2)
    assert not newer.covers_latest and newer.approved is not None and newer.approved.email == "rita@example.org"
    assert W.status(ann, SET, 2).state == "approved"  # the approved one stays approved


def test_the_author_may_not_approve_their_own_version_even_as_a_reviewer(seeded):  # noqa: F811
    ann, rita, _ = _team(seeded)
    seeded.grant(SET, "ann@example.org", "reviewer")
    W.act(ann, SET, 2, "request")
    with pytest.raises(ReviewRefused, match="nobody approves or judges a version they authored"):
        W.act(ann, SET, 2, "approve", attested=True)
    assert W.status(rita, SET, 2).approvals == ()


def test_an_analyst_may_not_approve_and_a_non_member_may_not_even_look(seeded):  # noqa: F811
    ann, _, _ = _team(seeded)
    W.act(ann, SET, 2, "request")
    other = member(seeded, "olga", "analyst")
    with pytest.raises(ReviewRefused, match="needs the reviewer role"):
        W.act(other, SET, 2, "approve", attested=True)
    with pytest.raises(AccessDenied, match="is not a member of"):
        W.status(member(seeded, "nobody", None), SET)


def test_a_rubric_asking_two_approvals_needs_two_reviewers_and_an_approver_may_withdraw(seeded):  # noqa: F811
    ann, rita, vic = _team(seeded)
    rubric = seeded.add_rubric(_with_review("review:\n  approvals: {default: 2}\n"), "r.yaml", "x", "1", "R")
    content = seeded.version(SET, 2).content
    ann.save(SET, content, rubric.pk, base=2, author="Ann", message="stricter rubric")
    W.act(ann, SET, 3, "request")
    once = W.act(rita, SET, 3, "approve", attested=True)
    assert (once.state, once.required, len(once.approvals)) == ("in_review", 2, 1)
    assert W.act(vic, SET, 3, "approve", attested=True).state == "approved"
    with pytest.raises(ReviewRefused, match="only an approver withdraws"):
        W.act(seeded, SET, 3, "withdraw")  # the owner, who has not approved it
    back = W.act(vic, SET, 3, "withdraw")
    assert (back.state, [a.email for a in back.approvals]) == ("in_review", ["rita@example.org"])


def test_a_to_correct_verdict_blocks_approval_until_marked_acceptable(seeded):  # noqa: F811
    ann, rita, _ = _team(seeded)
    W.act(ann, SET, 2, "request")
    assert W.act(rita, SET, 2, "verdict", technology="ai_cctv", verdict="to_correct").verdicts == {
        "ai_cctv": "to_correct"
    }
    with pytest.raises(ReviewRefused, match="marked 'to correct'"):
        W.act(rita, SET, 2, "approve", attested=True)
    W.act(rita, SET, 2, "verdict", technology="ai_cctv", verdict="acceptable")
    assert W.act(rita, SET, 2, "approve", attested=True).state == "approved"


def test_approving_without_the_attestation_and_commenting_on_nothing_are_refused(seeded):  # noqa: F811
    ann, rita, _ = _team(seeded)
    W.act(ann, SET, 2, "request")
    with pytest.raises(ReviewRefused, match="attestation"):
        W.act(rita, SET, 2, "approve")
    with pytest.raises(ReviewRefused, match="no technology 'drones_x'"):
        W.act(rita, SET, 2, "comment", technology="drones_x", text="?")
    with pytest.raises(ReviewRefused, match="no criterion 'nope'"):
        W.act(rita, SET, 2, "comment", technology="ai_cctv", criterion="nope", text="?")
    with pytest.raises(ReviewRefused, match="needs some text"):
        W.act(rita, SET, 2, "comment", text="  ")


def test_what_waits_for_each_user(seeded):  # noqa: F811
    ann, rita, _ = _team(seeded)
    assert W.waiting(rita).reviews == ()
    W.act(ann, SET, 2, "request")
    assert W.waiting(rita).reviews == ((SET, 2),) and W.waiting(ann).reviews == ()  # not the author's own
    W.act(rita, SET, 2, "comment", text="Why?")
    assert [c.text for _, c in W.waiting(ann).comments] == ["Why?"]
    W.act(rita, SET, 2, "request_changes")
    assert W.waiting(rita).reviews == ()


def test_a_version_from_before_review_is_a_draft_and_its_named_author_may_not_approve_it(seeded):  # noqa: F811
    from sqlalchemy import delete

    from dashboard.workspace.tables import ReviewStateRow

    ann, rita, _ = _team(seeded)
    seeded.grant(SET, "ann@example.org", "reviewer")
    with seeded.transaction() as s:  # as a version restored from a backup, or saved before migration 0005
        s.execute(delete(ReviewStateRow).where(ReviewStateRow.set_id == SET, ReviewStateRow.number == 2))
    assert W.status(rita, SET, 2).state == "draft"
    W.act(rita, SET, 2, "request")  # a reviewer may ask too: an analyst or more
    with pytest.raises(ReviewRefused, match="they authored"):  # the version names "Ann", her name
        W.act(ann, SET, 2, "approve", attested=True)
    assert W.act(rita, SET, 2, "approve", attested=True).state == "approved"
