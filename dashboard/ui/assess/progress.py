"""The progress panel: how far the chosen technology's assessment is, and its audit findings with a way to each."""

import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.models import AssessmentSet, Rubric, Technology
from dashboard.core.text import md
from dashboard.views.problem_words import place_in_technology

s = st.session_state


def panel(data: AssessmentSet, rubric: Rubric, tech: Technology) -> None:
    """Criteria scored, without evidence, without a rationale; the audit findings, each opening its criterion."""
    tid = tech.id
    progress = A.technology_progress(data, rubric, tid)
    st.subheader("Progress")
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Criteria scored", f"{progress.scored} of {progress.criteria}")
    m2.metric("Without evidence", len(progress.without_evidence))
    m3.metric("Without a rationale", len(progress.without_rationale))
    m4.metric("Audit findings", len(progress.findings))
    if progress.findings:
        with st.expander(f"Audit findings for {md(tech.name)}", expanded=False):
            known = {c.id for c in rubric.criteria}
            for k, (path, cid, message, hint) in enumerate(progress.findings):
                field = rubric.criterion(cid).name if cid in known else place_in_technology(path, rubric)
                f1, f2 = st.columns([5, 1])
                f1.markdown(f"**{md(place_in_technology(path, rubric))}**: {md(message)}. {md(hint)}.")
                if cid in known:
                    f2.button(
                        f"Open {md(field)}",
                        key=f"open_finding::{tid}::{k}",
                        on_click=lambda cid=cid: s.__setitem__("assess_criterion", cid),
                        help="Opens this criterion in the Criteria tab.",
                    )
            st.caption("'Open' chooses the criterion in the Criteria tab, where it can be fixed.")
