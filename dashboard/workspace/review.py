"""Review and sign-off: one declarative workflow table and one function that reads it.

Each saved version of a set has a review state. A new version starts as a draft; its author asks for review; a
reviewer comments (on the set, a technology, or one criterion's score), gives a verdict per technology, and either
requests changes or approves. Approving records a sign-off bound to the SHA-256 of the exact version document and
its rubric; once the rubric's number of approvals is reached the version is approved, and locked: the table allows no
comment on it, and editing it saves a new version (a draft) while the approved one stays approved. An approver may
withdraw their own approval.

`WORKFLOW` is the whole of it: for each action, the states it may be taken from, the state it moves to, the roles
(workspace/access.py's) that may take it, the conditions that must hold and the effects on the way. `decide` reads
it and nothing else decides; the workspace functions below gather the facts, ask `decide`, and write the effects in
one transaction, so the pages and the command line cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.models import Rubric
from dashboard.core.scoring import score
from dashboard.words import say, table
from dashboard.workspace import access as A
from dashboard.workspace import records as R
from dashboard.workspace.records import WorkspaceError
from dashboard.workspace.repository import Workspace
from dashboard.workspace.tables import (
    MembershipRow,
    ReviewCommentRow,
    ReviewStateRow,
    ReviewVerdictRow,
    RubricRow,
    SignOffRow,
    UserRow,
    VersionRow,
)

DRAFT, IN_REVIEW, CHANGES, APPROVED = "draft", "in_review", "changes_requested", "approved"
STATES = (DRAFT, IN_REVIEW, CHANGES, APPROVED)
OPEN_STATES = frozenset({DRAFT, IN_REVIEW, CHANGES})
TO_CORRECT, ACCEPTABLE = "to_correct", "acceptable"
VERDICTS = (TO_CORRECT, ACCEPTABLE)


class ReviewRefused(WorkspaceError):
    """The workflow refuses this step; the message gives the reason. Nothing was written."""


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


# ------------------------------------------------------------------------------------------------ records


@dataclass(frozen=True)
class Comment:
    pk: int
    version: int
    technology: str
    criterion: str
    text: str
    author: str
    created_at: dt.datetime
    resolved_by: str | None
    resolved_at: dt.datetime | None

    @property
    def open(self) -> bool:
        return self.resolved_at is None


@dataclass(frozen=True)
class SignOff:
    version: int
    email: str
    name: str
    role: str
    attestation: str
    content_sha256: str
    rubric_sha256: str
    created_at: dt.datetime
    withdrawn_at: dt.datetime | None


@dataclass(frozen=True)
class Status:
    """A version's place in review, with what a reader of the set needs to know about it."""

    set_id: str
    version: int
    latest: int
    state: str
    required: int
    approvals: tuple[SignOff, ...]  # standing ones
    comments: tuple[Comment, ...]  # every comment of the set, oldest first
    verdicts: dict[str, str]  # technology -> newest verdict on this version
    approved: SignOff | None  # the newest standing approval of the newest approved version up to `latest`
    approved_version: int | None
    content_sha256: str
    rubric_sha256: str
    attestation: str

    @property
    def open_comments(self) -> tuple[Comment, ...]:
        return tuple(c for c in self.comments if c.open)

    @property
    def covers_latest(self) -> bool:
        """Whether an approval covers the set's newest version."""
        return self.approved_version == self.latest

    def as_json(self) -> dict[str, Any]:
        return {
            "set": self.set_id,
            "version": self.version,
            "latest_version": self.latest,
            "state": self.state,
            "approvals_required": self.required,
            "approvals": [_sign_off_json(a) for a in self.approvals],
            "approved_version": self.approved_version,
            "approval_covers_latest": self.covers_latest,
            "open_comments": [_comment_json(c) for c in self.open_comments],
            "verdicts": dict(self.verdicts),
            "content_sha256": self.content_sha256,
            "rubric_sha256": self.rubric_sha256,
        }


