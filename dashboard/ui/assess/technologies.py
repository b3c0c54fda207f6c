"""The technology forms: add, duplicate or remove a technology in the set, or copy one from another set."""

import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.models import Rubric, Technology
from dashboard.core.text import md
from dashboard.ui.assess.common import attempt, commit, doc, show
from dashboard.workspace.repository import Workspace

s = st.session_state


def manage(rubric: Rubric, tech: Technology) -> None:
    """Add, duplicate and remove buttons for the chosen technology; removing asks first."""
    tid = tech.id
    c1, c2, c3 = st.columns(3)
    with c1.popover("Add technology", width="stretch"):

        def _add() -> None:
            new, new_id = A.add_technology(doc(), s.get("add_name", ""), s.get("add_id", ""))
            if commit(rubric, "add_tech", new, f"Added '{new_id}'."):
                s.assess_tech = new_id
                s.add_name = s.add_id = ""

        st.text_input("Name", key="add_name")
        st.text_input("Id (optional; made from the name)", key="add_id")
        st.button("Add technology", type="primary", on_click=lambda: attempt("add_tech", _add))
        show("add_tech")

    def _duplicate() -> None:
        new, new_id = A.duplicate_technology(doc(), tid)
        if commit(rubric, "tech_ops", new, f"Duplicated as '{new_id}'."):
            s.assess_tech = new_id

    c2.button("Duplicate technology", on_click=lambda: attempt("tech_ops", _duplicate), width="stretch")
    if s.get("confirm_remove_tech") == tid:
        st.warning(f"Remove '{md(tech.name)}' and everything recorded for it from this draft?")
        k1, k2 = st.columns(2)

        def _remove() -> None:
            s.confirm_remove_tech = None
            commit(rubric, "tech_ops", A.remove_technology(doc(), tid), f"Removed '{tid}'.")

        k1.button("Yes, remove the technology", type="primary", on_click=lambda: attempt("tech_ops", _remove))
        k2.button("Keep it", on_click=lambda: s.__setitem__("confirm_remove_tech", None))
    else:
        c3.button("Remove technology", on_click=lambda: s.__setitem__("confirm_remove_tech", tid), width="stretch")
    show("tech_ops")


@st.cache_data(max_entries=64, show_spinner=False)
def technologies_of(_ws: Workspace, set_id: str, number: int, sha256: str) -> dict[str, str]:
    """The technologies (id: name) of one stored version, parsed once per content (its hash is in the key): every
    load of the Assess page parsed the newest other set in full (4-6 s of server CPU for a 5 MB set). Only sets the
    session's user may view reach this (the caller lists them from `ws.sets()`)."""
    other = A.parse(_ws.version(set_id, number).content)
    return {t["id"]: t["name"] for t in other.get("technologies", [])}


def copy_form(rubric: Rubric, ws: Workspace) -> None:
    """Copy a technology, with the sources it cites, from another set in the workspace."""
    with st.expander("Copy a technology from another set"):
        latest = {x.id: x.latest for x in ws.sets() if x.id != s.set_id}
        others = {x.id: x.title for x in ws.sets() if x.id in latest}
        if not others:
            st.caption("There is no other set in the workspace.")
        else:
            other_id = st.selectbox("From set", list(others), format_func=others.__getitem__, key="copy_from_set")
            info = latest[other_id]
            other_techs = technologies_of(ws, info.set_id, info.number, info.sha256)
            st.selectbox("Technology to copy", list(other_techs), format_func=other_techs.__getitem__, key="copy_tech")

            def _copy_tech() -> None:
                # The whole set is parsed only now, when the user copies: not on every rerun of the Assess page.
                other_doc = A.parse(ws.version(other_id, info.number).content)
                new, new_id = A.copy_technology(doc(), other_doc, s.copy_tech)
                if commit(rubric, "copy_tech", new, f"Copied as '{new_id}', with the sources it cites."):
                    s.assess_tech = new_id

            st.button("Copy technology", on_click=lambda: attempt("copy_tech", _copy_tech))
            show("copy_tech")
