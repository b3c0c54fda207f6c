"""The source register: the form that registers a source (used wherever one is cited) and the Sources tab."""

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.audit import quote_counts
from dashboard.core.models import AssessmentSet, Rubric, Source
from dashboard.core.quotes import SUFFIXES
from dashboard.core.text import md
from dashboard.ui import state
from dashboard.ui.assess.common import attempt, commit, doc, feedback, show, source_label
from dashboard.views.messages import RELIABILITY
from dashboard.views.register import checked_text
from dashboard.words import say
from dashboard.workspace.access import AccessDenied
from dashboard.workspace.repository import Workspace

SHORT_HASH = 12  # the SHA-256's first characters, as the register shows them

s = st.session_state


def register_form(rubric: Rubric, key: str) -> None:
    """Register a new source: the same form under every place that cites one."""

    def _register() -> None:
        undated = s.get(f"{key}_undated")
        picked = s.get(f"{key}_date")
        if not undated and picked is None:
            raise A.AuthoringError("pick the date it was published, or tick 'Undated'")
        checked = s.get(f"{key}_checked")
        new, sid = A.register_source(
            doc(),
            title=s.get(f"{key}_title", ""),
            publisher=s.get(f"{key}_publisher", ""),
            date=None if undated or picked is None else picked.isoformat(),
            url=s.get(f"{key}_url", ""),
            reference=s.get(f"{key}_reference", ""),
            type=s.get(f"{key}_type", ""),
            reliability=s.get(f"{key}_reliability", ""),
            sid=s.get(f"{key}_id", ""),
            checked=None if checked is None else checked.isoformat(),
            check_finding=s.get(f"{key}_finding", ""),
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
        # A picker, not free text: a date typed as 26/11/2026 used to come back as an error after submitting.
        c1.date_input(
            "Date published",
            value=None,
            min_value=dt.date(1800, 1, 1),
            max_value=dt.date.today(),
            format="YYYY-MM-DD",
            key=f"{key}_date",
        )
        c2.checkbox("Undated", key=f"{key}_undated", help="The source gives no date.")
        st.text_input("Address (http or https)", key=f"{key}_url")
        st.text_input("Reference (document symbol, citation, DOI)", key=f"{key}_reference")
        st.selectbox(
            "Reliability (Admiralty grade)",
            list(RELIABILITY),
            format_func=lambda g: f"{g}: {RELIABILITY[g]}",
            index=None,
            key=f"{key}_reliability",
        )
        _check_fields(key)
        st.text_input("Id (optional; made from the title)", key=f"{key}_id")
        st.form_submit_button("Register a source", on_click=lambda: attempt(key, _register))
    show(key)


def _check_fields(key: str) -> None:
    """The check of a source, inside a form: the day it was checked (a picker, so it is a day) and what it found."""
    c1, c2 = st.columns([1, 2])
    c1.date_input(
        say("register.form_checked"),
        value=None,
        min_value=dt.date(1800, 1, 1),
        max_value=dt.date.today(),
        format="YYYY-MM-DD",
        key=f"{key}_checked",
        help=say("register.form_checked_help"),
    )
    c2.text_input(say("register.form_finding"), key=f"{key}_finding", help=say("register.form_finding_help"))


def check_form(rubric: Rubric, sources: dict[str, Source]) -> None:
    """Record a check of a registered source: when, and what it found (the register and the briefing show both)."""
    key = "src_check"

    def _record() -> None:
        sid, checked = s.get(f"{key}_source"), s.get(f"{key}_checked")
        new = A.record_check(
            doc(), sid or "", "" if checked is None else checked.isoformat(), s.get(f"{key}_finding", "")
        )
        commit(rubric, key, new, say("register.recorded", id=sid or ""))

    with st.form(f"{key}_form", clear_on_submit=False):
        st.selectbox(
            say("register.form_source"),
            list(sources),
            format_func=lambda sid: source_label(sources[sid]),
            key=f"{key}_source",
        )
        _check_fields(key)
        st.form_submit_button(say("register.form_record"), on_click=lambda: attempt(key, _record))
    show(key)


def _copies(ws: Workspace | None, set_id: str | None) -> dict[str, Any]:
    """The stored copies of the set's sources, by source id ({} outside the workspace or without the reader role)."""
    if ws is None or not set_id:
        return {}
    try:
        return ws.copies(set_id)
    except AccessDenied:
        return {}


def _copy_status(copies: dict[str, Any], counts: dict[str, tuple[int, int]], sid: str) -> str:
    if sid not in copies:
        return say("sources.none_kept")
    found, quotes = counts[sid]
    return say("sources.kept", sha=copies[sid].sha256[:SHORT_HASH], found=found, quotes=quotes)


def attach_form(ws: Workspace, set_id: str, sources: dict[str, Source]) -> None:
    """Attach a stored copy (PDF, HTML or text) of a registered source: kept with its hash, who and when."""
    key = "attach_copy"

    def _attach() -> None:
        upload = s.get(f"{key}_file")
        sid = s.get(f"{key}_source")
        if upload is None or sid is None:
            return
        kept = ws.attach_copy(set_id, sid, upload.name, upload.getvalue())
        counts = quote_counts(data_for_counts(), {sid: kept.text})
        found, quotes = counts[sid]
        feedback()[key] = (
            "ok",
            md(
                say(
                    "sources.attached",
                    name=kept.file_name,
                    source=sid,
                    set_id=set_id,
                    sha=kept.sha256[:SHORT_HASH],
                    found=found,
                    quotes=quotes,
                )
            ),
        )

    with st.form(f"{key}_form", clear_on_submit=True):
        st.selectbox("Source", list(sources), format_func=lambda sid: source_label(sources[sid]), key=f"{key}_source")
        st.file_uploader(
            "Copy of the source (PDF, HTML or text)",
            type=sorted(x.lstrip(".") for x in SUFFIXES),
            key=f"{key}_file",
            help="Kept in the workspace with its SHA-256, who attached it and when; the audit checks every quote "
            "citing the source against its text. The source must be in the last saved version.",
        )
        st.form_submit_button("Attach copy", on_click=lambda: attempt(key, _attach))
    show(key)


def data_for_counts() -> AssessmentSet:
    """The set as it is now in this session (the draft), whose quotes the copies are checked against."""
    return state.loaded()[1]


def sources_tab(
    rubric: Rubric,
    sources: dict[str, Source],
    data: AssessmentSet | None = None,
    ws: Workspace | None = None,
    set_id: str | None = None,
) -> None:
    """The register as a table (with each source's stored copy, when the set is in the workspace), the form to
    register a source, attaching a copy, and removing one (which asks first)."""
    copies = _copies(ws, set_id)
    counts = quote_counts(data, {sid: c.text for sid, c in copies.items()}) if copies and data is not None else {}
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
                        say("register.column_checked"): checked_text(x),
                        say("register.column_finding"): x.check_finding,
                        **({"copy": _copy_status(copies, counts, x.id)} if ws is not None and set_id else {}),
                    }
                    for x in sources.values()
                ]
            ),
            hide_index=True,
        )
    st.markdown("**Register a source**")
    register_form(rubric, "src_register")
    if sources:
        st.markdown(f"**{say('register.form_heading')}**")
        check_form(rubric, sources)
    if ws is not None and set_id and sources and ws.may("save", set_id):
        st.markdown("**Attach a copy of a source**")
        attach_form(ws, set_id, sources)
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
