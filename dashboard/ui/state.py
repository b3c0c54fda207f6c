"""Session state and cached loaders: the only module outside the pages that imports streamlit.

Each session keeps its own inputs (file bytes) and what-if choices in `st.session_state`; caches are keyed
by those bytes and choices, so one user's uploads and changes never reach another session.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import views
from dashboard.core.compile import Compiled, compile_dataset
from dashboard.core.editing import apply_edits
from dashboard.core.models import AssessmentSet, Rubric
from dashboard.core.problems import InputError, Problem
from dashboard.core.scoring import NonFiniteScores, Scores, score
from dashboard.core.sensitivity import Sensitivity, monte_carlo
from dashboard.core.text import md
from dashboard.core.weights import check as check_weights
from dashboard.render.export import assessments_yaml
from dashboard.render.progress import Watcher
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
from dashboard.ui import pending_session, review, workspace_session
from dashboard.views.messages import NOT_FINITE, PROFILE_ALL_ZERO, SCENARIOS
from dashboard.workspace.connection import for_users
from dashboard.workspace.records import WorkspaceError

Inputs = workspace_session.Inputs


@st.cache_data(show_spinner=False)
def _bundled() -> Inputs:
    return DEFAULT_RUBRIC.read_bytes(), DEFAULT_RUBRIC.name, DEFAULT_DATA.read_bytes(), DEFAULT_DATA.name


_load = workspace_session.load_inputs

# Models, compiled sets, scores and draws are never changed after they are made (every edit makes a copy), so one
# object serves every session with the same inputs and choices: st.cache_resource hands it out as it is, where
# st.cache_data would unpickle a fresh copy on every call (measured: a third of a What-if rerun's CPU).


@st.cache_resource(show_spinner=False, max_entries=16)
def _compiled(inputs: Inputs) -> Compiled:
    rubric, data = _load(inputs)
    return compile_dataset(rubric, data)


@st.cache_resource(show_spinner=False, max_entries=64)
def _scores(inputs: Inputs, profile: str, weights: tuple, scenario: str, overrides: tuple) -> Scores:
    compiled = _compiled(inputs)
    return score(compiled, profile=profile, weights=dict(weights), scenario=scenario, overrides=dict(overrides))


@st.cache_resource(show_spinner="Running Monte Carlo draws...", max_entries=16)
def _sensitivity(choice: tuple, draws: int, seed: int, spread: float) -> Sensitivity:
    return monte_carlo(_scores(*choice), draws, seed, spread)


DEFAULTS: dict[str, Any] = {
    "profile": "default",
    "scenario": "reported",
    "weights": {},
    "overrides": {},
    "upload_problems": [],
    "upload_message": "",
    "upload_warning": "",
    "upload_confirm": 0,
    "bundled_confirm": 0,
    "page": "",
    "has_draft": False,
    "ws_message": "",
    "save_problem": "",
    "save_conflict": None,
    "confirm_discard": False,
    "kept_weights": 0,
    "whatif_problem": "",  # a slider move refused (core/weights.py), said beside the sliders
    "profile_problem": "",  # adjusted weights set aside at a profile switch, said in the sidebar
}
UPLOAD_MESSAGES = ("upload_problems", "upload_message", "upload_warning", "upload_confirm", "bundled_confirm")


def init() -> None:
    if "inputs" not in st.session_state:
        st.session_state.inputs = _bundled()
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = value.copy() if isinstance(value, dict | list) else value
    workspace_session.start()
    pending_session.restore_name()


def inputs() -> Inputs:
    return st.session_state.inputs


def loaded() -> tuple[Rubric, AssessmentSet]:
    return _load(inputs())


def _choice_key() -> tuple:
    s = st.session_state
    return (
        inputs(),
        s.profile,
        tuple(sorted(s.weights.items())),
        s.scenario,
        tuple(sorted(s.overrides.items())),
    )


def compiled() -> Compiled:
    return _compiled(inputs())


def scores() -> Scores:
    """The session's scores. Settings that cannot be scored (totals not finite; weights refused, which
    core/weights.py keeps out of the session) stop the page with a message, never a traceback."""
    try:
        return _scores(*_choice_key())
    except ValueError as exc:
        st.error(NOT_FINITE if isinstance(exc, NonFiniteScores) else f"{NOT_FINITE} ({md(str(exc))})")
        st.stop()
        raise  # st.stop() does not return


def sensitivity(draws: int, seed: int, spread: float) -> Sensitivity:
    return _sensitivity(_choice_key(), draws, seed, spread)


def baseline_scores() -> Scores:
    """This session's files with the rubric's base weights and the reported scenario."""
    return _scores(inputs(), "default", (), "reported", ())


def reset_choices() -> None:
    """Back to the rubric's base weights, the reported scenario and no overrides (files and edits stay)."""
    s = st.session_state
    s.profile, s.scenario, s.weights, s.overrides = "default", "reported", {}, {}
    s.kept_weights = 0
    s.profile_problem = s.whatif_problem = ""
    clear_upload_messages()
    _forget_weight_sliders()
    for key in [k for k in s if isinstance(k, str) and k.startswith("override::")]:
        del s[key]


