"""The team deployment: `python -m dashboard serve` with two app processes behind HAProxy, driven in a real browser.

Each browser session must stay on the process that holds it (its WebSocket, uploads and downloads all reach that
process), every process shares the workspace, and `serve` stops everything it started.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser_steps import apply_a_level_change, save_version

from benchmarks.chromium import ARGS, CHROMIUM, free_port
from benchmarks.load import process_tree

ROOT = Path(__file__).resolve().parent.parent
HAPROXY = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install -y chromium; .ci/run does)"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")


def _require_haproxy() -> None:
    if HAPROXY is None:
        if os.environ.get("CI"):
            pytest.fail("CI must test the team deployment: .ci/run installs haproxy")
        pytest.skip("HAProxy is not installed (apt-get install haproxy; .ci/run does)")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    _require_haproxy()
    port = free_port()
    workspace = tmp_path_factory.mktemp("serve") / "workspace.db"
    access_log = workspace.parent / "logs" / "access.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "serve", "--replicas", "2", "--port", str(port), "--host", "127.0.0.1"]
        + ["--access-log", str(access_log)],
        cwd=ROOT,
        env={**os.environ, "DASHBOARD_WORKSPACE": f"sqlite:///{workspace}", "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("serve did not start: " + (proc.stderr.read() if proc.stderr else "")[-2000:])
    started = process_tree(proc.pid)
    yield url, proc, started
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)


def _served_by(context) -> list[str]:
    seen: list[str] = []
    context.on("response", lambda r: seen.append(r.headers.get("x-served-by", "")))
    return seen


def test_two_sessions_stay_on_their_processes_and_a_version_saved_through_one_is_seen_through_the_other(
    deployment,
):
    url, _, started = deployment
    assert len(started) == 4, started  # serve, two app processes, HAProxy
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        contexts, seen = [], []
        for replica in ("app1", "app2"):
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            # As if HAProxy had already placed this browser on `replica`: the cookie it sets on a first visit.
            context.add_cookies([{"name": "dashboard_replica", "value": replica, "url": url}])
            seen.append(_served_by(context))
            contexts.append(context)
        a, b = (c.new_page() for c in contexts)

        a.goto(f"{url}/data")
        a.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
        apply_a_level_change(a)
        a.reload()  # a rerun from a fresh page load: the draft is still this session's, on the same process
        a.wait_for_function("() => document.body.innerText.includes('unsaved draft')", timeout=60_000)
        message = "Saved through the first app process"
        assert "Saved as version 2" in save_version(a, "Serve Tester", message)

        b.goto(f"{url}/history")
        b.get_by_role("heading", name="History").wait_for(timeout=60_000)
        b.get_by_role("combobox", name="To", exact=True).wait_for(timeout=30_000)
        assert message in b.get_by_role("combobox", name="To", exact=True).input_value()

        a_seen, b_seen = ({s for s in served if s} for served in seen)
        assert a_seen == {"app1"}, a_seen
        assert b_seen == {"app2"}, b_seen
        browser.close()


def test_a_new_browser_is_given_a_process_and_keeps_it(deployment):
    """Without a cookie HAProxy picks the least busy process and sets the cookie; every later request keeps it."""
    url = deployment[0]
    first = urllib.request.urlopen(url + "/")
    cookie = first.headers["Set-Cookie"].split(";")[0]
    assert cookie.startswith("dashboard_replica=")
    replica = first.headers["X-Served-By"]
    for path in ("/", "/whatif", "/_stcore/health", "/app/static/icon.png"):
        request = urllib.request.Request(url + path, headers={"Cookie": cookie})
        assert urllib.request.urlopen(request).headers["X-Served-By"] == replica, path


def test_haproxy_logs_each_request_to_a_private_access_log(deployment):
    """Issue 23: HAProxy logged nothing. Now each request is a line (client, request, status) in a 0600 file."""
    url, proc, _ = deployment
    marker = f"/_stcore/health?probe={time.time_ns()}"
    assert urllib.request.urlopen(url + marker).status == 200
    log = Path(proc.args[proc.args.index("--access-log") + 1])
    deadline = time.time() + 10
    while time.time() < deadline and marker not in log.read_text(encoding="utf-8"):
        time.sleep(0.1)  # HAProxy writes the line as the response ends; poll, bounded
    line = next(x for x in log.read_text(encoding="utf-8").splitlines() if marker in x)
    assert "127.0.0.1" in line and f"GET {marker}" in line and " 200 " in line
    assert (log.stat().st_mode & 0o777, log.parent.stat().st_mode & 0o777) == (0o600, 0o700)


def test_serve_without_haproxy_says_how_to_install_it(monkeypatch, capsys):
    from dashboard.cli import serve
    from dashboard.cli.main import main

    monkeypatch.setattr(serve, "find_haproxy", lambda: None)
    assert main(["serve", "--replicas", "1"]) == 1
    err = capsys.readouterr().err
    assert "HAProxy is not installed" in err and "apt-get install haproxy" in err


def test_serve_on_the_network_without_sign_in_refuses_and_says_how(monkeypatch, capsys, tmp_path):
    from dashboard.cli import serve
    from dashboard.cli.main import main

    monkeypatch.setattr(serve, "find_haproxy", lambda: "/bin/true")
    monkeypatch.setattr(serve, "ROOT", tmp_path)  # no .streamlit/secrets.toml
    assert main(["serve", "--replicas", "1", "--host", "0.0.0.0", "--allowed-host", "dash.example.org"]) == 1
    err = capsys.readouterr().err
    assert "refusing to serve on 0.0.0.0" in err and "[auth]" in err and "docs/serving.md" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("host", "secrets", "required"),
    [("127.0.0.1", "", False), ("localhost", "", False), ("0.0.0.0", "[auth]\nredirect_uri = 'x'\n", True)],
)
def test_sign_in_is_required_on_the_network_and_configured_there(tmp_path, host, secrets, required):
    from dashboard.cli import serve

    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(secrets)
    assert serve.check_sign_in(host, tmp_path) is required


def test_serve_stops_everything_it_started(deployment):
    """Last in this module: it ends the deployment the tests above share."""
    _, proc, started = deployment
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0
    alive = [pid for pid in started[1:] if Path(f"/proc/{pid}").exists()]
    assert alive == [], alive