def _sign_off_json(a: SignOff) -> dict[str, Any]:
    return {
        "version": a.version,
        "who": a.email,
        "name": a.name,
        "role": a.role,
        "when": a.created_at.isoformat(),
        "attestation": a.attestation,
        "content_sha256": a.content_sha256,
        "rubric_sha256": a.rubric_sha256,
    }


def _comment_json(c: Comment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "version": c.version,
        "technology": c.technology or None,
        "criterion": c.criterion or None,
        "text": c.text,
        "who": c.author,
        "when": c.created_at.isoformat(),
    }


def _comment(row: ReviewCommentRow) -> Comment:
    return Comment(
        row.pk,
        row.version_number,
        row.technology,
        row.criterion,
        row.text,
        row.author,
        R.utc(row.created_at),
        row.resolved_by,
        R.utc(row.resolved_at) if row.resolved_at else None,
    )


def _sign_off(row: SignOffRow) -> SignOff:
    return SignOff(
        row.version_number,
        row.email,
        row.name,
        row.role,
        row.attestation,
        row.content_sha256,
        row.rubric_sha256,
        R.utc(row.created_at),
        R.utc(row.withdrawn_at) if row.withdrawn_at else None,
    )


# ------------------------------------------------------------------------------------------------ the workspace


@dataclass
class _Context:
    """One version as seen by the acting user, inside one transaction."""

    user: UserRow
    role: str | None
    version: VersionRow
    rubric_row: RubricRow
    state_row: ReviewStateRow
    latest: int
    required: int
    facts: dict[str, Any] = field(default_factory=dict)


def _version_row(ws: Workspace, s: Session, set_id: str, number: int | None) -> VersionRow:
    query = select(VersionRow).where(VersionRow.set_id == set_id)
    query = query.where(VersionRow.number == number) if number is not None else query
    row = s.scalar(query.order_by(VersionRow.number.desc()).limit(1))
    if row is None:
        what = f"version {number} of '{set_id}'" if number is not None else f"assessment set '{set_id}'"
        raise WorkspaceError(f"workspace {ws.name}: no {what}")
    return row


def _state_row(s: Session, version: VersionRow) -> ReviewStateRow:
    row = s.scalar(
        select(ReviewStateRow).where(ReviewStateRow.set_id == version.set_id, ReviewStateRow.number == version.number)
    )
    if row is None:  # a version saved before review existed, or restored from a backup: a draft, saver unknown
        row = ReviewStateRow(
            set_id=version.set_id,
            number=version.number,
            state=DRAFT,
            saved_by=None,
            changed_by="",
            changed_at=version.created_at,
            message="",
        )
        s.add(row)
    return row


def _tiers(version: VersionRow, rubric_row: RubricRow) -> tuple[Rubric, list[str | None]]:
    rubric = load_rubric(rubric_row.content.encode("utf-8"), rubric_row.file_name)
    data = load_assessments(version.content.encode("utf-8"), rubric, f"version {version.number}")
    if rubric.review is None or not rubric.review.approvals:
        return rubric, []
    scores = score(compile_dataset(rubric, data))
    return rubric, [r.tier for r in scores.results]


def _context(ws: Workspace, s: Session, set_id: str, number: int | None) -> _Context:
    user = ws._allow(s, "view", set_id)  # the workspace's own check, from its own package
    role = s.scalar(select(MembershipRow.role).where(MembershipRow.user_pk == user.pk, MembershipRow.set_id == set_id))
    version = _version_row(ws, s, set_id, number)
    latest = _version_row(ws, s, set_id, None).number
    rubric_row = s.get(RubricRow, version.rubric_pk)
    assert rubric_row is not None  # a foreign key
    state_row = _state_row(s, version)
    rubric, tiers = _tiers(version, rubric_row)
    return _Context(user, role, version, rubric_row, state_row, latest, required_approvals(rubric, tiers))


def _standing(s: Session, set_id: str, number: int) -> list[SignOffRow]:
    return list(
        s.scalars(
            select(SignOffRow)
            .where(SignOffRow.set_id == set_id, SignOffRow.version_number == number, SignOffRow.withdrawn_at.is_(None))
            .order_by(SignOffRow.pk)
        )
    )


