"""Two signed-in raters in a real browser (team mode, the OpenID Connect provider of test_browser_sign_in.py): each
rates blind until both have submitted; then the agreement shows; then a reviewer's reconciliation makes a new version
whose history names the round."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from browser_steps import pick_option

from benchmarks.chromium import CHROMIUM
from tests.test_browser_sign_in import SET, body, browser, new_page, provider, run_team_app, settled, sign_in  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install -y chromium; .ci/run does)"),
]

TECH, DEPTH, CHILL = "ai_cctv", "Depth of intrusion", "Chilling effect on expression, assembly and association"


@pytest.fixture(scope="module")
def raters_app(provider, tmp_path_factory):  # noqa: F811
    """The app in team mode; Bob and Carl analysts named raters of round 1 on AI CCTV, Rita a reviewer."""
    from dashboard.workspace import rounds, service
    from dashboard.workspace.repository import open_workspace

    here = tmp_path_factory.mktemp("raters")
    url = f"sqlite:///{here / 'workspace.db'}"
    ws = open_workspace(url)
    service.seed(ws)
    for name, role in {"bob": "analyst", "carl": "analyst", "rita": "reviewer"}.items():
        ws.add_user(f"{name}@example.org", name.title())
        ws.grant(SET, f"{name}@example.org", role)
    raters = ["bob@example.org", "carl@example.org"]
    rounds.open_round(
        ws, SET, version=1, raters=raters, technologies=[TECH], criteria=["intrusion_depth", "chilling_effect"]
    )
    ws.engine.dispose()
    yield from run_team_app(here, provider, url)


def open_raters(pg, app: str, name: str) -> None:
    sign_in(pg, app, name)
    pg.goto(f"{app}/raters")
    pg.get_by_role("heading", name="Raters").first.wait_for(timeout=60_000)
    settled(pg)


def rate(pg, depth: str, chill: str) -> None:
    pick_option(pg, DEPTH, re.compile(f"^{depth}$"))
    pick_option(pg, CHILL, re.compile(f"^{chill}$"))
    pg.get_by_role("button", name="Submit my ratings").click()


def test_two_raters_blind_until_both_submit_then_agreement_then_reconciliation(raters_app, new_page, tmp_path):  # noqa: F811
    bob, carl = new_page(), new_page()
    open_raters(bob, raters_app, "bob")
    open_raters(carl, raters_app, "carl")
    assert "Submit my ratings" in body(bob) and "Agreement" not in body(bob)

    rate(bob, "4", "4")
    bob.get_by_text("Your ratings for rating round 1 (version 1) are submitted.").wait_for(timeout=60_000)
    settled(bob)
    bob.screenshot(path=str(tmp_path / "bob_after_submit.png"), full_page=True)

    carl.reload()  # Carl, not yet submitted: his form, and nothing of Bob's levels
    carl.get_by_role("button", name="Submit my ratings").wait_for(timeout=60_000)
    settled(carl)
    assert "bob@example.org" in body(carl)  # status: Bob has submitted
    assert "Agreement" not in body(carl) and "Each rater's levels" not in body(carl)

    rate(carl, "1", "4")
    carl.get_by_text("Agreement", exact=True).wait_for(timeout=60_000)
    settled(carl)
    text = body(carl)
    assert "closed (every rater submitted)" in text and "Krippendorff" in text
    assert "pairable values" in text and "Matters:" in text  # Bob's 4 crosses a red line, Carl's 1 does not
    carl.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1", timeout=60_000)
    ticks = carl.locator(".js-plotly-plot").first.locator(".yaxislayer-above .ytick text").all_text_contents()
    assert ticks[-1] == "Overall" and len(ticks) == 3  # the agreement chart: overall and the two criteria
    carl.screenshot(path=str(tmp_path / "carl_agreement.png"), full_page=True)

    rita = new_page()
    open_raters(rita, raters_app, "rita")
    rita.get_by_text("Reconcile: the consensus version").wait_for(timeout=60_000)
    rita.get_by_role("textbox", name="Reason").first.fill("Carl cited the operating order")
    pick_option(rita, "Consensus level", re.compile(r"^1 \(given by carl@example.org\)$"))
    rita.get_by_role("button", name="Save the consensus version").click()
    rita.get_by_text(re.compile(r"Saved version 2: Reconciled rating round 1 \(version 1\)")).first.wait_for(
        timeout=60_000
    )
    settled(rita)
    rita.screenshot(path=str(tmp_path / "rita_reconciled.png"), full_page=True)
    rita.goto(f"{raters_app}/history")
    # History's table is a data grid: its cells are in the page's accessible mirror, attached rather than visible.
    row = rita.locator("[role='gridcell']").filter(
        has_text=re.compile(r"Reconciled rating round 1 \(version 1\): 1 score")
    )
    row.first.wait_for(state="attached", timeout=60_000)
    if os.environ.get("RATERS_SCREENSHOTS"):
        shutil.copytree(tmp_path, os.environ["RATERS_SCREENSHOTS"], dirs_exist_ok=True)
