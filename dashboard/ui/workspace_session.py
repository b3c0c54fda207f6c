"""The workspace as one browser session sees it: the set and version it works on, its draft, its address.

With `state.py`, the only non-page module that imports streamlit. The database is configured the Streamlit way:
`st.connection("workspace", type="sql")` reads `[connections.workspace]` from `.streamlit/secrets.toml`; without it
the URL is `DASHBOARD_WORKSPACE` or the SQLite file under `workspace/`, created on first start and seeded with the
bundled files. If the database cannot be opened, the session runs on the bundled files read-only and says why.

Every change lands in the session's draft in the workspace at once, and the address carries the set, version, draft
and what-if settings (`st.query_params`), so a reload or the same link later brings the user back to them.
"""

from __future__ import annotations

import contextlib
import math
import uuid
from typing import Any

import streamlit as st

from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.models import AssessmentSet, Rubric
from dashboard.core.problems import InputError
from dashboard.core.scoring import SCENARIOS
from dashboard.render.export import Provenance
from dashboard.settings import DEFAULT_DATA
from dashboard.workspace import briefings
from dashboard.workspace import service as W
from dashboard.workspace.connection import default_url, describe
from dashboard.workspace.records import SaveConflict, VersionInfo, WorkspaceError
from dashboard.workspace.repository import Workspace, open_workspace

SAFEGUARD_CHOICES = ("in_place", "partial", "absent")
Inputs = tuple[bytes, str, bytes, str]  # rubric bytes, rubric name, data bytes, data name


@st.cache_resource(show_spinner=False, max_entries=16)
def load_inputs(inputs: Inputs) -> tuple[Rubric, AssessmentSet]:
    """Validated models for a session's inputs, cached by their bytes: opening a set checks it through the same
    cache the pages read, so a start validates each file once, not twice. The models are never changed after
    validation (edits copy them), so every session with the same bytes shares them (st.cache_resource)."""
    rubric = load_rubric(inputs[0], inputs[1])
    return rubric, load_assessments(inputs[2], rubric, inputs[3])


def _engine() -> Any:
    try:
        return st.connection("workspace", type="sql").engine  # [connections.workspace] in secrets.toml
    except Exception:  # no such section: the environment variable or the SQLite default
        return st.connection("workspace", type="sql", url=default_url()).engine


@st.cache_resource(show_spinner="Opening the workspace...")
def _workspace(_engine: Any, key: str) -> Workspace:
    ws = open_workspace(engine=_engine)
    W.seed(ws)
    return ws


def workspace() -> Workspace | None:
    """This process's workspace, or None (with `ws_error` set) when it cannot be opened."""
    s = st.session_state
    try:
        engine = _engine()
        return _workspace(engine, engine.url.render_as_string(hide_password=False))
    except WorkspaceError as exc:
        s.ws_error = str(exc)
    except Exception as exc:  # a bad secrets entry or URL: still a message, never a traceback
        s.ws_error = f"workspace {describe(default_url())}: {exc}"
    return None


def current() -> Workspace | None:
    """The workspace when this session has a set open in it, else None (read-only)."""
    if not st.session_state.get("set_id"):
        return None
    return workspace()


def active() -> bool:
    return current() is not None


# ------------------------------------------------------------------------------------------------- session start


def start() -> None:
    """On a session's first run: open the set, version and draft the address names (or the default set)."""
    s = st.session_state
    if s.get("ws_started"):
        return
    s.ws_started = True
    s.ws_error, s.ws_notice, s.set_id = "", "", ""
    ws = workspace()
    if ws is None:
        return
    params = st.query_params
    s.token = params.get("draft") or uuid.uuid4().hex
    try:
        sets = [x.id for x in ws.sets()]
    except WorkspaceError as exc:
        s.ws_error = str(exc)
        return
    wanted = params.get("set")
    set_id = wanted if wanted in sets else (DEFAULT_DATA.stem if DEFAULT_DATA.stem in sets else None)
    set_id = set_id or (sets[0] if sets else None)
    if wanted and wanted not in sets:
        s.ws_notice = f"The address names an assessment set '{wanted}' that is not in the workspace; opened another."
    if set_id is None:
        return
    number = _int(params.get("v"))
    open_set(set_id, number)
    _settings_from_address(params)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def open_set(set_id: str, number: int | None = None) -> None:
    """Make `set_id` the session's data: its draft for this session if there is one, else the version asked for."""
    s = st.session_state
    ws = workspace()
    if ws is None:
        return
    try:
        draft = ws.draft(s.token, set_id)
        if draft is not None and number in (None, draft.base_number):
            rubric_info, rubric_text = ws.rubric(draft.rubric_pk)
            content, base, has_draft = draft.content, draft.base_number, True
        else:
            version = ws.version(set_id, number)
            rubric_info, rubric_text = version.rubric, version.rubric_content
            content, base, has_draft = version.content, version.info.number, False
        latest = ws.latest(set_id).number
        inputs = (rubric_text.encode("utf-8"), rubric_info.file_name, content.encode("utf-8"), f"{set_id} v{base}")
        # A stored version or draft was valid when it was written; check again rather than trust the database.
        load_inputs(inputs)
    except (WorkspaceError, InputError) as exc:
        s.ws_error = f"Could not open '{set_id}': {exc}"
        return
    s.inputs = inputs
    s.set_id, s.base, s.latest, s.rubric_pk, s.has_draft = set_id, base, latest, rubric_info.pk, has_draft
    s.save_conflict = None