def _forget_weight_sliders() -> None:
    """Drop the sliders' own state, so each shows the session's weight again."""
    s = st.session_state
    for key in [k for k in s if isinstance(k, str) and k.startswith("weight::")]:
        del s[key]


def _profile_changed() -> None:
    """Weights the user adjusted are kept on top of the new profile (What-if says so and offers a reset): a profile
    switch must not silently throw away work."""
    s = st.session_state
    rubric, _ = loaded()
    accepted, faults = check_weights(rubric, s.profile, s.weights)
    s.profile_problem = ""
    if faults:  # they would set every weight to 0 under this profile
        names = {p.id: p.name for p in rubric.profiles}
        s.profile_problem = PROFILE_ALL_ZERO.format(profile=names.get(s.profile, s.profile))
        _forget_weight_sliders()
    s.weights = accepted
    s.kept_weights = len(s.weights)


def clear_upload_messages() -> None:
    """An upload's message applies to that attempt only: cleared by a new choice, a reset or leaving the page."""
    for key in UPLOAD_MESSAGES:
        value = DEFAULTS[key]
        st.session_state[key] = value.copy() if isinstance(value, list) else value


def page_changed(name: str) -> None:
    """Called by the entrypoint on every run with the page about to run."""
    s = st.session_state
    if s.page != name:
        clear_upload_messages()
        s.ws_message, s.save_problem = "", ""
        s.page = name


def replace_data(content: str, changes: int = 1, validated: tuple[Rubric, AssessmentSet] | None = None) -> None:
    """New content for the session's assessment set: into the workspace draft at once, or, read-only, kept in this
    session and counted, so nothing later discards it without asking. `validated`: the models the caller has just
    checked `content` into, so the next run need not read and check it again."""
    s = st.session_state
    if validated is not None:
        workspace_session.remember_validated(inputs()[0], content.encode("utf-8"), validated)
    if workspace_session.active():
        workspace_session.put_draft(content)
    else:
        s.inputs = (*inputs()[:2], content.encode("utf-8"), inputs()[3])
        s.unsaved_changes = s.get("unsaved_changes", 0) + changes


def unsaved_in_session() -> int:
    """Changes that live only in this browser session (read-only mode): levels changed and text written."""
    s = st.session_state
    return int(s.get("unsaved_changes", 0))


def record_level_change(tid: str, cid: str, level: float, reason: str) -> None:
    """One level changed with the analyst's reason, which goes into the rationale with their name."""
    rubric, data = loaded()
    name = workspace_session.author()[0] or "unnamed analyst"
    note = f"[Level set to {level:g} by {name}: {reason.strip()}]"
    replace_data(assessments_yaml(apply_edits(data, rubric, {(tid, cid): level}, {(tid, cid): note})))


@dataclass
class UploadResult:
    problems: list[Problem] = field(default_factory=list)
    edits_at_stake: int = 0  # valid files, not loaded: this many unsaved edits would be lost
    message: str = ""  # what happened, when the files were adopted


