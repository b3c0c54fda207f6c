"""The app (and what it signs in through) started for browser tests, as README's run command starts it: one place
for starting a process, waiting until it answers (never a fixed wait) and stopping it."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.chromium import free_port, run_command

ROOT = Path(__file__).resolve().parent.parent


def wait_for(url: str, proc: subprocess.Popen, what: str) -> None:
    """Poll `url` until it answers; fail with the process's last words if it exits or stays silent for 60 s."""
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited: " + (proc.stderr.read().decode()[-2000:] if proc.stderr else ""))
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail(f"{what} did not answer within 60 s")


def run_app(workspace: str, cwd: Path = ROOT, port: int | None = None) -> Iterator[str]:
    """The app on `port` (a free one by default) on workspace `workspace` (created and seeded on start), run from
    `cwd` (whose .streamlit/ it reads); yields its address and stops it after."""
    port = port or free_port()
    proc = subprocess.Popen(
        run_command(ROOT / "dashboard" / "app.py", port),
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "DASHBOARD_WORKSPACE": workspace},
    )
    address = f"http://127.0.0.1:{port}"
    wait_for(f"{address}/_stcore/health", proc, "the dashboard")
    yield address
    proc.terminate()
    proc.wait(timeout=10)
