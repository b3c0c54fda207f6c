"""Workspace figures: saving a version, opening a set with a long history, diffing two versions.

SQLite (the embedded default) always; PostgreSQL too when `DASHBOARD_TEST_POSTGRES` names a database to use
(its tables are dropped and recreated).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy import text

from benchmarks.results import Result, best_of
from dashboard.core.diff import diff_sets
from dashboard.core.editing import apply_edits
from dashboard.render.export import assessments_yaml
from dashboard.settings import DEFAULT_DATA
from dashboard.workspace import service as workspace
from dashboard.workspace.connection import make_engine
from dashboard.workspace.repository import Workspace, open_workspace

SET = DEFAULT_DATA.stem
LONG_HISTORY = 1_000


def _fresh(url: str) -> Workspace:
    if not url.startswith("sqlite"):
        engine = make_engine(url)
        with engine.begin() as conn:  # the schema whole: a table another revision left cannot stop the reset
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    ws = open_workspace(url)
    workspace.seed(ws)
    return ws


def _open(ws: Workspace, set_id: str) -> object:
    """What the app does when a session opens a set: the list, the history, the latest version as models."""
    ws.sets()
    ws.history(set_id)
    return workspace.load(ws, set_id)


def _suite(url: str, label: str) -> list[Result]:
    ws = _fresh(url)
    loaded = workspace.load(ws, SET)
    edited = assessments_yaml(apply_edits(loaded.data, loaded.rubric, {("facial_recognition", "breadth"): 1.0}))
    pk = loaded.rubric_info.pk

    def save() -> None:
        ws.save(SET, edited, pk, base=ws.latest(SET).number, author="bench", message="benchmark save")

    save_ms = best_of(save, 9)
    # A set with a long history: 1,000 versions (saved directly, as fast as the store takes them).
    long_id = "long_history"
    base = None
    for n in range(LONG_HISTORY):
        base = ws.save(
            long_id, edited if n % 2 else loaded.content, pk, base=base, author="bench", message=f"v{n}"
        ).number
    open_ms = best_of(lambda: _open(ws, long_id), 5)
    a, b = workspace.load(ws, SET, 1), workspace.load(ws, SET, 2)
    diff_ms = best_of(lambda: diff_sets((a.rubric, a.data), (b.rubric, b.data)), 9)
    ws.engine.dispose()
    return [
        Result(f"save a version of the bundled set ({label})", save_ms, "ms", 100),
        Result(f"open a set with {LONG_HISTORY:,} versions ({label})", open_ms, "ms", 300),
        Result(f"diff two versions of the bundled set, with scores ({label})", diff_ms, "ms", 100),
    ]


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        results = _suite(f"sqlite:///{Path(tmp) / 'bench.db'}", "SQLite")
    pg = os.environ.get("DASHBOARD_TEST_POSTGRES")
    if pg:
        results += _suite(pg, "PostgreSQL")
    return results
