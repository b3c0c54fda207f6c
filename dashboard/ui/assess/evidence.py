"""The Criteria tab's evidence form: the evidence cited for the chosen score, and a form to cite more."""

import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.models import Criterion, Rubric, Source, Technology
from dashboard.ui.assess import register
from dashboard.ui.assess.common import attempt, commit, doc, removable, show, source_label

s = st.session_state


def evidence_form(rubric: Rubric, tech: Technology, criterion: Criterion, sources: dict[str, Source]) -> None:
    """The score's evidence, each removable; a form to add an item; and the form to register a new source."""
    tid = tech.id
    cid = criterion.id
    entry = tech.scores.get(cid)
    key = f"{tid}::{cid}"
    st.markdown("**Evidence for this score**")
    for k, ev in enumerate(entry.evidence if entry else []):
        c1, c2 = st.columns([6, 1])
        what = " ".join(x for x in (f"“{ev.quote}”" if ev.quote else "", ev.page or "", ev.note) if x)
        c1.text(f"{ev.source}: {what}")
        removable(rubric, c2, f"rm_ev::{key}::{k}", f"evidence {k + 1}", "evidence", ("scores", cid, "evidence"), k)
    if sources:
        with st.form(f"evidence_form::{key}"):
            st.selectbox(
                "Source (type to search by title, publisher or id)",
                list(sources),
                format_func=lambda sid: source_label(sources[sid]),
                index=None,
                key="ev_source",
            )
            st.text_area("Quote (verbatim)", key="ev_quote")
            c1, c2 = st.columns(2)
            c1.text_input("Page or paragraph", key="ev_page")
            c2.text_input("Note (what it shows, in your words)", key="ev_note")

            def _add_evidence() -> None:
                if not s.get("ev_source"):
                    raise A.AuthoringError("choose the source")
                item = A.evidence(s.ev_source, s.get("ev_quote", ""), s.get("ev_page", ""), s.get("ev_note", ""))
                count = len(entry.evidence) + 1 if entry else 1
                commit(
                    rubric,
                    "evidence",
                    A.add_score_evidence(doc(), tid, cid, item),
                    f"Evidence added to {criterion.name} ({count} item(s)).",
                )

            st.form_submit_button("Add evidence", on_click=lambda: attempt("evidence", _add_evidence))
    else:
        st.caption("The register is empty: register a source below first.")
    show("evidence")
    with st.expander("Register a new source"):
        register.register_form(rubric, "src_in_criteria")
