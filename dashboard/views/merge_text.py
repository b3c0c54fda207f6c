"""A merge clash in the user's words: where it is (names, not ids) and what each side holds."""

from __future__ import annotations

from typing import Any

import yaml

from dashboard.core.authoring.merge import MISSING, Clash
from dashboard.core.models import Rubric
from dashboard.words import say

MAX_CHARS = 400  # a side's value as shown; the whole of it is in History's comparison


def place(clash: Clash, doc: dict[str, Any], rubric: Rubric) -> str:
    """'Facial recognition › Depth of intrusion › level': ids of technologies, criteria and sources as their names."""
    names = {t.get("id"): t.get("name") for t in doc.get("technologies", []) if isinstance(t, dict)}
    names |= {x.get("id"): x.get("title") for x in doc.get("sources", []) if isinstance(x, dict)}
    criteria = {c.id: c.name for c in rubric.criteria}
    parts: list[str] = []
    for i, key in enumerate(clash.path):
        if key in ("technologies", "sources", "scores") and i + 1 < len(clash.path):
            continue  # the name of the item that follows says which
        before = clash.path[i - 1] if i else ""
        if before == "scores":
            parts.append(criteria.get(key, key))
        elif before in ("technologies", "sources"):
            parts.append(str(names.get(key) or key))
        else:
            parts.append(key.replace("_", " "))
    return " › ".join(parts)


def value(side: Any) -> str:
    """One side's value as text (YAML for a structure), cut at MAX_CHARS."""
    if side is MISSING:
        return say("merge.missing")
    text = side if isinstance(side, str) else yaml.safe_dump(side, sort_keys=False, allow_unicode=True).strip()
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"
