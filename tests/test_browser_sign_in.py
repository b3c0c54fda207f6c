"""Team mode in a real browser, signing in through a real OpenID Connect provider started on localhost
(oidc-provider-mock): nothing of a set before sign-in, roles enforced, shared links and drafts kept to their users.

The app runs as README's run command, from a folder whose .streamlit/ holds the project's config.toml and a
secrets.toml with an [auth] section pointing at the provider, so Streamlit's own st.login does the sign-in.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_server import run_app, wait_for
from browser_steps import apply_a_level_change, pick_option

from benchmarks.chromium import ARGS, CHROMIUM, free_port

ROOT = Path(__file__).resolve().parent.parent
SET = "pakistan_china_policing"
USERS = {"rita": "reader", "bob": "analyst", "carl": "analyst", "eve": None}
TEAM: dict[str, str] = {}  # the team app's workspace URL, for tests that check what a page wrote

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install -y chromium; .ci/run does)"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
pytest.importorskip("oidc_provider_mock", reason="oidc-provider-mock is not installed (requirements-dev.txt)")


def run_provider(names) -> Iterator[str]:
    """oidc-provider-mock on a free port with a predefined user per name (`sub-NAME`, `NAME@example.org`); yields its
    address and stops it after."""
    port = free_port()
    claims = [json.dumps({"sub": f"sub-{n}", "email": f"{n}@example.org", "name": n.title()}) for n in names]
    args = [a for c in claims for a in ("--user-claims", c)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/.well-known/openid-configuration", proc, "the OpenID Connect provider")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def run_team_app(here: Path, provider: str, workspace: str) -> Iterator[str]:
    """The app in team mode from folder `here` (its own .streamlit: the project's config and an [auth] pointing at
    `provider`) on workspace `workspace`; yields its address and stops it after."""
    port = free_port()
    (here / ".streamlit").mkdir()
    shutil.copy(ROOT / ".streamlit" / "config.toml", here / ".streamlit" / "config.toml")
    (here / ".streamlit" / "secrets.toml").write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "browser-test-cookie-secret"
client_id = "dashboard"
client_secret = "dashboard-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""",
        encoding="utf-8",
    )
    yield from run_app(workspace, cwd=here, port=port)


@pytest.fixture(scope="module")
def provider():
    yield from run_provider(USERS)


@pytest.fixture(scope="module")
def team_app(provider, tmp_path_factory):
    """The app in team mode, its workspace seeded and its users given their roles by the local administrator."""
    from dashboard.workspace import service
    from dashboard.workspace.repository import open_workspace

    here = tmp_path_factory.mktemp("team")
    url = f"sqlite:///{here / 'workspace.db'}"
    TEAM["workspace"] = url
    ws = open_workspace(url)
    service.seed(ws)
    for name, role in USERS.items():
        ws.add_user(f"{name}@example.org", name.title())
        if role:
            ws.grant(SET, f"{name}@example.org", role)
    ws.engine.dispose()
    yield from run_team_app(here, provider, url)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield make
    for c in contexts:
        c.close()


def settled(pg) -> None:
    pg.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


def body(pg) -> str:
    return pg.locator("body").inner_text()


def sign_in(pg, app: str, name: str, path: str = "") -> None:
    """Open `path`, press Sign in, choose the provider's predefined user `name`, and wait for the app again."""
    pg.goto(f"{app}/{path}")
    pg.get_by_role("button", name="Sign in").click()
    pg.get_by_role("button", name=f"sub-{name}").click()  # the provider's own authorisation page
    pg.wait_for_url(f"{app}/**", timeout=60_000)
    pg.wait_for_function(
        "() => document.body.innerText.includes('Working as') || document.body.innerText.includes('no access')",
        timeout=60_000,
    )
    settled(pg)


@pytest.mark.parametrize("path", ["", "assess", "data", "history", "briefing", f"?set={SET}&v=1"])
def test_an_anonymous_browser_sees_only_the_sign_in_page(team_app, new_page, path):
    pg = new_page()
    pg.goto(f"{team_app}/{path}")
    pg.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    settled(pg)
    text = body(pg)
    assert "Sign in to see the assessment sets" in text
    assert "Facial" not in text and "Version" not in text
    assert pg.locator("[data-testid='stSidebar']").count() == 0 or "Assessment set" not in text


def test_a_reader_sees_the_set_and_cannot_save(team_app, new_page):
    pg = new_page()
    sign_in(pg, team_app, "rita")
    pg.get_by_text("Working as Rita (signed in; reader role on this set)").wait_for(timeout=60_000)
    settled(pg)
    sidebar = pg.locator("[data-testid='stSidebar']").inner_text()
    assert "Version 1 of 1" in sidebar and "saving needs the analyst role" in sidebar
    assert pg.get_by_role("button", name="Save version").count() == 0


