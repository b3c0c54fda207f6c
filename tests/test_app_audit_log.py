"""The app's side of the audit trail (issue 23): opening a set and building a briefing are recorded, the History page
shows who did both, and a version altered with plain SQL is refused, never shown."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import text

from app_driver import page, start, start_as
from dashboard.settings import DEFAULT_DATA
from dashboard.workspace.repository import open_workspace

pytestmark = pytest.mark.app  # drives the app's pages with AppTest (see docs/testing.md)
SET = DEFAULT_DATA.stem


def test_history_shows_who_opened_and_who_briefed_the_set(own_workspace):
    at = start_as("ann", role="reader")
    at = page(at, "briefing")
    at.date_input(key="brief_date").set_value(dt.date(2026, 11, 26))
    next(b for b in at.button if b.label == "Build briefing").click().run()
    assert not at.exception
    at = page(at, "history")
    assert any(h.value == "Who opened and briefed this set" for h in at.subheader)
    shown = next(d.value for d in at.dataframe if "who" in d.value.columns)
    rows = list(shown[["who", "what", "version"]].itertuples(index=False, name=None))
    assert rows == [("ann@example.org", "built a briefing", 1), ("ann@example.org", "opened", 1)]


def test_a_version_altered_with_plain_sql_is_refused_with_words_naming_it(own_workspace):
    start()  # seeds the workspace
    ws = open_workspace(own_workspace)
    with ws.engine.begin() as conn:
        conn.execute(text("UPDATE versions SET author = 'Verified Reviewer', author_verified = 1 WHERE number = 1"))
    at = start({"set": SET})
    shown = html.unescape(" ".join(str(e.value) for e in [*at.error, *at.sidebar.markdown]))
    assert "refused to show it: version 1 of" in shown and "was altered after it was saved" in shown
    assert "Verified Reviewer" not in " ".join(str(m.value) for m in at.markdown)
