"""Which weights are valid, decided in one place.

A weight comes from a rubric (a criterion's own, or a profile's), from the What-if sliders, or from an address; every
one of them is checked here. A weight is a finite number from 0 to `top(rubric)`, the sliders' upper end, which never
exceeds `MAX_WEIGHT`; and the weights in use never all become 0, which would leave nothing to score (a weighted mean
of nothing). Bounded weights also bound every total: a weight of 1e308 overflowed to infinity, which ranked a
technology wrongly or showed every one as not rated.

Faults are codes with the value and criterion they concern; `dashboard/views/messages.py` words them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from dashboard.core.models import Rubric
from dashboard.settings import MAX_WEIGHT

STEP = 0.5  # the What-if sliders' step
MIN_TOP = 5.0  # the sliders reach at least this far, so a rubric of small weights can still be reweighted

UNKNOWN = "unknown"  # names no criterion of the rubric
NOT_A_NUMBER = "not_a_number"  # not a finite number
OUT_OF_RANGE = "out_of_range"  # below 0 or above top(rubric)
ALL_ZERO = "all_zero"  # with the profile's weights for the rest, every weight would be 0


class WeightFault(NamedTuple):
    code: str
    criterion: str = ""
    given: str = ""
    top: float = 0.0


def top(rubric: Rubric) -> float:
    """The sliders' upper end for a rubric: twice its largest weight in any profile, at least MIN_TOP, at most
    MAX_WEIGHT. One value for the whole rubric, so a weight kept across a profile switch stays on its slider."""
    weights = [c.weight for c in rubric.criteria] + [w for p in rubric.profiles for w in p.weights.values()]
    largest = max((w for w in weights if math.isfinite(w)), default=0.0)
    return float(min(MAX_WEIGHT, max(MIN_TOP, 2 * largest)))


def value_fault(value: float, limit: float = MAX_WEIGHT) -> str | None:
    """NOT_A_NUMBER, OUT_OF_RANGE (outside 0..limit) or None for a valid weight."""
    if not math.isfinite(value):
        return NOT_A_NUMBER
    return None if 0 <= value <= limit else OUT_OF_RANGE


def _number(value: float | str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def check(
    rubric: Rubric,
    profile: str | None,
    adjusted: Mapping[str, float | str] | Iterable[tuple[str, float | str]],
) -> tuple[dict[str, float], list[WeightFault]]:
    """The adjusted weights (criterion id -> number or text, as a mapping or as pairs in order, a later one for the
    same criterion winning) that `rubric` and `profile` accept, and a fault for each one refused. When the accepted
    ones, with the profile's weights for the other criteria, would make every weight 0, none is accepted and the one
    fault is ALL_ZERO."""
    limit = top(rubric)
    known = {c.id for c in rubric.criteria}
    accepted: dict[str, float] = {}
    faults: list[WeightFault] = []
    pairs = adjusted.items() if isinstance(adjusted, Mapping) else adjusted
    for cid, raw in pairs:
        value = _number(raw)
        code = UNKNOWN if cid not in known else value_fault(value, limit)
        if code is None:
            accepted[cid] = value
        else:
            faults.append(WeightFault(code, cid, str(raw), limit))
    profiles = {p.id for p in rubric.profiles}
    weights = rubric.profile_weights(profile if profile in profiles else None) | accepted
    if not any(w > 0 for w in weights.values()):
        return {}, [WeightFault(ALL_ZERO, top=limit)]
    return accepted, faults
