"""Three-way merge of assessment documents: my draft and the newest version, both grown from the same base.

After a refused save (someone saved a version since my draft's base), my changes can go onto the newest version
without retyping: every part that only I changed takes my value, every part only they changed keeps theirs, and a part
we both changed differently is a *clash*, shown side by side for me to choose. Lists of items with ids (technologies,
sources, safeguards, flags) merge item by item, by id; any other list (the evidence of one score, answers) is one value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from dashboard.core.authoring.document import Doc

Path = tuple[str, ...]
Side = Literal["mine", "theirs"]


class _Missing:
    """A part one document does not have (removed, or never written)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Clash:
    """A part both changed, differently: its path (keys, and ids in lists of items) and the three values (MISSING
    where a document does not have it)."""

    path: Path
    base: Any
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class Merge:
    """The merged document (each clash resolved as chosen, else theirs), the clashes, and how many of my changes it
    took."""

    doc: Doc
    clashes: tuple[Clash, ...]
    taken: int


@dataclass
class _Run:
    choices: Mapping[Path, Side]
    clashes: list[Clash] = field(default_factory=list)
    taken: int = 0


def three_way(base: Doc, mine: Doc, theirs: Doc, choices: Mapping[Path, Side] | None = None) -> Merge:
    """Merge `mine` and `theirs`, both changed from `base`; `choices` settles clashes by path (unchosen: theirs)."""
    run = _Run(choices or {})
    merged = _merge(base, mine, theirs, (), run)
    return Merge(merged if isinstance(merged, dict) else {}, tuple(run.clashes), run.taken)


def _merge(b: Any, m: Any, t: Any, path: Path, run: _Run) -> Any:
    if m == t:
        return m
    if m == b:
        return t
    if t == b:
        run.taken += 1
        return m
    if all(isinstance(x, dict) or x is MISSING for x in (b, m, t)) and m is not MISSING and t is not MISSING:
        return _merge_mappings(b if b is not MISSING else {}, m, t, path, run)
    keyed = [_by_id(x) for x in (b, m, t)]
    if all(k is not None for k in keyed) and m is not MISSING and t is not MISSING:
        kb, km, kt = (k or {} for k in keyed)
        merged = _merge_mappings(kb, km, kt, path, run)
        return list(merged.values())
    run.clashes.append(Clash(path, b, m, t))
    if run.choices.get(path) == "mine":
        run.taken += 1
        return m
    return t


def _merge_mappings(
    b: Mapping[str, Any], m: Mapping[str, Any], t: Mapping[str, Any], path: Path, run: _Run
) -> dict[str, Any]:
    """Key by key, in their order with my new keys after."""
    keys = list(t) + [k for k in m if k not in t] + [k for k in b if k not in t and k not in m]
    out: dict[str, Any] = {}
    for key in keys:
        value = _merge(b.get(key, MISSING), m.get(key, MISSING), t.get(key, MISSING), (*path, str(key)), run)
        if value is not MISSING:
            out[key] = value
    return out


def _by_id(value: Any) -> dict[str, Any] | None:
    """A list of items with unique string ids as a mapping by id (MISSING: an empty one); None for anything else."""
    if value is MISSING:
        return {}
    if not isinstance(value, list) or not all(isinstance(x, dict) and isinstance(x.get("id"), str) for x in value):
        return None
    ids = [x["id"] for x in value]
    return {x["id"]: x for x in value} if len(set(ids)) == len(ids) else None
