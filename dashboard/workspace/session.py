"""A session's work in the workspace, with no Streamlit: which set and version it has open, its draft, its saves.

The app (`dashboard/ui/workspace_session.py`) binds these functions to `st.session_state`, the address and the
sidebar's widgets; the command line and the tests call them directly. Each step takes the session as it is and returns
an `Outcome`: the session afterwards and what to tell the user. Nothing here loses a draft: a refused save keeps it
(and says which version was saved meanwhile), a failed write keeps the change in the returned session.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from dashboard.core.authoring.document import AuthoringError, dump, parse
from dashboard.core.authoring.merge import Clash, Path, Side, three_way
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.models import AssessmentSet, Rubric
from dashboard.core.names import is_id
from dashboard.core.problems import InputError
from dashboard.core.scoring import SCENARIOS
from dashboard.core.weights import ALL_ZERO
from dashboard.core.weights import check as check_weights
from dashboard.settings import DEFAULT_DATA
from dashboard.views import messages as M
from dashboard.words import say
from dashboard.workspace import service as W
from dashboard.workspace.briefings import Settings
from dashboard.workspace.records import Draft, SaveConflict, VersionInfo, WorkspaceError
from dashboard.workspace.repository import REFUSED, Workspace

SAFEGUARD_CHOICES = ("in_place", "partial", "absent")
Inputs = tuple[bytes, str, bytes, str]  # rubric bytes, rubric name, data bytes, data name
Check = Callable[[Inputs], object]  # validates a session's inputs (raises InputError); the app passes its cache

NAME_FIRST = "Enter your name first: it is recorded with the version."
NAME_FIRST_SIDEBAR = "Enter your name in the sidebar first: it is recorded with the version."


def models(inputs: Inputs) -> tuple[Rubric, AssessmentSet]:
    """Validated models for a session's inputs (`InputError` lists every problem)."""
    rubric = load_rubric(inputs[0], inputs[1])
    return rubric, load_assessments(inputs[2], rubric, inputs[3])


class Author(NamedTuple):
    """Who is saving: a signed-in user (verified) or a name typed in the session (not verified)."""

    name: str
    verified: bool = False


@dataclass(frozen=True)
class Conflict:
    """A save refused because `latest` was saved since the session's base; `text` says who saved it, when, why."""

    text: str
    latest: int


@dataclass(frozen=True)
class Session:
    """The set a session works on: the version it started from, the newest it knows of, the rubric it is scored
    against, whether it has a draft (kept in the workspace as the acting user's draft of the set), its inputs and a
    refused save's conflict."""

    set_id: str
    base: int
    latest: int
    rubric_pk: int
    has_draft: bool
    inputs: Inputs
    conflict: Conflict | None = None

    @property
    def content(self) -> str:
        return self.inputs[2].decode("utf-8")


@dataclass(frozen=True)
class Outcome:
    """What a step did. `session` is the session afterwards (None: leave it as it was); `message` says what happened,
    `problem` what the user must do first, `error` what failed; `version` is the version written, if any."""

    session: Session | None = None
    message: str = ""
    problem: str = ""
    error: str = ""
    version: VersionInfo | None = None
    clashes: tuple[Clash, ...] = ()  # a merge's clashes, for the user to choose (see merge_onto_newest)


# ------------------------------------------------------------------------------------------------- the address


@dataclass(frozen=True)
class Choice:
    """The set and version an address asks for (or the default set), and a notice when it named a missing set."""

    set_id: str | None
    number: int | None
    notice: str = ""


