"""A workspace backed up to a folder and restored from it, whole: every rubric (variants with the same id and version
included), every set and version against the rubric it was saved with, with its number, parent, author (and whether
verified), message and time; the briefings issued, the drafts open and the stored copies of sources.

The folder (`export_all`): `manifest.json`, which says where everything belongs; `rubrics/` with each rubric's exact
YAML; one folder per set with each version's exact YAML (`v0001.yaml`, ...), a readable `history.json` and, under
`copies/`, the stored copies of its sources (each file as attached, and the text extracted from it that the audit
checks quotes against). Restoring (`import_all`) reads the manifest, checks every file against the SHA-256 it
records, and writes everything in one transaction: all of it or, when anything is wrong, nothing. A set already in
the workspace is completed when its versions are the backup's first ones (a workspace seeded on first start holds
the bundled set's version 1), and refused otherwise; its stored copies are added unless already there (the same
source, hash and time). A copy keeps its SHA-256, who attached it and when. docs/workspace.md gives the procedure.

Both are for site administrators only (`access.py`'s "backup"). Each draft names its user by email; restored, it
goes back to that user when the workspace knows them, else to the administrator restoring. A set the restore creates
is owned by the administrator restoring it, who then grants access (`access grant`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.core.names import file_part, inside
from dashboard.core.problems import InputError, Problem, join_path
from dashboard.workspace import events
from dashboard.workspace import records as R
from dashboard.workspace.files import private_folder, write_private
from dashboard.workspace.records import WorkspaceError
from dashboard.workspace.repository import Workspace
from dashboard.workspace.tables import (
    BriefingRow,
    DraftRow,
    MembershipRow,
    RubricRow,
    SetRow,
    SourceCopyRow,
    UserRow,
    VersionRow,
)

MANIFEST = "manifest.json"
FORMAT = "civil-liberties-dashboard workspace backup"
RESTORE_HINT = "restore the folder from the same backup, or run `workspace export-all` again"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _in_utc(cls, value: Any) -> Any:
        """Every stored time is UTC; a time written without an offset is read as UTC."""
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
        return value


class RubricEntry(_Strict):
    file: str
    sha256: str
    rubric_id: str
    version: str
    title: str
    file_name: str
    created_at: dt.datetime


class VersionEntry(_Strict):
    number: int
    parent: int | None
    file: str
    sha256: str
    rubric_sha256: str
    author: str
    author_verified: bool
    message: str
    created_at: dt.datetime


class CopyEntry(_Strict):
    """A stored copy of a source: the file as attached (`file`) and the text extracted from it (`text_file`)."""

    source_id: str
    file: str
    sha256: str
    file_name: str
    media_type: str
    text_file: str
    text_sha256: str
    attached_by: str
    attached_at: dt.datetime


class SetEntry(_Strict):
    id: str
    title: str
    created_at: dt.datetime
    created_by: str
    versions: list[VersionEntry]
    copies: list[CopyEntry] = Field(default_factory=list)  # backups written before stored copies have none


class BriefingEntry(_Strict):
    set_id: str
    version_number: int
    from_draft: bool
    content_sha256: str
    content: str
    options: str
    pdf_sha256: str
    author: str
    created_at: dt.datetime


class DraftEntry(_Strict):
    token: str = Field(max_length=64)  # the drafts table's column: refused here on SQLite as on PostgreSQL
    user: str = ""  # the user's email (backups written before people and roles have none)
    set_id: str
    base_number: int
    rubric_sha256: str
    content: str
    author: str
    updated_at: dt.datetime


class Manifest(_Strict):
    format: str
    format_version: int
    exported_at: dt.datetime
    rubrics: list[RubricEntry]
    sets: list[SetEntry]
    briefings: list[BriefingEntry]
    drafts: list[DraftEntry]


@dataclass(frozen=True)
class Counts:
    rubrics: int
    sets: int
    versions: int
    briefings: int
    drafts: int
    copies: int = 0


# ------------------------------------------------------------------------------------------------------ export


def folder_name(set_id: str) -> str:
    """A set's folder: its id when that is a plain file name, else a name made from its hash (ids come from users)."""
    plain = re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}", set_id) and set_id != "rubrics"
    return set_id if plain else f"set-{R.sha256(set_id)[:16]}"


