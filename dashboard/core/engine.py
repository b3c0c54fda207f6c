"""Vectorised scoring arithmetic on numpy arrays.

Shapes: T technologies, C criteria, S safeguards, R red lines; any leading axes (e.g. Monte Carlo draws) broadcast.
Everything a rubric decides (scale, weights, tiers, red lines, axes, matrix) arrives as a `Method`, compiled once
from the rubric; nothing here knows about a particular rubric.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from dashboard.core.models import Rubric, criterion_range

NONE, PARTIAL, FULL = 0, 1, 2  # safeguard states in a scenario


@dataclass(frozen=True)
class Method:
    criterion_ids: list[str]
    floor: np.ndarray  # (C,) lowest level each criterion can take
    ceiling: np.ndarray  # (C,)
    method: str  # weighted_mean | weighted_sum
    base: np.ndarray  # (C,) where each criterion's part of the 0-100 score starts: its floor, or zero
    risk: np.ndarray  # (C,) bool: criteria that make up the risk total (not control or context criteria)
    control: np.ndarray | None  # (C,) bool: the mitigation group's criteria, when a control total decides
    unanswered_zero: bool  # an unanswered criterion scores 0 out of a fixed maximum
    tier_mins: np.ndarray  # (K,) thresholds on the 0-100 score (NaN when a matrix decides)
    tier_maxes: np.ndarray | None  # (K,) inclusive upper bounds on the 0-100 score when tiers give 'max'
    rounding: tuple[str, int, str] | None  # (rule, places, applies_to)
    red_line_criteria: list[np.ndarray]  # per red line: criterion indexes
    red_line_min: list[np.ndarray]  # per red line: min levels (-inf if none)
    red_line_max: list[np.ndarray]
    red_line_tier: np.ndarray  # (R,) tier index
    effect_full: np.ndarray  # (S, C) levels removed by each safeguard in place
    effect_partial: np.ndarray  # (S, C)
    axis_masks: np.ndarray | None  # (2, C) bool
    band_mins: list[np.ndarray] | None  # per axis, thresholds on band_basis
    band_basis: str
    matrix: np.ndarray | None  # (Bx, By) tier index
    mitigation: tuple[float, float, float] | None  # (min_share, reduction fraction, partial weight)
    group_masks: np.ndarray  # (G, C) bool

    @classmethod
    def from_rubric(cls, rubric: Rubric) -> Method:
        cids = [c.id for c in rubric.criteria]
        index = {cid: i for i, cid in enumerate(cids)}
        tier_index = {t.id: k for k, t in enumerate(rubric.tiers.levels)}
        ranges = [criterion_range(c, rubric.scale.floor, rubric.scale.ceiling) for c in rubric.criteria]
        to_score = 1.0 if rubric.tiers.basis == "score" else 100.0
        tier_mins = np.array([np.nan if t.min is None else t.min * to_score for t in rubric.tiers.levels], dtype=float)
        tier_maxes = None
        if rubric.tiers.bound == "upper":
            tier_maxes = np.array(
                [np.inf if t.max is None else t.max * to_score for t in rubric.tiers.levels], dtype=float
            )
        roles = {g.id: g.role for g in rubric.groups}
        s = len(rubric.safeguards)
        full = np.zeros((s, len(cids)))
        partial = np.zeros((s, len(cids)))
        for i, sg in enumerate(rubric.safeguards):
            for effect in sg.effects:
                full[i, index[effect.criterion]] += effect.reduction
                partial[i, index[effect.criterion]] += effect.partial
        agg = rubric.aggregation
        axis_masks = band_mins = matrix = None
        if agg.axes:
            axis_masks = np.array([[cid in axis.criteria for cid in cids] for axis in agg.axes])
            band_mins = [np.array([b.min for b in axis.bands], dtype=float) for axis in agg.axes]
            if agg.matrix:
                x, y = agg.axes
                matrix = np.array([[tier_index[agg.matrix[xb.id][yb.id]] for yb in y.bands] for xb in x.bands])
        mitigation = control = None
        if agg.mitigation:
            m = agg.mitigation
            mitigation = (m.min_share, m.reduction_pct / 100.0, m.partial_weight)
            if m.group:
                control = np.array([c.group == m.group for c in rubric.criteria])
        floor = np.array([r[0] for r in ranges], dtype=float)
        rounding = None
        if agg.rounding:
            rounding = (agg.rounding.rule, agg.rounding.places, agg.rounding.applies_to)
        return cls(
            criterion_ids=cids,
            floor=floor,
            ceiling=np.array([r[1] for r in ranges], dtype=float),
            method=agg.method,
            base=np.zeros_like(floor) if agg.baseline == "zero" else floor,
            risk=np.array([roles.get(c.group, "risk") == "risk" for c in rubric.criteria], dtype=bool),
            control=control,
            unanswered_zero=agg.unanswered == "zero",
            tier_mins=tier_mins,
            tier_maxes=tier_maxes,
            rounding=rounding,
            red_line_criteria=[np.array([index[c.criterion] for c in rl.when]) for rl in rubric.red_lines],
            red_line_min=[
                np.array([-np.inf if c.min_level is None else c.min_level for c in rl.when]) for rl in rubric.red_lines
            ],
            red_line_max=[
                np.array([np.inf if c.max_level is None else c.max_level for c in rl.when]) for rl in rubric.red_lines
            ],
            red_line_tier=np.array([tier_index[rl.tier] for rl in rubric.red_lines], dtype=int),
            effect_full=full,
            effect_partial=partial,
            axis_masks=axis_masks,
            band_mins=band_mins,
            band_basis=agg.band_basis,
            matrix=matrix,
            mitigation=mitigation,
            group_masks=np.array([[c.group == g.id for c in rubric.criteria] for g in rubric.groups]),
        )


def reductions(method: Method, state: np.ndarray) -> np.ndarray:
    """Levels removed per (technology, criterion) for safeguard states (T, S) of NONE/PARTIAL/FULL."""
    full, partial = (state == FULL).astype(float), (state == PARTIAL).astype(float)
    return cast(np.ndarray, full @ method.effect_full + partial @ method.effect_partial)


def residual(method: Method, levels: np.ndarray, removed: np.ndarray) -> np.ndarray:
    """Levels after safeguards, never below the criterion's floor (nor above the level itself: a blank scored 0
    under a zero policy stays 0 even where the lowest option scores more)."""
    return cast(np.ndarray, np.maximum(np.minimum(method.floor, levels), levels - removed))


def contributions(method: Method, levels: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each criterion's part of the total before normalising: weight x level above the floor (per scale span for
    the weighted mean, where each criterion is normalised on its own)."""
    above = levels - method.base
    if method.method == "weighted_sum":
        return cast(np.ndarray, weights * above)
    span = method.ceiling - method.base
    return cast(np.ndarray, weights * above / np.where(span > 0, span, 1.0))


