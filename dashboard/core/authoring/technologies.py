"""Sets and technologies: start or duplicate a set; add, edit, duplicate, copy and remove a technology and
its excerpts."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from dashboard.core.authoring.document import AuthoringError, Doc, _copy, _tech, _tech_ids, lines, make_id
from dashboard.core.authoring.scores import _require_source
from dashboard.core.models import Rubric
from dashboard.words import say

# ----------------------------------------------------------------------------------------------------- sets


def new_set(
    *, title: str, scope: str, authors: list[str], rubric: Rubric, first_technology: str, date: str | None = None
) -> Doc:
    """A new assessment set scored against `rubric`, with its first technology (a set holds at least one)."""
    problems = []  # every problem of the form at once
    if not title.strip():
        problems.append(say("authoring.set_title"))
    if not [a for a in authors if a.strip()]:
        problems.append(say("authoring.set_author"))
    if not first_technology.strip():
        problems.append(say("authoring.set_technology"))
    if problems:
        raise AuthoringError("; ".join(problems))
    return {
        "meta": {
            "title": title.strip(),
            "scope": scope.strip(),
            "date": date or dt.date.today().isoformat(),
            "authors": [a.strip() for a in authors if a.strip()],
            "rubric": {"id": rubric.id, "version": rubric.version},
        },
        "sources": [],
        "technologies": [{"id": make_id(first_technology, []), "name": first_technology.strip()}],
    }


def duplicate_set(doc: Doc, title: str) -> Doc:
    out = _copy(doc)
    out["meta"]["title"] = title.strip() or say("authoring.copy_of", title=doc["meta"]["title"])
    return out


# ------------------------------------------------------------------------------------------------ technologies


def add_technology(doc: Doc, name: str, tid: str = "") -> tuple[Doc, str]:
    if not name.strip():
        raise AuthoringError(say("authoring.technology_name"))
    out = _copy(doc)
    taken = _tech_ids(out)
    new_id = tid.strip() or make_id(name, taken, "technology")
    if new_id in taken:
        raise AuthoringError(say("authoring.technology_id_taken", id=new_id))
    out.setdefault("technologies", []).append({"id": new_id, "name": name.strip()})
    return out, new_id


def update_technology(doc: Doc, tid: str, **fields: Any) -> tuple[Doc, str]:
    """Change a technology's id, name, category, description or deployment; returns the (possibly new) id."""
    out = _copy(doc)
    tech = _tech(out, tid)
    new_id = str(fields.pop("id", tid) or tid).strip()
    if new_id != tid:
        if not re.fullmatch(r"[A-Za-z0-9_\-]+", new_id):
            raise AuthoringError(say("authoring.id_characters"))
        if new_id in _tech_ids(out):
            raise AuthoringError(say("authoring.technology_id_taken", id=new_id))
        tech["id"] = new_id
    if "name" in fields and not str(fields["name"]).strip():
        raise AuthoringError(say("authoring.technology_needs_name"))
    for key in ("name", "category", "description"):
        if key in fields:
            _set_text(tech, key, fields[key])
    if "deployment" in fields:
        dep = {k: v for k, v in fields["deployment"].items() if v not in ("", [], None)}
        if dep:
            tech["deployment"] = dep
        else:
            tech.pop("deployment", None)
    return out, new_id


def _set_text(target: dict[str, Any], key: str, value: str) -> None:
    value = (value or "").strip()
    if value:
        target[key] = value
    else:
        target.pop(key, None)


def deployment(operators: str, places: str, scale: str, reach: int | None, vendors: str, status: str) -> dict[str, Any]:
    return {
        "operators": lines(operators),
        "places": lines(places),
        "scale": scale.strip(),
        "reach": reach,
        "vendors": lines(vendors),
        "status": status.strip(),
    }


def duplicate_technology(doc: Doc, tid: str) -> tuple[Doc, str]:
    out = _copy(doc)
    tech = copy.deepcopy(_tech(out, tid))
    tech["id"] = make_id(f"{tid}_copy", _tech_ids(out))
    tech["name"] = say("authoring.name_copy", name=tech["name"])
    out["technologies"].append(tech)
    return out, tech["id"]


def remove_technology(doc: Doc, tid: str) -> Doc:
    out = _copy(doc)
    if len(out.get("technologies", [])) <= 1:
        raise AuthoringError(say("authoring.last_technology"))
    _tech(out, tid)
    out["technologies"] = [t for t in out["technologies"] if t.get("id") != tid]
    return out


def copy_technology(doc: Doc, other: Doc, tid: str) -> tuple[Doc, str]:
    """Copy a technology from another set, with the sources it cites (renamed if an id clashes with a different one)."""
    out = _copy(doc)
    tech = copy.deepcopy(_tech(other, tid))
    tech["id"] = make_id(tech["id"], _tech_ids(out))
    mine = {s["id"]: s for s in out.setdefault("sources", [])}
    theirs = {s["id"]: s for s in other.get("sources", [])}
    renamed: dict[str, str] = {}
    for sid in sorted(_cited_in(tech)):
        source = theirs.get(sid)
        if source is None:
            continue
        if sid in mine and mine[sid] != source:
            renamed[sid] = make_id(sid, set(mine) | set(renamed.values()), "source")
        if sid not in mine or sid in renamed:
            new = copy.deepcopy(source)
            new["id"] = renamed.get(sid, sid)
            out["sources"].append(new)
            mine[new["id"]] = new
    if renamed:
        _rename_citations(tech, renamed)
    out["technologies"].append(tech)
    return out, tech["id"]


def _cited_in(tech: dict[str, Any]) -> set[str]:
    found = {e.get("source") for e in tech.get("excerpts", [])}
    found |= {f.get("source") for f in tech.get("flags", []) if f.get("source")}
    for entry in tech.get("scores", {}).values():
        found |= {e.get("source") for e in entry.get("evidence", [])}
    for status in tech.get("safeguards", {}).values():
        found |= {e.get("source") for e in status.get("evidence", [])}
    return {s for s in found if s}


def _rename_citations(tech: dict[str, Any], renamed: dict[str, str]) -> None:
    items = list(tech.get("excerpts", [])) + list(tech.get("flags", []))
    for entry in list(tech.get("scores", {}).values()) + list(tech.get("safeguards", {}).values()):
        items += entry.get("evidence", [])
    for item in items:
        if item.get("source") in renamed:
            item["source"] = renamed[item["source"]]


def add_excerpt(doc: Doc, tid: str, source: str, quote: str) -> Doc:
    if not quote.strip():
        raise AuthoringError(say("authoring.excerpt_words"))
    _require_source(doc, source)
    out = _copy(doc)
    _tech(out, tid).setdefault("excerpts", []).append({"source": source, "quote": quote.strip()})
    return out


def remove_item(doc: Doc, tid: str, where: tuple[str, ...], index: int) -> Doc:
    """Remove the `index`-th item of a list inside a technology (e.g. ('excerpts',), ('scores', cid, 'evidence'))."""
    out = _copy(doc)
    node: Any = _tech(out, tid)
    for key in where:
        node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            raise AuthoringError(say("authoring.item_gone"))
    if not isinstance(node, list) or not 0 <= index < len(node):
        raise AuthoringError(say("authoring.item_gone"))
    del node[index]
    return out
