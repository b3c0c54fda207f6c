"""Review and sign-off in the workspace: each step of the workflow table (workflow.py) taken as the acting user, in
one transaction: gather the facts, ask `decide`, write the effects, move the version to its next state.

Approving records a sign-off bound to the SHA-256 of the exact version document and its rubric; the status of a
version (review_status.py) says whether an approval covers the set's newest version. `waiting` is what waits for a
user: versions to review and open comments on the sets they write.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.models import Rubric
from dashboard.core.scoring import score
from dashboard.words import say
from dashboard.workspace import access as A
from dashboard.workspace import events as E
from dashboard.workspace import records as R
from dashboard.workspace.records import WorkspaceError
from dashboard.workspace.repository import Workspace
from dashboard.workspace.review_status import Comment, SignOff, Status, sign_off_record, status_line
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
from dashboard.workspace.workflow import (
    ACCEPTABLE,
    ACTIONS,
    APPROVED,
    CHANGES,
    DRAFT,
    IN_REVIEW,
    STATES,
    TO_CORRECT,
    VERDICTS,
    WORKFLOW,
    Facts,
    attestation,
    decide,
    moves_to,
    required_approvals,
    state_name,
)

__all__ = [  # what the pages, the command line and the briefings use of the review, from this one module
    "ACCEPTABLE", "ACTIONS", "APPROVED", "CHANGES", "DRAFT", "IN_REVIEW", "STATES", "TO_CORRECT", "VERDICTS",
    "WORKFLOW", "Comment", "Facts", "ReviewRefused", "SignOff", "Status", "act", "attestation", "decide", "moves_to",
    "open_comments", "required_approvals", "sign_off_record", "state_name", "status", "status_line", "waiting",
]  # fmt: skip


class ReviewRefused(WorkspaceError):
    """The workflow refuses this step; the message gives the reason. Nothing was written."""


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


def _version_row(ws: Workspace, s: Session, set_id: str, number: int | None) -> VersionRow:
    query = select(VersionRow).where(VersionRow.set_id == set_id)
    query = query.where(VersionRow.number == number) if number is not None else query
    row = s.scalar(query.order_by(VersionRow.number.desc()).limit(1))
    if row is None:
        what = f"version {number} of '{set_id}'" if number is not None else f"assessment set '{set_id}'"
        raise WorkspaceError(f"workspace {ws.name}: no {what}")
    return row


def _state_row(s: Session, version: VersionRow, *, keep: bool) -> ReviewStateRow:
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
        if keep:  # a step is taken on it: stored with the step; a status read writes nothing
            s.add(row)
    return row


def _tiers(version: VersionRow, rubric_row: RubricRow) -> tuple[Rubric, list[str | None]]:
    rubric = load_rubric(rubric_row.content.encode("utf-8"), rubric_row.file_name)
    data = load_assessments(version.content.encode("utf-8"), rubric, f"version {version.number}")
    if rubric.review is None or not rubric.review.approvals:
        return rubric, []
    scores = score(compile_dataset(rubric, data))
    return rubric, [r.tier for r in scores.results]


def _context(ws: Workspace, s: Session, set_id: str, number: int | None, *, keep: bool = False) -> _Context:
    user = ws._allow(s, "view", set_id)  # the workspace's own check, from its own package
    role = s.scalar(select(MembershipRow.role).where(MembershipRow.user_pk == user.pk, MembershipRow.set_id == set_id))
    version = _version_row(ws, s, set_id, number)
    latest = _version_row(ws, s, set_id, None).number
    rubric_row = s.get(RubricRow, version.rubric_pk)
    assert rubric_row is not None  # a foreign key
    state_row = _state_row(s, version, keep=keep)
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


def _facts(s: Session, ctx: _Context, *, attested: bool, comment_open: bool = True) -> Facts:
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
        approvals=len(standing),
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
        ctx = _context(ws, s, set_id, number, keep=True)
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
        detail = {"from": ctx.state_row.state, "to": new_state, "message": message.strip()}
        detail |= {k: v for k, v in (("technology", technology), ("criterion", criterion), ("verdict", verdict)) if v}
        if new_state != ctx.state_row.state:
            ctx.state_row.state = new_state
            ctx.state_row.changed_by, ctx.state_row.changed_at = ctx.user.email, R.now()
            ctx.state_row.message = message.strip()
        # Each review step enters the audit trail with the version it concerns (issue 23), in the same transaction.
        E.append(
            s, user=ctx.user.email, action=f"review-{action}", set_id=set_id, version=ctx.version.number, detail=detail
        )
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