def choose(ws: Workspace, params: Mapping[str, str]) -> Choice:
    """Which set and version to open for an address: the set it names, else the bundled set, else any; the version
    it names, else (none, or one the set does not have) the latest, saying so. Only sets the workspace's acting user
    may view count: a set they may not view reads as one that is not there."""
    sets = [x.id for x in ws.sets()]
    wanted = params.get("set")
    set_id = wanted if wanted in sets else (DEFAULT_DATA.stem if DEFAULT_DATA.stem in sets else None)
    set_id = set_id or (sets[0] if sets else None)
    given = params.get("v") or None
    if wanted and wanted not in sets:  # its version number belongs to that set, not to the one opened instead
        named = f" '{wanted}'" if is_id(wanted) else ""  # only an id is echoed: never text that reads as a link
        notice = f"The address names an assessment set{named} that is not in the workspace; opened another."
        return Choice(set_id, None, notice)
    number = _int(given)
    if set_id is None or given is None:
        return Choice(set_id, number)
    latest = ws.latest(set_id).number
    if number is not None and 1 <= number <= latest:
        return Choice(set_id, number)
    # Echoed only when it is a plain number of a sensible length: an address is anyone's text (issue 23).
    shown = given if given.isdigit() and len(given) <= 12 else "(not a version number)"
    return Choice(set_id, latest, M.NO_SUCH_VERSION.format(given=shown, set_id=set_id, latest=latest))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def settings_from_address(
    params: Mapping[str, str], rubric: Rubric, data: AssessmentSet, current: Settings | None = None
) -> tuple[Settings, list[str]]:
    """Profile, scenario, weights and safeguard overrides from the address, over `current`; and what was ignored
    (anything not in this rubric and data), each named as the notice names it."""
    current = current or Settings()
    profile, scenario = current.profile, current.scenario
    weights, overrides = dict(current.weights), dict(current.overrides)
    ignored = []
    wanted = params.get("profile")
    if wanted:
        if wanted in {p.id for p in rubric.profiles}:
            profile = wanted
        else:
            ignored.append(f"profile '{wanted}'")
    wanted = params.get("scenario")
    if wanted:
        if wanted in SCENARIOS:
            scenario = wanted
        else:
            ignored.append(f"scenario '{wanted}'")
    pairs = [item.partition(":")[::2] for item in filter(None, (params.get("w") or "").split(","))]
    accepted, faults = check_weights(rubric, profile, [*weights.items(), *pairs])
    ignored += [M.ADDRESS_ALL_ZERO if f.code == ALL_ZERO else M.address_weight(*f) for f in faults]
    weights = accepted  # none when they would all be 0: the profile's weights
    safeguards = {g.id for g in rubric.safeguards}
    technologies = {t.id for t in data.technologies}
    for item in filter(None, (params.get("o") or "").split(",")):
        key, _, status = item.partition(":")
        sid, _, tid = key.partition("@")
        if sid in safeguards and status in SAFEGUARD_CHOICES and (not tid or tid in technologies):
            overrides[key] = status
        else:
            ignored.append(f"safeguard setting '{item}'")
    return Settings(profile, scenario, weights, overrides), ignored


def ignored_notice(ignored: Sequence[str]) -> str:
    return M.ADDRESS_IGNORED.format(items=", ".join(ignored)) if ignored else ""


def address(session: Session | None, settings: Settings) -> dict[str, str]:
    """The address parameters that reopen this session's set, version and settings. Never the draft: it belongs to
    the user, so the address can be shared (a colleague who opens it sees the set if they may, and never the draft)."""
    params: dict[str, str] = {}
    if session is not None:
        params.update({"set": session.set_id, "v": str(session.base)})
    if settings.profile != "default":
        params["profile"] = settings.profile
    if settings.scenario != "reported":
        params["scenario"] = settings.scenario
    if settings.weights:
        params["w"] = ",".join(f"{k}:{v:g}" for k, v in sorted(settings.weights.items()))
    if settings.overrides:
        params["o"] = ",".join(f"{k}:{v}" for k, v in sorted(settings.overrides.items()))
    return params


# ----------------------------------------------------------------------------------------------------- opening


def open_set(
    ws: Workspace, set_id: str, number: int | None = None, *, check: Check = models, record: bool = False
) -> Outcome:
    """`set_id` as a session: the acting user's draft of it if there is one (and `number` is None or the draft's base),
    else the version asked for (the latest when None). A stored version or draft was valid when it was written;
    `check` validates it again rather than trust the database. With `record` the audit trail notes who opened it
    (the History page shows them)."""
    try:
        draft = ws.draft(set_id)
        if draft is not None and number in (None, draft.base_number):
            rubric_info, rubric_text = ws.rubric(draft.rubric_pk)
            content, base, has_draft = draft.content, draft.base_number, True
        else:
            version = ws.version(set_id, number)
            rubric_info, rubric_text = version.rubric, version.rubric_content
            content, base, has_draft = version.content, version.info.number, False
        latest = ws.latest(set_id).number
        inputs = (rubric_text.encode("utf-8"), rubric_info.file_name, content.encode("utf-8"), f"{set_id} v{base}")
        check(inputs)
        if record:
            ws.record("open", set_id, base, draft=has_draft)
    except (WorkspaceError, InputError) as exc:
        return Outcome(error=f"Could not open '{set_id}': {exc}")
    return Outcome(Session(set_id, base, latest, rubric_info.pk, has_draft, inputs))


