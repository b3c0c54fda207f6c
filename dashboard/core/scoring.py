"""Compiled arrays -> scores: any profile and scenario of a compiled set, with totals, ranges, tiers and red lines.

Scenarios: `inherent` (no safeguards), `reported` (safeguards the data says are in place or partial),
`safeguarded` (every recommended safeguard in place) and `custom` (the reported states with overrides)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from dashboard.core import engine, evidence
from dashboard.core.compile import STATUS_STATE, Compiled
from dashboard.core.engine import FULL, NONE, Evaluation
from dashboard.core.models import Rubric
from dashboard.core.results import (
    MISSING,
    NOT_APPLICABLE,
    SCORED,
    SKIPPED,
    CriterionResult,
    MethodUnits,
    Placement,
    TechnologyResult,
)
from dashboard.core.weights import check as check_weights

# The scenarios by id, in the order a reader is offered them; their labels are words (views/messages.py).
SCENARIOS = ("inherent", "reported", "safeguarded", "custom")


UNRATED_COLOUR = "#BBBBBB"


@dataclass(frozen=True)
class Prepared:
    """Levels ready to score under the rubric's policy for blanks: point, low and high levels (T, C), the mask of
    levels that count, and the mask of criteria that count toward maxima."""

    point: np.ndarray
    low: np.ndarray
    high: np.ndarray
    valid: np.ndarray
    scorable: np.ndarray


def prepare(compiled: Compiled) -> Prepared:
    method = compiled.method
    blank = compiled.missing | compiled.skipped
    if method.unanswered_zero:
        # A blank scores 0 out of a fixed maximum: a definite 0, so its range is 0 too.
        point, low, high = (np.where(blank, 0.0, a) for a in (compiled.point, compiled.low, compiled.high))
        keep = ~compiled.na
        return Prepared(point, low, high, keep, keep)
    # Missing scores are never counted as zero: the point estimate leaves them out, and the range treats them as
    # anywhere on the scale (floor for the low bound, ceiling for the high bound). A skipped criterion (blank and
    # not applicable) is simply out.
    low = np.where(compiled.missing, method.floor, compiled.low)
    high = np.where(compiled.missing, method.ceiling, compiled.high)
    return Prepared(compiled.point, low, high, ~(compiled.na | blank), ~(compiled.na | compiled.skipped))


def scenario_state(
    compiled: Compiled, scenario: str = "reported", overrides: Mapping[str, str] | None = None
) -> np.ndarray:
    """Safeguard states (T, S) for a scenario.

    `overrides` maps a safeguard id to a status for every technology, or 'safeguard@technology' to a status for one
    technology; a technology's own setting wins over the one for all.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario '{scenario}'; use one of: {', '.join(SCENARIOS)}")
    state = compiled.reported.copy()
    if scenario == "inherent":
        state[:] = NONE
    elif scenario == "safeguarded":
        for k, sg in enumerate(compiled.rubric.safeguards):
            if sg.recommended:
                state[:, k] = FULL
    elif scenario == "custom":
        # Settings for all technologies first, then each technology's own.
        for key, status in sorted((overrides or {}).items(), key=lambda kv: "@" in kv[0]):
            sid, _, tid = key.partition("@")
            if sid not in compiled.safeguard_ids:
                raise ValueError(f"unknown safeguard '{sid}'")
            if tid and tid not in compiled.tech_ids:
                raise ValueError(f"unknown technology '{tid}'")
            rows = [compiled.tech_ids.index(tid)] if tid else slice(None)
            state[rows, compiled.safeguard_ids.index(sid)] = STATUS_STATE[status]
    # A safeguard that does not apply to a technology is never switched on for it.
    return np.where(compiled.applicable, state, NONE)


class NonFiniteScores(ValueError):
    """A total that is not a finite number: never shown, as a wrong rank or a silent "not rated"."""


def weight_vector(rubric: Rubric, profile: str | None = None, weights: Mapping[str, float] | None = None) -> np.ndarray:
    """Weights (C,) from a profile, then any per-criterion overrides (e.g. from sliders), checked by
    `core/weights.py`: a ValueError names any refused, so no invalid weight is ever scored."""
    chosen = rubric.profile_weights(profile)
    accepted, faults = check_weights(rubric, profile, weights or {})
    if faults:
        named = ", ".join(f"{f.criterion}: {f.given}" if f.criterion else "every weight 0" for f in faults)
        raise ValueError(f"weights refused ({', '.join(sorted({f.code for f in faults}))}): {named}")
    chosen.update(accepted)
    return np.array([chosen[c.id] for c in rubric.criteria], dtype=float)


