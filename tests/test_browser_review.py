"""Review and sign-off in a real browser, two users signed in through a real OpenID Connect provider: the analyst asks
for review; the reviewer comments on one criterion and requests changes; the analyst resolves it and asks again; the
reviewer approves; the briefing's first page names the approval; the analyst edits, and the Review page says the
sign-off does not cover the new version, with the diff one click away."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from browser_steps import apply_a_level_change, pick_option

from benchmarks.chromium import CHROMIUM
from tests.test_browser_sign_in import body, browser, new_page, run_provider, run_team_app, settled, sign_in  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SET = "pakistan_china_policing"
USERS = {"ann": "analyst", "rex": "reviewer"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install -y chromium; .ci/run does)"),
]
pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
pytest.importorskip("oidc_provider_mock", reason="oidc-provider-mock is not installed (requirements-dev.txt)")


@pytest.fixture(scope="module")
def provider():
    yield from run_provider(USERS)


@pytest.fixture(scope="module")
def team_app(provider, tmp_path_factory):
    from dashboard.workspace import service
    from dashboard.workspace.repository import open_workspace

    here = tmp_path_factory.mktemp("review")
    url = f"sqlite:///{here / 'workspace.db'}"
    ws = open_workspace(url)
    service.seed(ws)
    for name, role in USERS.items():
        ws.add_user(f"{name}@example.org", name.title())
        ws.grant(SET, f"{name}@example.org", role)
    ws.engine.dispose()
    yield from run_team_app(here, provider, url)


def open_review(pg, app: str) -> None:
    pg.goto(f"{app}/review")
    pg.get_by_role("heading", name="Review", exact=True).wait_for(timeout=60_000)
    settled(pg)


def press(pg, label: str, then: str | re.Pattern[str]) -> None:
    """Press the button `label` and wait (bounded) until the page shows `then`."""
    pg.get_by_role("button", name=label, exact=True).click()
    pg.get_by_text(then).first.wait_for(timeout=60_000)
    settled(pg)


def test_two_users_review_approve_brief_and_see_the_sign_off_not_cover_an_edit(team_app, new_page, tmp_path):  # noqa: F811
    from pypdf import PdfReader

    ann = new_page()
    sign_in(ann, team_app, "ann")
    open_review(ann, team_app)
    assert "DRAFT - not reviewed" in body(ann)
    press(ann, "Request review", "Version 1: in review.")

    rex = new_page()
    sign_in(rex, team_app, "rex")
    open_review(rex, team_app)
    assert "1 review(s)" in body(rex)  # what waits for him
    pick_option(rex, "On", re.compile(r"^Facial recognition in public spaces"))
    settled(rex)
    pick_option(rex, "Criterion", re.compile(r"^Depth of intrusion"))
    settled(rex)
    comment = rex.get_by_role("textbox", name="Comment")
    comment.fill("Which source supports this level?")
    comment.press("Control+Enter")
    settled(rex)
    press(rex, "Add comment", "facial_recognition / intrusion_depth")
    press(rex, "Request changes", "Version 1: sent back with changes requested.")

    open_review(ann, team_app)
    assert "Which source supports this level?" in body(ann)
    press(ann, "Resolve", re.compile("resolved by ann@example.org"))
    press(ann, "Request review", "Version 1: in review.")

    open_review(rex, team_app)
    rex.get_by_text("I accept the statement above").click()
    settled(rex)
    press(rex, "Approve", "Version 1: approved.")
    today = dt.datetime.now(dt.UTC).date().isoformat()
    approved = f"Approved by Rex (reviewer) on {today}, version 1"
    assert approved in body(rex)

    ann.goto(f"{team_app}/briefing")
    ann.get_by_role("button", name="Build briefing").wait_for(timeout=60_000)
    settled(ann)
    ann.get_by_role("button", name="Build briefing").click()
    download = ann.get_by_role("button", name="Download the PDF")
    download.wait_for(timeout=180_000)
    with ann.expect_download(timeout=60_000) as info:
        download.click()
    pdf = Path(info.value.path()).read_bytes()
    first = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert approved in first

    ann.goto(f"{team_app}/data")
    ann.get_by_text("Working as Ann").wait_for(timeout=60_000)
    settled(ann)
    apply_a_level_change(ann, "Re-read after the approval")
    ann.get_by_text("Save version", exact=True).first.click()
    message = ann.get_by_role("textbox", name="What changed and why")
    message.fill("After approval")
    message.press("Enter")
    settled(ann)
    ann.get_by_role("button", name="Save version").click()
    ann.get_by_text(re.compile(r"Saved as version 2")).first.wait_for(timeout=60_000)

    open_review(ann, team_app)
    assert "The approval of version 1 does not cover version 2" in body(ann)
    ann.get_by_text("What changed since the approved version 1").click()
    ann.get_by_text(re.compile(r"\d+ field change\(s\):")).first.wait_for(timeout=60_000)
    ann.screenshot(path=str(tmp_path / "review.png"), full_page=True)  # kept with pytest's temporary files
