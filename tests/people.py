"""People for the store's tests: a user with a role on a set, and the workspace as that user sees it."""

from __future__ import annotations

from dashboard.settings import DEFAULT_DATA
from dashboard.workspace.access import Actor
from dashboard.workspace.repository import Workspace

SET = DEFAULT_DATA.stem


def member(ws: Workspace, name: str, role: str | None = "analyst", set_id: str = SET) -> Workspace:
    """`ws` (acting as an administrator) with user `name` added, signed in once, given `role` on `set_id` (None: no
    role); returns the workspace acting as them."""
    email = f"{name}@example.org"
    ws.add_user(email, name.title())
    ws.sign_in(name, email, name.title())
    if role is not None:
        ws.grant(set_id, email, role)
    return ws.acting(Actor(name, email, name.title()))
