"""The Criteria tab's evidence form: the evidence cited for the chosen criterion, and fields to cite more.

The fields belong to their criterion (each starts empty) and are kept as they are typed, so a quote not yet added
survives "Next criterion" and a reload; "Add evidence" puts the item into the draft and empties them.
"""

from typing import Any

import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.authoring.autosave import evidence_missing
from dashboard.core.models import Criterion, Rubric, Source, Technology
from dashboard.ui.assess import autosave, register
from dashboard.ui.assess.common import attempt, commit, doc, item_buttons, removable, show, source_label

s = st.session_state


def evidence_form(rubric: Rubric, tech: Technology, criterion: Criterion, sources: dict[str, Source]) -> None:
    """The score's evidence, each removable; fields to add an item; and the form to register a new source."""
    tid = tech.id
    cid = criterion.id
    entry = tech.scores.get(cid)
    key = f"{tid}::{cid}"
    feedback_key = f"evidence::{key}"
    st.markdown("**Evidence for this score**")
    for k, ev in enumerate(entry.evidence if entry else []):
        cited = " ".join(x for x in (f"“{ev.quote}”" if ev.quote else "", f"({ev.page})" if ev.page else "") if x)
        what = " – ".join(x for x in (cited, ev.note) if x)  # the quote and the analyst's note kept apart
        title = sources[ev.source].title if ev.source in sources else ev.source
        st.text(f"{k + 1}. {title}: {what}")
        removable(
            rubric,
            item_buttons(),
            f"rm_ev::{key}::{k}",
            f"evidence {k + 1}",
            feedback_key,
            ("scores", cid, "evidence"),
            k,
        )
    if sources:
        save: dict[str, Any] = {"on_change": autosave.save, "args": (rubric, tid, cid)}
        if s.get(autosave.widget("ev_source", key)) not in sources:
            s[autosave.widget("ev_source", key)] = None
        st.selectbox(
            "Source (type to search by title, publisher or id)",
            list(sources),
            format_func=lambda sid: source_label(sources[sid]),
            index=None,
            key=autosave.widget("ev_source", key),
            **save,
        )
        st.text_area("Quote (verbatim)", key=autosave.widget("ev_quote", key), **save)
        c1, c2 = st.columns(2)
        c1.text_input("Page or paragraph", key=autosave.widget("ev_page", key), **save)
        c2.text_input("Note (what it shows, in your words)", key=autosave.widget("ev_note", key), **save)

        def _add_evidence() -> None:
            typed = autosave.typed(key)
            problems = evidence_missing(typed)
            if problems:
                raise A.AuthoringError("; ".join(problems))
            source, quote, note = typed["ev_source"], typed.get("ev_quote") or "", typed.get("ev_note") or ""
            item = A.evidence(source, quote, s.get(autosave.widget("ev_page", key)) or "", note)
            count = len(entry.evidence) + 1 if entry else 1
            added = commit(
                rubric,
                feedback_key,
                A.add_score_evidence(doc(), tid, cid, item),
                f"Evidence added to {criterion.name} ({count} item(s)).",
            )
            if added:
                autosave.clear_evidence(key)

        st.button("Add evidence", on_click=lambda: attempt(feedback_key, _add_evidence))
    else:
        st.caption("The register is empty: register a source below first.")
    show(feedback_key)
    # Drawn only when asked for: its dozen fields, drawn (hidden) in an expander on every click of the flow, took an
    # eighth of each click (issue 21).
    if st.toggle("Register a new source", key="src_in_criteria_open", help="A source not yet in the register."):
        register.register_form(rubric, "src_in_criteria")