def _open_comments(s: Session, set_id: str, number: int) -> list[ReviewCommentRow]:
    return list(
        s.scalars(
            select(ReviewCommentRow).where(
                ReviewCommentRow.set_id == set_id,
                ReviewCommentRow.version_number <= number,
                ReviewCommentRow.resolved_at.is_(None),
            )
        )
    )


def _verdicts(s: Session, set_id: str, number: int) -> dict[str, str]:
    rows = s.scalars(
        select(ReviewVerdictRow)
        .where(ReviewVerdictRow.set_id == set_id, ReviewVerdictRow.version_number == number)
        .order_by(ReviewVerdictRow.pk)
    )
    return {r.technology: r.verdict for r in rows}  # the newest last, so kept


def _is_author(ctx: _Context) -> bool:
    """The acting user saved this version, or is the person its author line names."""
    if ctx.state_row.saved_by is not None:
        return ctx.state_row.saved_by == ctx.user.pk
    named = ctx.version.author.strip().lower()
    return named in {ctx.user.email.lower(), ctx.user.name.strip().lower()}


def _facts(s: Session, ctx: _Context, *, attested: bool, comment_open: bool = True, extra: int = 0) -> Facts:
    set_id, number = ctx.version.set_id, ctx.version.number
    standing = _standing(s, set_id, number)
    return Facts(
        latest=number == ctx.latest,
        author=_is_author(ctx),
        signed=any(a.user_pk == ctx.user.pk for a in standing),
        open_comments=len(_open_comments(s, set_id, number)),
        to_correct=sum(v == TO_CORRECT for v in _verdicts(s, set_id, number).values()),
        attested=attested,
        comment_open=comment_open,
        approvals=len(standing) + extra,
        required=ctx.required,
    )


def act(
    ws: Workspace,
    set_id: str,
    number: int | None,
    action: str,
    *,
    message: str = "",
    text: str = "",
    technology: str = "",
    criterion: str = "",
    verdict: str = "",
    comment: int | None = None,
    attested: bool = False,
) -> Status:
    """Take `action` on version `number` (None: the latest) of `set_id` as the workspace's acting user, in one
    transaction: `ReviewRefused` (or `AccessDenied`) with the reason when WORKFLOW refuses, else the effects are
    written and the version moves to its next state. Returns the version's status after it."""
    with ws.transaction() as s:
        ctx = _context(ws, s, set_id, number)
        comment_row = None
        if action == "resolve":
            comment_row = s.get(ReviewCommentRow, comment) if comment is not None else None
            if comment_row is None or comment_row.set_id != set_id:
                raise ReviewRefused(say("review.no_comment", comment=str(comment), set_id=set_id))
        if action == "verdict" and verdict not in VERDICTS:
            raise ReviewRefused(say("review.bad_verdict", verdict=verdict, verdicts=", ".join(VERDICTS)))
        if action in ("verdict", "comment"):
            _check_target(ctx, technology, criterion)
        if action == "comment" and not text.strip():
            raise ReviewRefused(say("review.empty_comment"))
        facts = _facts(s, ctx, attested=attested, comment_open=comment_row is None or comment_row.resolved_at is None)
        decision = decide(action, ctx.state_row.state, ctx.role, facts, admin=ctx.user.site_admin)
        if not decision.allowed:
            raise ReviewRefused(decision.reason)
        _apply(
            s,
            ctx,
            action,
            message=message,
            text=text,
            technology=technology,
            criterion=criterion,
            verdict=verdict,
            comment_row=comment_row,
        )
        s.flush()
        after = _facts(s, ctx, attested=attested)
        new_state = moves_to(action, ctx.state_row.state, after)
        if new_state != ctx.state_row.state:
            ctx.state_row.state = new_state
            ctx.state_row.changed_by, ctx.state_row.changed_at = ctx.user.email, R.now()
            ctx.state_row.message = message.strip()
        s.flush()
    return status(ws, set_id, number)


