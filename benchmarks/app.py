"""Dashboard figures: cold start to first chart in headless Chromium (against a bare one-chart Streamlit app in
the same run), server time of a rerun after a weight change, and the server's peak memory.
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.chromium import ARGS, CHROMIUM, free_port, run_command
from benchmarks.results import Result, user_env

ROOT = Path(__file__).resolve().parent.parent
BARE_APP = """
import pandas as pd
import plotly.express as px
import streamlit as st

st.plotly_chart(px.bar(pd.DataFrame({"x": ["a", "b", "c"], "y": [1, 3, 2]}), x="x", y="y"))
"""
PAIRS = 5
PAGES = ["", "technology", "compare", "whatif", "sensitivity", "briefing", "method", "data"]


def _start(app: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        run_command(app, port), cwd=ROOT, env=user_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _first_chart_ms(browser, app: Path, pages: list[str]) -> tuple[float, int]:
    """Server start to the first plotly SVG in the page; returns (ms, peak RSS of the server in kB)."""
    port = free_port()
    page = browser.new_page()
    start = time.perf_counter()
    proc = _start(app, port)
    try:
        while True:
            try:
                page.goto(f"http://127.0.0.1:{port}/", timeout=2000)
                break
            except Exception:
                if time.perf_counter() - start > 60:
                    raise
                time.sleep(0.05)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        elapsed = (time.perf_counter() - start) * 1000
        for path in pages:  # visit every page so the peak memory covers the whole app
            page.goto(f"http://127.0.0.1:{port}/{path}")
            page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
            page.wait_for_timeout(300)
        peak = _peak_rss_kb(proc.pid)
    finally:
        page.close()
        proc.terminate()
        proc.wait(timeout=10)
    return elapsed, peak


def _peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _rerun_ms() -> float:
    """Server-side script time of the What-if page after a weight change (each value new, so nothing cached)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard" / "main.py"), default_timeout=120).run()
    at.switch_page("ui/app_pages/whatif.py").run()
    times = []
    for value in (1.0, 1.5, 2.0, 2.5, 3.5, 4.0, 4.5):
        slider = at.slider(key="weight::default::physical_harm").set_value(value)
        start = time.perf_counter()
        slider.run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run() -> list[Result]:
    results = [Result("rerun after a weight change (server script time, What-if page)", _rerun_ms(), "ms", 300)]
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return results + [Result("first chart visible (skipped: playwright not installed)", 0, "ms")]
    if CHROMIUM is None:
        why = "no Chromium"
        return results + [Result(f"first chart visible (skipped: {why})", 0, "ms")]

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_APP)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ours, bares, peaks = [], [], []
        for _ in range(PAIRS):  # alternate, so both see the same machine state
            t, peak = _first_chart_ms(browser, ROOT / "dashboard" / "app.py", PAGES[1:])
            ours.append(t)
            peaks.append(peak)
            bares.append(_first_chart_ms(browser, bare, [])[0])
        browser.close()
    app_ms, bare_ms = statistics.median(ours), statistics.median(bares)
    # The ratio of each pair (run back to back), then the median: the machine's speed drifts between pairs.
    ratios = [a / b for a, b in zip(ours, bares, strict=True)]
    return results + [
        Result("server start to first chart, this dashboard", app_ms, "ms"),
        Result("server start to first chart, bare one-chart app", bare_ms, "ms"),
        Result(
            "first-chart ratio, dashboard / bare app",
            statistics.median(ratios),
            "x",
            1.2,
            note=f"median of {PAIRS} back-to-back pairs: {', '.join(f'{r:.2f}' for r in ratios)}",
        ),
        Result("server peak memory (RSS) after visiting every page", max(peaks) / 1024, "MB"),
    ]
