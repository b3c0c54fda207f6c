"""The review workflow as data: one declarative table (`WORKFLOW`) and one function that reads it (`decide`).

Each saved version of a set has a review state. A new version starts as a draft; an analyst asks for review; a
reviewer comments (on the set, a technology, or one criterion's score), gives a verdict per technology, and either
requests changes or approves. Once the rubric's number of approvals is reached the version is approved, and locked:
the table allows no comment on it and no step but withdrawal, and editing it saves a new version (a draft) while the
approved one stays approved. An approver may withdraw their own approval.

For each action the table gives the states it may be taken from, the state it moves to, the roles (access.py's)
that may take it, the conditions that must hold and the effects on the way. Nothing else decides: the workspace
(review.py) gathers the facts, asks `decide`, and writes the effects, so the pages and the command line cannot
disagree. Pure: no database here, so a test calls it with any state, role and facts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.core.models import Rubric
from dashboard.words import say, table
from dashboard.workspace import access as A

DRAFT, IN_REVIEW, CHANGES, APPROVED = "draft", "in_review", "changes_requested", "approved"
STATES = (DRAFT, IN_REVIEW, CHANGES, APPROVED)
OPEN_STATES = frozenset({DRAFT, IN_REVIEW, CHANGES})
TO_CORRECT, ACCEPTABLE = "to_correct", "acceptable"
VERDICTS = (TO_CORRECT, ACCEPTABLE)


@dataclass(frozen=True)
class Step:
    """One row of the workflow table."""

    action: str
    sources: frozenset[str]  # the states it may be taken from
    target: str | None  # the state it moves to (None: it stays)
    roles: frozenset[str]  # the roles on the set that may take it (site administrators too)
    conditions: tuple[str, ...] = ()  # each must hold (Facts), else refused with its reason
    effects: tuple[str, ...] = ()  # what is written on the way
    gate: str | None = None  # the move to `target` happens only once this holds after the effects


# The workflow. Nothing else decides who may move a version from which state to which.
WORKFLOW: dict[str, Step] = {
    s.action: s
    for s in (
        Step("request", frozenset({DRAFT, CHANGES}), IN_REVIEW, A.ANALYST, ("latest",), ("note_request",)),
        Step("comment", OPEN_STATES, None, A.REVIEWER, (), ("add_comment",)),
        Step("resolve", OPEN_STATES, None, A.ANALYST, ("comment_open",), ("resolve_comment",)),
        Step("verdict", frozenset({IN_REVIEW}), None, A.REVIEWER, ("not_author",), ("record_verdict",)),
        Step("request_changes", frozenset({IN_REVIEW}), CHANGES, A.REVIEWER, ("not_author",), ("void_sign_offs",)),
        Step(
            "approve",
            frozenset({IN_REVIEW}),
            APPROVED,
            A.REVIEWER,
            ("not_author", "not_signed", "no_open_comments", "no_to_correct", "attested"),
            ("sign_off",),
            gate="enough_approvals",
        ),
        Step("withdraw", frozenset({IN_REVIEW, APPROVED}), IN_REVIEW, A.REVIEWER, ("own_sign_off",), ("withdraw",)),
    )
}
ACTIONS = tuple(WORKFLOW)


@dataclass(frozen=True)
class Facts:
    """What the conditions are about, gathered by the workspace for one actor and one version."""

    latest: bool = True  # the version is the set's newest
    author: bool = False  # the actor saved (authored) this version
    signed: bool = False  # the actor has a standing approval of it
    open_comments: int = 0  # open comments on this version or an earlier one
    to_correct: int = 0  # technologies whose newest verdict on this version is "to correct"
    attested: bool = True  # the actor accepted the attestation
    comment_open: bool = True  # the comment to resolve is open
    approvals: int = 0  # standing approvals, after the effects
    required: int = 1  # approvals the rubric asks for this version


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""


def holds(condition: str, facts: Facts) -> bool:
    return {
        "latest": facts.latest,
        "not_author": not facts.author,
        "not_signed": not facts.signed,
        "own_sign_off": facts.signed,
        "no_open_comments": facts.open_comments == 0,
        "no_to_correct": facts.to_correct == 0,
        "attested": facts.attested,
        "comment_open": facts.comment_open,
        "enough_approvals": facts.approvals >= facts.required,
    }[condition]


def decide(action: str, state: str, role: str | None, facts: Facts, *, admin: bool = False) -> Decision:
    """May a user with `role` on the set (site administrator: `admin`) take `action` on a version in `state`?
    Reads WORKFLOW only; a refusal gives its reason in words. Default deny."""
    step = WORKFLOW.get(action)
    if step is None:
        return Decision(False, say("review.no_such_action", action=action, actions=", ".join(ACTIONS)))
    if not admin and (role is None or role not in step.roles):
        need = next(r for r in A.ROLES if r in step.roles)
        has = say("review.has_role", role=role) if role else say("review.no_role")
        return Decision(False, say("review.role", action=table("review_action")[action], has=has, role=need))
    if state not in step.sources:
        names = table("review_state")
        states = ", ".join(names[s] for s in STATES if s in step.sources)
        what = table("review_action")[action]
        return Decision(False, say("review.state", action=what, state=names[state], states=states))
    for condition in step.conditions:
        if not holds(condition, facts):
            return Decision(False, refusal(condition, facts))
    return Decision(True)


def refusal(condition: str, facts: Facts) -> str:
    """Why a condition that does not hold refuses the step, in words."""
    reasons: dict[str, Callable[[], str]] = {
        "latest": lambda: say("review_refusal.latest"),
        "not_author": lambda: say("review_refusal.not_author"),
        "not_signed": lambda: say("review_refusal.not_signed"),
        "own_sign_off": lambda: say("review_refusal.own_sign_off"),
        "no_open_comments": lambda: say("review_refusal.no_open_comments", n=facts.open_comments),
        "no_to_correct": lambda: say("review_refusal.no_to_correct", n=facts.to_correct),
        "attested": lambda: say("review_refusal.attested"),
        "comment_open": lambda: say("review_refusal.comment_open"),
        "enough_approvals": lambda: say("review_refusal.enough_approvals", n=facts.required - facts.approvals),
    }
    return reasons[condition]()


def state_name(state: str) -> str:
    """A state in words: "in review", "approved"."""
    return table("review_state")[state]


def moves_to(action: str, state: str, facts: Facts) -> str:
    """The state after `action` (allowed) has been taken and its effects written (`facts` after them)."""
    step = WORKFLOW[action]
    if step.target is None:
        return state
    if step.gate is not None and not holds(step.gate, facts):
        return state
    if action == "withdraw" and holds("enough_approvals", facts):
        return state  # other approvals still reach the number asked for
    return step.target


# ------------------------------------------------------------------------------------------------ the policy


def required_approvals(rubric: Rubric, tiers: list[str | None]) -> int:
    """Approvals the rubric asks for: the largest count among the tiers of the version's technologies (`default`
    for a tier not named); one when the rubric says nothing."""
    if rubric.review is None or not rubric.review.approvals:
        return 1
    counts = rubric.review.approvals
    default = counts.get("default", 1)
    return max((counts.get(t, default) if t else default for t in tiers), default=default)


def attestation(rubric: Rubric) -> str:
    return (rubric.review.attestation if rubric.review and rubric.review.attestation else None) or say(
        "review.attestation"
    )
