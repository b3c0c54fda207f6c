"""What a session has typed that its draft cannot hold yet, kept in the workspace beside the draft.

The Assess page saves every field as it changes (`core/authoring/autosave.py`); the fields the assessment file cannot
hold yet (evidence typed but not added, an unsure range with one end chosen, "does not apply" before its reason) and
the name the user typed are kept here, so a reload or a closed tab loses nothing. They are stored as a draft row of
the user's own for the set, in a slot of their own (as a refused save's draft is), holding JSON rather than YAML.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

from dashboard.workspace.records import WorkspaceError
from dashboard.workspace.repository import Workspace

PENDING = "pending"  # the draft slot of the user's pending fields (beside DRAFT and REFUSED)


@dataclass(frozen=True)
class Pending:
    """The fields typed but not yet in the draft, by form key ('technology::criterion'), and the name typed."""

    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    author: str = ""

    def count(self) -> int:
        """How many fields are typed but not yet in the draft."""
        return sum(len(values) for values in self.fields.values())


def load(ws: Workspace, set_id: str) -> Pending:
    """The session's pending fields for `set_id` (none when there are none, or the workspace cannot say)."""
    try:
        row = ws.draft(set_id, slot=PENDING)
    except WorkspaceError:
        return Pending()
    if row is None:
        return Pending()
    try:
        fields = json.loads(row.content).get("fields", {})
    except (ValueError, AttributeError):
        fields = {}
    return Pending(fields if isinstance(fields, dict) else {}, row.author)


def store(ws: Workspace, set_id: str, base: int, rubric_pk: int, pending: Pending) -> None:
    """Keep `pending` for the session; raises WorkspaceError when it cannot be written."""
    content = json.dumps({"fields": pending.fields}, ensure_ascii=False, sort_keys=True)
    ws.put_draft(set_id, base, rubric_pk, content, pending.author, slot=PENDING)


def discard(ws: Workspace, set_id: str) -> None:
    with contextlib.suppress(WorkspaceError):
        ws.discard_draft(set_id, slot=PENDING)
