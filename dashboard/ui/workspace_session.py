"""The workspace as one browser session sees it: the set and version it works on, its draft, its address.

With `state.py`, the only non-page module that imports streamlit. The database is configured the Streamlit way:
`st.connection("workspace", type="sql")` reads `[connections.workspace]` from `.streamlit/secrets.toml`; without it
the URL is `DASHBOARD_WORKSPACE` or the SQLite file under `workspace/`, created on first start and seeded with the
bundled files. If the database cannot be opened, the session runs on the bundled files read-only and says why.

Every change lands in the user's draft in the workspace at once, and the address carries the set, version and
what-if settings (`st.query_params`), never the draft: a reload brings the user back to their draft, and a link can
be shared (a colleague sees the set only if they are a member, and never someone else's draft).

Who acts: in personal mode (README's run command, on 127.0.0.1) the local administrator; in team mode (login
configured in secrets.toml, an address other than loopback, or DASHBOARD_SIGN_IN=required) the signed-in user, and
nothing of a set is shown before sign-in (`gate`, run by main.py before the pages). The workspace checks every read
and write against that user's role (`dashboard/workspace/access.py`); this module only hides what it would refuse.

The decisions and workflows are `dashboard/workspace/session.py` (no Streamlit); this module binds them to
`st.session_state`, `st.query_params`, the sidebar's widgets and its messages.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from typing import Any

import streamlit as st
from sqlalchemy.exc import DBAPIError

from dashboard.core.authoring.document import parse as parse_doc
from dashboard.core.authoring.merge import Side
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.models import AssessmentSet, Rubric
from dashboard.render.export import Provenance
from dashboard.settings import LOOPBACK, sign_in_required_by_env
from dashboard.words import say
from dashboard.workspace import briefings, pending
from dashboard.workspace import service as W
from dashboard.workspace import session as S
from dashboard.workspace.access import LOCAL, Actor
from dashboard.workspace.connection import default_url, for_users, redact
from dashboard.workspace.records import VersionInfo, WorkspaceError
from dashboard.workspace.repository import Workspace, open_workspace

Inputs = S.Inputs
LOG = logging.getLogger(__name__)


def load_inputs(inputs: Inputs) -> tuple[Rubric, AssessmentSet]:
    """Validated models for a session's inputs, cached by their bytes: opening a set checks it through the same
    cache the pages read, so a start validates each file once, not twice. The models are never changed after
    validation (edits copy them), so every session with the same bytes shares them (st.cache_resource)."""
    known = _validated.get((inputs[0], inputs[2]))
    if known is not None:
        return known
    return _models(inputs[0], inputs[2], (inputs[1], inputs[3]))


# Sets an edit has just validated (`remember_validated`), by their rubric's and their own bytes, so the rerun after a
# field saved on Assess does not read and check the whole set again (issue 21). A few, shared like the cache below.
_validated: dict[tuple[bytes, bytes], tuple[Rubric, AssessmentSet]] = {}
_VALIDATED_KEPT = 8
_validated_lock = threading.Lock()


def remember_validated(rubric_bytes: bytes, data: bytes, models: tuple[Rubric, AssessmentSet]) -> None:
    """`data` (with the rubric of `rubric_bytes`) validates to `models`: said by the code that just checked it."""
    with _validated_lock:
        _validated[(rubric_bytes, data)] = models
        while len(_validated) > _VALIDATED_KEPT:
            _validated.pop(next(iter(_validated)))  # the oldest first (dicts keep their order)


@st.cache_resource(show_spinner=False, max_entries=16)
def _models(rubric: bytes, data: bytes, _names: tuple[str, str]) -> tuple[Rubric, AssessmentSet]:
    # Keyed by the bytes only: the names appear only in a problem's text, and a file with problems is never cached.
    # An upload is checked under its file name and then opened from the workspace as "set vN": one check, not two.
    model = _rubric(rubric, _names[0])
    return model, load_assessments(data, model, _names[1])


@st.cache_resource(show_spinner=False, max_entries=16)
def _rubric(rubric: bytes, name: str) -> Rubric:
    # A rubric changes far less often than its data: each edit of the data made a new key above and read the rubric
    # again with it.
    return load_rubric(rubric, name)


def _engine() -> Any:
    """The workspace's engine: [connections.workspace] in secrets.toml when it is there, else the environment
    variable or the SQLite default. A secrets file that cannot be read, or a section that cannot be opened, stops
    with an error: falling back would quietly start a new, empty SQLite workspace beside the real one."""
    try:
        named = "workspace" in st.secrets.get("connections", {})
    except FileNotFoundError as exc:  # Streamlit's StreamlitSecretNotFoundError: no file, or one it cannot parse
        if "No secrets found" not in str(exc):
            LOG.error("reading .streamlit/secrets.toml failed: %s", exc)
            raise WorkspaceError(say("workspace_error.unreadable_secrets")) from None
        named = False
    if not named:
        return st.connection("workspace", type="sql", url=default_url()).engine
    section = st.secrets["connections"]["workspace"]
    try:
        # The section's keys (url, or dialect, host, ...) passed as they are: the same as st.connection reading it.
        return st.connection(
            "workspace", type="sql", **(section.to_dict() if hasattr(section, "to_dict") else {})
        ).engine
    except Exception as exc:
        LOG.error("opening [connections.workspace] from .streamlit/secrets.toml failed", exc_info=True)
        url = str(section.get("url", "")) if hasattr(section, "get") else ""
        problem = for_users(exc, url) if isinstance(exc, DBAPIError) else redact(str(exc), url)
        # Logged in full above; the chain is cut so the user's message is this one, not the driver's.
        raise WorkspaceError(say("workspace_error.bad_setting", problem=problem)) from None


@st.cache_resource(show_spinner="Opening the workspace...")
def _workspace(_engine: Any, key: str) -> Workspace:
    ws = open_workspace(engine=_engine)
    W.seed(ws)
    return ws


def _base_workspace() -> Workspace:
    engine = _engine()
    return _workspace(engine, engine.url.render_as_string(hide_password=False))


def workspace() -> Workspace | None:
    """This process's workspace as this session's user, or None (with `ws_error` set) when it cannot be opened or
    nobody is signed in where sign-in is required."""
    s = st.session_state
    try:
        who = actor()
        if who is None:
            s.ws_error = "Sign in to open the workspace."
            return None
        return _base_workspace().acting(who)
    except Exception as exc:  # a bad secrets entry or URL: still a message, never a traceback
        # Users read the cause; the server's log keeps the database's host, user and file for its administrator.
        LOG.error("the workspace could not be opened", exc_info=True)
        s.ws_error = for_users(exc)
    return None


# --------------------------------------------------------------------------------------------------- who acts


def login_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def sign_in_required() -> bool:
    """Team mode: login configured, DASHBOARD_SIGN_IN=required, or an address other than loopback (unset: every
    interface)."""
    return login_configured() or sign_in_required_by_env() or st.get_option("server.address") not in LOOPBACK


def signed_in() -> bool:
    try:
        return bool(st.user.is_logged_in) and bool(st.user.get("sub"))
    except Exception:  # no [auth] configured
        return False


def actor() -> Actor | None:
    """Who this session acts as: the local administrator in personal mode, the signed-in user in team mode (None
    before sign-in). A user's first sign-in adds them to the workspace, with no access to any set."""
    if not sign_in_required():
        return LOCAL
    if not signed_in():
        return None
    sub, email = str(st.user.get("sub")), str(st.user.get("email") or "")
    name = str(st.user.get("name") or email or sub)
    who = Actor(sub, email.lower(), name)
    if st.session_state.get("signed_in_as") != sub:  # once per session: the workspace learns who signed in
        verified = st.user.get("email_verified")
        trusted = None if verified is None else str(verified).lower() == "true"
        _base_workspace().sign_in(sub, email, name, email_verified=trusted)
        st.session_state.signed_in_as = sub
    return who


