from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    value: float
    unit: str
    goal: float | None = None  # the value must stay at or under this
    note: str = ""

    @property
    def met(self) -> bool | None:
        return None if self.goal is None else self.value <= self.goal


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time in milliseconds over `repeat` runs after one warm-up."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def user_env(**extra: str) -> dict[str, str]:
    """The environment for a process a user would start: this one, with Python's default bytecode cache.

    The development shell sets PYTHONDONTWRITEBYTECODE, which makes every start of the app compile its sixty modules
    again (about 0.15 s here) while the bare app has none to compile; Python's default keeps the compiled modules.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env
