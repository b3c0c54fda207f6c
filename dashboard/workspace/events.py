"""The audit trail: an append-only record of who did what, when, to which set and version, that shows tampering.

Each event carries the hash of the one before it, over a canonical encoding (`event_hash`), so changing, inserting or
removing an event breaks the chain from there on. Each version row carries the SHA-256 of the whole row (`row_hash`:
content, author, verification, message, time, parent, rubric), and the event that added the version names that
hash, so a version changed with plain SQL (even with its hashes recomputed) no longer matches the trail, and a
version deleted or slipped in leaves a trail that names it. `check_version` is asked on every read of a version;
`verify` checks the whole database (`python -m dashboard audit-log verify`).

Other features record their own steps with `append` inside their own transaction (so the step and its record are
one commit), or with `Workspace.record` for a step that has no transaction of its own:

    events.append(s, user=user.email, action="review", set_id=set_id, version=3, detail={"decision": "approved"})

The chain is only as good as the database's own protection against a wholesale rewrite: an administrator who can
rewrite every row can recompute every hash. Against that, an auditor keeps the last hash `verify` prints (or an
`audit-log export`), and on PostgreSQL the app's role may not UPDATE or DELETE versions and events at all
(`workspace grant-app-role`, docs/workspace.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dashboard.words import say
from dashboard.workspace import records as R
from dashboard.workspace.records import WorkspaceError
from dashboard.workspace.tables import EventRow, VersionRow

GENESIS = "0" * 64  # what the first event names as the hash before it
_CHAIN_LOCK = 280_029  # PostgreSQL advisory lock: appends take turns, so two never name the same event before them

# The steps the dashboard itself records; other features add their own names (a short verb, lower case, '-').
ACTIONS = (
    "sign-in",
    "open",
    "export",
    "brief",
    "save",
    "create",
    "restore",
    "import",
    "import-all",
    "add-user",
    "disable-user",
    "grant",
    "revoke",
    "backfill",
    # review decisions (workspace/review.py: "review-" and the workflow's action) and rating rounds (rounds.py)
    *(f"review-{a}" for a in ("request", "comment", "resolve", "verdict", "request_changes", "approve", "withdraw")),
    "round-open",
    "round-submit",
    "round-close",
    "round-reconcile",
)


@dataclass(frozen=True)
class Event:
    """One entry of the audit trail, as read back."""

    seq: int
    at: dt.datetime
    user: str
    action: str
    set_id: str | None
    version: int | None
    detail: dict[str, Any]
    version_sha256: str | None
    prev_sha256: str
    sha256: str

    def as_json(self) -> dict[str, Any]:
        """The event as one line of `audit-log export`: every field, the time in ISO 8601 UTC."""
        return {
            "seq": self.seq,
            "at": time_text(self.at),
            "user": self.user,
            "action": self.action,
            "set_id": self.set_id,
            "version": self.version,
            "detail": self.detail,
            "version_sha256": self.version_sha256,
            "prev_sha256": self.prev_sha256,
            "sha256": self.sha256,
        }


# ------------------------------------------------------------------------------------------------ hashing


def canonical(value: Any) -> str:
    """JSON with sorted keys, no spaces and text kept as typed: one encoding for one value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def time_text(value: dt.datetime) -> str:
    """A stored time as hashed: UTC to the microsecond (SQLite hands times back without a zone)."""
    return R.utc(value).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _digest(value: Any) -> str:
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def row_hash(row: VersionRow) -> str:
    """The SHA-256 of a version row: everything a reader is shown about it, and its content through the content's
    own hash (so a list of versions is checked without reading every content; a read of the content checks that)."""
    return _digest(
        {
            "set_id": row.set_id,
            "number": row.number,
            "parent": row.parent,
            "rubric_pk": row.rubric_pk,
            "content_sha256": row.sha256,
            "author": row.author,
            "author_verified": bool(row.author_verified),
            "message": row.message,
            "created_at": time_text(row.created_at),
        }
    )


def event_hash(row: EventRow) -> str:
    """The SHA-256 of an event, chained: its fields and the hash of the event before it."""
    return _digest(
        {
            "seq": row.seq,
            "at": time_text(row.at),
            "user": row.user,
            "action": row.action,
            "set_id": row.set_id,
            "version": row.version,
            "detail": row.detail,
            "version_sha256": row.version_sha256,
            "prev_sha256": row.prev_sha256,
        }
    )


# ----------------------------------------------------------------------------------------------- recording


