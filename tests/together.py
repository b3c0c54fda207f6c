"""Run one function in several processes started together (a barrier), and collect what each returned or raised.

Processes, not threads: each has its own engine and connections, as the app's replicas and the command line do. They
fork from the test process, so they start without importing the dashboard again.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import queue as queues
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import text

from dashboard.workspace.connection import make_engine

PG_URL = os.environ.get("DASHBOARD_TEST_POSTGRES")


def reset_postgres(url: str) -> None:
    """An empty PostgreSQL database: its schema dropped whole and made again, so a table this revision does not
    know (left by another branch's migration, or an older test run) cannot stop the reset."""
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _child(target: Callable[..., Any], barrier: Any, results: Any, k: int, args: tuple[Any, ...]) -> None:
    stderr = io.StringIO()
    try:
        barrier.wait(timeout=60)
        with contextlib.redirect_stderr(stderr):
            value = target(*args)
        results.put((k, value, None, stderr.getvalue()))
    except BaseException:
        results.put((k, None, traceback.format_exc(), stderr.getvalue()))


def together(target: Callable[..., Any], args: Sequence[tuple[Any, ...]], timeout: float = 60) -> list[tuple]:
    """`target(*args[k])` in one process per k, released at the same moment; [(value, error, stderr)] by k."""
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(len(args)), ctx.Queue()
    procs = [ctx.Process(target=_child, args=(target, barrier, results, k, a)) for k, a in enumerate(args)]
    for p in procs:
        p.start()
    out: dict[int, tuple] = {}
    try:
        for _ in procs:
            k, value, error, stderr = results.get(timeout=timeout)
            out[k] = (value, error, stderr)
    except queues.Empty:
        pass
    for p in procs:
        p.join(timeout=timeout)
        if p.is_alive():
            p.kill()
    missing = [k for k in range(len(args)) if k not in out]
    assert not missing, f"processes {missing} gave no result within {timeout} s"
    return [out[k] for k in range(len(args))]
