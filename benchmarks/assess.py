"""Writing on the Assess page, as an analyst clicks: how long each click takes to answer (issue 21).

Headless Chromium drives README's app on a workspace of its own: for each of the first criteria of a new technology it
clicks a level, a confidence, "Save score" and "Next criterion", and times each click from the click to the end of
the script run it caused (Streamlit marks the app's root element 'notRunning'), the moment the page shows the result.
Goal: p95 under 0.5 s on this machine. `python -m benchmarks --only assess`.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.chromium import ARGS, CHROMIUM, free_port, run_command
from benchmarks.results import Result, user_env

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = 8  # criteria written per run: 32 timed clicks
GOAL_MS = 500.0
SETTLED = "[data-testid='stApp'][data-test-script-state='notRunning']"


OBSERVE = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  window.__runEnded = 0;
  new MutationObserver(() => {
    if (app.getAttribute("data-test-script-state") === "notRunning") window.__runEnded = performance.now();
  }).observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""


def _timed(page, click) -> float:
    """Milliseconds from a click to the end of the script run it caused, measured in the page's own clock: a
    MutationObserver notes when the app's root element turns 'notRunning' again."""
    started = page.evaluate("performance.now()")
    click()
    page.wait_for_function(f"window.__runEnded > {started}", timeout=60_000)
    page.wait_for_selector(SETTLED, timeout=60_000)
    return float(page.evaluate("window.__runEnded")) - float(started)


def clicks(criteria: int = CRITERIA) -> dict[str, list[float]]:
    """Times of each kind of click, in ms, over `criteria` criteria of a new technology."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = user_env(DASHBOARD_WORKSPACE=f"sqlite:///{Path(tmp) / 'ws.db'}")
        proc = subprocess.Popen(
            run_command("dashboard/app.py", port),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 60
            while time.time() < deadline:
                try:
                    if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                        break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                page.goto(f"{url}/assess")
                page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
                page.wait_for_selector(SETTLED, timeout=60_000)
                page.get_by_role("button", name="Add technology").first.click()
                popover = page.locator("[data-testid='stPopoverBody']")
                popover.get_by_role("textbox", name="Name", exact=True).fill("Benchmark sensor")
                popover.get_by_role("button", name="Add technology").click()
                page.get_by_text("Added 'benchmark_sensor'.").first.wait_for(timeout=60_000)
                page.get_by_role("tab", name="Criteria").click()
                page.evaluate(OBSERVE)
                times: dict[str, list[float]] = {"level": [], "confidence": [], "save": [], "next": []}
                for k in range(criteria):
                    page.get_by_text(re.compile(rf"^Criterion {k + 1} of \d+")).wait_for(timeout=60_000)
                    level = page.get_by_role("radiogroup", name="Level").get_by_text(re.compile(r"^2: "))
                    times["level"].append(_timed(page, level.click))
                    page.get_by_role("textbox", name="Rationale").fill(f"Benchmark rationale {k}")
                    page.get_by_role("textbox", name="Rationale").press("Tab")
                    page.wait_for_selector(SETTLED, timeout=60_000)
                    confidence = page.get_by_role("radiogroup", name="Confidence").get_by_text("medium")
                    times["confidence"].append(_timed(page, confidence.click))
                    times["save"].append(_timed(page, page.get_by_role("button", name="Save score").click))
                    times["next"].append(_timed(page, page.get_by_role("button", name="Next criterion").click))
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run() -> list[Result]:
    if CHROMIUM is None:
        return []
    times = clicks()
    every = [t for kind in times.values() for t in kind]
    results = [Result("assess: click to answer, p95 of all", p95(every), "ms", GOAL_MS, note=f"{len(every)} clicks")]
    for kind, values in times.items():
        results.append(Result(f"assess: {kind} click, median", statistics.median(values), "ms"))
    return results
