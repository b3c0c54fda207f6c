"""The guided flow: a technology's criteria in the rubric's order, each with the state of its judgement."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dashboard.core.authoring.autosave import EVIDENCE_FIELDS, JUDGEMENT_FIELDS, Fields
from dashboard.core.models import NA, Rubric, ScoreEntry, Technology

# The states a criterion can be in, from nothing written to done.
NOT_STARTED = "not started"
INCOMPLETE = "incomplete"  # something written, but not a judgement that counts: no level, rationale or confidence
NO_EVIDENCE = "missing evidence"  # a complete judgement citing nothing
SCORED = "scored"
RANGE = "range"
NOT_APPLICABLE = "n/a"
STATES = (NOT_STARTED, INCOMPLETE, NO_EVIDENCE, SCORED, RANGE, NOT_APPLICABLE)


@dataclass(frozen=True)
class Step:
    """One criterion in the flow: its id, its place (1-based) and the state of its judgement."""

    criterion: str
    position: int
    state: str
    evidence_pending: bool = False  # evidence typed but not yet added


def criterion_state(entry: ScoreEntry | None, pending: Fields | None = None) -> str:
    """The state of one criterion's judgement, from its score entry and the form's pending fields."""
    pending = pending or {}
    if any(pending.get(k) not in (None, "") for k in JUDGEMENT_FIELDS):
        return INCOMPLETE
    if entry is None:
        return NOT_STARTED
    if entry.level == NA:
        return NOT_APPLICABLE if entry.reason.strip() else INCOMPLETE
    judged = entry.level is not None or bool(entry.answer)
    if not judged:
        return INCOMPLETE if (entry.rationale.strip() or entry.evidence or entry.confidence) else NOT_STARTED
    if not entry.rationale.strip() or entry.confidence is None:
        return INCOMPLETE
    if not entry.evidence:
        return NO_EVIDENCE
    return RANGE if isinstance(entry.level, list) else SCORED


def steps(rubric: Rubric, tech: Technology, pending: Mapping[str, Fields] | None = None) -> list[Step]:
    """Every criterion of the rubric in its order, with its state; `pending` is the form's pending fields by
    criterion id."""
    pending = pending or {}
    return [
        Step(
            c.id,
            k,
            criterion_state(tech.scores.get(c.id), pending.get(c.id)),
            any(pending.get(c.id, {}).get(f) for f in EVIDENCE_FIELDS),
        )
        for k, c in enumerate(rubric.criteria, start=1)
    ]


def neighbour(order: list[str], current: str, step: int) -> str:
    """The criterion `step` places from `current` (-1 previous, +1 next), staying at either end."""
    if current not in order:
        return order[0]
    return order[max(0, min(len(order) - 1, order.index(current) + step))]
