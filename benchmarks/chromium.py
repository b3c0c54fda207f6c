"""Where the system Chromium is and the flags it needs here (shared by the browser test and the app benchmark).

Never a browser download: Playwright drives Debian's Chromium. Background networking is switched off because this
machine's closed network refuses those connections.
"""

import shutil
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