def _settings_from_address(params: Any) -> None:
    """Profile, scenario, weights and safeguard overrides from the address; anything unknown is ignored, and said."""
    s = st.session_state
    rubric, data = load_inputs(s.inputs)
    ignored = []
    profile = params.get("profile")
    if profile:
        if profile in {p.id for p in rubric.profiles}:
            s.profile = profile
        else:
            ignored.append(f"profile '{profile}'")
    scenario = params.get("scenario")
    if scenario:
        if scenario in SCENARIOS:
            s.scenario = scenario
        else:
            ignored.append(f"scenario '{scenario}'")
    criteria = {c.id for c in rubric.criteria}
    for item in filter(None, (params.get("w") or "").split(",")):
        cid, _, value = item.partition(":")
        try:
            weight = float(value)
        except ValueError:
            weight = -1.0
        if cid in criteria and math.isfinite(weight) and weight >= 0:
            s.weights[cid] = weight
        else:
            ignored.append(f"weight '{item}'")
    safeguards = {g.id for g in rubric.safeguards}
    technologies = {t.id for t in data.technologies}
    for item in filter(None, (params.get("o") or "").split(",")):
        key, _, status = item.partition(":")
        sid, _, tid = key.partition("@")
        if sid in safeguards and status in SAFEGUARD_CHOICES and (not tid or tid in technologies):
            s.overrides[key] = status
        else:
            ignored.append(f"safeguard setting '{item}'")
    if ignored:
        s.ws_notice = "Ignored from the address (not in this rubric): " + ", ".join(ignored) + "."


def sync_address() -> None:
    """Keep the address in step with the session, so a reload or a shared link reopens the same view."""
    s = st.session_state
    params: dict[str, str] = {}
    if s.get("set_id"):
        params.update({"set": s.set_id, "v": str(s.base), "draft": s.token})
    if s.profile != "default":
        params["profile"] = s.profile
    if s.scenario != "reported":
        params["scenario"] = s.scenario
    if s.weights:
        params["w"] = ",".join(f"{k}:{v:g}" for k, v in sorted(s.weights.items()))
    if s.overrides:
        params["o"] = ",".join(f"{k}:{v}" for k, v in sorted(s.overrides.items()))
    if {k: st.query_params.get(k) for k in st.query_params} != params:
        st.query_params.from_dict(params)


# ------------------------------------------------------------------------------------------------------ changes


def put_draft(content: str, rubric_text: str | None = None, rubric_name: str | None = None) -> bool:
    """Make `content` the session's data and keep it in the workspace draft at once. False (and a message) when the
    workspace write fails; the change then stays in this session, so it can still be saved or downloaded."""
    s = st.session_state
    ws = current()
    if ws is None:
        return False
    previous = s.inputs
    s.inputs = (
        rubric_text.encode("utf-8") if rubric_text is not None else previous[0],
        rubric_name or previous[1],
        content.encode("utf-8"),
        previous[3],
    )
    s.has_draft = True
    try:
        if rubric_text is not None:
            s.rubric_pk = W.add_rubric(ws, rubric_text, rubric_name or "rubric.yaml")[0].pk
        ws.put_draft(s.token, s.set_id, s.base, s.rubric_pk, content, author()[0])
    except (WorkspaceError, InputError) as exc:
        s.ws_error = f"Your change is kept in this browser session but could not be written to the workspace: {exc}"
        return False
    return True


def discard_draft() -> None:
    s = st.session_state
    ws = current()
    if ws is None:
        return
    try:
        ws.discard_draft(s.token, s.set_id)
    except WorkspaceError as exc:
        s.ws_error = str(exc)
        return
    open_set(s.set_id, s.base)
    s.ws_message = f"Draft discarded; back to version {s.base}."


def author() -> tuple[str, bool]:
    """Who is saving: the signed-in user (verified) or the name typed in this session (not verified)."""
    try:
        if st.user.is_logged_in:
            name = st.user.get("name") or st.user.get("email") or "signed-in user"
            return str(name), True
    except Exception:  # no [auth] configured
        pass
    return (st.session_state.get("author_name") or "").strip(), False


