"""The Technology profile's raters: each rater's level beside the consensus, once a rating round on the version
shown is closed (the workspace decides who may read them; a refusal shows nothing)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core.models import AssessmentSet, Rubric
from dashboard.core.raters import shown
from dashboard.core.text import md
from dashboard.ui import state, workspace_session
from dashboard.views.labels import level_text
from dashboard.words import say
from dashboard.workspace import rounds
from dashboard.workspace.records import WorkspaceError


def raters_beside_consensus(tid: str, data: AssessmentSet, rubric: Rubric) -> None:
    s = st.session_state
    ws = workspace_session.workspace()
    if ws is None or not s.get("set_id") or not s.get("base"):
        return
    try:
        closed = rounds.closed_round_for(ws, s.set_id, int(s.base))
        if closed is None or tid not in closed.technologies:
            return
        given = rounds.ratings(ws, s.set_id, closed.number)
    except WorkspaceError:
        return
    tech = data.technology(tid)
    rows = []
    for cid in closed.criteria:
        criterion = rubric.criterion(cid)
        row = {
            say("raters_page.col_criterion"): criterion.name,
            say("raters_page.col_consensus"): level_text(tech.scores.get(cid), criterion),
        }
        row.update({email: shown(r.get(tid, {}).get(cid)) or "-" for email, r in given.items()})
        rows.append(row)
    st.subheader(say("raters_page.profile_heading"))
    st.caption(md(say("raters_page.profile_caption", label=closed.label)))
    state.reader_table(pd.DataFrame(rows))
