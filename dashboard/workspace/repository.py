"""The workspace: rubrics, assessment sets and their append-only versions in SQLite or PostgreSQL (SQLAlchemy 2).

Nothing here imports streamlit: the app, the command line and the tests share this module. The rules it keeps:
- a rubric is stored once per content hash and never changes;
- a set's versions are append-only: a save inserts version N+1 and never updates or deletes a row;
- a save names the version it started from; if another save landed in between, it is refused (`SaveConflict`,
  naming who saved which version when) and nothing is written: no last-write-wins;
- a draft (one per browser session and set) holds work in progress and is the only row that is updated;
- every write is one transaction; a database that cannot be opened gives a `WorkspaceError` that names it.

The tables are declared in `tables.py` and migrated by `migrations/` (Alembic); `open_workspace` upgrades a
database to head on start.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    Engine,
    func,
    select,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.workspace.connection import cause, default_url, describe, make_engine, prepare_engine
from dashboard.workspace.records import (
    BriefingRecord,
    Draft,
    RubricInfo,
    SaveConflict,
    SetSummary,
    Version,
    VersionInfo,
    WorkspaceError,
)
from dashboard.workspace.tables import BriefingRow, DraftRow, RubricRow, SetRow, VersionRow


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _rubric_info(row: RubricRow) -> RubricInfo:
    return RubricInfo(row.pk, row.rubric_id, row.version, row.title, row.file_name, row.sha256)


def _version_info(row: VersionRow) -> VersionInfo:
    return VersionInfo(
        row.set_id,
        row.number,
        row.parent,
        row.author,
        row.author_verified,
        row.message,
        _utc(row.created_at),
        row.rubric_pk,
        row.sha256,
    )


def slug(text: str, fallback: str = "set") -> str:
    """A readable id from a title: lower case, words joined by '_', at most 60 characters."""
    out = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:60].strip("_")
    return out or fallback


# --------------------------------------------------------------------------------------------------- workspace


class Workspace:
    """One workspace database. Every method is one transaction."""

    def __init__(self, engine: Engine, url: str | None = None) -> None:
        self.engine = engine
        self.url = url or engine.url.render_as_string(hide_password=False)
        self.name = describe(self.url)

    @contextmanager
    def _session(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except WorkspaceError:
            raise
        except SQLAlchemyError as exc:
            raise WorkspaceError(f"workspace {self.name}: {cause(exc)}") from exc

    # -- rubrics

    def add_rubric(self, content: str, file_name: str, rubric_id: str, version: str, title: str) -> RubricInfo:
        """Store a rubric once per content hash (the caller has validated it); return its record."""
        digest = sha256(content)
        with self._session() as s:
            row = s.scalar(select(RubricRow).where(RubricRow.sha256 == digest))
            if row is None:
                row = RubricRow(
                    rubric_id=rubric_id,
                    version=version,
                    title=title,
                    file_name=file_name,
                    sha256=digest,
                    content=content,
                    created_at=now(),
                )
                s.add(row)
                s.flush()
            return _rubric_info(row)

    def rubrics(self) -> list[RubricInfo]:
        with self._session() as s:
            return [_rubric_info(r) for r in s.scalars(select(RubricRow).order_by(RubricRow.pk))]

    def rubric(self, pk: int) -> tuple[RubricInfo, str]:
        with self._session() as s:
            row = s.get(RubricRow, pk)
            if row is None:
                raise WorkspaceError(f"workspace {self.name}: no rubric with key {pk}")
            return _rubric_info(row), row.content

    # -- sets and versions

    def is_empty(self) -> bool:
        with self._session() as s:
            return s.scalar(select(func.count()).select_from(SetRow)) == 0

    def new_set_id(self, title: str) -> str:
        """A free id derived from `title`."""
        base = slug(title)
        with self._session() as s:
            taken = set(s.scalars(select(SetRow.id).where(SetRow.id.like(f"{base}%"))))
        if base not in taken:
            return base
        return next(f"{base}_{n}" for n in range(2, len(taken) + 3) if f"{base}_{n}" not in taken)

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
    ) -> VersionInfo:
        """Append a version to `set_id` (creating the set when `base` is None and it does not exist yet).

        `base` is the version the user started from: the save is refused with `SaveConflict` unless it is still the
        latest (None: the set must not exist yet). The unique (set, number) key refuses a racing second writer
        even where the database does not serialise the check.
        """
        author = author.strip() or "unknown"
        try:
            with self._session() as s:
                set_row = s.scalar(select(SetRow).where(SetRow.id == set_id).with_for_update())
                latest = self._latest_row(s, set_id) if set_row is not None else None
                current = latest.number if latest is not None else None
                if current != base:
                    if latest is None:
                        raise WorkspaceError(
                            f"workspace {self.name}: set '{set_id}' does not exist; import it without --base first"
                        )
                    raise SaveConflict(set_id, base, _version_info(latest))
                if set_row is None:
                    s.add(SetRow(id=set_id, title=title or set_id, created_at=now(), created_by=author))
                    s.flush()
                row = VersionRow(
                    set_id=set_id,
                    number=(current or 0) + 1,
                    parent=current,
                    rubric_pk=rubric_pk,
                    content=content,
                    sha256=sha256(content),
                    author=author,
                    author_verified=verified,
                    message=message.strip(),
                    created_at=now(),
                )
                s.add(row)
                s.flush()
                return _version_info(row)
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
        old = self.version(set_id, number)
        return self.save(
            set_id,
            old.content,
            old.info.rubric_pk,
            base=base,
            author=author,
            verified=verified,
            message=f"Restored version {number}",
        )

    @staticmethod
    def _latest_row(s: Session, set_id: str) -> VersionRow | None:
        return s.scalar(
            select(VersionRow).where(VersionRow.set_id == set_id).order_by(VersionRow.number.desc()).limit(1)
        )

    def latest(self, set_id: str) -> VersionInfo:
        with self._session() as s:
            row = self._latest_row(s, set_id)
            if row is None:
                raise WorkspaceError(f"workspace {self.name}: no assessment set '{set_id}'")
            return _version_info(row)

    def sets(self) -> list[SetSummary]:
        """Every set with its latest version, newest activity first."""
        with self._session() as s:
            top = (
                select(VersionRow.set_id, func.max(VersionRow.number).label("n")).group_by(VersionRow.set_id).subquery()
            )
            rows = s.execute(
                select(SetRow, VersionRow)
                .join(top, top.c.set_id == SetRow.id)
                .join(VersionRow, (VersionRow.set_id == SetRow.id) & (VersionRow.number == top.c.n))
                .order_by(VersionRow.created_at.desc(), SetRow.id)
            ).all()
            return [SetSummary(st.id, st.title, _version_info(v)) for st, v in rows]

    def history(self, set_id: str) -> list[VersionInfo]:
        """Every version of a set, oldest first, without their content."""
        with self._session() as s:
            rows = s.execute(
                select(
                    VersionRow.set_id,
                    VersionRow.number,
                    VersionRow.parent,
                    VersionRow.author,
                    VersionRow.author_verified,
                    VersionRow.message,
                    VersionRow.created_at,
                    VersionRow.rubric_pk,
                    VersionRow.sha256,
                )
                .where(VersionRow.set_id == set_id)
                .order_by(VersionRow.number)
            ).all()
            if not rows:
                raise WorkspaceError(f"workspace {self.name}: no assessment set '{set_id}'")
            return [VersionInfo(*r[:6], _utc(r[6]), r[7], r[8]) for r in rows]

    def version(self, set_id: str, number: int | None = None) -> Version:
        """A version with its content and its rubric (the latest when `number` is None)."""
        with self._session() as s:
            query = select(VersionRow).where(VersionRow.set_id == set_id)
            query = query.where(VersionRow.number == number) if number is not None else query
            row = s.scalar(query.order_by(VersionRow.number.desc()).limit(1))
            if row is None:
                what = f"version {number} of '{set_id}'" if number is not None else f"assessment set '{set_id}'"
                raise WorkspaceError(f"workspace {self.name}: no {what}")
            rubric = s.get(RubricRow, row.rubric_pk)
            assert rubric is not None  # a foreign key
            return Version(_version_info(row), row.content, _rubric_info(rubric), rubric.content)

    def find_version_by_content(self, content: str) -> VersionInfo | None:
        """The newest version anywhere whose content is exactly `content` (to reopen instead of importing twice)."""
        with self._session() as s:
            row = s.scalar(
                select(VersionRow)
                .where(VersionRow.sha256 == sha256(content))
                .order_by(VersionRow.created_at.desc())
                .limit(1)
            )
            return _version_info(row) if row is not None else None

    # -- drafts

    def put_draft(self, token: str, set_id: str, base_number: int, rubric_pk: int, content: str, author: str) -> None:
        with self._session() as s:
            row = s.scalar(select(DraftRow).where(DraftRow.token == token, DraftRow.set_id == set_id))
            if row is None:
                row = DraftRow(token=token, set_id=set_id)
                s.add(row)
            row.base_number, row.rubric_pk, row.content = base_number, rubric_pk, content
            row.author, row.updated_at = author, now()

    def draft(self, token: str, set_id: str) -> Draft | None:
        with self._session() as s:
            row = s.scalar(select(DraftRow).where(DraftRow.token == token, DraftRow.set_id == set_id))
            if row is None:
                return None
            return Draft(
                row.token, row.set_id, row.base_number, row.rubric_pk, row.content, row.author, _utc(row.updated_at)
            )

    def discard_draft(self, token: str, set_id: str) -> None:
        with self._session() as s:
            row = s.scalar(select(DraftRow).where(DraftRow.token == token, DraftRow.set_id == set_id))
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
            content_sha256=sha256(content),
            content=content,
            options=json.dumps(options, sort_keys=True, ensure_ascii=False),
            pdf_sha256=sha256(pdf),
            author=author,
            created_at=now(),
        )
        with self._session() as s:
            s.add(record)
            s.flush()
            return _briefing(record)

    def briefings(self, set_id: str) -> list[BriefingRecord]:
        """Briefings issued from a set, newest first."""
        with self._session() as s:
            rows = s.scalars(
                select(BriefingRow).where(BriefingRow.set_id == set_id).order_by(BriefingRow.pk.desc())
            ).all()
            return [_briefing(r) for r in rows]


def _briefing(row: BriefingRow) -> BriefingRecord:
    return BriefingRecord(
        row.set_id,
        row.version_number,
        row.from_draft,
        row.content_sha256,
        row.content,
        json.loads(row.options),
        row.pdf_sha256,
        row.author,
        _utc(row.created_at),
    )


# -------------------------------------------------------------------------------------------------- opening


def open_workspace(url: str | None = None, engine: Engine | None = None) -> Workspace:
    """Open the workspace at `url` (default: `default_url()`), or on `engine`, creating or upgrading its schema."""
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
    return Workspace(engine, url)