def _check_target(ctx: _Context, technology: str, criterion: str) -> None:
    rubric = load_rubric(ctx.rubric_row.content.encode("utf-8"), ctx.rubric_row.file_name)
    data = load_assessments(ctx.version.content.encode("utf-8"), rubric, f"version {ctx.version.number}")
    techs = [t.id for t in data.technologies]
    if technology and technology not in techs:
        raise ReviewRefused(say("review.no_technology", technology=technology, known=", ".join(techs)))
    if criterion:
        if not technology:
            raise ReviewRefused(say("review.criterion_needs_technology"))
        known = [c.id for c in rubric.criteria]
        if criterion not in known:
            raise ReviewRefused(say("review.no_criterion", criterion=criterion, known=", ".join(known[:12])))


def _apply(
    s: Session,
    ctx: _Context,
    action: str,
    *,
    message: str,
    text: str,
    technology: str,
    criterion: str,
    verdict: str,
    comment_row: ReviewCommentRow | None,
) -> None:
    """Write the effects WORKFLOW names for `action`."""
    set_id, number, user, now = ctx.version.set_id, ctx.version.number, ctx.user, R.now()
    for effect in WORKFLOW[action].effects:
        if effect == "add_comment":
            s.add(
                ReviewCommentRow(
                    set_id=set_id,
                    version_number=number,
                    technology=technology,
                    criterion=criterion,
                    text=text.strip(),
                    author=user.email,
                    created_at=now,
                )
            )
        elif effect == "resolve_comment" and comment_row is not None:
            comment_row.resolved_by, comment_row.resolved_at = user.email, now
        elif effect == "record_verdict":
            s.add(
                ReviewVerdictRow(
                    set_id=set_id,
                    version_number=number,
                    technology=technology,
                    verdict=verdict,
                    message=message.strip(),
                    author=user.email,
                    created_at=now,
                )
            )
        elif effect == "void_sign_offs":  # changes requested: partial approvals no longer stand
            for row in _standing(s, set_id, number):
                row.withdrawn_at = now
        elif effect == "withdraw":
            for row in _standing(s, set_id, number):
                if row.user_pk == user.pk:
                    row.withdrawn_at = now
        elif effect == "sign_off":
            rubric = load_rubric(ctx.rubric_row.content.encode("utf-8"), ctx.rubric_row.file_name)
            s.add(
                SignOffRow(
                    set_id=set_id,
                    version_number=number,
                    user_pk=user.pk,
                    email=user.email,
                    name=user.name,
                    role="admin" if user.site_admin and ctx.role is None else (ctx.role or "admin"),
                    attestation=attestation(rubric),
                    content_sha256=R.sha256(ctx.version.content),
                    rubric_sha256=ctx.rubric_row.sha256,
                    created_at=now,
                )
            )
        elif effect == "note_request":
            pass  # the state row keeps the message and who asked


def status(ws: Workspace, set_id: str, number: int | None = None) -> Status:
    """Version `number` (None: the latest) of `set_id` in review, as the acting user may view it."""
    with ws.transaction() as s:
        ctx = _context(ws, s, set_id, number)
        n = ctx.version.number
        comments = s.scalars(
            select(ReviewCommentRow).where(ReviewCommentRow.set_id == set_id).order_by(ReviewCommentRow.pk)
        )
        approved_rows = s.scalars(
            select(ReviewStateRow.number)
            .where(ReviewStateRow.set_id == set_id, ReviewStateRow.state == APPROVED, ReviewStateRow.number <= n)
            .order_by(ReviewStateRow.number.desc())
            .limit(1)
        ).all()
        approved_version = approved_rows[0] if approved_rows else None
        approved = None
        if approved_version is not None:
            standing = _standing(s, set_id, approved_version)
            approved = _sign_off(standing[-1]) if standing else None
        rubric = load_rubric(ctx.rubric_row.content.encode("utf-8"), ctx.rubric_row.file_name)
        return Status(
            set_id=set_id,
            version=n,
            latest=ctx.latest,
            state=ctx.state_row.state,
            required=ctx.required,
            approvals=tuple(_sign_off(r) for r in _standing(s, set_id, n)),
            comments=tuple(_comment(c) for c in comments),
            verdicts=_verdicts(s, set_id, n),
            approved=approved,
            approved_version=approved_version,
            content_sha256=R.sha256(ctx.version.content),
            rubric_sha256=ctx.rubric_row.sha256,
            attestation=attestation(rubric),
        )


