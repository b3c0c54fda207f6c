"""The source register: the form that registers a source (used wherever one is cited) and the Sources tab."""

import pandas as pd
import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.models import Rubric, Source
from dashboard.core.text import md
from dashboard.ui.assess.common import attempt, commit, doc, show, source_label
from dashboard.views.messages import RELIABILITY

s = st.session_state


def register_form(rubric: Rubric, key: str) -> None:
    """Register a new source: the same form under every place that cites one."""

    def _register() -> None:
        undated = s.get(f"{key}_undated")
        if not undated and not (s.get(f"{key}_date") or "").strip():
            raise A.AuthoringError("give the date (YYYY-MM-DD) or tick 'Undated'")
        new, sid = A.register_source(
            doc(),
            title=s.get(f"{key}_title", ""),
            publisher=s.get(f"{key}_publisher", ""),
            date=None if undated else (s.get(f"{key}_date", "") or "").strip() or None,
            url=s.get(f"{key}_url", ""),
            reference=s.get(f"{key}_reference", ""),
            type=s.get(f"{key}_type", ""),
            reliability=s.get(f"{key}_reliability", ""),
            sid=s.get(f"{key}_id", ""),
        )
        commit(rubric, key, new, f"Registered source '{sid}'.")

    with st.form(f"{key}_form", clear_on_submit=False):
        st.text_input(
            "Title",
            key=f"{key}_title",
            help="The headline or title; a description in [brackets] only where the real one cannot be found.",
        )
        c1, c2 = st.columns(2)
        c1.text_input("Publisher", key=f"{key}_publisher")
        c2.text_input("Type", key=f"{key}_type", placeholder="press report, UN document, statute, court judgment ...")
        c1.text_input("Date (YYYY-MM-DD)", key=f"{key}_date")
        c2.checkbox("Undated", key=f"{key}_undated")
        st.text_input("Address (http or https)", key=f"{key}_url")
        st.text_input("Reference (document symbol, citation, DOI)", key=f"{key}_reference")
        st.selectbox(
            "Reliability (Admiralty grade)",
            list(RELIABILITY),
            format_func=lambda g: f"{g}: {RELIABILITY[g]}",
            index=None,
            key=f"{key}_reliability",
        )
        st.text_input("Id (optional; made from the title)", key=f"{key}_id")
        st.form_submit_button("Register a source", on_click=lambda: attempt(key, _register))
    show(key)


def sources_tab(rubric: Rubric, sources: dict[str, Source]) -> None:
    """The register as a table, the form to register a source, and removing one (which asks first)."""
    if sources:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "id": x.id,
                        "title": x.title,
                        "publisher": x.publisher,
                        "date": x.date or "undated",
                        "type": x.type,
                        "reliability": f"{x.reliability}: {RELIABILITY.get(x.reliability, '')}",
                    }
                    for x in sources.values()
                ]
            ),
            hide_index=True,
        )
    st.markdown("**Register a source**")
    register_form(rubric, "src_register")
    if sources:
        st.markdown("**Remove a source**")
        st.selectbox(
            "Source to remove", list(sources), format_func=lambda sid: source_label(sources[sid]), key="rm_source"
        )
        if s.get("confirm_rm_source") == s.rm_source:
            st.warning(f"Remove '{md(s.rm_source)}' from the register?")
            k1, k2 = st.columns(2)

            def _rm_source() -> None:
                s.confirm_rm_source = None
                commit(rubric, "rm_source", A.remove_source(doc(), s.rm_source), "Source removed.")

            k1.button("Yes, remove the source", key="rm_source_yes", on_click=lambda: attempt("rm_source", _rm_source))
            k2.button("Keep it", key="rm_source_no", on_click=lambda: s.__setitem__("confirm_rm_source", None))
        else:
            st.button("Remove source", on_click=lambda: s.__setitem__("confirm_rm_source", s.rm_source))
        show("rm_source")
