"""Rating rounds: several raters score the same technologies and criteria of one version, blind to each other.

The rules, kept here so the pages and the command line cannot disagree (access.py's table says who may act):
- the set's owner opens a round on a version, for chosen technologies and criteria (default: all), naming two or
  more raters, each a user with a role on the set (`open-round`);
- each named rater submits once (`rate`); a rater's entries are stored as submitted and never changed;
- blindness: while the round is open, nobody reads anybody's levels except a rater who has submitted. Status
  (who has submitted) is open to every reader of the set;
- the round closes when every rater has submitted, or when the owner closes it (`close-round`);
- once closed, the owner or a reviewer reconciles it (`reconcile`): the consensus is a new version of the set whose
  message names the round, saved with the usual conflict check, and the round records it with each choice's reason.
  The raters' entries stay on record.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.core.agreement import Alpha, alpha
from dashboard.core.authoring.document import dump, parse, validated
from dashboard.core.models import ScoreEntry
from dashboard.core.raters import (
    Agreement,
    Choice,
    Consequence,
    Ratings,
    agreement,
    consequences,
    reconciled,
    shown,
    unit_values,
)
from dashboard.views.raters import RatingNote, alpha_text
from dashboard.words import say
from dashboard.workspace import events as E
from dashboard.workspace import records as R
from dashboard.workspace import service
from dashboard.workspace.access import AccessDenied
from dashboard.workspace.records import VersionInfo, WorkspaceError
from dashboard.workspace.repository import Workspace
from dashboard.workspace.tables import MembershipRow, RaterRow, RatingRow, RoundRow, SetRow, UserRow

MIN_RATERS = 2


@dataclass(frozen=True)
class Rater:
    email: str
    name: str
    submitted_at: dt.datetime | None

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


@dataclass(frozen=True)
class Reconciliation:
    """What a round's reconciliation chose: (technology, criterion, level as written, reason) and who did it."""

    version: int
    by: str
    choices: tuple[tuple[str, str, str, str], ...]


@dataclass(frozen=True)
class RoundInfo:
    set_id: str
    number: int
    version: int
    technologies: tuple[str, ...]
    criteria: tuple[str, ...]
    opened_by: str
    opened_at: dt.datetime
    closed_by: str | None
    closed_at: dt.datetime | None
    raters: tuple[Rater, ...]
    reconciliation: Reconciliation | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def label(self) -> str:
        return say("rounds.label", number=self.number, version=self.version)


# ------------------------------------------------------------------------------------------------------ reading


def _round_row(ws: Workspace, s: Session, set_id: str, number: int, *, lock: bool = False) -> RoundRow:
    query = select(RoundRow).where(RoundRow.set_id == set_id, RoundRow.number == number)
    # Submitting and closing lock the round: two last raters submitting at once must not both see the other
    # still waiting (and leave the round open), nor a close land between a submission's check and its write.
    row = s.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise WorkspaceError(say("rounds.no_round", number=number, set_id=set_id))
    return row


def _info(s: Session, row: RoundRow) -> RoundInfo:
    raters = s.execute(
        select(UserRow.email, UserRow.name, RaterRow.submitted_at)
        .join(RaterRow, RaterRow.user_pk == UserRow.pk)
        .where(RaterRow.round_pk == row.pk)
        .order_by(RaterRow.pk)
    ).all()
    rec = None
    if row.reconciliation is not None and row.reconciled_version is not None:
        saved = json.loads(row.reconciliation)
        rec = Reconciliation(
            row.reconciled_version,
            saved["by"],
            tuple(tuple(c) for c in saved["choices"]),
        )
    return RoundInfo(
        set_id=row.set_id,
        number=row.number,
        version=row.version_number,
        technologies=tuple(json.loads(row.technologies)),
        criteria=tuple(json.loads(row.criteria)),
        opened_by=row.opened_by,
        opened_at=R.utc(row.opened_at),
        closed_by=row.closed_by,
        closed_at=R.utc(row.closed_at) if row.closed_at is not None else None,
        raters=tuple(Rater(e, n, R.utc(t) if t is not None else None) for e, n, t in raters),
        reconciliation=rec,
    )