def status_line(status: Status, *, from_draft: bool = False) -> str:
    """What a briefing of this version (`from_draft`: of unsaved changes on top of it) says about its review, on the
    cover, every page's head and the file's properties."""
    covered = bool(status.approvals) and status.approvals[-1].content_sha256 == status.content_sha256
    if not from_draft and status.state == APPROVED and covered:
        return _approved_line("review.status_approved", status.approvals[-1], status.version)
    if not from_draft and status.state == IN_REVIEW:
        return say("review.status_in_review")
    if not from_draft and status.state == CHANGES:
        return say("review.status_changes_requested")
    if status.approved is not None and status.approved_version is not None:
        return _approved_line("review.status_on_approved", status.approved, status.approved_version)
    return say("review.status_draft")


def _approved_line(code: str, a: SignOff, version: int) -> str:
    day = f"{a.created_at:%Y-%m-%d}"
    if code == "review.status_approved":
        return say("review.status_approved", name=a.name, role=a.role, date=day, version=version)
    return say("review.status_on_approved", name=a.name, role=a.role, date=day, approved=version)


def sign_off_record(status: Status) -> dict[str, Any] | None:
    """The sign-off a briefing of this version rests on, as its record keeps it (None: not approved)."""
    if status.approved is None:
        return None
    return {"version": status.approved_version} | _sign_off_json(status.approved)


def open_comments(ws: Workspace, set_id: str) -> tuple[Comment, ...]:
    """The open comments of `set_id`, oldest first (the reader role): what the pages show beside what they concern."""
    with ws.transaction() as s:
        ws._allow(s, "view", set_id)  # the workspace's own check, from its own package
        rows = s.scalars(
            select(ReviewCommentRow)
            .where(ReviewCommentRow.set_id == set_id, ReviewCommentRow.resolved_at.is_(None))
            .order_by(ReviewCommentRow.pk)
        )
        return tuple(_comment(r) for r in rows)


@dataclass(frozen=True)
class Waiting:
    """What waits for the acting user: versions to review, and open comments on sets they write."""

    reviews: tuple[tuple[str, int], ...]  # (set, version) in review that they may approve
    comments: tuple[tuple[str, Comment], ...]  # (set, comment) open, on sets where they are an analyst or more


def waiting(ws: Workspace) -> Waiting:
    """The acting user's pending reviews and the open comments on the sets they may write."""
    with ws.transaction() as s:
        user = ws._user(s)  # the workspace's own lookup, from its own package
        if user is None or user.disabled:
            return Waiting((), ())
        roles = dict(
            s.execute(select(MembershipRow.set_id, MembershipRow.role).where(MembershipRow.user_pk == user.pk)).all()
        )
        in_review = s.scalars(select(ReviewStateRow).where(ReviewStateRow.state == IN_REVIEW)).all()
        reviews = []
        for row in in_review:
            may = roles.get(row.set_id) in A.REVIEWER
            signed = any(a.user_pk == user.pk for a in _standing(s, row.set_id, row.number))
            if may and row.saved_by != user.pk and not signed:
                reviews.append((row.set_id, row.number))
        open_rows = s.scalars(
            select(ReviewCommentRow).where(ReviewCommentRow.resolved_at.is_(None)).order_by(ReviewCommentRow.pk)
        ).all()
        comments = [(c.set_id, _comment(c)) for c in open_rows if roles.get(c.set_id) in A.ANALYST]
        return Waiting(tuple(sorted(reviews)), tuple(comments))
