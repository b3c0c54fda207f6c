"""The source register, safeguards and regulatory flags: register and remove sources, set a safeguard's status."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

from dashboard.core.authoring.document import AuthoringError, Doc, _copy, _tech, make_id
from dashboard.core.authoring.scores import _require_source
from dashboard.core.authoring.technologies import _set_text
from dashboard.core.models import Grade, SafeguardState
from dashboard.core.problems import join_path
from dashboard.words import say

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
    checked: str | None = None,
    check_finding: str = "",
) -> tuple[Doc, str]:
    """Add a source to the register; `checked` (YYYY-MM-DD) and `check_finding` record when it was checked against
    what the register says and what was found, if it has been. Every problem of the form is raised at once."""
    problems = []  # every problem of the form at once, in the form's order
    if not title.strip():
        problems.append(say("authoring.source_title"))
    if not type.strip():
        problems.append(say("authoring.source_type"))
    if reliability not in get_args(Grade):
        problems.append(say("authoring.source_grade"))
    if date:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            problems.append(say("authoring.source_date", date=date))
    problems += _check_problems(checked, check_finding)
    out = _copy(doc)
    taken = [s.get("id", "") for s in out.setdefault("sources", [])]
    new_id = sid.strip() or make_id(title.strip("[]"), taken, "source")
    if new_id in taken and sid.strip():
        problems.append(say("authoring.source_id_taken", id=new_id))
    same = _registered(out["sources"], title, url)
    if same is not None:
        problems.append(say("authoring.source_registered", title=same.get("title", ""), id=same.get("id", "")))
    if problems:
        raise AuthoringError("; ".join(problems))
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
    _set_check(source, checked, check_finding)
    out["sources"].append(source)
    return out, new_id


def record_check(doc: Doc, sid: str, checked: str, check_finding: str) -> Doc:
    """Record that source `sid` was checked on `checked` (YYYY-MM-DD), and what was found; a later check replaces an
    earlier one (the version history keeps both)."""
    problems = [] if checked else [say("authoring.check_date_missing")]
    problems += _check_problems(checked, check_finding)
    if problems:
        raise AuthoringError("; ".join(problems))
    out = _copy(doc)
    source = next((x for x in out.get("sources", []) if x.get("id") == sid), None)
    if source is None:
        raise AuthoringError(say("authoring.unregistered_source", id=sid))
    source.pop("check_finding", None)
    _set_check(source, checked, check_finding)
    return out


def _check_problems(checked: str | None, check_finding: str) -> list[str]:
    if checked:
        try:
            if len(checked) != len("YYYY-MM-DD"):
                raise ValueError(checked)
            dt.date.fromisoformat(checked)
        except ValueError:
            return [say("authoring.check_date", date=checked)]
    elif check_finding.strip():
        return [say("authoring.check_finding_without_date")]
    return []


def _set_check(source: dict[str, Any], checked: str | None, check_finding: str) -> None:
    if checked:
        source["checked"] = checked
        if check_finding.strip():
            source["check_finding"] = check_finding.strip()


def _registered(sources: list[dict[str, Any]], title: str, url: str) -> dict[str, Any] | None:
    """The registered source with this title and address (compared without case or surrounding spaces), if any."""

    def same(a: object, b: str) -> bool:
        return str(a or "").strip().casefold() == b.strip().casefold()

    if not title.strip():
        return None
    return next((s for s in sources if same(s.get("title"), title) and same(s.get("url"), url)), None)


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
        raise AuthoringError(say("authoring.source_cited", id=sid, count=len(used), places="; ".join(used)))
    out = _copy(doc)
    out["sources"] = [s for s in out.get("sources", []) if s.get("id") != sid]
    return out


# -------------------------------------------------------------------------------------------- safeguards, flags


def set_safeguard(doc: Doc, tid: str, gid: str, status: str, note: str) -> Doc:
    if status not in get_args(SafeguardState):
        raise AuthoringError(say("authoring.safeguard_status", statuses=", ".join(get_args(SafeguardState))))
    if status == "not_applicable" and not note.strip():
        raise AuthoringError(say("authoring.safeguard_reason"))
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
        raise AuthoringError(say("authoring.flag"))
    if source:
        _require_source(doc, source)
    flag: dict[str, Any] = {"framework": framework.strip(), "provision": provision.strip()}
    for key, value in (("note", note), ("reference", reference), ("source", source)):
        if value and value.strip():
            flag[key] = value.strip()
    out = _copy(doc)
    _tech(out, tid).setdefault("flags", []).append(flag)
    return out
