"""The regulatory flags form: the technology's flags (framework and provision), each removable, and adding one."""

import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.models import Rubric, Source, Technology
from dashboard.ui.assess.common import attempt, commit, doc, item_buttons, removable, show, source_label

s = st.session_state


def flags_form(rubric: Rubric, tech: Technology, sources: dict[str, Source]) -> None:
    """The flags recorded for the technology, and a form to add one, citing a source if there is one."""
    tid = tech.id
    st.markdown("**Regulatory flags**")
    for k, flag in enumerate(tech.flags):
        st.text(f"{k + 1}. {flag.framework}, {flag.provision}: {flag.note}")
        removable(rubric, item_buttons(), f"rm_flag::{tid}::{k}", f"flag {k + 1}", "flag", ("flags",), k)
    with st.form(f"flag_form::{tid}"):
        c1, c2 = st.columns(2)
        c1.text_input("Framework", key="fl_framework", placeholder="e.g. EU AI Act")
        c2.text_input("Provision", key="fl_provision", placeholder="e.g. Art. 5(1)(h)")
        st.text_input("Note", key="fl_note")
        c1.text_input("Reference", key="fl_reference")
        c2.selectbox(
            "Source (optional)",
            [""] + list(sources),
            format_func=lambda k: source_label(sources[k]) if k else "none",
            key="fl_source",
        )
        st.form_submit_button(
            "Add flag",
            on_click=lambda: attempt(
                "flag",
                lambda: commit(
                    rubric,
                    "flag",
                    A.add_flag(
                        doc(),
                        tid,
                        s.get("fl_framework", ""),
                        s.get("fl_provision", ""),
                        s.get("fl_note", ""),
                        s.get("fl_reference", ""),
                        s.get("fl_source", ""),
                    ),
                    "Flag added.",
                ),
            ),
        )
    show("flag")
