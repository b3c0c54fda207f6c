"""The Criteria tab's guided flow: a technology's criteria in the rubric's order, one at a time, saved as typed."""

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.core.authoring import flow
from dashboard.core.authoring.autosave import NOT_APPLICABLE, UNSURE, missing
from dashboard.core.models import Criterion, Rubric, Technology
from dashboard.core.text import md
from dashboard.ui import pending_session, review
from dashboard.ui.assess import autosave
from dashboard.ui.assess.common import feedback, show
from dashboard.views.labels import level_text

s = st.session_state
CONFIDENCES = ("low", "medium", "high")
# How each state reads in the jump list and the flow's progress line.
STATE_TEXT = {
    flow.NOT_STARTED: "not started",
    flow.INCOMPLETE: "incomplete",
    flow.NO_EVIDENCE: "scored, missing evidence",
    flow.SCORED: "scored",
    flow.RANGE: "scored as a range",
    flow.NOT_APPLICABLE: "does not apply",
}


def _pending_by_criterion(tid: str) -> dict[str, dict[str, Any]]:
    prefix = f"{tid}::"
    return {k[len(prefix) :]: v for k, v in pending_session.all_fields().items() if k.startswith(prefix)}


def steps(rubric: Rubric, tech: Technology) -> list[flow.Step]:
    """The technology's criteria in the rubric's order, each with its state (what was typed and kept counts)."""
    return flow.steps(rubric, tech, _pending_by_criterion(tech.id))


def overview(rubric: Rubric, tech: Technology) -> None:
    """Every criterion with its state, judgement, confidence, evidence count and whether it has a rationale."""
    rows = []
    for step, c in zip(steps(rubric, tech), rubric.criteria, strict=True):
        entry = tech.scores.get(c.id)
        rows.append(
            {
                "#": step.position,
                "criterion": c.name,
                "state": STATE_TEXT[step.state],
                "judgement": level_text(entry, c),
                "confidence": (entry.confidence or "") if entry else "",
                "evidence": len(entry.evidence) if entry else 0,
                "rationale": "yes" if entry and (entry.rationale or entry.reason) else "no",
            }
        )
    with st.expander("All criteria and their state", expanded=False):
        st.dataframe(pd.DataFrame(rows), hide_index=True)


def _go(order: list[str], current: str, step: int) -> None:
    s.assess_criterion = flow.neighbour(order, current, step)


def score_form(rubric: Rubric, tech: Technology) -> Criterion:
    """One criterion at a time: where it is in the rubric ('5 of 16'), its state, the judgement (answers, a level, a
    range or 'does not apply', the rationale and confidence), each field saved into the draft as it changes.
    Returns the criterion, for the evidence form under it."""
    tid = tech.id
    flow_steps = steps(rubric, tech)
    order = [x.criterion for x in flow_steps]
    state_of = {x.criterion: x for x in flow_steps}
    if s.get("assess_criterion") not in order:
        s.assess_criterion = order[0]

    def jump_label(k: str) -> str:
        # Static words only: the browser keeps a select box's choice by its words, so a label that changed with the
        # criterion's state would lose the choice at the next rerun. The states are in the table above.
        return f"{state_of[k].position}. {rubric.criterion(k).name}"

    st.selectbox("Criterion", order, format_func=jump_label, key="assess_criterion", help="Jump to any criterion.")
    criterion = rubric.criterion(s.assess_criterion)
    cid = criterion.id
    here = state_of[cid]
    done = sum(x.state in (flow.SCORED, flow.RANGE, flow.NOT_APPLICABLE, flow.NO_EVIDENCE) for x in flow_steps)
    st.progress(
        here.position / len(order),
        text=f"Criterion {here.position} of {len(order)}: {STATE_TEXT[here.state]} ({done} of {len(order)} judged)",
    )
    entry = tech.scores.get(cid)
    review.comments_beside(tech.id, cid)  # the reviewers' open comments on this score
    st.markdown(f"**{md(criterion.question)}**")
    levels = {lv.value: lv for lv in rubric.scale.levels}
    key = f"{tid}::{cid}"
    many = bool(criterion.options) and criterion.select == "many"
    autosave.prepare(key, entry, many)
    save: dict[str, Any] = {"on_change": autosave.save, "args": (rubric, tid, cid)}

    if criterion.options:
        labels = {o.id: f"{o.label} (counts as {o.score:g})" for o in criterion.options}
        if many:
            st.multiselect(
                "Answers (choose all that apply)",
                list(labels),
                format_func=labels.__getitem__,
                key=autosave.widget("answers", key),
                **save,
            )
        else:
            st.radio(
                "Answer",
                list(labels),
                index=None,
                format_func=lambda o: md(labels[o]),
                key=autosave.widget("answers", key),
                **save,
            )
        choice: Any = "answer"
    else:

        def describe(value: Any) -> str:
            if value == UNSURE:
                return "Unsure: between two levels"
            if value == NOT_APPLICABLE:
                return "Does not apply"
            lv = levels[value]
            text = criterion.descriptors.get(value) or lv.meaning
            return md(f"{value}: {lv.label}" + (f": {text}" if text else ""))

        options: list[Any] = list(levels) + [UNSURE, NOT_APPLICABLE]
        choice = st.radio(
            "Level", options, index=None, format_func=describe, key=autosave.widget("choice", key), **save
        )
        if choice == UNSURE:
            values_ = list(levels)
            u1, u2 = st.columns(2)
            for col, field, label in ((u1, "low", "Lowest level"), (u2, "high", "Highest level")):
                col.selectbox(
                    label,
                    values_,
                    index=None,
                    format_func=lambda v: f"{v}: {levels[v].label}",
                    key=autosave.widget(field, key),
                    **save,
                )
    if choice == NOT_APPLICABLE:
        st.text_area("Why it does not apply", key=autosave.widget("reason", key), **save)
    else:
        st.text_area(
            "Rationale",
            key=autosave.widget("rationale", key),
            help="Why this level, from which evidence. Mark what rests on unconfirmed reporting as reported.",
            **save,
        )
        st.radio(
            "Confidence", list(CONFIDENCES), horizontal=True, index=None, key=autosave.widget("confidence", key), **save
        )
    if here.state == flow.INCOMPLETE:
        lacking = missing(rubric, cid, autosave.typed(key))
        if lacking:
            st.warning("Incomplete, kept in your draft: " + md("; ".join(lacking)) + ".", icon=":material/pending:")

    def _check() -> None:
        autosave.save(rubric, tid, cid)
        if feedback().get(f"score::{key}", ("", ""))[0] == "error":
            return
        lacking = missing(rubric, cid, autosave.typed(key))
        if lacking:
            text = "Not complete yet (kept in your draft): " + "; ".join(lacking) + "."
            feedback()[f"score::{key}"] = ("error", md(text))
        else:
            feedback()[f"score::{key}"] = ("ok", md(f"Saved: {criterion.name}."))

    b0, b1, b2 = st.columns(3)
    b0.button(
        "Previous criterion",
        on_click=_go,
        args=(order, cid, -1),
        disabled=here.position == 1,
        width="stretch",
    )
    b1.button("Save score", type="primary", on_click=_check, width="stretch", help="Saved as you type; this checks it.")
    b2.button(
        "Next criterion",
        on_click=_go,
        args=(order, cid, 1),
        disabled=here.position == len(order),
        width="stretch",
    )
    show(f"score::{key}")
    return criterion
