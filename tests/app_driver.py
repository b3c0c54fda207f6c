"""Driving the dashboard with AppTest: start a session (optionally at an address), open a page, upload files."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"


def start(params: dict[str, str] | None = None) -> AppTest:
    """A new session, at an address with these query parameters when given."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page(at: AppTest, name: str) -> AppTest:
    at.switch_page(f"app_pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


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