def _reopened(ws: Workspace, session: Session, number: int | None, check: Check, message: str) -> Outcome:
    """Open the session's set again; `message` may name the base opened as {base} (the old one if opening failed)."""
    opened = open_set(ws, session.set_id, number, check=check)
    base = (opened.session or session).base
    return replace(opened, message=message.format(base=base))


# ----------------------------------------------------------------------------------------------------- changes


def put_draft(
    ws: Workspace,
    session: Session,
    content: str,
    author: str,
    rubric_text: str | None = None,
    rubric_name: str | None = None,
) -> Outcome:
    """`content` (and a rubric, when given) as the session's data, kept in its draft in the workspace at once. When
    the write fails the change stays in the returned session, so it can still be saved or downloaded."""
    previous = session.inputs
    session = replace(
        session,
        inputs=(
            rubric_text.encode("utf-8") if rubric_text is not None else previous[0],
            rubric_name or previous[1],
            content.encode("utf-8"),
            previous[3],
        ),
        has_draft=True,
    )
    try:
        if rubric_text is not None:
            session = replace(session, rubric_pk=W.add_rubric(ws, rubric_text, rubric_name or "rubric.yaml")[0].pk)
        ws.put_draft(session.set_id, session.base, session.rubric_pk, content, author)
    except (WorkspaceError, InputError) as exc:
        error = f"Your change is kept in this browser session but could not be written to the workspace: {exc}"
        return Outcome(session, error=error)
    return Outcome(session)


def discard_draft(ws: Workspace, session: Session, *, check: Check = models) -> Outcome:
    """Drop the session's draft and reopen the version it was based on."""
    try:
        ws.discard_draft(session.set_id)
    except WorkspaceError as exc:
        return Outcome(error=str(exc))
    return _reopened(ws, session, session.base, check, "Draft discarded; back to version {base}.")


def save_version(ws: Workspace, session: Session, message: str, author: Author) -> Outcome:
    """Save the session's data as the next version. Refused, with the draft kept, when someone saved since its
    base: the session then carries the `Conflict` (who saved which version) and knows that version as its latest."""
    cleared = replace(session, conflict=None)
    if not author.name:
        return Outcome(cleared, problem=NAME_FIRST)
    if not message.strip():
        return Outcome(cleared, problem="Say what changed and why: the message is how the team reads the history.")
    if not session.has_draft:
        return Outcome(cleared, problem=f"Nothing to save: no change since version {session.base}.")
    try:
        info = ws.save(
            session.set_id,
            session.content,
            session.rubric_pk,
            base=session.base,
            author=author.name,
            verified=author.verified,
            message=message,
            discard_draft=True,  # the draft goes in the same transaction as the version it became
        )
    except SaveConflict as exc:
        text = str(exc)[:1].upper() + str(exc)[1:]
        return Outcome(replace(session, latest=exc.latest.number, conflict=Conflict(text, exc.latest.number)))
    except WorkspaceError as exc:
        return Outcome(cleared, error=f"Not saved; your draft is kept: {exc}")
    saved = replace(
        cleared,
        base=info.number,
        latest=info.number,
        has_draft=False,
        inputs=(*session.inputs[:3], f"{session.set_id} v{info.number}"),
    )
    return Outcome(saved, message=f"Saved as version {info.number} of '{session.set_id}'.", version=info)


def reopen_after_conflict(ws: Workspace, session: Session, author: str, *, check: Check = models) -> Outcome:
    """Keep the refused draft aside (in the workspace) and open the newest version to re-apply changes on top."""
    try:
        ws.put_draft(session.set_id, session.base, session.rubric_pk, session.content, author, slot=REFUSED)
        ws.discard_draft(session.set_id)
    except WorkspaceError as exc:
        return Outcome(error=str(exc))
    message = (
        "Opened version {base}. Your refused draft is kept: History compares it with this version "
        "so you can re-apply what you still need."
    )
    return _reopened(ws, session, None, check, message)


