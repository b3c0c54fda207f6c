"""The workspace: rubrics, assessment sets and their append-only versions in SQLite or PostgreSQL (SQLAlchemy 2).

Nothing here imports streamlit: the app, the command line and the tests share this module. The rules it keeps:
- a rubric is stored once per content hash and never changes;
- a set's versions are append-only: a save inserts version N+1 and never updates or deletes a row;
- a save names the version it started from; if another save landed in between, it is refused (`SaveConflict`,
  naming who saved which version when) and nothing is written: no last-write-wins;
- every read and write of a set is checked against the acting user's role on it (`access.py`: one table, one
  function, default deny); a workspace acts as the `Actor` it was opened or bound (`acting`) with, the local
  administrator by default (personal mode, the command line without --as);
- a draft (one per user and set) holds work in progress and is the only row that is updated; it is found by the
  acting user and the set, never by anything a browser sends; a save that stores it deletes it in the same
  transaction;
- a new set and its first version are one transaction, under an id nobody holds: never another writer's set;
- every step worth an audit (sign-in, a save, a briefing, a member's role, ...) is recorded in the hash-chained audit
  trail (`events.py`) in the same transaction as the step, and every read of a version checks it against its hash
  and the trail, refusing altered content;
- every write is one transaction, reported only once committed; a database that cannot be opened gives a
  `WorkspaceError` that names it. A SQLite file deleted or replaced since opening is such an error too, and after a
  failed transaction the next one starts on fresh connections, so the app recovers without a restart.

The tables are declared in `tables.py` and migrated by `migrations/` (Alembic); `open_workspace` upgrades a
database to head on start.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, defer

from dashboard.core.names import is_id
from dashboard.core.quotes import CopyError, extract_text, media_type
from dashboard.core.yaml_io import parse_yaml_bytes
from dashboard.settings import MAX_BYTES
from dashboard.words import say
from dashboard.workspace import access as A
from dashboard.workspace import events as E
from dashboard.workspace import quotas
from dashboard.workspace import records as R
from dashboard.workspace.access import LOCAL, Actor
from dashboard.workspace.connection import (
    cause,
    default_url,
    describe,
    file_identity,
    make_engine,
    prepare_engine,
    sqlite_file,
)
from dashboard.workspace.records import (
    BriefingRecord,
    Draft,
    Member,
    RubricInfo,
    SaveConflict,
    SetSummary,
    SourceCopy,
    UserInfo,
    Version,
    VersionInfo,
    WorkspaceError,
)
from dashboard.workspace.tables import (
    BriefingRow,
    DraftRow,
    EventRow,
    MembershipRow,
    ReviewStateRow,
    RubricRow,
    SetRow,
    SourceCopyRow,
    UserRow,
    VersionRow,
)

PLACEHOLDER = "email:"  # the subject of a user added by email who has not signed in yet
DRAFT, REFUSED = "", "refused"  # a user's draft of a set, and a refused save's draft kept aside
DRAFT_SLOT_MAX = 64  # DraftRow.token's length in the schema
NEW_SET_ATTEMPTS = 5  # a new set's id taken by another writer between choosing and inserting: choose again


def slug(text: str, fallback: str = "set") -> str:
    """A readable id from a title: lower case, words joined by '_', at most 60 characters."""
    out = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:60].strip("_")
    return out or fallback


# --------------------------------------------------------------------------------------------------- workspace


class Workspace:
    """One workspace database, as one acting user (`actor`). Every method is one transaction, and every read and
    write of a set in it is checked against the actor's role on that set."""

    def __init__(self, engine: Engine, url: str | None = None, actor: Actor = LOCAL) -> None:
        self.engine = engine
        self.actor = actor
        self.url = url or engine.url.render_as_string(hide_password=False)
        self.name = describe(self.url)
        # The SQLite file as it was opened: every transaction checks it is still the file at that path.
        self.file = sqlite_file(engine)
        self.file_id = file_identity(self.file) if self.file is not None else None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction, committed when the block ends; a database error becomes a `WorkspaceError` naming it."""
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                self.check_file()
                yield session
                self.check_file()  # before the commit: a write into a deleted file is rolled back, not reported
            self.check_file()  # after it: the commit went to the file at the path, the one that will be read
        except WorkspaceError:
            raise
        except SQLAlchemyError as exc:
            if not isinstance(exc, IntegrityError):
                # A connection opened while the file was read-only, or one to a server that went away, would fail
                # every later write too: the next transaction starts on new connections instead.
                self.engine.dispose()
            raise WorkspaceError(f"workspace {self.name}: {cause(exc)}") from exc

    def acting(self, actor: Actor) -> Workspace:
        """This workspace (the same engine) as `actor`: what it reads and writes is then checked against their role."""
        bound = copy.copy(self)
        bound.actor = actor
        return bound

    # -- access: one decision (access.py), asked here before every read and write of a set

    def _user(self, s: Session) -> UserRow | None:
        return s.scalar(select(UserRow).where(UserRow.subject == self.actor.subject))

    def _allow(self, s: Session, action: str, set_id: str | None = None) -> UserRow:
        """The acting user's row, when they may take `action` (on `set_id`); else `AccessDenied` naming the role."""
        user = self._user(s)
        if user is None:
            A.check(action, None, who=self.actor, set_id=set_id, known=False)
            raise AssertionError("unreachable")  # check raises for an unknown user
        if set_id is not None:
            role = s.scalar(
                select(MembershipRow.role).where(MembershipRow.user_pk == user.pk, MembershipRow.set_id == set_id)
            )
        else:  # creating a set: the user's highest role on any set
            held = set(s.scalars(select(MembershipRow.role).where(MembershipRow.user_pk == user.pk)))
            role = next((r for r in reversed(A.ROLES) if r in held), None)
        A.check(action, role, who=self.actor, set_id=set_id, admin=user.site_admin, disabled=user.disabled)
        return user

    def may(self, action: str, set_id: str | None = None) -> bool:
        """Whether the acting user may take `action` (on `set_id`): the pages hide what would be refused."""
        try:
            with self.transaction() as s:
                self._allow(s, action, set_id)
            return True
        except A.AccessDenied:
            return False

    def require(self, action: str, set_id: str | None = None) -> None:
        """`AccessDenied` unless the acting user may take `action` (for the backup and other whole-workspace work)."""
        with self.transaction() as s:
            self._allow(s, action, set_id)

    def role(self, set_id: str) -> str | None:
        """The acting user's role on `set_id` ("admin" for a site administrator), or None."""
        with self.transaction() as s:
            user = self._user(s)
            if user is None or user.disabled:
                return None
            if user.site_admin:
                return "admin"
            return s.scalar(
                select(MembershipRow.role).where(MembershipRow.user_pk == user.pk, MembershipRow.set_id == set_id)
            )

    def _readable(self, s: Session) -> Any:
        """A condition on a set id column: the sets the acting user may view (none for an unknown or disabled user)."""
        user = self._user(s)
        if user is None or user.disabled:
            return SetRow.id.is_(None) & SetRow.id.isnot(None)  # false
        if user.site_admin:
            return SetRow.id.isnot(None)  # true
        return SetRow.id.in_(select(MembershipRow.set_id).where(MembershipRow.user_pk == user.pk))

    # -- people

    def sign_in(self, subject: str, email: str, name: str = "", *, email_verified: bool | None = None) -> UserInfo:
        """The user a sign-in names, by the identity provider's subject; else the user an administrator added by
        this email, now claimed; else a new user with no access to any set. Their email and name are kept current.

        An email the provider says is not verified (`email_verified` false) is not used at all: anyone can type an
        address at some providers, and claiming an administrator's entry by it would hand over that entry's roles.
        Providers that send no such claim (Entra ID vouches for its own addresses) are trusted."""
        email = "" if email_verified is False else email.strip().lower()
        with self.transaction() as s:
            row = s.scalar(select(UserRow).where(UserRow.subject == subject))
            if row is None and email:
                row = s.scalar(select(UserRow).where(UserRow.email == email, UserRow.subject.startswith(PLACEHOLDER)))
                if row is not None:
                    row.subject = subject
            if row is None:
                if email and s.scalar(select(UserRow).where(UserRow.email == email)) is not None:
                    raise WorkspaceError(
                        f"workspace {self.name}: the email {email} belongs to another account; ask a site administrator"
                    )
                row = UserRow(
                    subject=subject,
                    email=email or subject,
                    name=name or email or subject,
                    disabled=False,
                    site_admin=False,
                    created_at=R.now(),
                )
                s.add(row)
            else:
                if email and email != row.email and s.scalar(select(UserRow).where(UserRow.email == email)) is None:
                    row.email = email
                row.name = name or row.name
            s.flush()
            E.append(s, user=row.email, action="sign-in")
            return R.user_info(row)

    def actor_for(self, email: str) -> Actor:
        """The user with this email as an `Actor` (the command line's --as), or a `WorkspaceError` naming them."""
        with self.transaction() as s:
            row = self._user_by_email(s, email)
            return Actor(row.subject, row.email, row.name)

    def me(self) -> UserInfo | None:
        """The acting user's record, or None when the workspace does not know them."""
        with self.transaction() as s:
            row = self._user(s)
            return R.user_info(row) if row is not None else None

    def add_user(self, email: str, name: str = "", *, admin: bool = False) -> UserInfo:
        """A user known by email before their first sign-in (site administrators only)."""
        email = email.strip().lower()
        if "@" not in email:
            raise WorkspaceError(f"'{email}' is not an email address")
        with self.transaction() as s:
            me = self._allow(s, "manage-users")
            E.append(s, user=me.email, action="add-user", detail={"email": email, "admin": admin})
            row = s.scalar(select(UserRow).where(UserRow.email == email))
            if row is None:
                row = UserRow(
                    subject=PLACEHOLDER + email,
                    email=email,
                    name=name or email,
                    disabled=False,
                    site_admin=admin,
                    created_at=R.now(),
                )
                s.add(row)
            else:
                row.name, row.site_admin, row.disabled = name or row.name, admin or row.site_admin, False
            s.flush()
            return R.user_info(row)

    def users(self) -> list[UserInfo]:
        with self.transaction() as s:
            self._allow(s, "manage-users")
            return [R.user_info(r) for r in s.scalars(select(UserRow).order_by(UserRow.email))]

    def disable_user(self, email: str) -> UserInfo:
        """Refuse every later action of `email` (site administrators only; never the acting user themselves)."""
        with self.transaction() as s:
            me = self._allow(s, "manage-users")
            row = self._user_by_email(s, email)
            if row.pk == me.pk:
                raise WorkspaceError("refused: you cannot disable your own account")
            row.disabled = True
            E.append(s, user=me.email, action="disable-user", detail={"email": row.email})
            return R.user_info(row)

    def _user_by_email(self, s: Session, email: str) -> UserRow:
        row = s.scalar(select(UserRow).where(UserRow.email == email.strip().lower()))
        if row is None:
            raise WorkspaceError(f"workspace {self.name}: no user {email}; add them with `users add {email}`")
        return row

    def grant(self, set_id: str, email: str, role: str) -> Member:
        """Give `email` the `role` on `set_id` (replacing any other role there); the set's owners only."""
        A.check_role(role)
        with self.transaction() as s:
            me = self._allow(s, "manage", set_id)
            if s.get(SetRow, set_id) is None:
                raise WorkspaceError(f"workspace {self.name}: no assessment set '{set_id}'")
            user = self._user_by_email(s, email)
            E.append(s, user=me.email, action="grant", set_id=set_id, detail={"email": user.email, "role": role})
            row = s.scalar(
                select(MembershipRow).where(MembershipRow.user_pk == user.pk, MembershipRow.set_id == set_id)
            )
            if row is not None and row.role == "owner" and role != "owner":
                self._keep_an_owner(s, set_id, user.pk)
            if row is None:
                s.add(MembershipRow(user_pk=user.pk, set_id=set_id, role=role))
            else:
                row.role = role
            return Member(user.email, user.name, role)

    def revoke(self, set_id: str, email: str) -> None:
        """Remove `email`'s role on `set_id`; the set's owners only, and never its last owner."""
        with self.transaction() as s:
            me = self._allow(s, "manage", set_id)
            user = self._user_by_email(s, email)
            row = s.scalar(
                select(MembershipRow).where(MembershipRow.user_pk == user.pk, MembershipRow.set_id == set_id)
            )
            if row is None:
                raise WorkspaceError(f"{user.email} is not a member of '{set_id}'")
            if row.role == "owner":
                self._keep_an_owner(s, set_id, user.pk)
            s.delete(row)
            E.append(s, user=me.email, action="revoke", set_id=set_id, detail={"email": user.email, "role": row.role})

    @staticmethod
    def _keep_an_owner(s: Session, set_id: str, leaving: int) -> None:
        others = s.scalar(
            select(func.count())
            .select_from(MembershipRow)
            .where(MembershipRow.set_id == set_id, MembershipRow.role == "owner", MembershipRow.user_pk != leaving)
        )
        if not others:
            raise WorkspaceError(f"refused: '{set_id}' would have no owner; make someone else its owner first")

    def members(self, set_id: str) -> list[Member]:
        """Who holds which role on `set_id` (the set's owners only)."""
        with self.transaction() as s:
            self._allow(s, "manage", set_id)
            rows = s.execute(
                select(UserRow.email, UserRow.name, MembershipRow.role)
                .join(MembershipRow, MembershipRow.user_pk == UserRow.pk)
                .where(MembershipRow.set_id == set_id)
                .order_by(UserRow.email)
            ).all()
            return [Member(*r) for r in rows]

    def check_file(self) -> None:
        """Refuse to go on when the SQLite file opened is no longer the file at its path (deleted or replaced):
        its connections would write to a file nobody will read again, and a save would be reported but lost."""
        if self.file is None or self.file_id is None or file_identity(self.file) == self.file_id:
            return
        self.engine.dispose()  # its connections hold the old file open
        what = "deleted" if not self.file.exists() else "replaced by another file"
        raise WorkspaceError(
            f"workspace {self.name}: the database file {self.file} was {what} while the app was running, so nothing "
            "more is stored in it; put the file back, or restart the app to open the file now at that path"
        )

    # -- rubrics

    def add_rubric(self, content: str, file_name: str, rubric_id: str, version: str, title: str) -> RubricInfo:
        """Store a rubric once per content hash (the caller has validated it); return its record. Two writers adding
        the same rubric at once both get the one row (the unique hash refuses the second insert, which then reads)."""
        digest = R.sha256(content)
        for attempt in range(2):
            try:
                with self.transaction() as s:
                    row = s.scalar(select(RubricRow).where(RubricRow.sha256 == digest))
                    if row is None:
                        row = RubricRow(
                            rubric_id=rubric_id,
                            version=version,
                            title=title,
                            file_name=file_name,
                            sha256=digest,
                            content=content,
                            created_at=R.now(),
                        )
                        s.add(row)
                        s.flush()
                    return R.rubric_info(row)
            except WorkspaceError as exc:
                if not isinstance(exc.__cause__, IntegrityError) or attempt:
                    raise
        raise AssertionError("unreachable")  # the loop returns or raises

    def rubrics(self) -> list[RubricInfo]:
        with self.transaction() as s:
            return [R.rubric_info(r) for r in s.scalars(select(RubricRow).order_by(RubricRow.pk))]

    def rubric(self, pk: int) -> tuple[RubricInfo, str]:
        with self.transaction() as s:
            row = s.get(RubricRow, pk)
            if row is None:
                raise WorkspaceError(f"workspace {self.name}: no rubric with key {pk}")
            return R.rubric_info(row), row.content

    # -- sets and versions

    def is_empty(self) -> bool:
        with self.transaction() as s:
            return s.scalar(select(func.count()).select_from(SetRow)) == 0

    def create_set(
        self,
        title: str,
        content: str,
        rubric_pk: int,
        *,
        author: str,
        message: str,
        verified: bool = False,
        action: str = "create",
    ) -> VersionInfo:
        """A new set named from `title` with `content` as its version 1, in one transaction: the id is chosen and
        taken together, and when another writer takes it first the whole step is tried again under a new id. It
        never appends to a set that exists."""
        author = author.strip() or "unknown"
        for attempt in range(NEW_SET_ATTEMPTS):
            try:
                with self.transaction() as s:
                    user = self._allow(s, "create")
                    quotas.check(s, user, new_set=True, adding=len(content))
                    set_id = _free_id(s, title)
                    s.add(SetRow(id=set_id, title=title or set_id, created_at=R.now(), created_by=author))
                    s.flush()
                    s.add(MembershipRow(user_pk=user.pk, set_id=set_id, role="owner"))  # the creator owns it
                    row = R.version_row(set_id, 1, None, rubric_pk, content, author, verified, message)
                    s.add(row)
                    E.version_added(s, row, user=user.email, action=action)
                    s.add(_starts_as_draft(row, user))
                    s.flush()
                    return R.version_info(row)
            except WorkspaceError as exc:
                if not isinstance(exc.__cause__, IntegrityError) or attempt == NEW_SET_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # the loop returns or raises

    def save(
        self,
        set_id: str,
        content: str,
        rubric_pk: int,
        *,
        base: int | None,
        author: str,
        message: str,
        verified: bool = False,
        title: str | None = None,
        discard_draft: bool = False,
        action: str = "save",
    ) -> VersionInfo:
        """Append a version to `set_id` (creating the set when `base` is None and it does not exist yet).

        `base` is the version the user started from: the save is refused with `SaveConflict` unless it is still the
        latest (None: the set must not exist yet). The unique (set, number) key refuses a racing second writer
        even where the database does not serialise the check. With `discard_draft` the acting user's draft of this
        set, if any, is deleted in the same transaction: a crash just after the save cannot leave it behind to
        conflict with the version it became. The audit trail records the save as `action` (save, import, restore).
        """
        author = author.strip() or "unknown"
        if not is_id(set_id):  # it names the set's folder in a backup: '../X' and '/abs' must never get that far
            raise WorkspaceError(f"workspace {self.name}: {say('names.not_an_id', what='set id', value=set_id[:120])}")
        try:
            with self.transaction() as s:
                set_row = s.scalar(select(SetRow).where(SetRow.id == set_id).with_for_update())
                user = self._allow(s, "save", set_id) if set_row is not None else self._allow(s, "create")
                quotas.check(s, user, new_set=set_row is None, adding=len(content))
                latest = self._latest_row(s, set_id) if set_row is not None else None
                current = latest.number if latest is not None else None
                if current != base:
                    if latest is None:
                        raise WorkspaceError(
                            f"workspace {self.name}: set '{set_id}' does not exist; import it without --base first"
                        )
                    raise SaveConflict(set_id, base, R.version_info(latest))
                if set_row is None:
                    s.add(SetRow(id=set_id, title=title or set_id, created_at=R.now(), created_by=author))
                    s.flush()
                    s.add(MembershipRow(user_pk=user.pk, set_id=set_id, role="owner"))
                row = R.version_row(set_id, (current or 0) + 1, current, rubric_pk, content, author, verified, message)
                s.add(row)
                E.version_added(s, row, user=user.email, action=action)
                s.add(_starts_as_draft(row, user))
                if discard_draft:
                    s.execute(
                        delete(DraftRow).where(
                            DraftRow.user_pk == user.pk, DraftRow.set_id == set_id, DraftRow.token == DRAFT
                        )
                    )
                s.flush()
                return R.version_info(row)
        except WorkspaceError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                # Another writer inserted the same set or number between our check and our insert.
                try:
                    latest_info = self.latest(set_id)
                except WorkspaceError:
                    raise exc from None
                if latest_info.number != base:
                    raise SaveConflict(set_id, base, latest_info) from exc
            raise

    def restore(self, set_id: str, number: int, *, base: int, author: str, verified: bool = False) -> VersionInfo:
        """A new version with the content (and rubric) of version `number`; history is never rewritten."""
        self.require("restore", set_id)
        old = self.version(set_id, number)
        return self.save(
            set_id,
            old.content,
            old.info.rubric_pk,
            base=base,
            author=author,
            verified=verified,
            message=f"Restored version {number}",
            action="restore",
        )

    @staticmethod
    def _latest_row(s: Session, set_id: str) -> VersionRow | None:
        return s.scalar(
            select(VersionRow).where(VersionRow.set_id == set_id).order_by(VersionRow.number.desc()).limit(1)
        )

    def latest(self, set_id: str) -> VersionInfo:
        with self.transaction() as s:
            self._allow(s, "view", set_id)
            row = self._latest_row(s, set_id)
            if row is None:
                raise WorkspaceError(f"workspace {self.name}: no assessment set '{set_id}'")
            return R.version_info(row)

    def sets(self) -> list[SetSummary]:
        """Every set the acting user may view, with its latest version, newest activity first."""
        with self.transaction() as s:
            readable = self._readable(s)
            top = (
                select(VersionRow.set_id, func.max(VersionRow.number).label("n")).group_by(VersionRow.set_id).subquery()
            )
            rows = s.execute(
                select(SetRow, VersionRow)
                .join(top, top.c.set_id == SetRow.id)
                .join(VersionRow, (VersionRow.set_id == SetRow.id) & (VersionRow.number == top.c.n))
                .where(readable)
                .order_by(VersionRow.created_at.desc(), SetRow.id)
            ).all()
            return [SetSummary(st.id, st.title, R.version_info(v)) for st, v in rows]

    def history(self, set_id: str) -> list[VersionInfo]:
        """Every version of a set, oldest first, without their content; each checked against its hash and the
        audit trail (an altered one is refused, naming it)."""
        with self.transaction() as s:
            self._allow(s, "view", set_id)
            rows = s.scalars(
                select(VersionRow)
                .options(defer(VersionRow.content, raiseload=True))  # the content's hash stands for it
                .where(VersionRow.set_id == set_id)
                .order_by(VersionRow.number)
            ).all()
            if not rows:
                raise WorkspaceError(f"workspace {self.name}: no assessment set '{set_id}'")
            for row in rows:
                E.check_version(s, row, self.name, content=False)
            return [R.version_info(r) for r in rows]

    def version(self, set_id: str, number: int | None = None) -> Version:
        """A version with its content and its rubric (the latest when `number` is None)."""
        with self.transaction() as s:
            self._allow(s, "view", set_id)
            query = select(VersionRow).where(VersionRow.set_id == set_id)
            query = query.where(VersionRow.number == number) if number is not None else query
            row = s.scalar(query.order_by(VersionRow.number.desc()).limit(1))
            if row is None:
                what = f"version {number} of '{set_id}'" if number is not None else f"assessment set '{set_id}'"
                raise WorkspaceError(f"workspace {self.name}: no {what}")
            E.check_version(s, row, self.name)  # altered content is refused, never shown
            rubric = s.get(RubricRow, row.rubric_pk)
            assert rubric is not None  # a foreign key
            return Version(R.version_info(row), row.content, R.rubric_info(rubric), rubric.content)

    def find_version_by_content(self, content: str) -> VersionInfo | None:
        """The newest version, in a set the acting user may view, whose content is exactly `content` (to reopen
        instead of importing twice)."""
        with self.transaction() as s:
            row = s.scalar(
                select(VersionRow)
                .join(SetRow, SetRow.id == VersionRow.set_id)
                .where(VersionRow.sha256 == R.sha256(content), self._readable(s))
                .order_by(VersionRow.created_at.desc())
                .limit(1)
            )
            return R.version_info(row) if row is not None else None

    # -- drafts: the acting user's own, by set (and slot: DRAFT, or REFUSED for a refused save's draft kept aside)

    def _draft_row(self, s: Session, user: UserRow, set_id: str, slot: str) -> DraftRow | None:
        return s.scalar(
            select(DraftRow).where(DraftRow.user_pk == user.pk, DraftRow.set_id == set_id, DraftRow.token == slot)
        )

    def put_draft(
        self, set_id: str, base_number: int, rubric_pk: int, content: str, author: str, *, slot: str = ""
    ) -> None:
        if len(slot) > DRAFT_SLOT_MAX:  # the column's length: PostgreSQL refused a longer one, SQLite kept 5,000
            raise WorkspaceError(f"workspace {self.name}: a draft's slot name is at most {DRAFT_SLOT_MAX} characters")
        with self.transaction() as s:
            user = self._allow(s, "draft", set_id)
            row = self._draft_row(s, user, set_id, slot)
            if row is None:
                row = DraftRow(user_pk=user.pk, token=slot, set_id=set_id)
                s.add(row)
            row.base_number, row.rubric_pk, row.content = base_number, rubric_pk, content
            row.author, row.updated_at = author, R.now()

    def draft(self, set_id: str, *, slot: str = "") -> Draft | None:
        with self.transaction() as s:
            row = self._draft_row(s, self._allow(s, "view", set_id), set_id, slot)
            return R.draft(row) if row is not None else None

    def discard_draft(self, set_id: str, *, slot: str = "") -> None:
        with self.transaction() as s:
            row = self._draft_row(s, self._allow(s, "view", set_id), set_id, slot)
            if row is not None:
                s.delete(row)

    # -- briefings

    def record_briefing(
        self,
        set_id: str,
        version_number: int,
        *,
        from_draft: bool,
        content: str,
        options: dict[str, Any],
        pdf: bytes,
        author: str,
    ) -> BriefingRecord:
        record = BriefingRow(
            set_id=set_id,
            version_number=version_number,
            from_draft=from_draft,
            content_sha256=R.sha256(content),
            content=content,
            options=json.dumps(options, sort_keys=True, ensure_ascii=False),
            pdf_sha256=R.sha256(pdf),
            author=author,
            created_at=R.now(),
        )
        with self.transaction() as s:
            user = self._allow(s, "brief", set_id)
            s.add(record)
            s.flush()
            detail = {"from_draft": from_draft, "pdf_sha256": record.pdf_sha256, "format": options.get("format", "")}
            E.append(s, user=user.email, action="brief", set_id=set_id, version=version_number, detail=detail)
            return R.briefing(record)

    def briefings(self, set_id: str) -> list[BriefingRecord]:
        """Briefings issued from a set, newest first."""
        with self.transaction() as s:
            self._allow(s, "view", set_id)
            rows = s.scalars(
                select(BriefingRow).where(BriefingRow.set_id == set_id).order_by(BriefingRow.pk.desc())
            ).all()
            return [R.briefing(r) for r in rows]

    # -- the audit trail (events.py)

    def record(self, action: str, set_id: str | None = None, version: int | None = None, **detail: Any) -> E.Event:
        """Record a step the acting user took (opening a set, an export, ...) in the audit trail, as its own
        transaction. On a set it needs the reader role there; without one, a user the workspace knows. A step that
        writes something records itself with `events.append` in its own transaction instead."""
        with self.transaction() as s:
            if set_id is not None:
                user = self._allow(s, "view", set_id)
            else:
                found = self._user(s)
                if found is None or found.disabled:
                    A.check("view", None, who=self.actor, known=found is not None, disabled=True)
                assert found is not None
                user = found
            return E.event(E.append(s, user=user.email, action=action, set_id=set_id, version=version, detail=detail))

    def events(self, set_id: str, actions: Sequence[str] | None = None) -> list[E.Event]:
        """The audit events about `set_id` (only `actions` when given), newest first; the reader role."""
        with self.transaction() as s:
            self._allow(s, "view", set_id)
            query = select(EventRow).where(EventRow.set_id == set_id)
            query = query.where(EventRow.action.in_(actions)) if actions is not None else query
            return [E.event(r) for r in s.scalars(query.order_by(EventRow.seq.desc()))]

    def audit_trail(self) -> Iterator[E.Event]:
        """Every audit event, oldest first (site administrators only: `audit-log export`)."""
        self.require("audit-log")
        with self.transaction() as s:
            for row in s.scalars(select(EventRow).order_by(EventRow.seq).execution_options(yield_per=1000)):
                yield E.event(row)

    def verify(self) -> E.Report:
        """Check the audit trail and every version (site administrators only): the problems found, in words, what
        was checked and the last event's hash."""
        with self.transaction() as s:
            self._allow(s, "audit-log")
            return E.verify(s)

    # -- stored copies of sources: kept as attached, with their hash, text, who and when (append-only)

    def attach_copy(self, set_id: str, source_id: str, name: str, data: bytes) -> SourceCopy:
        """Keep `data` (a PDF, HTML or text file called `name`) as the copy of `source_id`, a source registered in
        the latest version of `set_id`; saving a version's worth of work, so the analyst role. A `WorkspaceError`
        names what is refused: a file too big, empty or of another kind, or a source not in the register."""
        if len(data) > MAX_BYTES:
            raise WorkspaceError(say("sources.too_big", size=len(data), limit=MAX_BYTES))
        if not data:
            raise WorkspaceError(say("sources.empty", name=name))
        try:
            kind = media_type(name, data)
            text = extract_text(data, kind)
        except CopyError as exc:
            raise WorkspaceError(str(exc)) from exc
        with self.transaction() as s:
            user = self._allow(s, "save", set_id)
            latest = self._latest_row(s, set_id)
            if latest is None:
                raise WorkspaceError(f"workspace {self.name}: no assessment set '{set_id}'")
            if source_id not in _source_ids(latest.content):
                raise WorkspaceError(say("sources.not_registered", source=source_id, set_id=set_id))
            row = SourceCopyRow(
                set_id=set_id,
                source_id=source_id,
                file_name=name.replace("\\", "/").rsplit("/", 1)[-1][:255],
                media_type=kind,
                content=data,
                sha256=R.sha256(data),
                text=text,
                attached_by=user.email,
                attached_at=R.now(),
            )
            s.add(row)
            s.flush()
            return R.source_copy(row)

    def copies(self, set_id: str) -> dict[str, SourceCopy]:
        """The newest stored copy of each source of `set_id` that has one, by source id (the reader role)."""
        with self.transaction() as s:
            self._allow(s, "view", set_id)
            if s.get(SetRow, set_id) is None:
                raise WorkspaceError(f"workspace {self.name}: no assessment set '{set_id}'")
            rows = s.scalars(
                select(SourceCopyRow).where(SourceCopyRow.set_id == set_id).order_by(SourceCopyRow.pk)
            ).all()
            return {row.source_id: R.source_copy(row) for row in rows}  # the newest of each source last, so kept


