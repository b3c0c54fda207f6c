"""The Details tab: the technology's name, id, category, description and deployment, and its source excerpts.

The details save as they are typed (each field, on leaving it, writes them all into the draft), as the criterion
form does: a reload or a closed tab loses nothing, and there is no "Save details" to forget (issue 21)."""

import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.models import Rubric, Source, Technology
from dashboard.ui.assess.common import attempt, commit, doc, feedback, item_buttons, removable, show, source_label

s = st.session_state


def details_form(rubric: Rubric, tech: Technology) -> None:
    """What the technology is and where it is deployed; a new id renames it (and the page follows)."""
    tid = tech.id
    dep = tech.deployment

    def _details() -> None:
        reach = s.get(f"d_reach::{tid}")
        new, new_id = A.update_technology(
            doc(),
            tid,
            id=s.get(f"d_id::{tid}", tid),
            name=s.get(f"d_name::{tid}", ""),
            category=s.get(f"d_category::{tid}", ""),
            description=s.get(f"d_description::{tid}", ""),
            deployment=A.deployment(
                s.get(f"d_operators::{tid}", ""),
                s.get(f"d_places::{tid}", ""),
                s.get(f"d_scale::{tid}", ""),
                None if reach in (None, "not known") else int(reach),
                s.get(f"d_vendors::{tid}", ""),
                s.get(f"d_status::{tid}", ""),
            ),
        )
        if commit(rubric, "details", new, "Saved as you type: the details are in your draft."):
            feedback().fresh.discard("details")  # said beside the form; a toast for every field left would be noise
            if new_id != tid:
                s.assess_tech = new_id

    def save() -> None:
        attempt("details", _details)

    c1, c2 = st.columns([2, 1])
    c1.text_input("Name", value=tech.name, key=f"d_name::{tid}", on_change=save)
    c2.text_input(
        "Id",
        value=tech.id,
        key=f"d_id::{tid}",
        help="Unique in the set; letters, digits, '_' and '-'.",
        on_change=save,
    )
    st.text_input("Category", value=tech.category, key=f"d_category::{tid}", on_change=save)
    st.text_area("Description", value=tech.description, key=f"d_description::{tid}", on_change=save)
    c1, c2, c3 = st.columns(3)
    c1.text_area("Operators (one per line)", value="\n".join(dep.operators), key=f"d_operators::{tid}", on_change=save)
    c2.text_area("Places (one per line)", value="\n".join(dep.places), key=f"d_places::{tid}", on_change=save)
    c3.text_area("Vendors (one per line)", value="\n".join(dep.vendors), key=f"d_vendors::{tid}", on_change=save)
    c1.text_input("Scale", value=dep.scale, key=f"d_scale::{tid}", on_change=save)
    reach_options = ["not known", 1, 2, 3, 4, 5]
    c2.selectbox(
        "Reach (1 one site ... 5 national)",
        reach_options,
        index=reach_options.index(dep.reach) if dep.reach in reach_options else 0,
        key=f"d_reach::{tid}",
        on_change=save,
    )
    c3.text_input("Status", value=dep.status, key=f"d_status::{tid}", on_change=save)
    show("details")


def excerpts_form(rubric: Rubric, tech: Technology, sources: dict[str, Source]) -> None:
    """The technology's source excerpts, each removable, and a form to add one (once the register has a source)."""
    tid = tech.id
    st.markdown("**Source excerpts**")
    for k, ex in enumerate(tech.excerpts):
        title = sources[ex.source].title if ex.source in sources else ex.source
        st.text(f"{k + 1}. “{ex.quote}” ({title})")
        removable(rubric, item_buttons(), f"rm_excerpt::{tid}::{k}", f"excerpt {k + 1}", "excerpt", ("excerpts",), k)
    if sources:
        with st.form(f"excerpt_form::{tid}"):
            st.selectbox("Source", list(sources), format_func=lambda sid: source_label(sources[sid]), key="ex_source")
            st.text_area("Excerpt (the source's own words)", key="ex_quote")
            st.form_submit_button(
                "Add excerpt",
                on_click=lambda: attempt(
                    "excerpt",
                    lambda: commit(
                        rubric,
                        "excerpt",
                        A.add_excerpt(doc(), tid, s.ex_source, s.get("ex_quote", "")),
                        "Excerpt added.",
                    ),
                ),
            )
    show("excerpt")