def rounds(ws: Workspace, set_id: str) -> list[RoundInfo]:
    """A set's rating rounds, newest first (the reader role: status only, never anyone's levels)."""
    with ws.transaction() as s:
        ws._allow(s, "view", set_id)
        rows = s.scalars(select(RoundRow).where(RoundRow.set_id == set_id).order_by(RoundRow.number.desc())).all()
        return [_info(s, r) for r in rows]


def get_round(ws: Workspace, set_id: str, number: int) -> RoundInfo:
    with ws.transaction() as s:
        ws._allow(s, "view", set_id)
        return _info(s, _round_row(ws, s, set_id, number))


def ratings(ws: Workspace, set_id: str, number: int) -> Ratings:
    """Every rater's submitted entries (rater email -> technology -> criterion -> entry). While the round is open,
    only a rater who has submitted may read them: anyone else is refused (`AccessDenied`), so nobody rates after
    seeing another's levels."""
    with ws.transaction() as s:
        user = ws._allow(s, "view", set_id)
        row = _round_row(ws, s, set_id, number)
        if row.closed_at is None:
            mine = s.scalar(select(RaterRow).where(RaterRow.round_pk == row.pk, RaterRow.user_pk == user.pk))
            if mine is None or mine.submitted_at is None:
                raise AccessDenied(say("rounds.blind", who=str(ws.actor), number=number))
        found = s.execute(
            select(UserRow.email, RatingRow.technology, RatingRow.criterion, RatingRow.entry)
            .join(RaterRow, RaterRow.user_pk == UserRow.pk)
            .join(RatingRow, RatingRow.rater_pk == RaterRow.pk)
            .where(RaterRow.round_pk == row.pk, RaterRow.submitted_at.isnot(None))
            .order_by(RaterRow.pk, RatingRow.pk)
        ).all()
        out: dict[str, dict[str, dict[str, ScoreEntry]]] = {r.email: {} for r in _info(s, row).raters if r.submitted}
        for email, tid, cid, entry in found:
            out[email].setdefault(tid, {})[cid] = ScoreEntry.model_validate_json(entry)
        return out


# ------------------------------------------------------------------------------------------------------ writing


def open_round(
    ws: Workspace,
    set_id: str,
    *,
    version: int,
    raters: Sequence[str],
    technologies: Sequence[str] = (),
    criteria: Sequence[str] = (),
) -> RoundInfo:
    """Open round N+1 on `version` of `set_id` for `technologies` x `criteria` (empty: all of the version's), naming
    `raters` by email; the set's owner only. A `WorkspaceError` names what is wrong (an unknown technology, a rater
    without a role on the set, fewer than two raters)."""
    ws.require("open-round", set_id)
    loaded = service.load(ws, set_id, version)
    techs = list(dict.fromkeys(technologies)) or [t.id for t in loaded.data.technologies]
    crits = list(dict.fromkeys(criteria)) or [c.id for c in loaded.rubric.criteria]
    known_t, known_c = {t.id for t in loaded.data.technologies}, {c.id for c in loaded.rubric.criteria}
    for tid in techs:
        if tid not in known_t:
            raise WorkspaceError(say("rounds.unknown_technology", id=tid, version=version, known=", ".join(known_t)))
    for cid in crits:
        if cid not in known_c:
            raise WorkspaceError(say("rounds.unknown_criterion", id=cid, known=", ".join(sorted(known_c))))
    emails = list(dict.fromkeys(e.strip().lower() for e in raters if e.strip()))
    if len(emails) < MIN_RATERS:
        raise WorkspaceError(say("rounds.too_few_raters", least=MIN_RATERS))
    with ws.transaction() as s:
        me = ws._allow(s, "open-round", set_id)
        users = []
        for email in emails:
            user = ws._user_by_email(s, email)
            role = s.scalar(
                select(MembershipRow.role).where(MembershipRow.user_pk == user.pk, MembershipRow.set_id == set_id)
            )
            if role is None:
                raise WorkspaceError(say("rounds.rater_not_member", email=email, set_id=set_id))
            users.append(user)
        s.scalar(select(SetRow).where(SetRow.id == set_id).with_for_update())  # one round number at a time
        number = (s.scalar(select(func.max(RoundRow.number)).where(RoundRow.set_id == set_id)) or 0) + 1
        row = RoundRow(
            set_id=set_id,
            number=number,
            version_number=version,
            technologies=json.dumps(techs),
            criteria=json.dumps(crits),
            opened_by=me.email,
            opened_at=R.now(),
        )
        s.add(row)
        s.flush()
        for user in users:
            s.add(RaterRow(round_pk=row.pk, user_pk=user.pk))
        s.flush()
        E.append(
            s,
            user=me.email,
            action="round-open",
            set_id=set_id,
            version=version,
            detail={"round": number, "raters": emails, "technologies": techs, "criteria": crits},
        )
        return _info(s, row)