def gate() -> bool:
    """Team mode: show only the sign-in page until the user has signed in (True: go on to the pages)."""
    if not sign_in_required() or signed_in():
        return True
    st.title("Civil-liberties risk dashboard")
    if login_configured():
        st.write("Sign in to see the assessment sets you have access to.")
        st.button("Sign in", type="primary", on_click=st.login)
    else:
        st.error(
            "Sign-in is required because this app is reachable from other machines, but no identity provider is "
            "configured: add an [auth] section to .streamlit/secrets.toml (docs/serving.md), or run on 127.0.0.1."
        )
    return False


def no_access() -> bool:
    """Team mode, signed in, and no set this user may view: say so and how to get access (True: the page stops)."""
    if not sign_in_required() or st.session_state.get("set_id") or st.session_state.get("ws_error"):
        return False
    st.title("Civil-liberties risk dashboard")
    email = st.user.get("email") or st.user.get("sub")
    st.info(
        f"Signed in as {email}. You have no access to any assessment set yet: ask a set's owner or a site "
        f"administrator to grant it (`python -m dashboard access grant SET {email} --role reader`)."
    )
    st.button("Sign out", on_click=st.logout)
    return True


def current() -> Workspace | None:
    """The workspace when this session has a set open in it, else None (read-only)."""
    if not st.session_state.get("set_id"):
        return None
    return workspace()