@dataclass(eq=False)
class Scores:
    """Scores of one compiled set under one weighting and one scenario."""

    compiled: Compiled
    weights: np.ndarray
    state: np.ndarray
    scenario: str
    profile: str | None
    inherent_levels: np.ndarray
    levels: np.ndarray  # residual point levels used
    levels_low: np.ndarray
    levels_high: np.ndarray
    point: Evaluation
    low: Evaluation
    high: Evaluation
    overrides: dict[str, str] = field(default_factory=dict)
    # What the views computed from these scores, so each is computed once per scores (views/labels.py).
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def rubric(self) -> Rubric:
        return self.compiled.rubric

    @cached_property
    def evidence_shares(self) -> dict[int, np.ndarray]:
        """Per basis code, the share (0-1) of each technology's weighted score that rests on it (NaN: unscored)."""
        parts = engine.contributions(self.compiled.method, self.levels, self.weights)
        basis = self.compiled.basis
        return {
            code: evidence.share(parts, basis, self.weights, code)
            for code in (evidence.CORROBORATED, evidence.REPORTED, evidence.UNCITED)
        }

    def with_basis(self, i: int, code: int) -> list[str]:
        return [cid for cid, b in zip(self.criterion_ids, self.compiled.basis[i], strict=True) if b == code]

    @cached_property
    def results(self) -> tuple[TechnologyResult, ...]:
        """One typed record per technology, ranked by score (highest risk first; unrated last; ties by id)."""
        rubric = self.rubric
        tiers = rubric.tiers.levels
        rl = rubric.red_lines
        shares = self.evidence_shares
        ids = self.criterion_ids
        compiled = self.compiled
        unranked = []
        for i, tech in enumerate(compiled.data.technologies):
            lo_t, pt_t, hi_t = int(self.low.tier[i]), int(self.point.tier[i]), int(self.high.tier[i])
            rated = not np.isnan(self.point.score[i])
            span = range(min(lo_t, pt_t, hi_t), max(lo_t, pt_t, hi_t) + 1)
            caution = (
                evidence.caution(
                    float(shares[evidence.CORROBORATED][i]),
                    float(shares[evidence.REPORTED][i]),
                    float(shares[evidence.UNCITED][i]),
                    rubric.evidence.min_strength,
                )
                if rated
                else evidence.CAUTION_NONE
            )
            placement = None
            ax_raw, ax_score, bands = self.point.axis_raw, self.point.axis_score, self.point.bands
            if ax_raw is not None and ax_score is not None and bands is not None and rubric.aggregation.axes:
                x, y = rubric.aggregation.axes
                placement = Placement(
                    _num(ax_score[i, 0]),
                    _num(ax_score[i, 1]),
                    _num(ax_raw[i, 0]),
                    _num(ax_raw[i, 1]),
                    x.bands[int(bands[i, 0])].id,
                    y.bands[int(bands[i, 1])].id,
                )
            unranked.append(
                TechnologyResult(
                    rank=0,
                    id=tech.id,
                    name=tech.name,
                    category=tech.category,
                    score=_num(self.point.score[i]),
                    score_low=_num(self.low.score[i]),
                    score_high=_num(self.high.score[i]),
                    raw=_num(self.point.raw[i]),
                    tier=tiers[pt_t].id if rated else None,
                    tier_label=tiers[pt_t].label if rated else None,
                    tier_colour=tiers[pt_t].colour if rated else UNRATED_COLOUR,
                    tiers_spanned=tuple(tiers[k].id for k in span),
                    red_lines=tuple(rl[r].id for r in np.flatnonzero(self.point.crossed[i])),
                    complete=not bool(compiled.missing[i].any()),
                    missing=tuple(cid for cid, m in zip(ids, compiled.missing[i], strict=True) if m),
                    not_applicable=tuple(cid for cid, m in zip(ids, compiled.na[i], strict=True) if m),
                    mitigated=bool(self.point.mitigated[i]),
                    inapplicable_answered=tuple(
                        cid for cid, m in zip(ids, compiled.inapplicable_answered[i], strict=True) if m
                    ),
                    units=self._method_units(i),
                    reach=tech.deployment.reach,
                    evidence_strength=_num(shares[evidence.CORROBORATED][i]),
                    reported_only=tuple(self.with_basis(i, evidence.REPORTED)),
                    uncited=tuple(self.with_basis(i, evidence.UNCITED)),
                    caution=caution,
                    placement=placement,
                )
            )
        ordered = sorted(unranked, key=lambda r: (-(r.score if r.score is not None else -1.0), r.id))
        return tuple(replace(r, rank=k) for k, r in enumerate(ordered, start=1))

    @cached_property
    def _results_by_id(self) -> dict[str, TechnologyResult]:
        return {r.id: r for r in self.results}

    def result(self, tech_id: str) -> TechnologyResult:
        """The record of one technology (KeyError if the set has none with this id)."""
        return self._results_by_id[tech_id]

    def criterion_results(self, tech_id: str) -> tuple[CriterionResult, ...]:
        """Every criterion of one technology, in the rubric's order."""
        i = self.compiled.tech_ids.index(tech_id)
        compiled = self.compiled
        out = []
        for k, cid in enumerate(self.criterion_ids):
            if compiled.na[i, k]:
                state = NOT_APPLICABLE
            elif compiled.missing[i, k]:
                state = MISSING
            elif compiled.skipped[i, k]:
                state = SKIPPED
            else:
                state = SCORED
            out.append(
                CriterionResult(
                    technology=tech_id,
                    criterion=cid,
                    state=state,
                    inherent=_num(self.inherent_levels[i, k]),
                    residual=_num(self.levels[i, k]),
                    low=_num(self.levels_low[i, k]),
                    high=_num(self.levels_high[i, k]),
                    basis=int(compiled.basis[i, k]),
                )
            )
        return tuple(out)

    @cached_property
    def table(self) -> pd.DataFrame:
        """The records as a DataFrame for display and export: one row per technology in rank order, indexed by id."""
        return pd.DataFrame([r.row() for r in self.results]).set_index("id", drop=False)

    def _method_units(self, i: int) -> MethodUnits:
        """Totals in the method's own units: the raw total before and after mitigation and rounding, its possible
        range, and the control total that decides mitigation with its maximum and threshold."""
        ev = self.point
        raw = {
            "raw_total": _num(ev.raw_total[i]) if ev.raw_total is not None else None,
            "raw_min": _num(ev.raw_min[i]) if ev.raw_min is not None else None,
            "raw_max": _num(ev.raw_max[i]) if ev.raw_max is not None else None,
        }
        mitigation = self.rubric.aggregation.mitigation
        if mitigation and mitigation.group and ev.control_points is not None and ev.control_max is not None:
            return MethodUnits(
                **raw,
                control_points=_num(ev.control_points[i]),
                control_max=_num(ev.control_max[i]),
                control_threshold=_num(mitigation.min_share * ev.control_max[i]),
            )
        return MethodUnits(**raw)

    @property
    def criterion_ids(self) -> list[str]:
        return self.compiled.method.criterion_ids

    def levels_frame(self, which: str = "residual") -> pd.DataFrame:
        """Technologies x criteria levels ('residual', 'inherent', 'low' or 'high'); NaN where n/a or missing."""
        arr = {
            "residual": self.levels,
            "inherent": self.inherent_levels,
            "low": self.levels_low,
            "high": self.levels_high,
        }[which]
        return pd.DataFrame(arr, index=self.compiled.tech_ids, columns=self.criterion_ids)

    @cached_property
    def groups(self) -> pd.DataFrame:
        """Group subscores 0-100, technologies x groups."""
        valid = ~(self.compiled.na | self.compiled.missing)
        cols = {}
        for g, mask in zip(self.rubric.groups, self.compiled.method.group_masks, strict=True):
            _, score = engine.aggregate(self.compiled.method, self.levels, valid, self.weights, mask)
            cols[g.id] = score
        return pd.DataFrame(cols, index=self.compiled.tech_ids)

    @cached_property
    def rights(self) -> pd.DataFrame:
        """Exposure of each right, 0-100, technologies x rights: the aggregate of the criteria that touch it."""
        valid = ~(self.compiled.na | self.compiled.missing)
        cols = {}
        for right in self.rubric.rights:
            mask = np.array([right.id in c.rights for c in self.rubric.criteria])
            if mask.any():
                cols[right.id] = engine.aggregate(self.compiled.method, self.levels, valid, self.weights, mask)[1]
        return pd.DataFrame(cols, index=self.compiled.tech_ids)

    def rights_summary(self) -> pd.DataFrame:
        """Rights across the whole set, most at risk first: mean and worst exposure, and where the worst is."""
        rows = []
        for rid in self.rights.columns:
            col = self.rights[rid].dropna()
            if col.empty:
                continue
            right = self.rubric.right(rid)
            rows.append(
                {
                    "right": rid,
                    "instrument": right.instrument,
                    "article": right.article,
                    "title": right.title,
                    "mean": float(col.mean()),
                    "max": float(col.max()),
                    "worst": str(col.idxmax()),
                    "criteria": [c.id for c in self.rubric.criteria if rid in c.rights],
                }
            )
        df = pd.DataFrame(rows)
        if df.empty:
            return df
        return df.sort_values(["mean", "right"], ascending=[False, True], kind="mergesort").reset_index(drop=True)

    def red_line_details(self, tech_id: str) -> list[dict[str, Any]]:
        i = self.compiled.tech_ids.index(tech_id)
        out = []
        for r in np.flatnonzero(self.point.crossed[i]):
            rl = self.rubric.red_lines[r]
            out.append({"id": rl.id, "tier": rl.tier, "reason": rl.reason, "instrument": rl.instrument})
        return out


