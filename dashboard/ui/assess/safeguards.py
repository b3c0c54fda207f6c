"""The safeguards forms: what the sources show for each of the rubric's safeguards, and evidence for one."""

import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.models import Rubric, Source, Technology
from dashboard.core.text import md, md_help
from dashboard.ui.assess.common import attempt, commit, doc, show, source_label
from dashboard.views.messages import SAFEGUARD_STATUSES

s = st.session_state


def safeguards_form(rubric: Rubric, tech: Technology) -> None:
    """A status and a note for every safeguard, saved together."""
    tid = tech.id
    statuses = list(SAFEGUARD_STATUSES)
    with st.form(f"safeguards_form::{tid}"):
        st.caption("Record what the sources show for each safeguard. 'Not applicable' needs the reason in the note.")
        for g in rubric.safeguards:
            record = tech.safeguards.get(g.id)
            c1, c2 = st.columns([1, 2])
            c1.selectbox(
                md(g.name),
                statuses,
                index=statuses.index(record.status) if record else statuses.index("unknown"),
                format_func=SAFEGUARD_STATUSES.__getitem__,
                key=f"sg::{tid}::{g.id}",
                help=md_help(g.requires),
            )
            c2.text_input(f"Note on {md(g.name)}", value=record.note if record else "", key=f"sgnote::{tid}::{g.id}")

        def _safeguards() -> None:
            new = doc()
            for g in rubric.safeguards:
                new = A.set_safeguard(new, tid, g.id, s[f"sg::{tid}::{g.id}"], s.get(f"sgnote::{tid}::{g.id}", ""))
            commit(rubric, "safeguards", new, "Safeguards saved.")

        st.form_submit_button("Save safeguards", type="primary", on_click=lambda: attempt("safeguards", _safeguards))
    show("safeguards")


def evidence_form(rubric: Rubric, tech: Technology, sources: dict[str, Source]) -> None:
    """Cite a source for one safeguard."""
    tid = tech.id
    with st.form(f"sg_evidence_form::{tid}"):
        st.markdown("**Add evidence for a safeguard**")
        st.selectbox(
            "Safeguard",
            [g.id for g in rubric.safeguards],
            format_func=lambda k: rubric.safeguard(k).name,
            key="sgev_safeguard",
        )
        st.selectbox("Source", list(sources), format_func=lambda sid: source_label(sources[sid]), key="sgev_source")
        st.text_area("Quote (verbatim)", key="sgev_quote")
        c1, c2 = st.columns(2)
        c1.text_input("Page or paragraph", key="sgev_page")
        c2.text_input("Note", key="sgev_note")

        def _sg_evidence() -> None:
            item = A.evidence(s.sgev_source, s.get("sgev_quote", ""), s.get("sgev_page", ""), s.get("sgev_note", ""))
            commit(
                rubric,
                "sg_evidence",
                A.add_safeguard_evidence(doc(), tid, s.sgev_safeguard, item),
                "Safeguard evidence added.",
            )

        st.form_submit_button("Add safeguard evidence", on_click=lambda: attempt("sg_evidence", _sg_evidence))
    show("sg_evidence")
