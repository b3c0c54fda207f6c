"""A malformed workspace setting stops with a clear error, never a silent new SQLite file; database errors reach
the app's users without the database's host, user name or file path (issue 23)."""

from __future__ import annotations

import html
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from dashboard.cli import serve
from dashboard.workspace.connection import for_users
from dashboard.workspace.records import WorkspaceError

URL = "postgresql+psycopg://alice@db.internal.example:5432/dashboard"


@pytest.mark.parametrize(
    ("driver_text", "cause"),
    [
        ('connection to server at "db.internal.example" (10.1.2.3), port 5432 failed: Connection refused', "reached"),
        ('password authentication failed for user "alice"', "reached"),
        ("unable to open database file /srv/secret/path/workspace.db", "reached"),
        ("attempt to write a readonly database", "cannot be written"),
        ("database or disk is full", "disk"),
        ("file is not a database", "damaged"),
        ("database is locked", "busy"),
        ('relation "alice_tables" does not exist', "refused"),
    ],
)
def test_a_database_error_reaches_users_by_its_cause_only(driver_text, cause):
    db_error = OperationalError("SELECT 1", {}, sqlite3.OperationalError(driver_text))
    try:
        raise WorkspaceError(f"workspace {URL}: {driver_text}") from db_error
    except WorkspaceError as exc:
        shown = for_users(exc, URL)
    assert cause in shown
    for secret in ("alice", "db.internal", "10.1.2.3", "/srv/secret", "5432"):
        assert secret not in shown, shown


def test_other_workspace_errors_keep_their_words_without_the_database_name():
    exc = WorkspaceError(f"workspace {URL}: no assessment set 'x'")
    shown = for_users(exc, URL)
    assert shown == "workspace the workspace database: no assessment set 'x'"


def test_a_sqlite_path_is_taken_out_of_a_message(tmp_path):
    url = f"sqlite:///{tmp_path / 'private' / 'workspace.db'}"
    shown = for_users(WorkspaceError(f"the file {tmp_path / 'private' / 'workspace.db'} was replaced"), url)
    assert str(tmp_path) not in shown and "the workspace database" in shown


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    monkeypatch.delenv("DASHBOARD_WORKSPACE", raising=False)
    (tmp_path / ".streamlit").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    ("secrets", "refusal"),
    [
        ("[connections.workspace\nurl = 'x'", "cannot be read"),
        ("[connections.workspace]\ndialect = 'postgresql'\n", "no url"),
        ("[connections.workspace]\nurl = ''\n", "no url"),
        ("[connections.workspace]\nurl = 'not a url at all'\n", "is not a database URL"),
        ("[connections]\nworkspace = 'postgresql://x'\n", "no url"),
    ],
)
def test_serve_stops_on_a_malformed_workspace_setting_instead_of_a_new_sqlite_file(checkout, secrets, refusal):
    (checkout / ".streamlit" / "secrets.toml").write_text(secrets)
    with pytest.raises(serve.ServeError, match=refusal):
        serve.workspace_url(None, checkout)


@pytest.mark.parametrize(
    ("secrets", "expected"),
    [
        (None, "default"),
        ("[auth]\nclient_id = 'x'\n", "default"),
        (f"[connections.workspace]\nurl = '{URL}'\n", URL),
    ],
)
def test_serve_uses_a_well_formed_setting_or_the_default(checkout, secrets, expected):
    from dashboard.workspace.connection import default_url

    if secrets is not None:
        (checkout / ".streamlit" / "secrets.toml").write_text(secrets)
    assert serve.workspace_url(None, checkout) == (default_url() if expected == "default" else expected)


@pytest.mark.app
def test_the_app_stops_on_a_malformed_workspace_setting_and_creates_no_sqlite_file(tmp_path, own_workspace):
    from streamlit.testing.v1 import AppTest

    from app_driver import APP

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.secrets["connections"] = {"workspace": {"url": "not a url at all"}}
    at.run()
    assert not at.exception
    errors = [html.unescape(e.value) for e in at.sidebar.error]  # shown as typed: escaped for Markdown
    assert errors and "[connections.workspace]" in errors[0] and "no other database is used" in errors[0]
    assert not (tmp_path / "workspace.db").exists()  # DASHBOARD_WORKSPACE's file: no silent fallback to it


@pytest.mark.app
def test_the_app_names_no_host_or_user_when_the_database_cannot_be_reached(tmp_path):
    from streamlit.testing.v1 import AppTest

    from app_driver import APP

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.secrets["connections"] = {"workspace": {"url": "postgresql+psycopg://alice@127.0.0.1:9/dashboard_x"}}
    at.run()
    assert not at.exception
    errors = [html.unescape(e.value) for e in at.sidebar.error]  # shown as typed: escaped for Markdown
    assert errors and "cannot be reached" in errors[0]
    assert not any(s in errors[0] for s in ("alice", "127.0.0.1", "dashboard_x"))
