"""Scores: record a judgement (level or range, n/a with a reason, answers, rationale, confidence) and its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard.core.authoring.document import CONFIDENCE, AuthoringError, Doc, _copy, _tech
from dashboard.core.models import NA, Rubric
from dashboard.words import say

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
        raise AuthoringError(say("authoring.no_criterion", id=cid))
    values = [lv.value for lv in rubric.scale.levels]
    out = _copy(doc)
    tech = _tech(out, tid)
    entry = dict(tech.setdefault("scores", {}).get(cid, {}))
    for key in ("level", "answer", "reason", "rationale", "confidence"):
        entry.pop(key, None)
    if j.kind == "na":
        if not j.reason.strip():
            raise AuthoringError(say("authoring.na_reason"))
        entry = {
            "level": NA,
            "reason": j.reason.strip(),
            **({"evidence": entry["evidence"]} if "evidence" in entry else {}),
        }
        tech["scores"][cid] = entry
        return out
    if not j.rationale.strip():
        raise AuthoringError(say("authoring.rationale"))
    if j.confidence not in CONFIDENCE:
        raise AuthoringError(say("authoring.confidence"))
    if j.kind == "level":
        if j.level not in values:
            raise AuthoringError(say("authoring.level", levels=", ".join(map(str, values))))
        entry["level"] = int(j.level) if float(j.level).is_integer() else j.level
    elif j.kind == "range":
        if j.low not in values or j.high not in values or j.low is None or j.high is None or j.low >= j.high:
            raise AuthoringError(say("authoring.range"))
        entry["level"] = [int(j.low), int(j.high)]
    elif j.kind == "answer":
        if not criterion.options:
            raise AuthoringError(say("authoring.scored_by_levels", name=criterion.name))
        if not j.answers:
            raise AuthoringError(say("authoring.answer"))
        if criterion.select == "one" and len(j.answers) != 1:
            raise AuthoringError(say("authoring.one_answer"))
        entry["answer"] = j.answers[0] if criterion.select == "one" else list(j.answers)
    else:
        raise AuthoringError(say("authoring.judgement_kind", kind=j.kind))
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
        raise AuthoringError(say("authoring.unregistered_source", id=sid))


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
        raise AuthoringError(say("authoring.evidence_words"))
    out = _copy(doc)
    entry = _tech(out, tid).setdefault("scores", {}).setdefault(cid, {})
    entry.setdefault("evidence", []).append(item)
    return out
