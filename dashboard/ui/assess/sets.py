"""The set forms: start a new assessment set in the workspace, or duplicate the open one."""

import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.problems import InputError
from dashboard.core.text import md
from dashboard.ui import workspace_session
from dashboard.ui.assess.common import attempt, doc, feedback, show
from dashboard.workspace.repository import Workspace

s = st.session_state


def author() -> str:
    return workspace_session.author()[0]


def new_set_form(ws: Workspace | None) -> None:
    """A new set from a title, scope, authors, a rubric (stored or uploaded) and its first technology."""
    rubrics = ws.rubrics() if ws is not None else []

    def _new_set() -> None:
        if ws is None:
            raise A.AuthoringError("the workspace is not available, so a new set cannot be kept")
        if not author():
            raise A.AuthoringError("enter your name in the sidebar first: it is recorded with the set")
        upload = s.get("new_rubric_file")
        if upload is not None:
            from dashboard.workspace import service as W

            try:
                info, model = W.add_rubric(ws, upload.getvalue(), upload.name)
            except InputError as exc:
                raise A.AuthoringError(
                    "the rubric has problems: " + "; ".join(p.format() for p in exc.problems)
                ) from None
        else:
            choice = s.get("new_rubric")
            chosen = next((r for r in rubrics if r.pk == choice), None)
            if chosen is None:
                raise A.AuthoringError("choose the rubric the set is scored against")
            info = chosen
            from dashboard.core.loading import load_rubric

            _, text = ws.rubric(info.pk)
            model = load_rubric(text.encode("utf-8"), info.file_name)
        new = A.new_set(
            title=s.get("new_title", ""),
            scope=s.get("new_scope", ""),
            authors=A.lines(s.get("new_authors", "")),
            rubric=model,
            first_technology=s.get("new_first_tech", ""),
        )
        A.validated(new, model)
        saved = workspace_session.create_set(A.dump(new), info.pk, new["meta"]["title"], "New assessment set")
        s.assess_tech = new["technologies"][0]["id"]
        feedback()["new_set"] = ("ok", md(f"Created '{saved.set_id}' (version 1). It is open now."))

    with st.form("new_set_form"):
        st.text_input("Title", key="new_title")
        st.text_area("Scope", key="new_scope", help="What is assessed, for whom, and what is left out.")
        st.text_area("Authors (one per line)", key="new_authors")
        st.selectbox(
            "Rubric",
            [r.pk for r in rubrics],
            format_func=lambda pk: next(
                f"{r.title}, version {r.version} ({r.file_name})" for r in rubrics if r.pk == pk
            ),
            key="new_rubric",
        )
        st.file_uploader("Or upload a rubric to add it (YAML)", type=["yaml", "yml"], key="new_rubric_file")
        st.text_input("First technology to assess", key="new_first_tech")
        st.form_submit_button("Create set", type="primary", on_click=lambda: attempt("new_set", _new_set))
    show("new_set")


def duplicate_form(ws: Workspace | None, title: str) -> None:
    """A copy of the open set under a new title (`title` is the open set's, for the placeholder)."""

    def _duplicate_set() -> None:
        if ws is None or not s.get("set_id"):
            raise A.AuthoringError("the workspace is not available")
        if not author():
            raise A.AuthoringError("enter your name in the sidebar first")
        new = A.duplicate_set(doc(), s.get("dup_title", ""))
        saved = workspace_session.create_set(
            A.dump(new), s.rubric_pk, new["meta"]["title"], f"Duplicated from '{s.set_id}'"
        )
        feedback()["dup_set"] = ("ok", md(f"Duplicated as '{saved.set_id}'. It is open now."))

    c1, c2 = st.columns([3, 1])
    c1.text_input("Title of the copy", key="dup_title", placeholder=f"Copy of {title}")
    c2.button("Duplicate this set", on_click=lambda: attempt("dup_set", _duplicate_set), width="stretch")
    show("dup_set")
