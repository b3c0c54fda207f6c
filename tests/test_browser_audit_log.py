"""In Chromium, against the real app (issue 23): opening the set and downloading scores are recorded in the audit
trail, with who, which set and version, and the format; the trail then verifies."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from app_server import run_app

from benchmarks.chromium import ARGS, CHROMIUM
from dashboard.settings import DEFAULT_DATA
from dashboard.workspace.repository import open_workspace

ROOT = Path(__file__).resolve().parent.parent
SET = DEFAULT_DATA.stem

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install -y chromium; .ci/run does)"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")


@pytest.fixture
def app(tmp_path):
    """The app with a workspace of this test's own (seeded on start); yields its address and URL."""
    url = f"sqlite:///{tmp_path / 'workspace.db'}"
    for address in run_app(url):
        yield address, url


def test_opening_the_set_and_downloading_scores_are_recorded(app):
    address, url = app
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_context(accept_downloads=True).new_page()
        pg.goto(f"{address}/data")
        button = pg.get_by_role("button", name="Scores CSV")
        button.wait_for(timeout=90_000)
        with pg.expect_download(timeout=30_000) as download:
            button.click()
        assert download.value.suggested_filename == "scores.csv"
        ws = open_workspace(url)
        deadline = time.time() + 30  # the click's callback runs on the server after the download starts
        while time.time() < deadline and not ws.events(SET, ("export",)):
            time.sleep(0.2)
        browser.close()
    seen = [(e.action, e.user, e.version, e.detail.get("format")) for e in reversed(ws.events(SET))]
    assert seen == [
        ("import", "admin@localhost", 1, None),
        ("open", "admin@localhost", 1, None),
        ("export", "admin@localhost", 1, "csv"),
    ]
    assert ws.verify().problems == []