def export_all(ws: Workspace, folder: Path) -> Counts:
    """Write the whole workspace to `folder` (created if need be), read in one transaction so it is consistent."""
    ws.require("backup")
    private_folder(folder)
    private_folder(inside(folder, "rubrics"))
    with ws.transaction() as s:
        emails: dict[int, str] = {pk: email for pk, email in s.execute(select(UserRow.pk, UserRow.email))}
        rubrics = {r.pk: r for r in s.scalars(select(RubricRow).order_by(RubricRow.pk))}
        sets = list(s.scalars(select(SetRow).order_by(SetRow.id)))
        versions = list(s.scalars(select(VersionRow).order_by(VersionRow.set_id, VersionRow.number)))
        briefings = list(s.scalars(select(BriefingRow).order_by(BriefingRow.pk)))
        drafts = list(s.scalars(select(DraftRow).order_by(DraftRow.pk)))
        copies = list(s.scalars(select(SourceCopyRow).order_by(SourceCopyRow.pk)))
    manifest = Manifest(
        format=FORMAT, format_version=1, exported_at=R.now(), rubrics=[], sets=[], briefings=[], drafts=[]
    )
    for r in rubrics.values():
        name = f"rubrics/{file_part(r.rubric_id, 'rubric')}-{file_part(r.version, 'version')}-{r.sha256[:12]}.yaml"
        write_private(inside(folder, name), r.content)
        manifest.rubrics.append(
            RubricEntry(
                file=name,
                sha256=r.sha256,
                rubric_id=r.rubric_id,
                version=r.version,
                title=r.title,
                file_name=r.file_name,
                created_at=R.utc(r.created_at),
            )
        )
    rubric_ids = {r.sha256: f"{r.rubric_id} {r.version}" for r in rubrics.values()}
    for st in sets:
        own = folder_name(st.id)
        private_folder(inside(folder, own))
        entries = []
        for v in (v for v in versions if v.set_id == st.id):
            name = f"{own}/v{v.number:04d}.yaml"
            write_private(inside(folder, name), v.content)
            entries.append(
                VersionEntry(
                    number=v.number,
                    parent=v.parent,
                    file=name,
                    sha256=v.sha256,
                    rubric_sha256=rubrics[v.rubric_pk].sha256,
                    author=v.author,
                    author_verified=v.author_verified,
                    message=v.message,
                    created_at=R.utc(v.created_at),
                )
            )
        history = [
            {**e.model_dump(mode="json", exclude={"file"}), "rubric": f"{rubric_ids[e.rubric_sha256]}"} for e in entries
        ]
        write_private(inside(folder, f"{own}/history.json"), json.dumps(history, indent=2, ensure_ascii=False))
        manifest.sets.append(
            SetEntry(
                id=st.id,
                title=st.title,
                created_at=R.utc(st.created_at),
                created_by=st.created_by,
                versions=entries,
                copies=_export_copies(folder, own, [c for c in copies if c.set_id == st.id]),
            )
        )
    for b in briefings:
        record = {k: getattr(b, k) for k in BriefingEntry.model_fields if k != "created_at"}
        manifest.briefings.append(BriefingEntry(**record, created_at=R.utc(b.created_at)))
    for d in drafts:
        manifest.drafts.append(
            DraftEntry(
                token=d.token,
                user=emails.get(d.user_pk, ""),
                set_id=d.set_id,
                base_number=d.base_number,
                rubric_sha256=rubrics[d.rubric_pk].sha256,
                content=d.content,
                author=d.author,
                updated_at=R.utc(d.updated_at),
            )
        )
    write_private(inside(folder, MANIFEST), manifest.model_dump_json(indent=2))
    ws.record("export-all", folder=str(folder), versions=len(versions))
    return Counts(len(rubrics), len(sets), len(versions), len(briefings), len(drafts), len(copies))


# A copy's file in the backup is named by its place in the set and its kind, never by the name the user gave it.
SUFFIX = {"application/pdf": ".pdf", "text/html": ".html"}