def active() -> bool:
    return current() is not None


def may(action: str) -> bool:
    """Whether the signed-in user may take `action` on the open set, so a page can leave out what the workspace would
    refuse anyway (the workspace still checks). Without a workspace (the session's own copy) nothing is shared, so
    everything is allowed."""
    ws = current()
    try:
        return ws is None or ws.may(action, st.session_state.get("set_id"))
    except WorkspaceError:  # the workspace cannot answer now: offer the action, which names the fault when taken
        return True


# ----------------------------------------------------------------------------------------------- session state


# How session_state holds a `Session` (and the conflict of a refused save, as `save_conflict`) and the settings.
SESSION_KEYS = ("set_id", "base", "latest", "rubric_pk", "has_draft", "inputs")
SETTINGS_KEYS = ("profile", "scenario", "weights", "overrides")


def _session() -> S.Session:
    """The session's set as `session_state` holds it (only while a set is open)."""
    s = st.session_state
    conflict = s.get("save_conflict")
    return S.Session(**{k: s[k] for k in SESSION_KEYS}, conflict=S.Conflict(**conflict) if conflict else None)


def _apply(outcome: S.Outcome, *, say: bool = True) -> S.Outcome:
    """Put a step's session into `session_state`, and its words where the sidebar and History show them."""
    s = st.session_state
    if outcome.session is not None:
        for key in SESSION_KEYS:
            s[key] = getattr(outcome.session, key)
        s.save_conflict = dataclasses.asdict(outcome.session.conflict) if outcome.session.conflict else None
    # Messages describe the present: a failure replaces an earlier success, and a step that worked clears an earlier
    # failure (a full disk's error must not stay beside "Saved as version 11").
    if outcome.error:
        s.ws_error, s.ws_message = outcome.error, ""
    elif not outcome.problem:
        s.ws_error = ""
    if outcome.problem:
        s.save_problem = outcome.problem
    if outcome.message and say:
        s.ws_message = outcome.message
    return outcome


def _settings() -> briefings.Settings:
    return briefings.Settings(**{k: st.session_state[k] for k in SETTINGS_KEYS})


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
    try:
        choice = S.choose(ws, params)
    except WorkspaceError as exc:
        LOG.error("opening the set an address names failed", exc_info=True)
        s.ws_error = for_users(exc)
        return
    s.ws_notice = choice.notice
    if choice.set_id is None:
        return
    open_set(choice.set_id, choice.number)
    settings, ignored = S.settings_from_address(params, *load_inputs(s.inputs), _settings())
    for key in SETTINGS_KEYS:
        s[key] = getattr(settings, key)
    s.ws_notice = " ".join(filter(None, (choice.notice, S.ignored_notice(ignored))))


def open_set(set_id: str, number: int | None = None) -> None:
    """Make `set_id` the session's data: its draft for this session if there is one, else the version asked for."""
    ws = workspace()
    if ws is None:
        return
    _apply(S.open_set(ws, set_id, number, check=load_inputs, record=True))


def sync_address() -> None:
    """Keep the address in step with the session, so a reload or a shared link reopens the same view."""
    params = S.address(_session() if st.session_state.get("set_id") else None, _settings())
    if {k: st.query_params.get(k) for k in st.query_params} != params:
        st.query_params.from_dict(params)


# ------------------------------------------------------------------------------------------------------ changes


def put_draft(content: str, rubric_text: str | None = None, rubric_name: str | None = None) -> bool:
    """Make `content` the session's data and keep it in the workspace draft at once. False (and a message) when the
    workspace write fails; the change then stays in this session, so it can still be saved or downloaded."""
    ws = current()
    if ws is None:
        return False
    return not _apply(S.put_draft(ws, _session(), content, author()[0], rubric_text, rubric_name)).error