def login_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def save_version(message: str) -> None:
    """Save the session's data as the next version; refused (draft kept) if someone saved since its base."""
    s = st.session_state
    ws = current()
    name, verified = author()
    s.ws_message, s.save_conflict = "", None
    if ws is None:
        s.ws_error = "The workspace is not available, so nothing can be saved; download the YAML to keep your work."
        return
    if not name:
        s.save_problem = "Enter your name first: it is recorded with the version."
        return
    if not message.strip():
        s.save_problem = "Say what changed and why: the message is how the team reads the history."
        return
    if not s.has_draft:
        s.save_problem = f"Nothing to save: no change since version {s.base}."
        return
    content = s.inputs[2].decode("utf-8")
    try:
        info = ws.save(s.set_id, content, s.rubric_pk, base=s.base, author=name, verified=verified, message=message)
    except SaveConflict as exc:
        s.save_conflict = {"text": str(exc)[:1].upper() + str(exc)[1:], "latest": exc.latest.number}
        s.latest = exc.latest.number
        return
    except WorkspaceError as exc:
        s.ws_error = f"Not saved; your draft is kept: {exc}"
        return
    # The version is saved; a stale draft row would only mean the next reload offers the same content again.
    with contextlib.suppress(WorkspaceError):
        ws.discard_draft(s.token, s.set_id)
    s.base, s.latest, s.has_draft = info.number, info.number, False
    s.inputs = (*s.inputs[:3], f"{s.set_id} v{info.number}")
    s.save_problem, s.save_message_input = "", ""
    s.ws_message = f"Saved as version {info.number} of '{s.set_id}'."


REFUSED = "~refused"  # suffix of the token under which a refused draft is kept while its changes are re-applied


def reopen_after_conflict() -> None:
    """Keep the refused draft aside (in the workspace) and open the newest version to re-apply changes on top."""
    s = st.session_state
    ws = current()
    if ws is None:
        return
    try:
        ws.put_draft(s.token + REFUSED, s.set_id, s.base, s.rubric_pk, s.inputs[2].decode("utf-8"), author()[0])
        ws.discard_draft(s.token, s.set_id)
    except WorkspaceError as exc:
        s.ws_error = str(exc)
        return
    open_set(s.set_id)
    s.ws_message = (
        f"Opened version {s.base}. Your refused draft is kept: History compares it with this version "
        "so you can re-apply what you still need."
    )


def refused_draft() -> Any:
    s = st.session_state
    ws = current()
    if ws is None:
        return None
    try:
        return ws.draft(s.token + REFUSED, s.set_id)
    except WorkspaceError:
        return None


def discard_refused_draft() -> None:
    s = st.session_state
    ws = current()
    if ws is not None:
        with contextlib.suppress(WorkspaceError):
            ws.discard_draft(s.token + REFUSED, s.set_id)


def restore_version(number: int) -> None:
    s = st.session_state
    ws = workspace()
    name, verified = author()
    if ws is None or not name:
        s.save_problem = "Enter your name in the sidebar first: it is recorded with the version."
        return
    try:
        latest = ws.latest(s.set_id).number
        info = ws.restore(s.set_id, number, base=latest, author=name, verified=verified)
    except WorkspaceError as exc:
        s.ws_error = str(exc)
        return
    if s.has_draft:
        s.ws_message = f"Version {number} restored as version {info.number}; your draft stays open (based on {s.base})."
        s.latest = info.number
        return
    open_set(s.set_id, info.number)
    s.ws_message = f"Version {number} restored as version {info.number}."


def create_set(content: str, rubric_pk: int, title: str, message: str) -> VersionInfo:
    """Store `content` (already validated) as version 1 of a new set named from `title`, and open it."""
    ws = workspace()
    if ws is None:
        raise WorkspaceError("the workspace is not available, so a new set cannot be kept")
    name, verified = author()
    saved = ws.save(
        ws.new_set_id(title),
        content,
        rubric_pk,
        base=None,
        author=name,
        verified=verified,
        message=message,
        title=title,
    )
    open_set(saved.set_id, saved.number)
    return saved