def accept_upload(rubric_file: Any | None, data_file: Any | None, *, discard_edits: bool = False) -> UploadResult:
    """Validate new files against each other (or the current ones); adopt them only if there is no problem.

    Unsaved level edits are never dropped silently: with edits in the session, valid files are only adopted when
    the user has confirmed (`discard_edits`).
    """
    current = inputs()
    new: Inputs = (
        rubric_file.getvalue() if rubric_file else current[0],
        rubric_file.name if rubric_file else current[1],
        data_file.getvalue() if data_file else current[2],
        data_file.name if data_file else current[3],
    )
    try:
        _load(new)
    except InputError as exc:
        return UploadResult(problems=exc.problems)
    if workspace_session.active():
        # Nothing is discarded: the current set keeps its draft in the workspace.
        try:
            message = workspace_session.import_upload(
                (new[0].decode("utf-8"), new[1]) if rubric_file else None,
                (new[2].decode("utf-8"), new[3]) if data_file else None,
            )
        except InputError as exc:
            return UploadResult(problems=exc.problems)
        except WorkspaceError as exc:
            return UploadResult(
                problems=[Problem("workspace", "", for_users(exc), "try again, or ask who runs the database")]
            )
        if rubric_file:
            reset_choices()
        return UploadResult(message=message)
    if unsaved_in_session() and not discard_edits:
        return UploadResult(edits_at_stake=unsaved_in_session())
    st.session_state.inputs = new
    st.session_state.unsaved_changes = 0
    if rubric_file:
        reset_choices()
    names = " and ".join(f.name for f in (rubric_file, data_file) if f)
    return UploadResult(message=f"Loaded {names}.")


# The page that edits weights and overrides lists them itself, and reruns only its fragment when they change; the
# sidebar's note leaves them out there, so it is never stale and a slider never reruns the whole app.
WHATIF_PAGE = "whatif"


def sidebar() -> None:
    rubric, data = loaded()
    s = st.session_state
    with st.sidebar:
        workspace_session.sidebar_panel()
        review.waiting_panel(compact=True)
        st.divider()
        st.markdown("### What-if settings")
        profiles = {"default": "Rubric base weights"} | {p.id: p.name for p in rubric.profiles}
        if s.profile not in profiles:
            s.profile = "default"
        st.selectbox(
            "Weight profile",
            list(profiles),
            format_func=profiles.__getitem__,
            key="profile",
            on_change=_profile_changed,
            help="Named weightings from the rubric; fine-tune on What-if.",
        )
        st.radio(
            "Scenario",
            list(SCENARIOS),
            format_func=SCENARIOS.__getitem__,
            key="scenario",
            help="Which safeguards count as in place.",
        )
        if s.get("profile_problem"):
            st.warning(md(s.profile_problem))
        notes = []
        on_whatif = s.page == WHATIF_PAGE
        if s.weights and not on_whatif:
            notes.append(f"{len(s.weights)} weight(s) adjusted")
        if s.scenario == "custom" and not on_whatif:
            notes.append(f"{len(s.overrides)} safeguard override(s)")
        if notes:
            st.caption("Active: " + "; ".join(notes) + ".")
        st.button("Reset what-if settings", on_click=reset_choices, width="stretch")
        st.divider()
        st.caption(f"Rubric: **{md(rubric.title)}**, version {md(rubric.version)} ({md(inputs()[1])})")
        st.caption(f"Data: **{md(data.meta.title)}** ({md(inputs()[3])})")
        st.caption("Scores are analytic judgements with rationale and cited evidence, not measurements.")
    workspace_session.sync_address()


def tier_table(frame: pd.DataFrame, colours: list[str | None], column: str = "Tier") -> None:
    """A table whose tier cells carry the rubric's colour beside their label, so colour is never the only cue.

    A styled dataframe shows any colour the rubric defines without HTML: a rubric is untrusted input, so none
    of its text ever reaches `unsafe_allow_html`.
    """

    def paint(col: pd.Series) -> list[str]:
        if col.name != column:
            return [""] * len(col)
        return [f"background-color: {c}; color: {views.text_on(c)}; font-weight: 600" if c else "" for c in colours]

    st.dataframe(frame.style.apply(paint), hide_index=True)


def reader_table(frame: pd.DataFrame) -> None:
    """A static table for reading: long text wraps in full. st.table reads Markdown in every cell, so each cell
    and header is escaped to show exactly as typed."""
    shown = frame.astype(str).map(md)
    shown.columns = [md(str(c)) for c in frame.columns]
    st.table(shown, hide_index=True)


