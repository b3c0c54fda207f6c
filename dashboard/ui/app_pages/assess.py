"""Assess: write an assessment in guided forms, from a new set to every criterion scored with cited evidence.

Each form makes one edit (`dashboard/core/authoring.py`), checks the result with the same rules as the command line
and puts it in the workspace draft at once; a problem is shown beside the form that caused it, and nothing is written.
This page reads the session and lays the forms out; each form is a module in `dashboard/ui/assess/`.
"""

import streamlit as st

from dashboard.core.models import AssessmentSet
from dashboard.ui import state, workspace_session
from dashboard.ui.assess import (
    criteria,
    details,
    download,
    evidence,
    flags,
    progress,
    register,
    safeguards,
    sets,
    technologies,
)
from dashboard.words import say

s = st.session_state
rubric, data = state.loaded()
ws = workspace_session.workspace()
in_workspace = workspace_session.active()

st.title("Assess")
st.caption(
    "Write an assessment with the rubric as your guide. Every change goes "
    + (
        "into your draft in the workspace at once; *Save version* in the sidebar makes a version."
        if in_workspace
        else "into this browser session only (the workspace is not available)."
    )
)

if in_workspace and not workspace_session.may("draft"):
    # A reader: the forms would only be refused by the workspace; say what the role allows and stop here.
    st.info(say("access.read_only_assess", set_id=s.set_id), icon=":material/lock:")
    st.stop()

# ------------------------------------------------------------------------------------------------------ the set

with st.expander("Start a new assessment set", expanded=False):
    sets.new_set_form(ws)
    sets.duplicate_form(ws, data.meta.title)

# -------------------------------------------------------------------------------------------------- technologies

yaml_download = download.source(data)
techs = {t.id: t.name for t in data.technologies}
if s.get("assess_tech") not in techs:
    s.assess_tech = next(iter(techs))
st.selectbox("Technology", list(techs), format_func=techs.__getitem__, key="assess_tech")
tid = s.assess_tech
tech = data.technology(tid)

technologies.manage(rubric, tech)
if ws is not None and s.get("set_id"):
    technologies.copy_form(rubric, ws)

tab_details, tab_criteria, tab_sources, tab_safeguards = st.tabs(
    ["Details", "Criteria", "Sources", "Safeguards and flags"]
)
sources = {x.id: x for x in data.sources}

with tab_details:
    details.details_form(rubric, tech)
    details.excerpts_form(rubric, tech, sources)


def _seen_outside(data: AssessmentSet) -> tuple[object, ...]:
    """What the parts of the page outside the criteria step show of the set (the sidebar's draft line and typed
    fields, the register's sources and their quote counts, the download): when a click in the step changes it, the
    whole page runs again, so nothing on screen is left stale."""
    quotes = sum(len(e.evidence) for t in data.technologies for e in t.scores.values())
    typed = sum(len(v) for v in (s.get("pending_fields") or {}).values())
    return (s.get("has_draft"), typed, s.get("latest"), len(data.sources), quotes, len(data.technologies))


@st.fragment
def criteria_step() -> None:
    """The progress panel and the guided flow, one criterion at a time. A fragment: a level, a confidence, "Save
    score" or "Next criterion" runs only this part of the page again, not the sidebar and the other tabs (a whole
    run took 1-2 s a click; issue 21's budget is 0.5 s)."""
    rubric, data = state.loaded()
    tech = data.technology(s.assess_tech)
    download.source(data)
    if _seen_outside(data) != s.get("assess_seen_outside"):
        st.rerun(scope="app")
    progress.panel(data, rubric, tech)
    criteria.overview(rubric, tech)
    criterion = criteria.score_form(rubric, tech)
    evidence.evidence_form(rubric, tech, criterion, {x.id: x for x in data.sources})


s.assess_seen_outside = _seen_outside(data)
with tab_criteria:
    criteria_step()

with tab_sources:
    register.sources_tab(rubric, sources, data, ws if in_workspace else None, s.get("set_id"))

with tab_safeguards:
    if not rubric.safeguards:
        st.caption("This rubric defines no safeguards.")
    else:
        safeguards.safeguards_form(rubric, tech)
        if sources:
            safeguards.evidence_form(rubric, tech, sources)
    flags.flags_form(rubric, tech, sources)

st.download_button(
    "Download this set as YAML",
    yaml_download,  # written when asked for, from the newest data (the criteria step keeps it up to date)
    file_name=f"{s.get('set_id') or 'assessment'}.yaml",
    mime="application/x-yaml",
    on_click=workspace_session.record_export,
    args=("yaml",),
)