def _export_copies(folder: Path, own: str, rows: list[SourceCopyRow]) -> list[CopyEntry]:
    """Write each copy (oldest first, as attached) and its extracted text into the set's `copies/` folder."""
    if rows:
        private_folder(inside(folder, f"{own}/copies"))
    entries = []
    for k, row in enumerate(rows, start=1):
        name, text_name = f"{own}/copies/{k:04d}{SUFFIX.get(row.media_type, '.txt')}", f"{own}/copies/{k:04d}.text"
        write_private(inside(folder, name), row.content)
        write_private(inside(folder, text_name), row.text)
        entries.append(
            CopyEntry(
                source_id=row.source_id,
                file=name,
                sha256=row.sha256,
                file_name=row.file_name,
                media_type=row.media_type,
                text_file=text_name,
                text_sha256=R.sha256(row.text),
                attached_by=row.attached_by,
                attached_at=R.utc(row.attached_at),
            )
        )
    return entries


# ----------------------------------------------------------------------------------------------------- restore


def read_manifest(folder: Path) -> Manifest:
    """The backup's manifest, checked: every problem named with its place in the file and what to do."""
    path = folder / MANIFEST
    if not path.is_file():
        hint = "point to the folder `workspace export-all` wrote (it holds manifest.json), or export again"
        raise InputError([Problem(str(path), "", "no manifest: this is not a backup folder", hint)])
    try:
        manifest = Manifest.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            problems.append(Problem(str(path), join_path(list(error["loc"])), error["msg"].lower(), RESTORE_HINT))
        raise InputError(problems) from None
    if manifest.format != FORMAT or manifest.format_version != 1:
        got = f"{manifest.format} {manifest.format_version}"
        raise InputError([Problem(str(path), "format", f"not a backup this version can read ({got})", RESTORE_HINT)])
    return manifest


def _read(folder: Path, name: str, sha: str, field: str, problems: list[Problem]) -> str:
    """A text file of the backup (UTF-8), checked against its hash; a problem recorded (and "") when it is not."""
    data = _read_bytes(folder, name, sha, field, problems)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(folder / name), "", f"cannot be read ({exc})", RESTORE_HINT))
        return ""


def _read_bytes(folder: Path, name: str, sha: str, field: str, problems: list[Problem]) -> bytes:
    """A file of the backup as bytes, checked against its hash; a problem recorded (and b"") when it is not."""
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        problems.append(
            Problem(str(folder / MANIFEST), field, f"names a file that is not in the backup: {name}", RESTORE_HINT)
        )
        return b""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(str(path), "", f"cannot be read ({exc})", RESTORE_HINT))
        return b""
    if R.sha256(data) != sha:
        problems.append(Problem(str(path), "", "its content differs from the one the manifest records", RESTORE_HINT))
    return data


def import_all(ws: Workspace, folder: Path) -> Counts:
    """Restore a backup into `ws` in one transaction; `Counts` of what was added (what was already there is not)."""
    manifest = read_manifest(folder)
    problems: list[Problem] = []
    rubric_text = {
        r.sha256: _read(folder, r.file, r.sha256, f"rubrics[{i}].file", problems)
        for i, r in enumerate(manifest.rubrics)
    }
    version_text = {
        (st.id, v.number): _read(folder, v.file, v.sha256, f"sets[{i}].versions[{j}].file", problems)
        for i, st in enumerate(manifest.sets)
        for j, v in enumerate(st.versions)
    }
    copy_files = {
        (st.id, j): (
            _read_bytes(folder, c.file, c.sha256, f"sets[{i}].copies[{j}].file", problems),
            _read(folder, c.text_file, c.text_sha256, f"sets[{i}].copies[{j}].text_file", problems),
        )
        for i, st in enumerate(manifest.sets)
        for j, c in enumerate(st.copies)
    }
    for i, st in enumerate(manifest.sets):
        for j, v in enumerate(st.versions):
            if v.rubric_sha256 not in rubric_text:
                where = f"sets[{i}].versions[{j}].rubric_sha256"
                problems.append(Problem(str(folder / MANIFEST), where, "names a rubric the backup lacks", RESTORE_HINT))
    if problems:
        raise InputError(problems)
    ws.require("backup")
    with ws.transaction() as s:
        me = s.scalar(select(UserRow.pk).where(UserRow.subject == ws.actor.subject))
        users: dict[str, int] = {email: pk for email, pk in s.execute(select(UserRow.email, UserRow.pk))}
        pks, added_rubrics = _restore_rubrics(s, manifest, rubric_text)
        sets = versions = copies = 0
        for st in manifest.sets:
            created, added = _restore_set(s, ws, st, pks, version_text)
            if created:
                s.add(MembershipRow(user_pk=me, set_id=st.id, role="owner"))
            sets, versions = sets + created, versions + added
            copies += _restore_copies(s, st, copy_files)
        briefings = _restore_briefings(s, manifest)
        drafts = 0
        for d in manifest.drafts:
            owner = users.get(d.user, me)
            if d.rubric_sha256 in pks and s.scalar(_draft_query(d, owner)) is None:
                fields = d.model_dump(exclude={"rubric_sha256", "user"})
                s.add(DraftRow(**fields, user_pk=owner, rubric_pk=pks[d.rubric_sha256]))
                drafts += 1
    return Counts(added_rubrics, sets, versions, briefings, drafts, copies)