def _source_ids(content: str) -> set[str]:
    """The ids in a stored version's source register (the version was validated when saved)."""
    doc = parse_yaml_bytes(content.encode("utf-8"), "version").data
    sources = doc.get("sources") if isinstance(doc, dict) else None
    return {str(x.get("id")) for x in sources or [] if isinstance(x, dict)}


def _starts_as_draft(version: VersionRow, user: UserRow) -> ReviewStateRow:
    """A new version's review state (workspace/review.py): a draft, saved by `user`, who may not approve it."""
    return ReviewStateRow(
        set_id=version.set_id,
        number=version.number,
        state="draft",
        saved_by=user.pk,
        changed_by=user.email,
        changed_at=R.now(),
        message="",
    )


def _free_id(s: Session, title: str) -> str:
    base = slug(title)
    taken = set(s.scalars(select(SetRow.id).where(SetRow.id.like(f"{base}%"))))
    if base not in taken:
        return base
    return next(f"{base}_{n}" for n in range(2, len(taken) + 3) if f"{base}_{n}" not in taken)


# -------------------------------------------------------------------------------------------------- opening


def open_workspace(url: str | None = None, engine: Engine | None = None, actor: Actor = LOCAL) -> Workspace:
    """Open the workspace at `url` (default: `default_url()`), or on `engine`, creating or upgrading its schema;
    it acts as `actor` (the local administrator unless told otherwise)."""
    from dashboard.workspace.migrations.run import upgrade

    url = url or (engine.url.render_as_string(hide_password=False) if engine is not None else default_url())
    try:
        engine = prepare_engine(engine) if engine is not None else make_engine(url)
        upgrade(engine)
    except WorkspaceError:
        raise
    except SQLAlchemyError as exc:
        raise WorkspaceError(f"workspace {describe(url)}: {cause(exc)}") from exc
    except Exception as exc:  # a malformed URL, an unknown driver, a folder that cannot be created
        raise WorkspaceError(f"workspace {describe(url)}: {exc}") from exc
    return Workspace(engine, url, actor)
