"""The Criteria tab's score form: the criteria at a glance, one criterion chosen, its judgement saved."""

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.models import NA, Criterion, Rubric, Technology
from dashboard.core.text import md
from dashboard.ui.assess.common import attempt, commit, doc, show
from dashboard.views.labels import level_text

s = st.session_state
UNSURE, NOT_APPLICABLE = "unsure", "n/a"


def overview(rubric: Rubric, tech: Technology) -> None:
    """Every criterion with the technology's judgement, confidence, evidence count and whether it has a rationale."""
    rows = []
    for c in rubric.criteria:
        entry = tech.scores.get(c.id)
        rows.append(
            {
                "criterion": c.name,
                "judgement": level_text(entry, c),
                "confidence": (entry.confidence or "") if entry else "",
                "evidence": len(entry.evidence) if entry else 0,
                "rationale": "yes" if entry and (entry.rationale or entry.reason) else "no",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def score_form(rubric: Rubric, tech: Technology) -> Criterion:
    """Choose a criterion and record the judgement: answers, a level, a range ('unsure') or 'does not apply', with
    the rationale and confidence. Returns the chosen criterion, for the evidence form under it."""
    tid = tech.id
    crit_ids = [c.id for c in rubric.criteria]
    if s.get("assess_criterion") not in crit_ids:
        s.assess_criterion = crit_ids[0]
    st.selectbox("Criterion", crit_ids, format_func=lambda k: rubric.criterion(k).name, key="assess_criterion")
    criterion = rubric.criterion(s.assess_criterion)
    cid = criterion.id
    entry = tech.scores.get(cid)
    st.markdown(f"**{md(criterion.question)}**")
    levels = {lv.value: lv for lv in rubric.scale.levels}
    key = f"{tid}::{cid}"

    if criterion.options:
        labels = {o.id: f"{o.label} (counts as {o.score:g})" for o in criterion.options}
        current = (
            [entry.answer] if entry and isinstance(entry.answer, str) else list(entry.answer or []) if entry else []
        )
        if criterion.select == "many":
            st.multiselect(
                "Answers (choose all that apply)",
                list(labels),
                default=current,
                format_func=labels.__getitem__,
                key=f"answer::{key}",
            )
        else:
            st.radio(
                "Answer",
                list(labels),
                index=list(labels).index(current[0]) if current else None,
                format_func=lambda o: md(labels[o]),
                key=f"answer::{key}",
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
        if entry is None or entry.level is None:
            index = None
        elif entry.level == NA:
            index = options.index(NOT_APPLICABLE)
        elif isinstance(entry.level, list):
            index = options.index(UNSURE)
        else:
            index = options.index(entry.level) if entry.level in levels else None
        choice = st.radio("Level", options, index=index, format_func=describe, key=f"level::{key}")
        if choice == UNSURE:
            low0, high0 = entry.level if entry and isinstance(entry.level, list) else (None, None)
            values = list(levels)
            u1, u2 = st.columns(2)
            u1.selectbox(
                "Lowest level",
                values,
                index=values.index(low0) if low0 in values else None,
                format_func=lambda v: f"{v}: {levels[v].label}",
                key=f"low::{key}",
            )
            u2.selectbox(
                "Highest level",
                values,
                index=values.index(high0) if high0 in values else None,
                format_func=lambda v: f"{v}: {levels[v].label}",
                key=f"high::{key}",
            )
    if choice == NOT_APPLICABLE:
        st.text_area("Why it does not apply", value=entry.reason if entry else "", key=f"reason::{key}")
    else:
        st.text_area(
            "Rationale",
            value=entry.rationale if entry else "",
            key=f"rationale::{key}",
            help="Why this level, from which evidence. Mark what rests on unconfirmed reporting as reported.",
        )
        confidences = list(A.CONFIDENCE)
        st.radio(
            "Confidence",
            confidences,
            horizontal=True,
            index=confidences.index(entry.confidence) if entry and entry.confidence else None,
            key=f"confidence::{key}",
        )

    def _save_score() -> None:
        choice = s.get(f"level::{key}")  # the widget's value now, not when the page last ran
        if criterion.options:
            picked = s.get(f"answer::{key}")
            answers = tuple(picked) if isinstance(picked, list) else ((picked,) if picked else ())
            judgement = A.Judgement(
                "answer",
                answers=answers,
                rationale=s.get(f"rationale::{key}", ""),
                confidence=s.get(f"confidence::{key}"),
            )
        elif choice == NOT_APPLICABLE:
            judgement = A.Judgement("na", reason=s.get(f"reason::{key}", ""))
        elif choice == UNSURE:
            judgement = A.Judgement(
                "range",
                low=s.get(f"low::{key}"),
                high=s.get(f"high::{key}"),
                rationale=s.get(f"rationale::{key}", ""),
                confidence=s.get(f"confidence::{key}"),
            )
        elif choice is None:
            raise A.AuthoringError("choose a level")
        else:
            judgement = A.Judgement(
                "level", level=choice, rationale=s.get(f"rationale::{key}", ""), confidence=s.get(f"confidence::{key}")
            )
        commit(rubric, "score", A.set_score(doc(), rubric, tid, cid, judgement), f"Saved: {criterion.name}.")

    def _next() -> None:
        s.assess_criterion = crit_ids[(crit_ids.index(cid) + 1) % len(crit_ids)]

    b1, b2 = st.columns(2)
    b1.button("Save score", type="primary", on_click=lambda: attempt("score", _save_score), width="stretch")
    b2.button("Next criterion", on_click=_next, width="stretch")
    show("score")
    return criterion
