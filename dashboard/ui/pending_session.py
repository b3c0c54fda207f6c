"""The session's pending fields and remembered name, bound to `st.session_state` and kept in the workspace.

`dashboard/workspace/pending.py` stores what was typed on the Assess page but cannot go into the draft yet (evidence
not yet added, an unfinished range, "does not apply" before its reason) and the name typed in the sidebar; this module
loads them once per set and draft, hands them to the forms and writes them back as they change. Without a workspace
they live in this browser session only.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.ui import workspace_session
from dashboard.workspace import pending as P
from dashboard.workspace.connection import for_users
from dashboard.workspace.records import WorkspaceError

FIELDS_KEY, FOR_KEY, NAME_KEY = "pending_fields", "pending_for", "pending_author"
# The criterion form's widgets, by their key's prefix ('level::technology::criterion').
WIDGETS = {
    "level": "choice",
    "low": "low",
    "high": "high",
    "reason": "reason",
    "rationale": "rationale",
    "confidence": "confidence",
    "answer": "answers",
    "ev_source": "ev_source",
    "ev_quote": "ev_quote",
    "ev_page": "ev_page",
    "ev_note": "ev_note",
}


def _marker() -> tuple[Any, Any]:
    s = st.session_state
    return s.get("set_id"), s.get("base")


def _loaded() -> P.Pending:
    """The pending fields and name for the session's set and draft, from the workspace on first use."""
    s = st.session_state
    if s.get(FOR_KEY) != _marker():
        ws = workspace_session.current()
        found = P.load(ws, s.set_id) if ws is not None else P.Pending()
        s[FIELDS_KEY], s[NAME_KEY], s[FOR_KEY] = found.fields, found.author, _marker()
        for key in [k for k in s if isinstance(k, str) and k.split("::")[0] in WIDGETS]:
            del s[key]  # the forms show the (re)opened draft, not what an earlier one held
    return P.Pending(s[FIELDS_KEY], s.get(NAME_KEY, ""))


def fields(form_key: str) -> dict[str, Any]:
    """The pending fields of one form ('technology::criterion')."""
    return dict(_loaded().fields.get(form_key, {}))


def all_fields() -> dict[str, dict[str, Any]]:
    return dict(_loaded().fields)


def count() -> int:
    """How many typed fields are kept but not yet in the draft."""
    return _loaded().count()


def keep(form_key: str, values: dict[str, Any]) -> str:
    """Keep `values` as the pending fields of `form_key` (none: forget them); returns an error, or ''."""
    s = st.session_state
    current = _loaded()
    if current.fields.get(form_key, {}) == values:
        return ""
    updated = {k: v for k, v in current.fields.items() if k != form_key}
    if values:
        updated[form_key] = values
    s[FIELDS_KEY] = updated
    return _write(P.Pending(updated, workspace_session.author()[0] or current.author))


def restore_name() -> None:
    """Before the sidebar is drawn: the name kept with this session's draft, when none is typed."""
    s = st.session_state
    if not s.get("set_id"):
        return
    name = _loaded().author  # loaded on every page, so the sidebar's count of typed fields is true everywhere
    if s.get("author_name"):
        return
    if not name:
        ws = workspace_session.current()
        try:
            draft = ws.draft(s.set_id) if ws is not None else None
        except WorkspaceError:
            draft = None
        name = draft.author if draft is not None else ""
    if name:
        s.author_name = name


def _write(pending: P.Pending) -> str:
    s = st.session_state
    ws = workspace_session.current()
    if ws is None:
        return ""
    try:
        P.store(ws, s.set_id, s.base, s.rubric_pk, pending)
    except WorkspaceError as exc:
        kept = "What you typed is kept in this browser session but could not be written to the workspace"
        return f"{kept}: {for_users(exc)}"
    return ""