def aggregate(
    method: Method, levels: np.ndarray, valid: np.ndarray, weights: np.ndarray, mask: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(raw, score 0-100) over the last axis. Invalid (n/a, missing) criteria drop out and weights renormalise.

    raw is the weighted mean level (weighted_mean) or the weighted sum of levels (weighted_sum).
    """
    # Control and context criteria never change risk; multiplying only when a rubric has them keeps the common
    # case as fast as before (this is the hot loop of scoring and Monte Carlo).
    risk = None if method.risk.all() else method.risk
    factor = risk if mask is None else (mask if risk is None else risk & mask)
    w = np.where(valid, weights, 0.0)
    if factor is not None:
        w = w * factor
    lv = np.where(valid, levels, 0.0)
    total_w = w.sum(axis=-1)
    # Each criterion's part is contributions(); written out here so no extra arrays are made.
    with np.errstate(invalid="ignore", divide="ignore"):
        if method.method == "weighted_sum":
            raw = (w * lv).sum(axis=-1)
            low = (w * method.base).sum(axis=-1)
            span = (w * method.ceiling).sum(axis=-1) - low
            score = (raw - low) / span * 100.0
        else:
            raw = (w * lv).sum(axis=-1) / total_w
            unit = method.ceiling - method.base
            score = (w * ((lv - method.base) / np.where(unit > 0, unit, 1.0))).sum(axis=-1) / total_w * 100.0
    empty = total_w <= 0
    return np.where(empty, np.nan, raw), np.where(empty, np.nan, score)


def raw_range(method: Method, valid: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The lowest and highest raw total each technology could reach with its scorable criteria."""
    w = np.where(valid, weights, 0.0) * method.risk
    lo, hi = (w * method.base).sum(axis=-1), (w * method.ceiling).sum(axis=-1)
    if method.method == "weighted_mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            total = w.sum(axis=-1)
            lo, hi = lo / total, hi / total
    return lo, hi


Control = tuple[np.ndarray | None, np.ndarray | None]  # the mitigation group's (points, maximum), or (None, None)


def control_totals(method: Method, levels: np.ndarray, valid: np.ndarray, scorable: np.ndarray) -> Control:
    """(points, maximum) of the mitigation group's criteria: answered points, out of every criterion that counts."""
    if method.control is None:
        return None, None
    points = np.where(valid & method.control, np.nan_to_num(levels), 0.0).sum(axis=-1)
    maximum = np.where(scorable & method.control, method.ceiling, 0.0).sum(axis=-1)
    return points, np.broadcast_to(maximum, points.shape)


def mitigate(
    method: Method,
    raw: np.ndarray,
    score: np.ndarray,
    state: np.ndarray,
    applicable: np.ndarray | None = None,
    control: Control | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rubric's global mitigation rule: enough mitigation lowers the total by a fixed share.

    With a control group, its points must reach min_share of its maximum; otherwise the share of safeguards in
    place is counted, and only the safeguards that apply to each technology count.
    """
    if method.mitigation is None:
        return raw, score, np.zeros(score.shape, dtype=bool)
    min_share, cut, partial_weight = method.mitigation
    if control is not None and control[0] is not None:
        points, maximum = control
        assert maximum is not None
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(maximum > 0, points / np.where(maximum > 0, maximum, 1.0), 0.0)
    elif state.shape[-1] == 0:
        return raw, score, np.zeros(score.shape, dtype=bool)
    else:
        counted = np.ones(state.shape, dtype=bool) if applicable is None else applicable
        in_place = ((state == FULL) + partial_weight * (state == PARTIAL)) * counted
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.nan_to_num(in_place.sum(axis=-1) / counted.sum(axis=-1))
    # Rounded first, so a share exactly on the threshold in exact arithmetic is not missed by float error.
    applied = np.broadcast_to(np.round(share, 9) >= min_share, score.shape)
    factor = np.where(applied, 1.0 - cut, 1.0)
    return raw * factor, score * factor, applied


def round_values(values: np.ndarray, rule: str, places: int) -> np.ndarray:
    """Round by the rubric's rule. Values are first rounded to 9 decimals so that a total that is exactly a half
    in exact arithmetic (0.85 x 30 = 25.5) is treated as one, not as 25.4999... ."""
    scale = 10.0**places
    x = np.round(np.asarray(values, dtype=float) * scale, 9)
    if rule == "half_up":
        out = np.floor(x + 0.5)
    elif rule == "half_even":
        out = np.round(x)
    elif rule == "down":
        out = np.floor(x)
    else:
        out = np.ceil(x)
    return out / scale


def apply_rounding(
    method: Method, raw: np.ndarray, score: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The final total rounded as the rubric says; the 0-100 score follows a rounded raw total."""
    if method.rounding is None:
        return raw, score
    rule, places, applies_to = method.rounding
    if applies_to == "score":
        return raw, round_values(score, rule, places)
    raw = round_values(raw, rule, places)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(hi > lo, (raw - lo) / np.where(hi > lo, hi - lo, 1.0) * 100.0, score)
    return raw, score


def threshold_index(mins: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Index of the highest threshold at or below each value (0 when below all).

    Values are rounded to 9 decimals first, so a total that is exactly on a threshold in exact arithmetic
    (e.g. 25.0) does not fall below it through floating-point error.
    """
    # Both sides are rounded, so a threshold with more than 9 decimals still compares equal to itself.
    idx = np.searchsorted(np.round(mins, 9), np.round(np.nan_to_num(values, nan=-np.inf), 9), side="right") - 1
    return cast(np.ndarray, np.clip(idx, 0, len(mins) - 1))


def axes(
    method: Method, levels: np.ndarray, valid: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Per axis: raw values, 0-100 scores and band indexes, each shaped (..., 2)."""
    if method.axis_masks is None or method.band_mins is None:
        return None
    raws, scores, bands = [], [], []
    for a in range(2):
        raw, score = aggregate(method, levels, valid, weights, method.axis_masks[a])
        basis = {"raw": raw, "score": score, "fraction": score / 100.0}[method.band_basis]
        raws.append(raw)
        scores.append(score)
        bands.append(threshold_index(method.band_mins[a], basis))
    return np.stack(raws, -1), np.stack(scores, -1), np.stack(bands, -1)


def red_lines(method: Method, levels: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """(..., T, R) bool: which red lines each technology crosses. Unscored criteria never trigger one."""
    out = []
    for crit, lo, hi in zip(method.red_line_criteria, method.red_line_min, method.red_line_max, strict=True):
        lv = levels[..., crit]
        hit = valid[..., crit] & (lv >= lo) & (lv <= hi)
        out.append(hit.all(axis=-1))
    if not out:
        return np.zeros(levels.shape[:-1] + (0,), dtype=bool)
    return np.stack(out, axis=-1)


def upper_bound_index(maxes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Index of the first tier whose inclusive upper bound is at or above each value (the last tier above all)."""
    idx = np.searchsorted(np.round(maxes, 9), np.round(np.nan_to_num(values, nan=-np.inf), 9), side="left")
    return cast(np.ndarray, np.clip(idx, 0, len(maxes) - 1))


def tiers(method: Method, score: np.ndarray, bands: np.ndarray | None, crossed: np.ndarray) -> np.ndarray:
    """Tier index: from the matrix if the rubric has one, else from thresholds; then raised to any red line."""
    if method.matrix is not None and bands is not None:
        base = method.matrix[bands[..., 0], bands[..., 1]]
    elif method.tier_maxes is not None:
        base = upper_bound_index(method.tier_maxes, score)
    else:
        base = threshold_index(method.tier_mins, score)
    if crossed.shape[-1]:
        floor_tier = np.where(crossed, method.red_line_tier, 0).max(axis=-1)
        base = np.maximum(base, floor_tier)
    return cast(np.ndarray, base)


@dataclass
class Evaluation:
    raw: np.ndarray  # the final total in the method's own units: after mitigation and rounding
    score: np.ndarray
    tier: np.ndarray
    crossed: np.ndarray
    mitigated: np.ndarray
    axis_raw: np.ndarray | None
    axis_score: np.ndarray | None
    bands: np.ndarray | None
    raw_total: np.ndarray | None = None  # before mitigation and rounding
    raw_min: np.ndarray | None = None
    raw_max: np.ndarray | None = None
    control_points: np.ndarray | None = None
    control_max: np.ndarray | None = None


def evaluate(
    method: Method,
    levels: np.ndarray,
    valid: np.ndarray,
    weights: np.ndarray,
    state: np.ndarray,
    applicable: np.ndarray | None = None,
    scorable: np.ndarray | None = None,
) -> Evaluation:
    """Score levels that are already residual (safeguards applied).

    `valid` marks the levels that count; `scorable` (default: `valid`) the criteria that count toward maxima.
    """
    raw, score = aggregate(method, levels, valid, weights)
    raw_total = raw
    lo, hi = raw_range(method, valid, weights)
    control = control_totals(method, levels, valid, valid if scorable is None else scorable)
    raw, score, mitigated = mitigate(method, raw, score, state, applicable, control)
    raw, score = apply_rounding(method, raw, score, lo, hi)
    ax = axes(method, levels, valid, weights)
    crossed = red_lines(method, levels, valid)
    bands = ax[2] if ax else None
    return Evaluation(
        raw=raw,
        score=score,
        tier=tiers(method, score, bands, crossed),
        crossed=crossed,
        mitigated=mitigated,
        axis_raw=ax[0] if ax else None,
        axis_score=ax[1] if ax else None,
        bands=bands,
        raw_total=raw_total,
        raw_min=lo,
        raw_max=hi,
        control_points=control[0],
        control_max=control[1],
    )