def num(value: float) -> float | None:
    """A number for tables and JSON: rounded to 4 places, None for NaN."""
    return _num(value)


def _num(value: float) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 4)


def score(
    compiled: Compiled,
    *,
    profile: str | None = None,
    weights: Mapping[str, float] | None = None,
    scenario: str = "reported",
    overrides: Mapping[str, str] | None = None,
) -> Scores:
    method = compiled.method
    w = weight_vector(compiled.rubric, profile, weights)
    state = scenario_state(compiled, scenario, overrides)
    removed = engine.reductions(method, state)
    p = prepare(compiled)
    lv = engine.residual(method, p.point, removed)
    lo = engine.residual(method, p.low, removed)
    hi = engine.residual(method, p.high, removed)
    for levels, counted in ((lv, p.valid), (lo, p.scorable), (hi, p.scorable)):
        # Weights and scale values are finite, but their products may not be (each bounded, the sum not): a total
        # that overflows would rank wrongly or read as "not rated", so it is refused before anything shows it.
        with np.errstate(over="ignore", invalid="ignore"):
            if not np.isfinite((w * np.abs(np.where(counted, levels, 0.0))).sum(axis=-1)).all():
                raise NonFiniteScores("a weighted total is too large to compute (weights or scale values too large)")
    return Scores(
        compiled=compiled,
        weights=w,
        state=state,
        scenario=scenario,
        profile=profile,
        inherent_levels=p.point,
        levels=lv,
        levels_low=lo,
        levels_high=hi,
        point=engine.evaluate(method, lv, p.valid, w, state, compiled.applicable, p.scorable),
        low=engine.evaluate(method, lo, p.scorable, w, state, compiled.applicable, p.scorable),
        high=engine.evaluate(method, hi, p.scorable, w, state, compiled.applicable, p.scorable),
        overrides=dict(overrides or {}),
    )


