"""Review in the pages: the steps the Review page offers, what waits for the signed-in user (Overview and sidebar),
and the comments shown beside what they concern (Assess, Technology profile). Every step is taken by the workspace
(dashboard/workspace/review.py), which decides; a refusal is shown with its reason."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.core.text import md
from dashboard.ui import workspace_session
from dashboard.workspace import review as W
from dashboard.workspace.records import WorkspaceError


def status(number: int | None = None) -> W.Status | None:
    """The review status of version `number` (None: the latest) of the session's set, or None without one."""
    ws, set_id = workspace_session.workspace(), st.session_state.get("set_id")
    if ws is None or not set_id:
        return None
    try:
        return W.status(ws, set_id, number)
    except WorkspaceError:
        return None


def take(action: str, number: int, fields: dict[str, str] | None = None, **kwargs: Any) -> None:
    """Take `action` on version `number` of the session's set; the outcome (or the refusal) is shown next run.
    `fields` maps a parameter to the key of the widget that holds it, read when the button is pressed (the values a
    callback is bound with are those of the run before the user typed)."""
    s = st.session_state
    kwargs |= {name: s.get(key) for name, key in (fields or {}).items()}
    s.review_error, s.review_message = "", ""
    ws = workspace_session.workspace()
    if ws is None:
        s.review_error = "The workspace is not available; the sidebar says why."
        return
    try:
        done = W.act(ws, s.set_id, number, action, **kwargs)
    except WorkspaceError as exc:
        s.review_error = str(exc)
        return
    s.review_message = f"Version {done.version}: {W.state_name(done.state)}."


def waiting_panel(*, compact: bool = False) -> None:
    """What waits for the signed-in user: reviews to do and open comments on the sets they write."""
    ws = workspace_session.workspace()
    if ws is None:
        return
    try:
        waits = W.waiting(ws)
    except WorkspaceError:
        return
    if not waits.reviews and not waits.comments:
        if not compact:
            st.caption("Nothing waits for you: no review to do and no open comment on your sets.")
        return
    lines = [f"- Review '{md(set_id)}' version {n}" for set_id, n in waits.reviews]
    lines += [
        f"- Open comment on '{md(set_id)}' version {c.version}: {md(c.text[:80])}" for set_id, c in waits.comments
    ]
    if compact:
        st.markdown(f"**Waiting for you:** {len(waits.reviews)} review(s), {len(waits.comments)} open comment(s)")
        return
    st.markdown("**Waiting for you**\n\n" + "\n".join(lines))


def comments_beside(technology: str, criterion: str | None = None) -> None:
    """The open comments on `technology` (and `criterion`), beside what they concern."""
    ws, set_id = workspace_session.workspace(), st.session_state.get("set_id")
    if ws is None or not set_id:
        return
    try:
        found = W.open_comments(ws, set_id)
    except WorkspaceError:
        return
    for c in found:
        if c.technology == technology and (criterion is None or c.criterion == criterion):
            where = f" on {md(c.criterion)}" if c.criterion and criterion is None else ""
            st.warning(f"Review comment{where} by {md(c.author)} (version {c.version}): {md(c.text)}")
