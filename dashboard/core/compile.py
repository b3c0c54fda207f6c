"""Validated models -> arrays: an assessment set compiled once against its rubric (levels, ranges, n/a, gaps,
evidence basis and safeguard states as arrays), so any weighting and scenario scores it by broadcasting."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard.core import evidence
from dashboard.core.engine import FULL, NONE, PARTIAL, Method
from dashboard.core.models import NA, AssessmentSet, Condition, Criterion, Rubric, ScoreEntry, Technology

STATUS_STATE = {"in_place": FULL, "partial": PARTIAL, "absent": NONE, "unknown": NONE, "not_applicable": NONE}
STATE_STATUS = {FULL: "in_place", PARTIAL: "partial", NONE: "absent"}


@dataclass(frozen=True, eq=False)
class Compiled:
    """An assessment set as arrays against its rubric (T technologies x C criteria x S safeguards)."""

    rubric: Rubric
    data: AssessmentSet
    method: Method
    tech_ids: list[str]
    names: list[str]
    point: np.ndarray
    low: np.ndarray
    high: np.ndarray
    na: np.ndarray
    missing: np.ndarray
    reported: np.ndarray
    applicable: np.ndarray  # (T, S) False where the data marks a safeguard not applicable to a technology
    basis: np.ndarray  # (T, C) evidence basis codes (see evidence.py)
    skipped: np.ndarray  # (T, C) unanswered criteria whose applies_if does not hold (neither n/a nor missing)
    inapplicable_answered: np.ndarray  # (T, C) answered although applies_if does not hold (flagged)

    @property
    def safeguard_ids(self) -> list[str]:
        return [s.id for s in self.rubric.safeguards]


def entry_levels(entry: ScoreEntry | None, criterion: Criterion) -> tuple[float, float] | str | None:
    """(low, high) for a score entry, 'n/a', or None when missing."""
    if entry is None:
        return None
    if entry.level == NA:
        return NA
    if criterion.options:
        answers = [entry.answer] if isinstance(entry.answer, str) else list(entry.answer or [])
        if not answers:
            return None
        scores = {o.id: o.score for o in criterion.options}
        value = float(sum(scores[a] for a in answers))
        return value, value
    if entry.level is None:
        return None
    if isinstance(entry.level, list):
        return float(entry.level[0]), float(entry.level[1])
    return float(entry.level), float(entry.level)


def condition_holds(condition: Condition, tech: Technology, rubric: Rubric) -> bool:
    """Whether the answer a technology gives to the condition's criterion is one the condition names."""
    entry = tech.scores.get(condition.criterion)
    if entry is None or entry.level == NA:
        return False
    if condition.answers is not None:
        chosen = [entry.answer] if isinstance(entry.answer, str) else list(entry.answer or [])
        return any(a in condition.answers for a in chosen)
    value = entry_levels(entry, rubric.criterion(condition.criterion))
    if not isinstance(value, tuple) or value[0] != value[1]:
        return False
    return any(value[0] == level for level in condition.levels or [])


def applies(criterion: Criterion, tech: Technology, rubric: Rubric) -> bool:
    return all(condition_holds(c, tech, rubric) for c in criterion.applies_if)


def compile_dataset(rubric: Rubric, data: AssessmentSet) -> Compiled:
    method = Method.from_rubric(rubric)
    t, c = len(data.technologies), len(rubric.criteria)
    low = np.full((t, c), np.nan)
    high = np.full((t, c), np.nan)
    na = np.zeros((t, c), dtype=bool)
    missing = np.zeros((t, c), dtype=bool)
    sg_index = {s.id: i for i, s in enumerate(rubric.safeguards)}
    reported = np.zeros((t, len(sg_index)), dtype=int)
    applicable = np.ones((t, len(sg_index)), dtype=bool)
    skipped = np.zeros((t, c), dtype=bool)
    inapplicable_answered = np.zeros((t, c), dtype=bool)
    drop = rubric.aggregation.inapplicable_answers == "drop"
    for i, tech in enumerate(data.technologies):
        for j, criterion in enumerate(rubric.criteria):
            value = entry_levels(tech.scores.get(criterion.id), criterion)
            inapplicable = bool(criterion.applies_if) and not applies(criterion, tech, rubric)
            if value is None:
                # A blank criterion that does not apply is not a gap in the assessment.
                if not inapplicable:
                    missing[i, j] = True
                elif drop:
                    na[i, j] = True
                else:
                    skipped[i, j] = True
            elif value == NA:
                na[i, j] = True
            elif isinstance(value, tuple):
                low[i, j], high[i, j] = value
                if inapplicable:
                    inapplicable_answered[i, j] = True
                    if drop:
                        na[i, j] = True
                        low[i, j] = high[i, j] = np.nan
        for sid, status in tech.safeguards.items():
            if sid in sg_index:
                reported[i, sg_index[sid]] = STATUS_STATE[status.status]
                applicable[i, sg_index[sid]] = status.status != "not_applicable"
    point = (low + high) / 2.0
    return Compiled(
        rubric=rubric,
        data=data,
        method=method,
        tech_ids=[tech.id for tech in data.technologies],
        names=[tech.name for tech in data.technologies],
        point=point,
        low=low,
        high=high,
        na=na,
        missing=missing,
        reported=reported,
        applicable=applicable,
        basis=evidence.basis_matrix(rubric, data),
        skipped=skipped,
        inapplicable_answered=inapplicable_answered,
    )