def subset(scores: Scores, tech_ids: list[str]) -> Scores:
    """The same weights and scenario applied to a selection of technologies (ranks are within the selection)."""
    compiled = scores.compiled
    unknown = [t for t in tech_ids if t not in compiled.tech_ids]
    if unknown:
        raise ValueError(f"unknown technology id(s): {', '.join(unknown)}")
    keep = [i for i, t in enumerate(compiled.tech_ids) if t in set(tech_ids)]
    data = compiled.data.model_copy(update={"technologies": [compiled.data.technologies[i] for i in keep]})
    part = Compiled(
        rubric=compiled.rubric,
        data=data,
        method=compiled.method,
        tech_ids=[compiled.tech_ids[i] for i in keep],
        names=[compiled.names[i] for i in keep],
        point=compiled.point[keep],
        low=compiled.low[keep],
        high=compiled.high[keep],
        na=compiled.na[keep],
        missing=compiled.missing[keep],
        reported=compiled.reported[keep],
        applicable=compiled.applicable[keep],
        basis=compiled.basis[keep],
        skipped=compiled.skipped[keep],
        inapplicable_answered=compiled.inapplicable_answered[keep],
    )
    weights = dict(zip(compiled.method.criterion_ids, scores.weights.tolist(), strict=True))
    return score(part, profile=scores.profile, weights=weights, scenario=scores.scenario, overrides=scores.overrides)
