"""Browser harness shared by the browser test and the app benchmark: where the system Chromium is, the flags it
needs here, and how the dashboard is started (README's run command).

Never a browser download: Playwright drives Debian's Chromium. Background networking is switched off because this
machine's closed network refuses those connections.
"""

import shutil
import socket
import sys
from pathlib import Path

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_command(app: str | Path, port: int) -> list[str]:
    """README's run command (the install step aside) for `app`, headless, on `port`."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