def append(
    s: Session,
    *,
    user: str,
    action: str,
    set_id: str | None = None,
    version: int | None = None,
    detail: Mapping[str, Any] | None = None,
    version_sha256: str | None = None,
) -> EventRow:
    """Append an event to the trail in the caller's transaction (committed with it, or not at all).

    `user` is who acted (their email), `action` what they did (a short verb such as "review"), `set_id` and
    `version` what it was done to, `detail` anything else worth keeping (JSON: text, numbers, lists, mappings).
    The caller has checked that the user may take the step; this only records it."""
    if s.get_bind().dialect.name == "postgresql":
        # Two transactions appending at once would both name the same event before theirs; this lock, held to
        # the end of the transaction, makes them take turns (SQLite's BEGIN IMMEDIATE already does).
        s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    last = s.execute(select(EventRow.seq, EventRow.sha256).order_by(EventRow.seq.desc()).limit(1)).first()
    seq, prev = (last[0] + 1, last[1]) if last is not None else (1, GENESIS)
    row = EventRow(
        seq=seq,
        at=R.now(),
        user=user,
        action=action,
        set_id=set_id,
        version=version,
        detail=canonical(dict(detail or {})),
        version_sha256=version_sha256,
        prev_sha256=prev,
    )
    row.sha256 = event_hash(row)
    s.add(row)
    s.flush()
    return row


def version_added(s: Session, row: VersionRow, *, user: str, action: str, **detail: Any) -> EventRow:
    """Stamp a new version row with its hash and record the event that added it, in the same transaction."""
    row.row_sha256 = row_hash(row)
    return append(
        s, user=user, action=action, set_id=row.set_id, version=row.number, detail=detail, version_sha256=row.row_sha256
    )


def event(row: EventRow) -> Event:
    return Event(
        row.seq,
        R.utc(row.at),
        row.user,
        row.action,
        row.set_id,
        row.version,
        json.loads(row.detail),
        row.version_sha256,
        row.prev_sha256,
        row.sha256,
    )


# ----------------------------------------------------------------------------------------------- checking


def _recorded(s: Session, set_id: str, number: int) -> set[str]:
    """The row hashes the trail recorded for version `number` of `set_id` (one, unless the trail was tampered with)."""
    return set(
        s.scalars(
            select(EventRow.version_sha256).where(
                EventRow.set_id == set_id, EventRow.version == number, EventRow.version_sha256.isnot(None)
            )
        )
    )


def _version_problem(row: VersionRow, recorded: set[str], *, content: bool = True) -> str | None:
    """What is wrong with a version row, in words; None when it is the version the trail recorded. `content` False:
    the row was read without its content, which is then checked when it is read."""
    if not recorded:
        return say("audit_log.version_inserted", number=row.number, set_id=row.set_id)
    if (
        (content and row.sha256 != R.sha256(row.content))
        or row.row_sha256 != row_hash(row)
        or recorded != {row.row_sha256}
    ):
        return say("audit_log.version_altered", number=row.number, set_id=row.set_id)
    return None


def check_version(s: Session, row: VersionRow, workspace: str, *, content: bool = True) -> None:
    """Refuse a version whose row no longer matches its hashes or the trail: a `WorkspaceError` naming it.
    `content` False: the row was read without its content (a list of versions)."""
    problem = _version_problem(row, _recorded(s, row.set_id, row.number), content=content)
    if problem is not None:
        raise WorkspaceError(say("audit_log.refused", workspace=workspace, problem=problem))


@dataclass(frozen=True)
class Report:
    """What `verify` found: the problems in words (none: intact), what it checked, and the last event's hash."""

    problems: list[str]
    events: int
    versions: int
    sets: int
    head: str


def verify(s: Session) -> Report:
    """Check the whole trail and every version: each event in its place in the chain and unaltered, each version
    unaltered and added by an event that names it, none missing."""
    problems: list[str] = []
    expected, prev = 1, GENESIS
    recorded: dict[tuple[str, int], set[str]] = {}
    for row in _all_events(s):
        if row.seq != expected:
            gap = f"{expected}" if row.seq == expected + 1 else f"{expected}-{row.seq - 1}"
            problems.append(say("audit_log.events_missing", seqs=gap))
        if row.prev_sha256 != prev:
            problems.append(say("audit_log.event_out_of_chain", seq=row.seq))
        if row.sha256 != event_hash(row):
            problems.append(
                say("audit_log.event_altered", seq=row.seq, action=row.action, user=row.user, at=time_text(row.at))
            )
        if row.version_sha256 is not None and row.set_id is not None and row.version is not None:
            recorded.setdefault((row.set_id, row.version), set()).add(row.version_sha256)
        expected, prev = row.seq + 1, row.sha256
    seen: dict[str, list[int]] = {}
    versions = 0
    for v in s.scalars(select(VersionRow).order_by(VersionRow.set_id, VersionRow.number)):
        seen.setdefault(v.set_id, []).append(v.number)
        versions += 1
        problem = _version_problem(v, recorded.pop((v.set_id, v.number), set()))
        if problem is not None:
            problems.append(problem)
    for set_id, numbers in seen.items():
        for n in sorted(set(range(1, max(numbers) + 1)) - set(numbers)):
            if (set_id, n) not in recorded:
                problems.append(say("audit_log.version_missing", number=n, set_id=set_id))
    for set_id, n in sorted(recorded):  # recorded in the trail, no longer in the table
        problems.append(say("audit_log.version_missing", number=n, set_id=set_id))
    return Report(problems, expected - 1, versions, len(seen), prev)


def _all_events(s: Session) -> Iterator[EventRow]:
    yield from s.scalars(select(EventRow).order_by(EventRow.seq).execution_options(yield_per=1000))
