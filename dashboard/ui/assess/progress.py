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
        # One list and one chooser, not a row of columns and a button per finding: a new technology has a finding
        # for every criterion, and drawing each as its own elements took a fifth of every click (issue 21).
        with st.expander(f"Audit findings for {md(tech.name)}", expanded=False):
            st.markdown(
                "\n".join(
                    f"- **{md(place_in_technology(path, rubric))}**: {md(message)}. {md(hint)}."
                    for path, _, message, hint in progress.findings
                )
            )
            known = {c.id for c in rubric.criteria}
            to_open = list(dict.fromkeys(cid for _, cid, _, _ in progress.findings if cid in known))
            if to_open:
                c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
                c1.selectbox(
                    "Criterion with a finding",
                    to_open,
                    format_func=lambda cid: rubric.criterion(cid).name,
                    key=f"open_finding::{tid}",
                )
                c2.button(
                    "Open it",
                    key=f"open_finding_button::{tid}",
                    on_click=lambda: s.__setitem__("assess_criterion", s[f"open_finding::{tid}"]),
                    help="Opens the criterion in the flow below, where it can be fixed.",
                    width="stretch",
                )