def discard_draft() -> None:
    ws = current()
    if ws is not None:
        _apply(S.discard_draft(ws, _session(), check=load_inputs))
        discard_pending(ws)


def discard_pending(ws: Workspace) -> None:
    """Drop what was typed on Assess but not yet in the draft, with the draft it belonged to."""
    s = st.session_state
    pending.discard(ws, s.set_id)
    s.pending_for = None  # the forms reload from the draft


def remember_name() -> None:
    """Keep the typed name with the session's draft and its pending fields, so a reload knows who is writing."""
    s = st.session_state
    ws = current()
    name = (s.get("author_name") or "").strip()
    if ws is None or not name:
        return
    try:
        if s.has_draft:
            ws.put_draft(s.set_id, s.base, s.rubric_pk, _session().content, name)
        kept = pending.load(ws, s.set_id)
        pending.store(ws, s.set_id, s.base, s.rubric_pk, pending.Pending(kept.fields, name))
        s.pending_author = name
    except WorkspaceError as exc:
        s.ws_error = f"Your name could not be kept in the workspace: {exc}"


def author() -> S.Author:
    """Who is saving: the signed-in user (verified) or the name typed in this session (not verified)."""
    if signed_in():
        name = st.user.get("name") or st.user.get("email") or "signed-in user"
        return S.Author(str(name), True)
    return S.Author((st.session_state.get("author_name") or "").strip(), False)


def save_version(message: str) -> None:
    """Save the session's data as the next version; refused (draft kept) if someone saved since its base."""
    s = st.session_state
    ws = current()
    s.ws_message, s.save_conflict = "", None
    if ws is None:
        s.ws_error = "The workspace is not available, so nothing can be saved; download the YAML to keep your work."
        return
    outcome = _apply(S.save_version(ws, _session(), message, author()))
    if outcome.version is not None:
        s.save_problem, s.save_message_input = "", ""
    announce(outcome)


def announce(outcome: S.Outcome) -> None:
    """A step's outcome also as a toast, where the user is looking: the sidebar's own message can be off-screen."""
    from dashboard.core.text import md

    conflict = outcome.session.conflict if outcome.session is not None else None
    if outcome.version is not None and outcome.message:
        st.toast(md(outcome.message), icon=":material/check:")
    elif outcome.problem:
        st.toast(md(outcome.problem), icon=":material/warning:")
    elif conflict is not None:
        st.toast(md(conflict.text) + ". Your draft is kept.", icon=":material/warning:")
    elif outcome.error:
        st.toast(md(outcome.error), icon=":material/error:")


def reopen_after_conflict() -> None:
    """Keep the refused draft aside (in the workspace) and open the newest version to re-apply changes on top."""
    ws = current()
    if ws is not None:
        _apply(S.reopen_after_conflict(ws, _session(), author()[0], check=load_inputs))


def merge_onto_newest(choices: dict[tuple[str, ...], Side] | None = None) -> None:
    """My draft's changes onto the newest version in one action; clashes come back to be chosen side by side."""
    s = st.session_state
    ws = current()
    if ws is None:
        return
    outcome = _apply(S.merge_onto_newest(ws, _session(), author()[0], choices, check=load_inputs))
    if outcome.clashes:
        s.merge_clashes = outcome.clashes
    else:
        s.merge_clashes = ()
        s.save_problem = ""


def _chosen_merge() -> None:
    s = st.session_state
    clashes = s.get("merge_clashes") or ()
    merge_onto_newest({c.path: s.get(f"merge_side::{i}", "theirs") for i, c in enumerate(clashes)})


