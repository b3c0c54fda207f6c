"""A draft's slot (the drafts table's `token`, 64 characters) is refused past its length with a clear error on
SQLite as on PostgreSQL (issue 23): PostgreSQL refused a 65-character token with a database error while the sidebar
said the draft was kept, and SQLite stored 5,000 characters."""

from __future__ import annotations

import pytest
from together import PG_URL, reset_postgres

from dashboard.settings import DEFAULT_DATA
from dashboard.workspace import service
from dashboard.workspace.records import WorkspaceError
from dashboard.workspace.repository import DRAFT_SLOT_MAX, open_workspace

SET = DEFAULT_DATA.stem


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ws(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ws.db'}"
    else:
        if not PG_URL:
            pytest.skip("DASHBOARD_TEST_POSTGRES is not set (.ci/run sets it)")
        reset_postgres(PG_URL)
        url = PG_URL
    ws = open_workspace(url)
    service.seed(ws)
    yield ws
    ws.engine.dispose()


@pytest.mark.parametrize("length", [DRAFT_SLOT_MAX + 1, 5_000])
def test_a_slot_past_the_column_is_refused_alike(ws, length):
    info = ws.latest(SET)
    with pytest.raises(WorkspaceError, match=f"at most {DRAFT_SLOT_MAX} characters") as caught:
        ws.put_draft(SET, info.number, info.rubric_pk, "x", "Ann", slot="s" * length)
    assert caught.value.__cause__ is None  # refused before the database, not a driver error
    assert ws.draft(SET, slot="s" * length) is None


def test_a_slot_at_the_column_length_is_kept_alike(ws):
    info = ws.latest(SET)
    slot = "s" * DRAFT_SLOT_MAX
    ws.put_draft(SET, info.number, info.rubric_pk, "kept", "Ann", slot=slot)
    draft = ws.draft(SET, slot=slot)
    assert draft is not None and draft.content == "kept"
