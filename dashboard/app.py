"""Entrypoint: `python -m streamlit run dashboard/app.py` (README's run command).

Streamlit's `st.App` runs the main script (main.py: page config, the shared sidebar, navigation) for each session.
Its lifespan hook starts one thread, as the server starts, that imports what the first page needs: pandas, the
pydantic models, SQLAlchemy for the workspace, plotly. Those imports used to happen in the first visitor's script
run, after the browser had loaded the page (about a second on the development machine); now they overlap the
server's start and the browser's loading of Streamlit's own scripts. The script imports the same modules in the
same order, so it simply waits on Python's import lock for any module the thread is still importing.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import streamlit as st

HERE = Path(__file__).resolve().parent
# `streamlit run dashboard/app.py` puts only dashboard/ on sys.path; the package imports need its parent.
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))
# main.py's first import, then the Overview's charts (plotly); each pulls in the rest.
WARM = ("dashboard.ui.state", "dashboard.render.charts")


def warm_up() -> None:
    """Import the modules main.py and the Overview import, in their order. A failure is only logged: the first
    script run meets the same error and shows it in the page."""
    try:
        for name in WARM:
            importlib.import_module(name)
    except Exception:
        logging.getLogger(__name__).exception("warm-up import failed; the first page will show the error")


def no_outbound_requests() -> None:
    """The server makes no request to another host. Streamlit looks up the machine's external address (an HTTP
    request to checkip.amazonaws.com) when it prints its URLs and whenever it refuses a WebSocket from a foreign
    origin; `browser.serverAddress` in .streamlit/config.toml stops the first, and recording the look-up as done,
    with an address that is allowed anyway (loopback), stops the second."""
    from streamlit import net_util

    net_util._external_ip = "127.0.0.1"


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    no_outbound_requests()
    threading.Thread(target=warm_up, name="dashboard-warm-up", daemon=True).start()
    yield


app = st.App(HERE / "main.py", lifespan=lifespan)