def submit(ws: Workspace, set_id: str, number: int, entries: Mapping[str, Mapping[str, ScoreEntry]]) -> RoundInfo:
    """The acting rater's entries (technology -> criterion -> entry, already read against the round), stored once;
    when they are the last to submit, the round closes."""
    with ws.transaction() as s:
        user = ws._allow(s, "rate", set_id)
        row = _round_row(ws, s, set_id, number, lock=True)
        if row.closed_at is not None:
            raise WorkspaceError(say("rounds.closed", number=number, set_id=set_id))
        mine = s.scalar(select(RaterRow).where(RaterRow.round_pk == row.pk, RaterRow.user_pk == user.pk))
        if mine is None:
            raise AccessDenied(say("rounds.not_a_rater", who=str(ws.actor), number=number))
        if mine.submitted_at is not None:
            raise WorkspaceError(say("rounds.already_submitted", who=str(ws.actor), number=number))
        techs, crits = set(json.loads(row.technologies)), set(json.loads(row.criteria))
        for tid, own in entries.items():
            for cid, entry in own.items():
                if tid not in techs or cid not in crits:
                    raise WorkspaceError(say("rounds.outside", technology=tid, criterion=cid, number=number))
                s.add(RatingRow(rater_pk=mine.pk, technology=tid, criterion=cid, entry=entry.model_dump_json()))
        mine.submitted_at = R.now()
        s.flush()
        waiting = s.scalar(
            select(func.count())
            .select_from(RaterRow)
            .where(RaterRow.round_pk == row.pk, RaterRow.submitted_at.is_(None))
        )
        if not waiting:
            row.closed_at, row.closed_by = R.now(), say("rounds.closed_by_all")
        E.append(
            s,
            user=user.email,
            action="round-submit",
            set_id=set_id,
            version=row.version_number,
            detail={"round": number, "closed": not waiting},
        )
        return _info(s, row)


def close(ws: Workspace, set_id: str, number: int) -> RoundInfo:
    """Close an open round now (the owner): those who have not submitted are left without ratings."""
    with ws.transaction() as s:
        me = ws._allow(s, "close-round", set_id)
        row = _round_row(ws, s, set_id, number, lock=True)
        if row.closed_at is not None:
            raise WorkspaceError(say("rounds.closed", number=number, set_id=set_id))
        row.closed_at, row.closed_by = R.now(), me.email
        E.append(
            s, user=me.email, action="round-close", set_id=set_id, version=row.version_number, detail={"round": number}
        )
        return _info(s, row)