def test_a_shared_link_opened_by_a_non_member_shows_nothing_of_the_set(team_app, new_page):
    pg = new_page()
    sign_in(pg, team_app, "eve", f"?set={SET}&v=1")
    pg.goto(f"{team_app}/?set={SET}&v=1")
    pg.get_by_text("no access to any assessment set").wait_for(timeout=60_000)
    settled(pg)
    assert "Facial" not in body(pg) and "Version 1" not in body(pg)


def test_a_draft_is_not_visible_to_another_user_and_survives_a_new_sign_in(team_app, new_page):
    bob = new_page()
    sign_in(bob, team_app, "bob")
    bob.goto(f"{team_app}/data")  # the provider sends a sign-in back to the home page
    bob.get_by_text("Working as Bob").wait_for(timeout=60_000)
    settled(bob)
    apply_a_level_change(bob, "Bob's private reason")
    shared = bob.url  # the address Bob would share: set, version and settings, never the draft
    assert "draft" not in shared
    carl = new_page()
    sign_in(carl, team_app, "carl")
    carl.goto(shared)
    carl.get_by_text("no unsaved changes").wait_for(timeout=60_000)
    settled(carl)
    assert "Bob's private reason" not in body(carl)
    again = new_page()  # Bob in a fresh browser: a new sign-in finds his draft
    sign_in(again, team_app, "bob")
    again.get_by_text("unsaved draft").first.wait_for(timeout=60_000)


def _save_signed_in(pg, message: str) -> None:
    """Press Save version in the sidebar as a signed-in user (the account names the author)."""
    pg.get_by_text("Save version", exact=True).first.click()
    box = pg.get_by_role("textbox", name="What changed and why")
    box.fill(message)
    box.press("Enter")
    settled(pg)
    pg.get_by_role("button", name="Save version").click()


def test_a_refused_save_goes_onto_the_newest_version_in_one_action_and_another_session_opens_it(team_app, new_page):
    """Issue 21: Carl saves first; Bob's save from the same base is refused, and one action puts Bob's change (another
    criterion) onto Carl's version; Rita, who opened the set before both, is told and opens the newest."""
    import re

    rita = new_page()
    sign_in(rita, team_app, "rita")
    before = int(re.search(r"Version (\d+) of \1", body(rita)).group(1))
    carl, bob = new_page(), new_page()
    sign_in(carl, team_app, "carl")
    sign_in(bob, team_app, "bob")
    for pg in (carl, bob):
        pg.goto(f"{team_app}/data")
        pg.get_by_role("button", name="Apply change").wait_for(timeout=60_000)
        settled(pg)
    pick_option(carl, "Criterion", re.compile(r"^Breadth of collection"))
    apply_a_level_change(carl, "Carl's reason")
    _save_signed_in(carl, "Carl's change")
    carl.get_by_text(f"Saved as version {before + 1}").first.wait_for(timeout=60_000)

    apply_a_level_change(bob, "Bob's reason")  # Depth of intrusion, from version `before`
    _save_signed_in(bob, "Bob's change")
    bob.get_by_text(re.compile(r"Not saved: .* has version")).first.wait_for(timeout=60_000)
    bob.get_by_role("button", name=f"Apply my changes onto version {before + 1}").click()
    bob.get_by_text(re.compile(rf"Applied \d+ of your change\(s\) onto version {before + 1}")).first.wait_for(
        timeout=60_000
    )
    settled(bob)
    _save_signed_in(bob, "Bob's change, on top of Carl's")
    bob.get_by_text(f"Saved as version {before + 2}").first.wait_for(timeout=60_000)

    rita.get_by_role("link", name="Technology profile").click()  # any next step of Rita's reruns her page
    rita.get_by_text(re.compile(rf"Version {before + 2} was saved by")).wait_for(timeout=60_000)
    rita.get_by_role("button", name=f"Open the newest (version {before + 2})").click()
    rita.get_by_text(f"Version {before + 2} of {before + 2}").wait_for(timeout=60_000)
    settled(rita)
    # The newest version holds both changes, each with its author's reason.
    import yaml

    from dashboard.workspace.repository import open_workspace

    newest = open_workspace(TEAM["workspace"]).version(SET)
    assert newest.info.number == before + 2
    tech = next(t for t in yaml.safe_load(newest.content)["technologies"] if t["id"] == "facial_recognition")
    assert tech["scores"]["breadth"]["level"] == 0 and "Carl's reason" in tech["scores"]["breadth"]["rationale"]
    depth = tech["scores"]["intrusion_depth"]
    assert depth["level"] == 0 and "Bob's reason" in depth["rationale"]