def _restore_rubrics(s: Session, manifest: Manifest, text: dict[str, str]) -> tuple[dict[str, int], int]:
    pks = {r.sha256: r.pk for r in s.scalars(select(RubricRow))}
    added = 0
    for r in manifest.rubrics:
        if r.sha256 not in pks:
            row = RubricRow(**r.model_dump(exclude={"file"}), content=text[r.sha256])
            s.add(row)
            s.flush()
            pks[r.sha256], added = row.pk, added + 1
    return pks, added


def _restore_set(
    s: Session, ws: Workspace, st: SetEntry, pks: dict[str, int], text: dict[Any, str]
) -> tuple[bool, int]:
    """Add the set (if new) and the versions the workspace lacks; refuse when the workspace's own differ from the
    backup's. Whether the set was new, and how many versions were added."""
    created = s.get(SetRow, st.id) is None
    if created:
        s.add(SetRow(id=st.id, title=st.title, created_at=st.created_at, created_by=st.created_by))
        s.flush()
    have = [(n, sha) for n, sha in s.execute(_versions_query(st.id))]
    backup = [(v.number, v.sha256) for v in st.versions]
    if have != backup[: len(have)]:
        differs = next((n for (n, a), (_, b) in zip(have, backup, strict=False) if a != b), len(backup) + 1)
        raise WorkspaceError(
            f"workspace {ws.name}: set '{st.id}' is already there and differs from the backup at version {differs}; "
            "nothing was restored. Restore into an empty workspace (--workspace with a new database), or export "
            f"'{st.id}' first and remove it"
        )
    for v in st.versions[len(have) :]:
        fields = v.model_dump(exclude={"file", "rubric_sha256"})
        row = VersionRow(**fields, set_id=st.id, rubric_pk=pks[v.rubric_sha256], content=text[(st.id, v.number)])
        s.add(row)
        events.version_added(s, row, user=str(ws.actor), action="import-all")  # the trail is not in the YAML backup
    s.flush()
    return created, len(st.versions) - len(have)


def _restore_copies(s: Session, st: SetEntry, files: dict[tuple[str, int], tuple[bytes, str]]) -> int:
    """Add the set's stored copies the workspace lacks, oldest first (the newest of a source is the one the audit
    reads), each with its file, hash, text, who and when as the backup has them. How many were added."""
    rows = s.scalars(select(SourceCopyRow).where(SourceCopyRow.set_id == st.id))
    have = {(c.source_id, c.sha256, R.utc(c.attached_at)) for c in rows}
    added = 0
    for j, c in enumerate(st.copies):
        if (c.source_id, c.sha256, c.attached_at) in have:
            continue
        content, text = files[(st.id, j)]
        fields = c.model_dump(exclude={"file", "text_file", "text_sha256"})
        s.add(SourceCopyRow(**fields, set_id=st.id, content=content, text=text))
        added += 1
    s.flush()
    return added


def _restore_briefings(s: Session, manifest: Manifest) -> int:
    seen = {(b.set_id, b.version_number, b.pdf_sha256, R.utc(b.created_at)) for b in s.scalars(select(BriefingRow))}
    added = 0
    for b in manifest.briefings:
        if (b.set_id, b.version_number, b.pdf_sha256, b.created_at) not in seen:
            s.add(BriefingRow(**b.model_dump()))
            added += 1
    return added


def _versions_query(set_id: str) -> Any:
    return select(VersionRow.number, VersionRow.sha256).where(VersionRow.set_id == set_id).order_by(VersionRow.number)


def _draft_query(d: DraftEntry, user_pk: int | None) -> Any:
    return select(DraftRow.pk).where(
        DraftRow.user_pk == user_pk, DraftRow.token == d.token, DraftRow.set_id == d.set_id
    )
