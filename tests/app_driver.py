"""Driving the dashboard with AppTest: start a session (optionally at an address), open a page, upload files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "dashboard" / "main.py"


def start(params: dict[str, str] | None = None) -> AppTest:
    """A new session, at an address with these query parameters when given."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def start_as(
    who: str, params: dict[str, str] | None = None, *, role: str | None = None, set_id: str | None = None
) -> AppTest:
    """A new session in team mode (login configured), signed in as user `who` (`who@example.org`); with `role`, the
    workspace first gives them that role on `set_id` (default: the bundled set), as an administrator would."""
    from dashboard.settings import DEFAULT_DATA
    from dashboard.workspace import service
    from dashboard.workspace.repository import open_workspace

    email = f"{who}@example.org"
    if role is not None:
        ws = open_workspace()  # DASHBOARD_WORKSPACE: the test's own workspace, as the local administrator
        service.seed(ws)
        ws.add_user(email, who.title())
        ws.grant(set_id or DEFAULT_DATA.stem, email, role)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test"}
    at.user = {"is_logged_in": True, "sub": f"sub-{who}", "email": email, "name": who.title()}
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page(at: AppTest, name: str) -> AppTest:
    at.switch_page(f"ui/app_pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# Pages with lazy tabs (on_change="rerun"): the session-state key of the tab group. A closed tab is not built, so a
# test that checks everything a page shows opens each tab in turn.
LAZY_TABS = {"overview": "overview_view"}


def every_view(at: AppTest, name: str) -> Iterator[AppTest]:
    """Open page `name`, then each of its lazy tabs in turn; yields the session after each run."""
    at = page(at, name)
    yield at
    key = LAZY_TABS.get(name)
    if key is None:
        return
    for label in [t.label for t in at.tabs][1:]:
        at.session_state[key] = label
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        yield at


def upload(at: AppTest, rubric: tuple | None = None, data: tuple | None = None, button: str = "Check and load"):
    """Choose files on the Data page and press `button` (by default 'Check and load')."""
    at = page(at, "data")
    if rubric:
        at.file_uploader(key="upload_rubric").set_value(rubric)
    if data:
        at.file_uploader(key="upload_data").set_value(data)
    next(b for b in at.button if b.label == button).click().run()
    assert not at.exception
    return at