def merge_onto_newest(
    ws: Workspace,
    session: Session,
    author: str,
    choices: Mapping[Path, Side] | None = None,
    *,
    check: Check = models,
) -> Outcome:
    """My draft's changes onto the newest version, without retyping (core/authoring/merge.py). Parts both changed
    differently come back as `clashes` and nothing is written, unless `choices` settles every one of them. On success
    the session works on a draft based on the newest version, and the refused draft is kept aside as well."""
    try:
        base = ws.version(session.set_id, session.base)
        newest = ws.version(session.set_id)
        merged = three_way(parse(base.content), parse(session.content), parse(newest.content), choices)
    except (WorkspaceError, AuthoringError) as exc:
        return Outcome(error=say("merge.failed", error=str(exc)))
    unsettled = [c for c in merged.clashes if choices is None or c.path not in choices]
    if unsettled:
        return Outcome(
            problem=say("merge.clashes", count=len(unsettled), latest=newest.info.number), clashes=merged.clashes
        )
    content = dump(merged.doc)
    rubric_info, rubric_text = newest.rubric, newest.rubric_content
    inputs = (rubric_text.encode("utf-8"), rubric_info.file_name, content.encode("utf-8"), session.inputs[3])
    try:
        check(inputs)
    except InputError as exc:
        return Outcome(error=say("merge.invalid", problems="; ".join(p.format() for p in exc.problems)))
    try:
        ws.put_draft(session.set_id, session.base, session.rubric_pk, session.content, author, slot=REFUSED)
        ws.put_draft(session.set_id, newest.info.number, rubric_info.pk, content, author)
    except WorkspaceError as exc:
        return Outcome(error=say("merge.failed", error=str(exc)))
    message = say("merge.done", taken=merged.taken, clashes=len(merged.clashes), latest=newest.info.number)
    return _reopened(ws, session, None, check, message.replace("{", "{{").replace("}", "}}"))


def refused_draft(ws: Workspace, session: Session) -> Draft | None:
    """The draft kept aside after a refused save, or None (also when the workspace cannot say)."""
    try:
        return ws.draft(session.set_id, slot=REFUSED)
    except WorkspaceError:
        return None


def discard_refused_draft(ws: Workspace, session: Session) -> None:
    with contextlib.suppress(WorkspaceError):
        ws.discard_draft(session.set_id, slot=REFUSED)


def restore_version(ws: Workspace, session: Session, number: int, author: Author, *, check: Check = models) -> Outcome:
    """Version `number` again, as a new version; a session with a draft keeps working on its draft."""
    if not author.name:
        return Outcome(problem=NAME_FIRST_SIDEBAR)
    try:
        latest = ws.latest(session.set_id).number
        info = ws.restore(session.set_id, number, base=latest, author=author.name, verified=author.verified)
    except WorkspaceError as exc:
        return Outcome(error=str(exc))
    if session.has_draft:
        message = (
            f"Version {number} restored as version {info.number}; your draft stays open (based on {session.base})."
        )
        return Outcome(replace(session, latest=info.number), message=message, version=info)
    opened = open_set(ws, session.set_id, info.number, check=check)
    return replace(opened, message=f"Version {number} restored as version {info.number}.", version=info)


# ------------------------------------------------------------------------------------------------- new sets


def create_set(ws: Workspace, content: str, rubric_pk: int, title: str, message: str, author: Author) -> VersionInfo:
    """Store `content` (already validated) as version 1 of a new set named from `title`."""
    return ws.create_set(title, content, rubric_pk, author=author.name, verified=author.verified, message=message)


def import_upload(
    ws: Workspace,
    session: Session,
    rubric: tuple[str, str] | None,
    data: tuple[str, str] | None,
    author: Author,
    *,
    check: Check = models,
) -> Outcome:
    """Adopt checked uploads: an assessment file becomes a new set (or reopens an identical one); a rubric alone
    moves the current draft onto it. `message` says what happened. The previous set keeps its draft. A file the
    workspace refuses raises (`InputError`, `WorkspaceError`) and changes nothing."""
    if data is None:
        assert rubric is not None
        drafted = put_draft(ws, session, session.content, author.name, rubric_text=rubric[0], rubric_name=rubric[1])
        message = (
            f"Rubric {rubric[1]} added; '{session.set_id}' is now scored against it in your draft (save to keep it)."
        )
        return replace(drafted, message=message)
    previous = session.set_id if session.has_draft else ""
    existing = ws.find_version_by_content(data[0])
    if existing is not None and rubric is None:
        opened = open_set(ws, existing.set_id, existing.number, check=check)
        said = f"{data[1]} is already version {existing.number} of '{existing.set_id}': opened it."
        return replace(opened, message=said)
    rubric_record = W.add_rubric(ws, rubric[0], rubric[1]) if rubric else None
    info = W.import_set(
        ws,
        data[0],
        data[1],
        rubric=rubric_record,
        author=author.name or "not given",
        verified=author.verified,
        message=f"Imported {data[1]}",
    )
    opened = open_set(ws, info.set_id, info.number, check=check)
    kept = f" Your unsaved changes to '{previous}' stay in its draft." if previous else ""
    message = f"Imported {data[1]} as a new assessment set '{info.set_id}' (version 1).{kept}"
    return replace(opened, message=message, version=info)
