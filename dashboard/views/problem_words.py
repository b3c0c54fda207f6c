"""A problem found in an edit, in the words of the form that made it: the place by names, not a file's line and path.

The command line says `draft:576 at technologies[0].scores.breadth.confidence: ... Hint: see ... python -m dashboard
schema`; the form beside the field says `Facial recognition › Breadth of capture › confidence: ...` and keeps only a
hint that tells the user what to do there (the schema hint names a command they have no use for on the page).
"""

from __future__ import annotations

import re
from typing import Any

from dashboard.core.models import Rubric
from dashboard.core.problems import Problem
from dashboard.words import say

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
FIELD_WORDS = {"url": "address", "ev_source": "source"}  # where the form's label differs from the file's key


def _steps(path: str) -> list[str | int]:
    return [int(index) if index else name for name, index in _STEP.findall(path)]


def place(path: str, doc: dict[str, Any], rubric: Rubric) -> str:
    """'technologies[0].scores.breadth.confidence' as 'Facial recognition › Breadth of capture › confidence'."""
    criteria = {c.id: c.name for c in rubric.criteria}
    steps = _steps(path)
    parts: list[str] = []
    here: Any = doc
    for i, step in enumerate(steps):
        before = steps[i - 1] if i else None
        child = _child(here, step)
        if isinstance(step, int) and before in ("technologies", "sources") and isinstance(child, dict):
            title = child.get("name") if before == "technologies" else child.get("title")
            parts.append(str(title or child.get("id") or f"{before} {step + 1}"))
        elif isinstance(step, int):
            parts.append(f"item {step + 1}")
        elif step in ("technologies", "sources", "scores") and i + 1 < len(steps):
            pass  # the name of what follows says which
        elif before == "scores":
            parts.append(criteria.get(step, step))
        else:
            parts.append(FIELD_WORDS.get(step, step.replace("_", " ")))
        here = child
    return " › ".join(parts)


def place_in_technology(path: str, rubric: Rubric) -> str:
    """An audit finding's place within the technology it belongs to, by names: 'technologies[3].scores.breadth.
    confidence' as 'Breadth of collection › confidence', a safeguard's as its name."""
    steps = _steps(path)
    if len(steps) >= 2 and steps[0] == "technologies":
        steps = steps[2:]
    criteria = {c.id: c.name for c in rubric.criteria}
    safeguards = {g.id: g.name for g in rubric.safeguards}
    parts: list[str] = []
    for i, step in enumerate(steps):
        before = steps[i - 1] if i else None
        if isinstance(step, int):
            parts.append(f"item {step + 1}")
        elif step in ("scores", "safeguards") and i + 1 < len(steps):
            pass
        elif before == "scores":
            parts.append(criteria.get(step, step))
        elif before == "safeguards":
            parts.append(safeguards.get(step, step))
        else:
            parts.append(FIELD_WORDS.get(step, step.replace("_", " ")))
    return " › ".join(parts)


def _child(container: Any, step: str | int) -> Any:
    """What `step` leads to in the document, or None where it leads nowhere (a new item, a misspelt key)."""
    if isinstance(container, list) and isinstance(step, int) and 0 <= step < len(container):
        return container[step]
    if isinstance(container, dict):
        return container.get(step)
    return None


def in_words(problem: Problem, doc: dict[str, Any], rubric: Rubric) -> str:
    """The problem as the form shows it: where, by names; what is wrong; and a hint only where it helps there."""
    where = place(problem.path, doc, rubric) if problem.path else ""
    hint = problem.hint if problem.hint and problem.hint != say("load.schema_hint") else ""
    text = f"{where}: {problem.message}." if where else f"{problem.message}."
    return text + (f" {hint[:1].upper()}{hint[1:]}." if hint else "")
