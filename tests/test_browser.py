"""The whole app in a real browser: README's run command, driven by Playwright in the system Chromium.

Skips with a reason where Chromium or Playwright is missing; `.ci/run` installs Chromium so in CI it always runs.
Playwright's own browser download is never used.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from benchmarks.chromium import ARGS, CHROMIUM, free_port, run_command

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"": 4, "technology": 2, "compare": 1, "whatif": 1, "sensitivity": 2, "briefing": 0, "method": 0, "data": 0}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install -y chromium; .ci/run does)"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")


@pytest.fixture(scope="module")
def server():
    port = free_port()
    proc = subprocess.Popen(
        run_command("dashboard/app.py", port),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("the dashboard did not start within 60 s: " + proc.stderr.read().decode()[-2000:])
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records every request; any host but the app's own fails the test."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    pg = context.new_page()
    yield pg
    context.close()
    app_host = urllib.parse.urlsplit(server).netloc
    outside = sorted(
        {
            u
            for u in requested
            if urllib.parse.urlsplit(u).scheme in ("http", "https", "ws", "wss")
            and urllib.parse.urlsplit(u).netloc != app_host
        }
    )
    assert not outside, f"requests left the app's host: {outside}"
    assert requested, "no request was recorded at all"


def open_page(pg, url: str, charts: int) -> None:
    pg.goto(url)
    pg.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
    if charts:
        pg.wait_for_function(
            f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}", timeout=60_000
        )
    pg.wait_for_timeout(500)
    assert pg.locator("[data-testid='stException']").count() == 0
    assert pg.locator("[data-testid='stAlertContentError']").count() == 0


@pytest.mark.parametrize("path,charts", PAGES.items(), ids=[p or "overview" for p in PAGES])
def test_every_page_loads_without_error_and_charts_render(server, page, path, charts):
    open_page(page, f"{server}/{path}", charts)
    assert page.locator(".js-plotly-plot").count() >= charts


def y_labels(pg) -> list[str]:
    ticks = pg.locator(".js-plotly-plot").first.locator(".yaxislayer-above .ytick text")
    return [ticks.nth(i).text_content() for i in range(ticks.count())]


def test_overview_bars_carry_tier_labels(server, page):
    open_page(page, server, 4)
    bar_text = page.locator(".js-plotly-plot").first.locator(".bartext").all_text_contents()
    assert any("Critical" in t or "High" in t for t in bar_text)


def test_moving_a_weight_slider_changes_the_ranking_chart(server, page):
    open_page(page, f"{server}/whatif", 1)
    before = y_labels(page)
    page.get_by_text("Life, liberty and physical integrity").click()
    slider = page.locator("[data-testid='stSlider']").filter(has_text="Risk of injury or death").get_by_role("slider")
    slider.focus()
    slider.press("End")
    labels_js = (
        "before => [...document.querySelectorAll('.js-plotly-plot')[0]"
        ".querySelectorAll('.yaxislayer-above .ytick text')].map(e => e.textContent).join('|') !== before"
    )
    page.wait_for_function(labels_js, arg="|".join(before), timeout=30_000)
    assert y_labels(page) != before


def test_scores_csv_download_arrives(server, page, tmp_path):
    open_page(page, f"{server}/data", 0)
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="Scores CSV").click()
    path = tmp_path / "scores.csv"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("profile,scenario,rank,id,name,score")
    assert "facial_recognition" in text


def test_editing_a_level_rescores_and_reaches_the_download(server, page, tmp_path):
    open_page(page, f"{server}/data", 0)
    grid = page.locator("[data-testid='stDataFrame']").first
    # The technology column is 'large' (400 px wide): open the first criterion cell of the first row. The grid
    # is drawn on a canvas and becomes interactive a moment after it appears, so the edit is retried.
    for _attempt in range(4):
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        box = grid.locator("canvas").first.bounding_box()  # measured each time: the page may still be moving
        page.mouse.click(box["x"] + 400 + 40, box["y"] + 35 + 17)  # select the cell
        page.wait_for_timeout(300)
        page.keyboard.type("0")  # typing on a selected cell starts an edit with that text
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")
        try:
            page.wait_for_function("() => document.body.innerText.includes('1 edited cell(s).')", timeout=8_000)
            break
        except playwright_api.TimeoutError:
            page.keyboard.press("Escape")
    else:
        page.screenshot(path=str(tmp_path / "edit_failed.png"))
        pytest.fail("the level edit never registered; see edit_failed.png in the test's tmp_path")
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="Scores CSV").click()
    path = tmp_path / "scores.csv"
    info.value.save_as(path)
    import csv

    rows = {r["id"]: r for r in csv.DictReader(path.open(encoding="utf-8"))}
    first_criterion = next(k for k in rows["facial_recognition"] if k.startswith("level:"))
    assert float(rows["facial_recognition"][first_criterion]) == 0.0


def test_hostile_text_in_uploaded_files_shows_exactly_as_typed(server, page, tmp_path):
    import yaml
    from variants import variant

    rubric, data = variant("hostile_text")
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(rubric), encoding="utf-8")
    (tmp_path / "d.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    open_page(page, f"{server}/data", 0)
    inputs = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    inputs.nth(0).set_input_files(str(tmp_path / "r.yaml"))
    inputs.nth(1).set_input_files(str(tmp_path / "d.yaml"))
    page.get_by_text("r.yaml", exact=True).wait_for(timeout=30_000)
    page.get_by_text("d.yaml", exact=True).wait_for(timeout=30_000)
    page.get_by_role("button", name="Check and load").click()
    page.get_by_text("Loaded r.yaml and d.yaml.").wait_for(timeout=30_000)
    page.get_by_role("link", name="Overview").click()
    heading = page.locator("[data-testid='stMainBlockContainer'] h1").first
    heading.wait_for(timeout=60_000)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1", timeout=60_000)
    assert heading.inner_text() == data["meta"]["title"]
    main = page.locator("[data-testid='stMain']")
    # nothing from the files became an element: no image, frame, style, link, bold or maths
    for selector in ("img", "iframe", "style", "a[href^='javascript']", ".katex", "h1 ~ h1"):
        assert main.locator(selector).count() == 0, selector
    assert "bold" not in " ".join(main.locator("strong, em, del").all_inner_texts())
    scope = main.locator("[data-testid='stCaptionContainer']").first.inner_text()
    assert data["meta"]["scope"] in scope
    # Plotly shows the technology names as text, tags and all
    ticks = page.locator(".js-plotly-plot").first.locator(".yaxislayer-above .ytick text").all_text_contents()
    assert sorted(ticks) == sorted(t["name"] for t in data["technologies"])
