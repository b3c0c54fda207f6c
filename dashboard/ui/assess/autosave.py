"""The criterion form saves as you type: each widget's on_change writes its form into the draft at once.

What the draft can hold goes into it through the same path as every other edit (`state.replace_data`, the workspace
draft); the rest (evidence not yet added, an unfinished range, "does not apply" before its reason) is kept beside it
(`ui/pending_session.py`). The widgets start from the draft and those pending fields, so a reload, "Next criterion"
or a closed tab brings back what was typed.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.authoring.autosave import EVIDENCE_FIELDS, apply_fields, form_values
from dashboard.core.models import Rubric, ScoreEntry
from dashboard.core.problems import InputError
from dashboard.core.text import md
from dashboard.ui import pending_session, state
from dashboard.ui.assess.common import doc, feedback, problems_text
from dashboard.ui.pending_session import WIDGETS

s = st.session_state
PREFIX = {field: prefix for prefix, field in WIDGETS.items()}  # field name -> widget key prefix


def widget(field: str, form_key: str) -> str:
    """The session-state key of one field's widget in the form of `form_key` ('technology::criterion')."""
    return f"{PREFIX[field]}::{form_key}"


def entry_fields(entry: ScoreEntry | None) -> dict[str, Any]:
    """A score entry as the document holds it (only what the form edits)."""
    if entry is None:
        return {}
    found = {"level": entry.level, "answer": entry.answer, "reason": entry.reason, "rationale": entry.rationale}
    found["confidence"] = entry.confidence
    return {k: v for k, v in found.items() if v not in (None, "")}


def prepare(form_key: str, entry: ScoreEntry | None, answers_many: bool) -> dict[str, Any]:
    """Give each of the form's widgets its starting value (the draft's, or what was typed and kept) unless it has one
    already; returns the form's values."""
    values = form_values(entry_fields(entry), pending_session.fields(form_key))
    answers = values.get("answers")
    if answers_many:
        values["answers"] = [answers] if isinstance(answers, str) else list(answers or [])
    else:
        values["answers"] = answers[0] if isinstance(answers, list) and answers else answers or None
    for field, value in values.items():
        key = widget(field, form_key)
        if key not in s:
            s[key] = value
    return {field: s[widget(field, form_key)] for field in values}


def typed(form_key: str) -> dict[str, Any]:
    """The form's values as its widgets hold them now (only the widgets the session has)."""
    return {field: s[widget(field, form_key)] for field in PREFIX if widget(field, form_key) in s}


def save(rubric: Rubric, tid: str, cid: str) -> None:
    """on_change of every field: the form into the draft as far as it can go, the rest kept as pending."""
    form_key = f"{tid}::{cid}"
    values = typed(form_key)
    outcomes = feedback()
    outcomes.pop(f"score::{form_key}", None)
    current = _current_doc()
    new = current
    try:
        new, pending = apply_fields(current, rubric, tid, cid, values)
        if new != current:
            model = A.validated(new, rubric)
            text = A.dump(new)
            state.replace_data(text, validated=(rubric, model))
            s[_DOC] = (text.encode("utf-8"), new)
    except (A.AuthoringError, InputError) as exc:
        text = problems_text(exc, new, rubric) if isinstance(exc, InputError) else md(str(exc))
        outcomes[f"score::{form_key}"] = ("error", f"Kept as typed, not yet in the draft: {text}")
        pending = {k: v for k, v in values.items() if v not in (None, "", [])}
    problem = pending_session.keep(form_key, pending)
    if problem:
        outcomes[f"score::{form_key}"] = ("error", md(problem))


_DOC = "_autosave_doc"  # (the draft's bytes, the document parsed from them)


def _current_doc() -> A.Doc:
    """The draft as a document, parsed once per draft: each field saved starts from the document the previous one
    made, not from parsing the whole set again (issue 21). Never changed in place: `apply_fields` copies what it
    changes."""
    data = state.inputs()[2]
    kept = s.get(_DOC)
    if kept is not None and kept[0] == data:
        return kept[1]  # type: ignore[no-any-return]
    parsed = doc()
    s[_DOC] = (data, parsed)
    return parsed


def clear_evidence(form_key: str) -> None:
    """Empty the evidence fields (after the item was added) and forget them as pending."""
    for field in EVIDENCE_FIELDS:
        s[widget(field, form_key)] = None if field == "ev_source" else ""
    kept = {k: v for k, v in pending_session.fields(form_key).items() if k not in EVIDENCE_FIELDS}
    pending_session.keep(form_key, kept)
