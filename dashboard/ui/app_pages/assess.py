"""Assess: write an assessment in guided forms, from a new set to every criterion scored with cited evidence.

Each form makes one edit (`dashboard/core/authoring.py`), checks the result with the same rules as the command line
and puts it in the workspace draft at once; a problem is shown beside the form that caused it, and nothing is written.
This page reads the session and lays the forms out; each form is a module in `dashboard/ui/assess/`.
"""

import streamlit as st

from dashboard.render.export import assessments_yaml
from dashboard.ui import state, workspace_session
from dashboard.ui.assess import criteria, details, evidence, flags, progress, register, safeguards, sets, technologies
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

techs = {t.id: t.name for t in data.technologies}
if s.get("assess_tech") not in techs:
    s.assess_tech = next(iter(techs))
st.selectbox("Technology", list(techs), format_func=techs.__getitem__, key="assess_tech")
tid = s.assess_tech
tech = data.technology(tid)

technologies.manage(rubric, tech)
if ws is not None and s.get("set_id"):
    technologies.copy_form(rubric, ws)

# ------------------------------------------------------------------------------------------------------ progress

progress.panel(data, rubric, tech)

tab_details, tab_criteria, tab_sources, tab_safeguards = st.tabs(
    ["Details", "Criteria", "Sources", "Safeguards and flags"]
)
sources = {x.id: x for x in data.sources}

with tab_details:
    details.details_form(rubric, tech)
    details.excerpts_form(rubric, tech, sources)

with tab_criteria:
    criteria.overview(rubric, tech)
    criterion = criteria.score_form(rubric, tech)
    evidence.evidence_form(rubric, tech, criterion, sources)

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
    assessments_yaml(data),
    file_name=f"{s.get('set_id') or 'assessment'}.yaml",
    mime="application/x-yaml",
    on_click=workspace_session.record_export,
    args=("yaml",),
)
