"""Writing an assessment set in the app: each edit is a pure function from one document to the next.

The document is the assessment file as data (the YAML interchange format as dicts and lists), so what a form writes
is exactly what the file says. Every function returns a new document and never changes its input; `validated()`
checks the result against the rubric with the same located problems as the command line, so nothing invalid reaches
a draft. Nothing here imports streamlit.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, cast, get_args

import yaml

from dashboard.core.audit import audit
from dashboard.core.loading import load_assessments
from dashboard.core.models import NA, AssessmentSet, Grade, Rubric, SafeguardState
from dashboard.core.problems import join_path

Doc = dict[str, Any]

CONFIDENCE = ("low", "medium", "high")


class AuthoringError(ValueError):
    """An edit that cannot be made as asked; the message says what to do instead."""


def parse(content: str) -> Doc:
    doc = yaml.safe_load(content)
    if not isinstance(doc, dict):
        raise AuthoringError("the assessment document is not a mapping")
    return doc


def dump(doc: Doc) -> str:
    return str(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=110))


def validated(doc: Doc, rubric: Rubric, name: str = "draft") -> AssessmentSet:
    """The document as a model, or `InputError` with every problem located (the command line's words)."""
    return load_assessments(dump(doc).encode("utf-8"), rubric, name)


def make_id(name: str, taken: list[str] | set[str], fallback: str = "item") -> str:
    """A readable, unique id from a name: lower case words joined by '_' (e.g. 'Police drones' -> 'police_drones')."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:50].strip("_") or fallback
    if base not in taken:
        return base
    n = 2
    while f"{base}_{n}" in taken:
        n += 1
    return f"{base}_{n}"


def _copy(doc: Doc) -> Doc:
    return copy.deepcopy(doc)


def _tech(doc: Doc, tid: str) -> dict[str, Any]:
    for tech in doc.get("technologies", []):
        if tech.get("id") == tid:
            return cast(dict[str, Any], tech)
    raise AuthoringError(f"no technology '{tid}' in this set")


def _tech_ids(doc: Doc) -> list[str]:
    return [t.get("id", "") for t in doc.get("technologies", [])]


def lines(text: str) -> list[str]:
    """The non-blank lines of a text box, trimmed: one item per line ('a, b' on one line is one item)."""
    return [part.strip() for part in text.replace("\r", "").split("\n") if part.strip()]


# ----------------------------------------------------------------------------------------------------- sets


def new_set(
    *, title: str, scope: str, authors: list[str], rubric: Rubric, first_technology: str, date: str | None = None
) -> Doc:
    """A new assessment set scored against `rubric`, with its first technology (a set holds at least one)."""
    if not title.strip():
        raise AuthoringError("give the set a title")
    if not [a for a in authors if a.strip()]:
        raise AuthoringError("name at least one author")
    if not first_technology.strip():
        raise AuthoringError("name the first technology to assess")
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
    out["meta"]["title"] = title.strip() or f"Copy of {doc['meta']['title']}"
    return out


# ------------------------------------------------------------------------------------------------ technologies


def add_technology(doc: Doc, name: str, tid: str = "") -> tuple[Doc, str]:
    if not name.strip():
        raise AuthoringError("give the technology a name")
    out = _copy(doc)
    taken = _tech_ids(out)
    new_id = tid.strip() or make_id(name, taken, "technology")
    if new_id in taken:
        raise AuthoringError(f"the id '{new_id}' is taken by another technology; choose another")
    out.setdefault("technologies", []).append({"id": new_id, "name": name.strip()})
    return out, new_id


def update_technology(doc: Doc, tid: str, **fields: Any) -> tuple[Doc, str]:
    """Change a technology's id, name, category, description or deployment; returns the (possibly new) id."""
    out = _copy(doc)
    tech = _tech(out, tid)
    new_id = str(fields.pop("id", tid) or tid).strip()
    if new_id != tid:
        if not re.fullmatch(r"[A-Za-z0-9_\-]+", new_id):
            raise AuthoringError("an id may hold letters, digits, '_' and '-' only")
        if new_id in _tech_ids(out):
            raise AuthoringError(f"the id '{new_id}' is taken by another technology; choose another")
        tech["id"] = new_id
    if "name" in fields and not str(fields["name"]).strip():
        raise AuthoringError("a technology needs a name")
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
    tech["name"] = f"{tech['name']} (copy)"
    out["technologies"].append(tech)
    return out, tech["id"]


def remove_technology(doc: Doc, tid: str) -> Doc:
    out = _copy(doc)
    if len(out.get("technologies", [])) <= 1:
        raise AuthoringError("a set needs at least one technology: add another before removing this one")
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
        raise AuthoringError("paste the words of the source")
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
            raise AuthoringError("that item is no longer there; reload the page")
    if not isinstance(node, list) or not 0 <= index < len(node):
        raise AuthoringError("that item is no longer there; reload the page")
    del node[index]
    return out


# ----------------------------------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Judgement:
    """What the scoring form says: a level, a range (unsure), n/a (with a reason) or answers to options."""

    kind: str  # "level" | "range" | "na" | "answer"
    level: float | None = None
    low: float | None = None
    high: float | None = None
    answers: tuple[str, ...] = ()
    reason: str = ""
    rationale: str = ""
    confidence: str | None = None


def set_score(doc: Doc, rubric: Rubric, tid: str, cid: str, j: Judgement) -> Doc:
    """Record a judgement on one criterion, keeping the evidence already cited for it."""
    criterion = next((c for c in rubric.criteria if c.id == cid), None)
    if criterion is None:
        raise AuthoringError(f"the rubric has no criterion '{cid}'")
    values = [lv.value for lv in rubric.scale.levels]
    out = _copy(doc)
    tech = _tech(out, tid)
    entry = dict(tech.setdefault("scores", {}).get(cid, {}))
    for key in ("level", "answer", "reason", "rationale", "confidence"):
        entry.pop(key, None)
    if j.kind == "na":
        if not j.reason.strip():
            raise AuthoringError("say why the criterion does not apply")
        entry = {
            "level": NA,
            "reason": j.reason.strip(),
            **({"evidence": entry["evidence"]} if "evidence" in entry else {}),
        }
        tech["scores"][cid] = entry
        return out
    if not j.rationale.strip():
        raise AuthoringError("write the rationale: why this level, from which evidence")
    if j.confidence not in CONFIDENCE:
        raise AuthoringError("choose a confidence: low, medium or high")
    if j.kind == "level":
        if j.level not in values:
            raise AuthoringError(f"choose one of the scale's levels ({', '.join(map(str, values))})")
        entry["level"] = int(j.level) if float(j.level).is_integer() else j.level
    elif j.kind == "range":
        if j.low not in values or j.high not in values or j.low is None or j.high is None or j.low >= j.high:
            raise AuthoringError("an unsure score is two different levels of the scale, the lower first")
        entry["level"] = [int(j.low), int(j.high)]
    elif j.kind == "answer":
        if not criterion.options:
            raise AuthoringError(f"'{criterion.name}' is scored by levels, not answers")
        if not j.answers:
            raise AuthoringError("choose an answer")
        if criterion.select == "one" and len(j.answers) != 1:
            raise AuthoringError("choose exactly one answer")
        entry["answer"] = j.answers[0] if criterion.select == "one" else list(j.answers)
    else:
        raise AuthoringError(f"unknown kind of judgement '{j.kind}'")
    entry["rationale"] = j.rationale.strip()
    entry["confidence"] = j.confidence
    tech["scores"][cid] = {
        k: entry[k] for k in ("level", "answer", "rationale", "evidence", "confidence") if k in entry
    }
    return out


def clear_score(doc: Doc, tid: str, cid: str) -> Doc:
    out = _copy(doc)
    _tech(out, tid).get("scores", {}).pop(cid, None)
    return out


def _require_source(doc: Doc, sid: str) -> None:
    if sid not in {s.get("id") for s in doc.get("sources", [])}:
        raise AuthoringError(f"source '{sid}' is not in the register; register it first")


def evidence(source: str, quote: str = "", page: str = "", note: str = "") -> dict[str, Any]:
    item: dict[str, Any] = {"source": source}
    if quote.strip():
        item["quote"] = quote.strip()
    if page.strip():
        item["page"] = page.strip()
    if note.strip():
        item["note"] = note.strip()
    return item


def add_score_evidence(doc: Doc, tid: str, cid: str, item: dict[str, Any]) -> Doc:
    _require_source(doc, item["source"])
    if not (item.get("quote") or item.get("note")):
        raise AuthoringError("give the source's words (quote) or what it shows (note)")
    out = _copy(doc)
    entry = _tech(out, tid).setdefault("scores", {}).setdefault(cid, {})
    entry.setdefault("evidence", []).append(item)
    return out


# --------------------------------------------------------------------------------------------------- sources


def register_source(
    doc: Doc,
    *,
    title: str,
    publisher: str,
    date: str | None,
    url: str,
    reference: str,
    type: str,
    reliability: str,
    sid: str = "",
) -> tuple[Doc, str]:
    if not title.strip():
        raise AuthoringError("give the source's title (its headline, or a description in [brackets])")
    if not type.strip():
        raise AuthoringError("say what kind of source it is, e.g. press report, statute, UN document")
    if reliability not in get_args(Grade):
        raise AuthoringError("choose a reliability grade from A to F")
    if date:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise AuthoringError(f"write the date as YYYY-MM-DD (got {date!r}), or mark it undated") from None
    out = _copy(doc)
    taken = [s.get("id", "") for s in out.setdefault("sources", [])]
    new_id = sid.strip() or make_id(title.strip("[]"), taken, "source")
    if new_id in taken:
        raise AuthoringError(f"the id '{new_id}' is taken by another source; choose another")
    source: dict[str, Any] = {"id": new_id, "title": title.strip()}
    if publisher.strip():
        source["publisher"] = publisher.strip()
    source["date"] = date or "undated"
    if url.strip():
        source["url"] = url.strip()
    if reference.strip():
        source["reference"] = reference.strip()
    source["type"] = type.strip()
    source["reliability"] = reliability
    out["sources"].append(source)
    return out, new_id


def citations(doc: Doc, sid: str) -> list[str]:
    """Every place that cites source `sid`, as paths (technologies[0].scores.breadth.evidence[1])."""
    found = []
    for t, tech in enumerate(doc.get("technologies", [])):
        at: tuple[object, ...] = ("technologies", t)
        for e, ex in enumerate(tech.get("excerpts", [])):
            if ex.get("source") == sid:
                found.append(join_path(at + ("excerpts", e)))
        for f, flag in enumerate(tech.get("flags", [])):
            if flag.get("source") == sid:
                found.append(join_path(at + ("flags", f)))
        for cid, entry in tech.get("scores", {}).items():
            for e, ev in enumerate(entry.get("evidence", [])):
                if ev.get("source") == sid:
                    found.append(join_path(at + ("scores", cid, "evidence", e)))
        for gid, status in tech.get("safeguards", {}).items():
            for e, ev in enumerate(status.get("evidence", [])):
                if ev.get("source") == sid:
                    found.append(join_path(at + ("safeguards", gid, "evidence", e)))
    return found


def remove_source(doc: Doc, sid: str) -> Doc:
    used = citations(doc, sid)
    if used:
        raise AuthoringError(
            f"source '{sid}' is cited {len(used)} time(s) and cannot be removed: "
            + "; ".join(used)
            + ". Remove those citations first"
        )
    out = _copy(doc)
    out["sources"] = [s for s in out.get("sources", []) if s.get("id") != sid]
    return out


# -------------------------------------------------------------------------------------------- safeguards, flags


def set_safeguard(doc: Doc, tid: str, gid: str, status: str, note: str) -> Doc:
    if status not in get_args(SafeguardState):
        raise AuthoringError(f"choose a status: {', '.join(get_args(SafeguardState))}")
    if status == "not_applicable" and not note.strip():
        raise AuthoringError("say why the safeguard does not apply to this technology")
    out = _copy(doc)
    record = _tech(out, tid).setdefault("safeguards", {}).setdefault(gid, {})
    record["status"] = status
    _set_text(record, "note", note)
    return out


def add_safeguard_evidence(doc: Doc, tid: str, gid: str, item: dict[str, Any]) -> Doc:
    _require_source(doc, item["source"])
    out = _copy(doc)
    record = _tech(out, tid).setdefault("safeguards", {}).setdefault(gid, {"status": "unknown"})
    record.setdefault("evidence", []).append(item)
    return out


def add_flag(doc: Doc, tid: str, framework: str, provision: str, note: str, reference: str, source: str) -> Doc:
    if not framework.strip() or not provision.strip():
        raise AuthoringError("name the framework and the provision, e.g. 'EU AI Act' and 'Art. 5(1)(h)'")
    if source:
        _require_source(doc, source)
    flag: dict[str, Any] = {"framework": framework.strip(), "provision": provision.strip()}
    for key, value in (("note", note), ("reference", reference), ("source", source)):
        if value and value.strip():
            flag[key] = value.strip()
    out = _copy(doc)
    _tech(out, tid).setdefault("flags", []).append(flag)
    return out


# ------------------------------------------------------------------------------------------------------ progress


@dataclass
class Progress:
    technology: str
    name: str
    criteria: int
    scored: int
    without_evidence: list[str] = field(default_factory=list)
    without_rationale: list[str] = field(default_factory=list)
    findings: list[tuple[str, str, str, str]] = field(default_factory=list)  # (path, criterion or "", message, hint)


def progress(data: AssessmentSet, rubric: Rubric) -> list[Progress]:
    """Per technology: criteria scored, those lacking evidence or a rationale, and the audit's findings."""
    findings = audit(rubric, data)
    out = []
    for t, tech in enumerate(data.technologies):
        p = Progress(tech.id, tech.name, len(rubric.criteria), 0)
        for c in rubric.criteria:
            entry = tech.scores.get(c.id)
            if entry is None or (entry.level is None and entry.answer is None):
                continue
            p.scored += 1
            if entry.level == NA:
                continue
            if not entry.evidence:
                p.without_evidence.append(c.id)
            if not entry.rationale.strip():
                p.without_rationale.append(c.id)
        for path, message, hint in findings:
            if len(path) >= 2 and path[0] == "technologies" and path[1] == t:
                criterion = str(path[3]) if len(path) > 3 and path[2] == "scores" else ""
                p.findings.append((join_path(list(path)), criterion, message, hint))
        out.append(p)
    return out
