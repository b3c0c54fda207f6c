"""Workspace operations with validation: what the app and the command line do with the store.

The repository (`repository.py`) keeps rows; this module makes sure that only valid rubrics and assessment sets go in,
that the bundled files seed an empty workspace, and that every version can be loaded back as models.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.core.loading import load_assessments, load_rubric, read_document
from dashboard.core.models import AssessmentSet, Rubric
from dashboard.core.problems import InputError, Problem
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
from dashboard.workspace.records import RubricInfo, VersionInfo, WorkspaceError
from dashboard.workspace.repository import Workspace

SEED_AUTHOR = "bundled with the dashboard"


@dataclass(frozen=True)
class Loaded:
    """A version (or draft) as models, with where it came from."""

    set_id: str
    number: int
    rubric: Rubric
    data: AssessmentSet
    rubric_info: RubricInfo
    content: str
    rubric_content: str


def decode(raw: bytes | str, name: str) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(name, "", f"not UTF-8 text (byte {exc.start})", "save the file as UTF-8")]) from None


def add_rubric(ws: Workspace, raw: bytes | str, name: str) -> tuple[RubricInfo, Rubric]:
    """Validate a rubric and store it (once per content)."""
    text = decode(raw, name)
    rubric = load_rubric(text.encode("utf-8"), name)
    return ws.add_rubric(text, name, rubric.id, rubric.version, rubric.title), rubric


def rubric_for(ws: Workspace, data_raw: bytes | str, name: str) -> tuple[RubricInfo, Rubric]:
    """The workspace rubric an assessment file names in meta.rubric (newest stored copy of that id and version).

    The file is read with the defensive reader (libyaml, size and alias limits): PyYAML's pure-Python safe_load took
    24 s on a file at the size limit, and had no guard against an alias bomb."""
    meta = read_document(decode(data_raw, name).encode("utf-8"), name).data.get("meta", {})
    ref = meta.get("rubric", {}) if isinstance(meta, dict) else {}
    ref = ref if isinstance(ref, dict) else {}
    rid, version = str(ref.get("id", "")), str(ref.get("version", ""))
    matches = [r for r in ws.rubrics() if r.rubric_id == rid and r.version == version]
    if not matches:
        known = ", ".join(f"{r.rubric_id} {r.version}" for r in ws.rubrics()) or "none"
        raise InputError(
            [
                Problem(
                    name,
                    "meta.rubric",
                    f"the workspace has no rubric '{rid}' version {version or '?'} (it has: {known})",
                    "pass the rubric file too (--rubric) so it is added to the workspace",
                )
            ]
        )
    info = matches[-1]
    _, content = ws.rubric(info.pk)
    return info, load_rubric(content.encode("utf-8"), info.file_name)


def import_set(
    ws: Workspace,
    data_raw: bytes | str,
    data_name: str,
    *,
    rubric: tuple[RubricInfo, Rubric] | None = None,
    set_id: str | None = None,
    base: int | None = None,
    author: str,
    message: str,
    verified: bool = False,
) -> VersionInfo:
    """Validate an assessment file and store it as a new set or the next version of `set_id`.

    Nothing is stored when the file has any problem (`InputError` lists them all). Without `set_id` the file becomes
    version 1 of a new set, never a version of a set that appeared meanwhile. `base` None with an existing `set_id`
    appends after the latest version (a plain import); with `base` the save is refused if the set has moved on
    (`SaveConflict`).
    """
    text = decode(data_raw, data_name)
    info, model = rubric or rubric_for(ws, text, data_name)
    data = load_assessments(text.encode("utf-8"), model, data_name)
    message = message or f"Imported {data_name}"
    if set_id is None:
        # A set nobody named: a new one, its id chosen and taken in the same transaction as its first version.
        return ws.create_set(
            data.meta.title, text, info.pk, author=author, message=message, verified=verified, action="import"
        )
    if base is None:
        try:
            base = ws.latest(set_id).number
        except WorkspaceError:
            base = None  # a new set
    return ws.save(
        set_id,
        text,
        info.pk,
        base=base,
        author=author,
        message=message,
        verified=verified,
        title=data.meta.title,
        action="import",
    )


def seed(ws: Workspace) -> VersionInfo | None:
    """Put the bundled rubric and dataset into an empty workspace, as version 1 of their set."""
    if not ws.is_empty():
        return None
    rubric = add_rubric(ws, DEFAULT_RUBRIC.read_bytes(), DEFAULT_RUBRIC.name)
    try:
        return import_set(
            ws,
            DEFAULT_DATA.read_bytes(),
            DEFAULT_DATA.name,
            rubric=rubric,
            set_id=DEFAULT_DATA.stem,
            author=SEED_AUTHOR,
            message="Bundled assessment set",
        )
    except WorkspaceError:
        # Another process seeded the same empty workspace a moment earlier: theirs stands.
        if ws.is_empty():
            raise
        return None


def load(ws: Workspace, set_id: str, number: int | None = None) -> Loaded:
    """A stored version as validated models."""
    version = ws.version(set_id, number)
    rubric = load_rubric(version.rubric_content.encode("utf-8"), version.rubric.file_name)
    data = load_assessments(version.content.encode("utf-8"), rubric, f"{set_id} v{version.info.number}")
    return Loaded(set_id, version.info.number, rubric, data, version.rubric, version.content, version.rubric_content)