def import_upload(rubric: tuple[str, str] | None, data: tuple[str, str] | None) -> str:
    """Adopt checked uploads: an assessment file becomes a new set (or reopens an identical one); a rubric alone
    moves the current draft onto it. Returns what happened, in words. The previous set keeps its draft."""
    s = st.session_state
    ws = workspace()
    assert ws is not None
    name, verified = author()
    if data is None:
        assert rubric is not None
        put_draft(s.inputs[2].decode("utf-8"), rubric_text=rubric[0], rubric_name=rubric[1])
        return f"Rubric {rubric[1]} added; '{s.set_id}' is now scored against it in your draft (save to keep it)."
    previous = s.set_id if s.get("has_draft") else ""
    existing = ws.find_version_by_content(data[0])
    if existing is not None and rubric is None:
        open_set(existing.set_id, existing.number)
        return f"{data[1]} is already version {existing.number} of '{existing.set_id}': opened it."
    rubric_record = W.add_rubric(ws, rubric[0], rubric[1]) if rubric else None
    info = W.import_set(
        ws,
        data[0],
        data[1],
        rubric=rubric_record,
        author=name or "not given",
        verified=verified,
        message=f"Imported {data[1]}",
    )
    open_set(info.set_id, info.number)
    kept = f" Your unsaved changes to '{previous}' stay in its draft." if previous else ""
    return f"Imported {data[1]} as a new assessment set '{info.set_id}' (version 1).{kept}"


def provenance() -> Provenance | None:
    s = st.session_state
    if not s.get("set_id"):
        return None
    return Provenance(s.set_id, s.base, bool(s.has_draft))


# ------------------------------------------------------------------------------------------------------ sidebar


def sidebar_panel() -> None:
    """Set chooser, version and draft state, Save version and Discard draft."""
    from dashboard.core.text import md

    s = st.session_state
    st.markdown("### Workspace")
    if s.get("ws_error"):
        st.error(md(s.ws_error), icon=":material/database:")
    ws = current()
    if ws is None:
        st.caption("Read-only: showing the files in this browser session; changes cannot be saved to a workspace.")
        return
    if s.get("ws_notice"):
        st.info(md(s.ws_notice))
    try:
        sets = {x.id: x.title for x in ws.sets()}
    except WorkspaceError as exc:
        st.error(md(str(exc)))
        return
    if s.get("ws_set_choice") != s.set_id:
        s.ws_set_choice = s.set_id
    st.selectbox(
        "Assessment set",
        list(sets),
        format_func=lambda k: f"{sets.get(k, k)} ({k})",
        key="ws_set_choice",
        on_change=lambda: open_set(s.ws_set_choice),
    )
    state_text = f"Version {s.base} of {s.latest}"
    state_text += "; unsaved draft (kept in the workspace)" if s.has_draft else "; no unsaved changes"
    st.caption(state_text)
    name, verified = author()
    if login_configured() and not verified:
        st.button("Log in", on_click=st.login)
    if verified:
        st.caption(f"Working as {md(name)} (signed in).")
    else:
        st.text_input(
            "Your name", key="author_name", help="Recorded with each version and change you make, as not verified."
        )
    with st.expander("Save version", expanded=bool(s.get("save_problem") or s.get("save_conflict"))):
        st.text_input("What changed and why", key="save_message_input")
        st.button(
            "Save version",
            type="primary",
            on_click=lambda: save_version(s.get("save_message_input", "")),
            width="stretch",
        )
        if s.get("save_problem"):
            st.warning(md(s.save_problem))
    if s.get("save_conflict"):
        st.error(
            md(s.save_conflict["text"])
            + ". Your draft is kept. Open **History** to compare it with version "
            + str(s.save_conflict["latest"])
            + ", then open that version and re-apply your changes.",
            icon=":material/warning:",
        )
        st.button(
            f"Open version {s.save_conflict['latest']} to re-apply my changes",
            on_click=reopen_after_conflict,
            help="Your refused draft stays in the workspace, and History compares it with the newest version.",
        )
    if s.get("ws_message"):
        st.success(md(s.ws_message))
    if s.has_draft:
        if s.get("confirm_discard"):
            st.warning("Discard every unsaved change in this draft?")
            c1, c2 = st.columns(2)
            c1.button("Discard", on_click=_discard_confirmed)
            c2.button("Keep", on_click=lambda: s.__setitem__("confirm_discard", False))
        else:
            st.button("Discard draft", on_click=lambda: s.__setitem__("confirm_discard", True))


def _discard_confirmed() -> None:
    st.session_state.confirm_discard = False
    discard_draft()


# ---------------------------------------------------------------------------------------------------- briefings


def last_briefing() -> Any:
    """The newest briefing recorded from this session's set, or None (also when the workspace cannot say)."""
    s = st.session_state
    ws = current()
    if ws is None:
        return None
    try:
        return briefings.last_briefing(ws, s.set_id)
    except WorkspaceError:
        return None


def briefed_pair(record: Any) -> tuple[Any, Any]:
    """The rubric and data of a recorded briefing (scored against its version's rubric)."""
    ws = workspace()
    assert ws is not None
    return briefings.briefed_pair(ws, record)