def reconcile(
    ws: Workspace, set_id: str, number: int, choices: Sequence[Choice], *, base: int, author: str
) -> VersionInfo:
    """The consensus version: the latest version (`base`, checked as any save is) with each choice in place, its
    message naming the round; the owner or a reviewer, once the round is closed. Every choice needs a reason."""
    with ws.transaction() as s:
        ws._allow(s, "reconcile", set_id)
        info = _info(s, _round_row(ws, s, set_id, number))
    if info.is_open:
        raise WorkspaceError(say("rounds.still_open", number=number))
    if info.reconciliation is not None:
        raise WorkspaceError(say("rounds.already_reconciled", number=number, version=info.reconciliation.version))
    if not choices:
        raise WorkspaceError(say("rounds.no_choices"))
    for c in choices:
        if c.technology not in info.technologies or c.criterion not in info.criteria:
            raise WorkspaceError(say("rounds.outside", technology=c.technology, criterion=c.criterion, number=number))
        if not c.reason.strip():
            raise WorkspaceError(say("rounds.no_reason", technology=c.technology, criterion=c.criterion))
    latest = service.load(ws, set_id, base)
    doc = reconciled(parse(latest.content), choices, info.label)
    validated(doc, latest.rubric, f"{set_id} reconciled")  # an InputError, located, if a choice breaks the set
    message = say("rounds.message", label=info.label, count=len(choices))
    saved = ws.save(set_id, dump(doc), latest.rubric_info.pk, base=base, author=author, message=message)
    record = {
        "by": str(ws.actor),
        "choices": [[c.technology, c.criterion, shown(c.entry), c.reason.strip()] for c in choices],
    }
    with ws.transaction() as s:
        row = _round_row(ws, s, set_id, number)
        row.reconciled_version, row.reconciliation = saved.number, json.dumps(record, ensure_ascii=False)
        E.append(
            s,
            user=str(ws.actor),
            action="round-reconcile",
            set_id=set_id,
            version=saved.number,
            detail={"round": number, "choices": len(choices)},
        )
    return saved


@dataclass(frozen=True)
class RoundReport:
    """What the Raters page, the command line and the briefing show of a round: its status, every rater's entries,
    alpha (ordinal, with nominal and interval beside it) and the disagreements that matter."""

    info: RoundInfo
    ratings: Ratings
    agreement: Agreement
    nominal: Alpha
    interval: Alpha
    consequences: list[Consequence]
    names: dict[str, str]  # technology id -> name
    criterion_names: dict[str, str]
    tier_labels: dict[str, str]
    red_line_names: dict[str, str]


def report(ws: Workspace, set_id: str, number: int) -> RoundReport:
    """The round's report, read as the acting user: refused (`AccessDenied`) while they may not see the levels."""
    info = get_round(ws, set_id, number)
    given = ratings(ws, set_id, number)
    loaded = service.load(ws, set_id, info.version)
    techs, crits = list(info.technologies), list(info.criteria)
    units = [unit_values(given, t, c) for t in techs for c in crits]
    return RoundReport(
        info=info,
        ratings=given,
        agreement=agreement(given, techs, crits),
        nominal=alpha(units, "nominal"),
        interval=alpha(units, "interval"),
        consequences=consequences(loaded.rubric, loaded.data, given, techs, crits) if given else [],
        names={t.id: t.name for t in loaded.data.technologies},
        criterion_names={c.id: c.name for c in loaded.rubric.criteria},
        tier_labels={t.id: t.label for t in loaded.rubric.tiers.levels},
        red_line_names={r.id: r.name for r in loaded.rubric.red_lines if r.name},
    )


def closed_round_for(ws: Workspace, set_id: str, version: int) -> RoundInfo | None:
    """The newest closed round that was reconciled into `version`, or else the newest closed round on it: what the
    briefing's method annex and the Technology profile show for a version."""
    found = [r for r in rounds(ws, set_id) if not r.is_open]
    mine = [r for r in found if r.reconciliation is not None and r.reconciliation.version == version]
    candidates = mine or [r for r in found if r.version == version]
    return candidates[0] if candidates else None


def briefing_note(ws: Workspace, set_id: str, version: int) -> RatingNote | None:
    """What the briefing of `version` says of its rating round (None: no closed round on or into it)."""
    info = closed_round_for(ws, set_id, version)
    if info is None:
        return None
    rep = report(ws, set_id, info.number)
    lines: tuple[str, ...] = ()
    if info.reconciliation is not None:
        lines = tuple(
            say(
                "rounds.annex_choice",
                technology=rep.names.get(t, t),
                criterion=rep.criterion_names.get(c, c),
                level=level,
                reason=reason,
            )
            for t, c, level, reason in info.reconciliation.choices
        )
    return RatingNote(
        label=info.label,
        raters=tuple(r.email for r in info.raters if r.submitted),
        alpha=alpha_text(rep.agreement.overall),
        matters=sum(1 for c in rep.consequences if c.matters),
        resolution=lines,
    )