def show_chart(fig: Any, caption: str, table: Any, key: str, expanded: bool = False) -> None:
    """A chart, its caption and its data as a table: every chart can be read without colour or a mouse.

    A table open when the page loads is a reader's table (wrapped text, no sorting): a data grid's scripts and
    canvas held back the page's first chart by about half a second. A table opened later is a data grid."""
    st.plotly_chart(fig, key=key, config={"displaylogo": False})
    st.caption(caption)  # written by the page, with any user text already passed through md()
    # A lazy expander (Streamlit's own: on_change="rerun" and .open): the table is sent only while it is open. A
    # closed one used to ship a data grid anyway, and the browser built every grid on the page before it had drawn
    # the first chart.
    box = st.expander("Data table", expanded=expanded, key=f"{key}_table", on_change="rerun")
    if box.open:
        with box:
            if expanded:
                reader_table(table)
            else:
                st.dataframe(table, hide_index=True)


# Briefings built, by everything they depend on, shared by every session (bytes are never changed): a plain cache,
# because the build reports its steps to a progress bar drawn outside it, which st.cache_data cannot replay.
_briefings: dict[tuple[Any, ...], bytes] = {}
_BRIEFINGS_KEPT = 8
_briefings_lock = threading.Lock()


def _briefing(
    choice: tuple,
    title: str,
    marking: str,
    techs: tuple,
    date: str,
    provenance: str | None,
    format: str = "pdf",
    review: str | None = None,
    watcher: Watcher | None = None,
) -> bytes:
    from dashboard.render.document import BriefingOptions
    from dashboard.render.formats import FORMATS

    key = (choice, title, marking, techs, date, provenance, format, review)
    with _briefings_lock:
        kept = _briefings.get(key)
    if kept is not None:
        return kept
    options = BriefingOptions(
        title=title or None, marking=marking, technologies=list(techs), date=date, provenance=provenance, review=review
    )
    built = FORMATS[format].build(_scores(*choice), options, watcher)
    with _briefings_lock:
        _briefings[key] = built
        while len(_briefings) > _BRIEFINGS_KEPT:
            _briefings.pop(next(iter(_briefings)))
    return built


def briefing_file(
    title: str,
    marking: str,
    techs: list[str],
    date: str,
    with_changes: bool = False,
    format: str = "pdf",
    watcher: Watcher | None = None,
) -> bytes:
    """The same briefing as `python -m dashboard brief`, from this session's settings and selection, issued through
    the workspace layer's one function (workspace/briefings.py).

    In the workspace the briefing is recorded (set, version, options, the file's SHA-256), and can carry the
    changes since the last briefing issued from the same set.
    """
    from dashboard.render.document import BriefingOptions
    from dashboard.render.formats import FORMATS
    from dashboard.workspace import briefings

    s = st.session_state
    prov = workspace_session.provenance()
    described = prov.describe() if prov else None
    ws = workspace_session.current()
    briefed = (
        briefings.Briefed(s.set_id, s.base, bool(s.has_draft), s.inputs[2].decode("utf-8"))
        if prov is not None and ws is not None
        else None
    )
    settings = briefings.Settings(s.profile, s.scenario, dict(s.weights), dict(s.overrides))
    changes = None
    if with_changes and ws is not None and briefed is not None:
        try:
            changes = briefings.changes_since_last_briefing(ws, briefed, loaded(), settings)
        except WorkspaceError as exc:
            s.ws_error = f"The changes since the last briefing could not be read: {for_users(exc)}"
    rating = None
    if ws is not None and briefed is not None:
        from dashboard.workspace.rounds import briefing_note

        try:
            rating = briefing_note(ws, s.set_id, s.base)  # the method annex's rating round, if any
        except WorkspaceError:
            rating = None
    options = BriefingOptions(
        title=title or None,
        marking=marking,
        technologies=list(techs),
        date=date,
        provenance=described,
        changes=changes,
        rating=rating,
    )

    def build(scores_: Scores, options_: BriefingOptions) -> bytes:
        # Without a changes section or a rating round the PDF depends only on the settings: the cached build serves
        # every session.
        if options_.changes is None and options_.rating is None:
            return _briefing(
                _choice_key(), title, marking, tuple(techs), date, described, format, options_.review, watcher
            )
        return FORMATS[format].build(scores_, options_, watcher)

    issued = briefings.issue_briefing(
        scores(),
        options,
        ws=ws,
        briefed=briefed,
        settings=settings,
        author=workspace_session.author()[0],
        build=build,
        format=format,
    )
    if issued.problem:
        s.ws_error = issued.problem
    return issued.document