def newer_version_panel(ws: Workspace) -> None:
    """Every session sees that someone saved a newer version, and takes it in one click: a session without a draft
    opens it; one with a draft applies its changes onto it (clashes chosen side by side)."""
    from dashboard.core.text import md
    from dashboard.views import merge_text

    s = st.session_state
    try:
        newest = ws.latest(s.set_id)
    except WorkspaceError:
        return
    clashes = s.get("merge_clashes") or ()
    if newest.number <= s.base and not clashes:
        return
    if newest.number > s.base and not s.get("save_conflict"):
        st.warning(md(say("merge.newer", latest=newest.number, author=newest.author, base=s.base)))
    if not s.has_draft:
        st.button(say("merge.open_newest", latest=newest.number), on_click=lambda: open_set(s.set_id))
        return
    if not clashes:
        st.button(say("merge.apply_mine", latest=newest.number), type="primary", on_click=merge_onto_newest)
        return
    rubric, _ = load_inputs(s.inputs)
    doc = parse_doc(s.inputs[2].decode("utf-8"))
    for i, clash in enumerate(clashes):
        st.markdown("**" + md(merge_text.place(clash, doc, rubric)) + "**")
        mine, theirs = st.columns(2)
        mine.caption(say("merge.mine"))
        mine.text(merge_text.value(clash.mine))
        theirs.caption(say("merge.theirs", latest=newest.number))
        theirs.text(merge_text.value(clash.theirs))
        st.radio(
            "Keep",
            ["mine", "theirs"],
            format_func=lambda side: say("merge.mine") if side == "mine" else say("merge.theirs", latest=newest.number),
            horizontal=True,
            key=f"merge_side::{i}",
        )
    st.button(say("merge.apply_chosen"), type="primary", on_click=_chosen_merge)


def refused_draft() -> Any:
    ws = current()
    return S.refused_draft(ws, _session()) if ws is not None else None


def discard_refused_draft() -> None:
    ws = current()
    if ws is not None:
        S.discard_refused_draft(ws, _session())


def restore_version(number: int) -> None:
    ws = workspace()
    if ws is None:
        st.session_state.save_problem = S.NAME_FIRST_SIDEBAR
        return
    _apply(S.restore_version(ws, _session(), number, author(), check=load_inputs))


def create_set(content: str, rubric_pk: int, title: str, message: str) -> VersionInfo:
    """Store `content` (already validated) as version 1 of a new set named from `title`, and open it."""
    ws = workspace()
    if ws is None:
        raise WorkspaceError("the workspace is not available, so a new set cannot be kept")
    saved = S.create_set(ws, content, rubric_pk, title, message, author())
    open_set(saved.set_id, saved.number)
    return saved


def import_upload(rubric: tuple[str, str] | None, data: tuple[str, str] | None) -> str:
    """Adopt checked uploads: an assessment file becomes a new set (or reopens an identical one); a rubric alone
    moves the current draft onto it. Returns what happened, in words. The previous set keeps its draft."""
    ws = workspace()
    assert ws is not None
    return _apply(S.import_upload(ws, _session(), rubric, data, author(), check=load_inputs), say=False).message


def record_export(what: str) -> None:
    """A download's `on_click`: the audit trail notes who exported which version of the set, and in what form. A
    trail that cannot be written is said in the sidebar (the download itself is the browser's)."""
    s = st.session_state
    ws = workspace()
    if ws is None or not s.get("set_id"):
        return
    try:
        ws.record("export", s.set_id, s.base, format=what, draft=bool(s.get("has_draft")))
    except WorkspaceError as exc:
        s.ws_error = str(exc)


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
        LOG.error("listing the sets failed", exc_info=True)
        st.error(md(for_users(exc)))
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
    typed = sum(len(v) for v in (s.get("pending_fields") or {}).values())
    if typed:
        state_text += f"; {typed} field(s) typed on Assess, kept but not yet complete"
    st.caption(state_text)
    newer_version_panel(ws)
    name, verified = author()
    if login_configured() and not verified:
        st.button("Log in", on_click=st.login)
    if verified:
        role = ws.role(s.set_id) or "no"
        st.caption(f"Working as {md(name)} (signed in; {md(role)} role on this set).")
        st.button("Sign out", on_click=st.logout)
    if not ws.may("save", s.set_id):
        st.caption("You may view, brief and export this set; saving needs the analyst role (ask its owner).")
        return
    if not verified:
        st.text_input(
            "Your name",
            key="author_name",
            help="Recorded with each version and change you make, as not verified; kept with your draft.",
            on_change=remember_name,
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
            + ". Your draft is kept: apply your changes onto version "
            + str(s.save_conflict["latest"])
            + " below (parts you both changed are shown side by side to choose), or compare them in **History**.",
            icon=":material/warning:",
        )
        st.button(
            f"Open version {s.save_conflict['latest']} and re-apply my changes by hand",
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
