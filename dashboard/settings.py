"""Every runtime setting and environment variable, declared once.

The modules that use a setting import it from here; `docs/settings.md` lists each one (tests/test_settings.py keeps
the two in step). Settings that Streamlit itself reads (`.streamlit/config.toml`, `[connections.workspace]` and
`[auth]` in `.streamlit/secrets.toml`) are Streamlit's and documented there; this module names the ones the
dashboard defines. Imports nothing from the dashboard, so every layer may read it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Setting:
    """One setting: its name in code, its value, the environment variable that changes it (if any) and why it is
    what it is."""

    name: str
    value: object
    doc: str
    env: str | None = None


# ------------------------------------------------------------------------------------------ files and databases

DEFAULT_RUBRIC = CHECKOUT / "rubrics" / "civil_liberties.yaml"
DEFAULT_DATA = CHECKOUT / "data" / "pakistan_china_policing.yaml"
WORKSPACE_ENV = "DASHBOARD_WORKSPACE"
DEFAULT_SQLITE = CHECKOUT / "workspace" / "workspace.db"
SQLITE_BUSY_MS = 15_000  # how long a writer waits for another one's transaction before giving up


def workspace_url_from_env() -> str | None:
    """The workspace database named by `DASHBOARD_WORKSPACE`, or None when it is unset or empty."""
    return os.environ.get(WORKSPACE_ENV) or None


# ------------------------------------------------------------------------------------------------------ limits

# A file read or uploaded: larger files are refused before they are parsed.
MAX_BYTES = 5 * 1024 * 1024
# Nodes visited with aliases expanded: a bundled dataset has a few thousand; a billion-laughs file has billions.
MAX_NODES = 500_000
MAX_DEPTH = 64
# The size of assessment set the app serves well on one server (docs/dashboard.md, "Limits"): at these sizes an
# upload is checked in 5-7 s (docs/benchmarks.md) and a full briefing builds in well under a minute. Past them one
# user's set slows every other session, so the set is refused with a located error before it is validated in full.
MAX_TECHNOLOGIES = 200
MAX_SCORES = 10_000  # technologies x criteria
# The largest weight a rubric, a profile, a slider or an address may give a criterion. Weights are relative, so this
# takes nothing away; it keeps every weighted total finite (a weight of 1e308 overflowed and misranked).
MAX_WEIGHT = 1_000.0
# The Monte Carlo scores its draws a chunk at a time, each chunk's levels at most this many floats (draws x
# technologies x criteria, 2 MB): its working arrays stay in the tens of MB for a set at the limits above.
MC_CHUNK_CELLS = 250_000

# What one user (not a site administrator) may add: new sets an hour, and the bytes of versions in the sets they own
# (dashboard/workspace/quotas.py). Past them a save is refused with the limit named; an administrator raises them here.
MAX_NEW_SETS_PER_HOUR = 10
MAX_STORED_BYTES = 100 * 1024 * 1024

# --------------------------------------------------------------------------------------------- team deployment

SERVE_PORT = 8501
# Closed by default: this machine only. Any other address needs TLS (or an outer proxy that terminates it), the host
# names users open, and sign-in (docs/serving.md).
SERVE_HOST = "127.0.0.1"
# Requests one client address may make through HAProxy in 10 s before it answers 429. A page load is a few dozen
# (Streamlit's scripts; a browser caches them after the first); a slider move is a WebSocket message, not a request.
SERVE_RATE_LIMIT = 1_000
SERVE_START_TIMEOUT = 120  # seconds for every process to answer its health check
# HAProxy's access log: one line per request (client address, time, request line, status, bytes, timings), appended
# to this file (0600, folder 0700) so the administrator can see who reached the server; relative to the directory
# `serve` starts in.
SERVE_ACCESS_LOG = "logs/access.log"
# "required": every page asks for sign-in first (team mode). `serve` sets it for its app processes, which listen on
# loopback behind HAProxy while users reach them from the network.
SIGN_IN_ENV = "DASHBOARD_SIGN_IN"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def sign_in_required_by_env() -> bool:
    return os.environ.get(SIGN_IN_ENV, "").strip().lower() == "required"


# --------------------------------------------------------------------------------------------------- the tests

TEST_POSTGRES_ENV = "DASHBOARD_TEST_POSTGRES"

SETTINGS: tuple[Setting, ...] = (
    Setting("DEFAULT_RUBRIC", "rubrics/civil_liberties.yaml", "the rubric the app and the command line open"),
    Setting("DEFAULT_DATA", "data/pakistan_china_policing.yaml", "the assessment set they open and seed with"),
    Setting(
        "WORKSPACE_ENV",
        None,
        "the workspace database URL (SQLAlchemy form, e.g. postgresql+psycopg://...); unset: the SQLite file",
        env=WORKSPACE_ENV,
    ),
    Setting("DEFAULT_SQLITE", "workspace/workspace.db", "the SQLite workspace when nothing else names one"),
    Setting("SQLITE_BUSY_MS", SQLITE_BUSY_MS, "milliseconds a SQLite writer waits for another's transaction"),
    Setting("MAX_BYTES", MAX_BYTES, "largest rubric or assessment file read or uploaded, in bytes"),
    Setting("MAX_NODES", MAX_NODES, "most YAML nodes in one file, aliases expanded"),
    Setting("MAX_DEPTH", MAX_DEPTH, "deepest YAML nesting in one file"),
    Setting("MAX_TECHNOLOGIES", MAX_TECHNOLOGIES, "most technologies in one assessment set"),
    Setting("MAX_SCORES", MAX_SCORES, "most scores (technologies x criteria) in one assessment set"),
    Setting(
        "MAX_WEIGHT", MAX_WEIGHT, "largest weight of one criterion, from a rubric, a profile, a slider or an address"
    ),
    Setting(
        "MC_CHUNK_CELLS", MC_CHUNK_CELLS, "most levels (draws x technologies x criteria) a Monte Carlo scores at once"
    ),
    Setting(
        "MAX_NEW_SETS_PER_HOUR", MAX_NEW_SETS_PER_HOUR, "most sets one user (not an administrator) creates an hour"
    ),
    Setting(
        "MAX_STORED_BYTES", MAX_STORED_BYTES, "most bytes of versions in the sets one user (not an administrator) owns"
    ),
    Setting("SERVE_PORT", SERVE_PORT, "the port `python -m dashboard serve` listens on (--port)"),
    Setting("SERVE_HOST", SERVE_HOST, "the address `serve` listens on (--host)"),
    Setting("SERVE_RATE_LIMIT", SERVE_RATE_LIMIT, "requests one client address may make in 10 s (--rate-limit)"),
    Setting("SERVE_START_TIMEOUT", SERVE_START_TIMEOUT, "seconds `serve` waits for every app process to start"),
    Setting("SERVE_ACCESS_LOG", SERVE_ACCESS_LOG, "HAProxy's access log, one line per request (--access-log)"),
    Setting(
        "SIGN_IN_ENV",
        None,
        "`required`: team mode, every page asks for sign-in first (`serve` sets it on a non-loopback address)",
        env=SIGN_IN_ENV,
    ),
    Setting("LOOPBACK", "127.0.0.1, localhost, ::1", "the addresses of personal mode: anything else is team mode"),
    Setting(
        "TEST_POSTGRES_ENV",
        None,
        "tests only: a PostgreSQL database URL for the store tests' server half (.ci/run sets it)",
        env=TEST_POSTGRES_ENV,
    ),
)
