"""Autosave: the criterion form's fields as they are typed, written into the document as far as it can hold them.

The Assess page saves every field as it changes. Most fields go straight into the score entry (a level, a rationale,
a confidence, answers): a level without a rationale is kept as it is and reported as incomplete, never dropped. What
the file format cannot hold yet (an unsure range with one end chosen, "does not apply" before its reason, evidence
typed but not yet added) is handed back as *pending*, for the workspace to keep beside the draft until it can.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.core.authoring.document import CONFIDENCE, AuthoringError, Doc, _tech
from dashboard.core.models import NA, Rubric
from dashboard.words import say

UNSURE, NOT_APPLICABLE = "unsure", "n/a"
# The criterion form's fields, by the name its widgets and the pending store use.
JUDGEMENT_FIELDS = ("choice", "low", "high", "reason", "rationale", "confidence", "answers")
EVIDENCE_FIELDS = ("ev_source", "ev_quote", "ev_page", "ev_note")
FIELDS = JUDGEMENT_FIELDS + EVIDENCE_FIELDS

Fields = Mapping[str, Any]


def _number(value: Any) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def apply_fields(doc: Doc, rubric: Rubric, tid: str, cid: str, fields: Fields) -> tuple[Doc, dict[str, Any]]:
    """Write the form's `fields` for criterion `cid` of technology `tid` into a copy of `doc`, as far as the file
    format holds them; return the new document and the fields it could not hold yet (pending), non-empty only.

    Fields absent from `fields` leave the entry as it is; a blank text removes it from the entry."""
    criterion = next((c for c in rubric.criteria if c.id == cid), None)
    if criterion is None:
        raise AuthoringError(say("authoring.no_criterion", id=cid))
    levels = [lv.value for lv in rubric.scale.levels]
    out = _with_own_technology(doc, tid)
    scores = _tech(out, tid).setdefault("scores", {})
    entry: dict[str, Any] = dict(scores.get(cid, {}))
    pending: dict[str, Any] = {}

    choice = fields.get("choice")
    if choice == NOT_APPLICABLE or (choice is None and entry.get("level") == NA):
        reason = str(fields.get("reason", entry.get("reason")) or "").strip()
        if reason:
            entry["level"], entry["reason"] = NA, reason
        else:  # "does not apply" needs its reason before the file can say so
            entry.pop("reason", None)
            if entry.get("level") == NA:
                entry.pop("level")
            pending["choice"] = NOT_APPLICABLE
    elif choice == UNSURE:
        low, high = fields.get("low"), fields.get("high")
        if low in levels and high in levels and low is not None and high is not None and low < high:
            entry["level"] = [_number(low), _number(high)]
        else:
            pending.update({"choice": UNSURE, "low": low, "high": high})
    elif choice is not None and choice in levels:
        entry["level"] = _number(choice)
    if entry.get("level") != NA:
        entry.pop("reason", None)
    if "answers" in fields and criterion.options:
        picked = fields["answers"]
        answers = [picked] if isinstance(picked, str) else list(picked or [])
        if answers:
            entry["answer"] = answers[0] if criterion.select == "one" and len(answers) == 1 else answers
        else:
            entry.pop("answer", None)
    if "rationale" in fields:
        _text(entry, "rationale", fields["rationale"])
    if "confidence" in fields:
        if fields["confidence"] in CONFIDENCE:
            entry["confidence"] = fields["confidence"]
        elif fields["confidence"] is None:
            entry.pop("confidence", None)
    for key in EVIDENCE_FIELDS:
        value = fields.get(key)
        if value not in (None, "") and not (isinstance(value, str) and not value.strip()):
            pending[key] = value

    order = ("level", "answer", "reason", "rationale", "evidence", "confidence", "basis")
    entry = {k: entry[k] for k in order if k in entry} | {k: v for k, v in entry.items() if k not in order}
    if entry:
        scores[cid] = entry
    else:
        scores.pop(cid, None)
    return out, {k: v for k, v in pending.items() if v not in (None, "")}


def _with_own_technology(doc: Doc, tid: str) -> Doc:
    """A copy of `doc` that shares everything with it but the path to technology `tid` and its scores, the only part
    `apply_fields` changes: a deep copy of a whole set on every field saved cost a click on Assess a tenth of a
    second (issue 21). The parts shared are never changed here, so `doc` stays as it was."""
    out = dict(doc)
    techs = list(out.get("technologies") or [])
    for i, tech in enumerate(techs):
        if isinstance(tech, dict) and tech.get("id") == tid:
            own = dict(tech)
            if isinstance(own.get("scores"), dict):
                own["scores"] = dict(own["scores"])
            techs[i] = own
    out["technologies"] = techs
    return out


def _text(entry: dict[str, Any], key: str, value: Any) -> None:
    text = str(value or "").strip()
    if text:
        entry[key] = text
    else:
        entry.pop(key, None)


def form_values(entry: Mapping[str, Any] | None, pending: Fields | None = None) -> dict[str, Any]:
    """What the criterion form shows for a score entry (as the document holds it) and its pending fields: pending
    first, so what was typed but not yet complete comes back after a reload."""
    entry = entry or {}
    pending = pending or {}
    level = entry.get("level")
    values: dict[str, Any] = {
        "choice": None,
        "low": None,
        "high": None,
        "reason": entry.get("reason", ""),
        "rationale": entry.get("rationale", ""),
        "confidence": entry.get("confidence"),
        "answers": entry.get("answer"),
    }
    if level == NA:
        values["choice"] = NOT_APPLICABLE
    elif isinstance(level, list | tuple):
        values["choice"], values["low"], values["high"] = UNSURE, level[0], level[1]
    elif level is not None:
        values["choice"] = level
    values.update({k: "" for k in ("ev_quote", "ev_page", "ev_note")})
    values["ev_source"] = None
    values.update({k: v for k, v in pending.items() if k in FIELDS})
    return values


def missing(rubric: Rubric, cid: str, values: Fields) -> list[str]:
    """Every thing the form's judgement still lacks before it counts (all of them at once, in the form's order);
    none for a complete judgement."""
    criterion = next((c for c in rubric.criteria if c.id == cid), None)
    if criterion is None:
        raise AuthoringError(say("authoring.no_criterion", id=cid))
    levels = [lv.value for lv in rubric.scale.levels]
    choice = values.get("choice")
    if choice == NOT_APPLICABLE and not criterion.options:
        return [] if str(values.get("reason") or "").strip() else [say("authoring.na_reason")]
    problems = []
    if criterion.options:
        answers = values.get("answers")
        picked = [answers] if isinstance(answers, str) else list(answers or [])
        if not picked:
            problems.append(say("authoring.answer"))
        elif criterion.select == "one" and len(picked) != 1:
            problems.append(say("authoring.one_answer"))
    elif choice == UNSURE:
        low, high = values.get("low"), values.get("high")
        if not (low in levels and high in levels and low is not None and high is not None and low < high):
            problems.append(say("authoring.range"))
    elif choice not in levels or choice is None:
        problems.append(say("authoring.level", levels=", ".join(map(str, levels))))
    if not str(values.get("rationale") or "").strip():
        problems.append(say("authoring.rationale"))
    if values.get("confidence") not in CONFIDENCE:
        problems.append(say("authoring.confidence"))
    return problems


def evidence_missing(values: Fields) -> list[str]:
    """Everything the evidence fields still lack before the item can be added, all at once."""
    problems = []
    if not values.get("ev_source"):
        problems.append(say("authoring.evidence_source"))
    if not (str(values.get("ev_quote") or "").strip() or str(values.get("ev_note") or "").strip()):
        problems.append(say("authoring.evidence_words"))
    return problems
