"""Monte Carlo sensitivity: how far the tiers and the ranking depend on the weights and on uncertain levels.

Each draw varies every weight uniformly within +/- `weight_spread` of the chosen profile and draws every ranged
level uniformly within its range (a missing level anywhere on its criterion's scale), then scores with the same
engine. Seeded, so a briefing can be reproduced.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.core import engine
from dashboard.core.scoring import Scores, prepare

BATCH = 2_000  # draws scored at once: bounds memory to a few arrays of BATCH x T x C floats


@dataclass
class Sensitivity:
    draws: int
    seed: int
    weight_spread: float
    tier_probability: pd.DataFrame  # technologies x tiers
    rank_probability: pd.DataFrame  # technologies x ranks (1 = highest risk)
    score_quantiles: pd.DataFrame  # technologies x (p5, p50, p95)

    def rank_interval(self, tech_id: str, coverage: float = 0.9) -> tuple[int, int]:
        """The central rank interval holding `coverage` of the draws (equal tails cut off each side)."""
        cdf = self.rank_probability.loc[tech_id].cumsum().to_numpy()
        tail = (1 - coverage) / 2
        lo = int(np.searchsorted(cdf, tail + 1e-12)) + 1
        hi = int(np.searchsorted(cdf, 1 - tail - 1e-12)) + 1
        return lo, min(hi, len(cdf))


def monte_carlo(scores: Scores, draws: int = 10_000, seed: int = 0, weight_spread: float = 0.3) -> Sensitivity:
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if not 0 <= weight_spread < 1:
        raise ValueError("weight_spread must be in [0, 1)")
    compiled = scores.compiled
    method = compiled.method
    rng = np.random.default_rng(seed)
    t = len(compiled.tech_ids)
    k = len(compiled.rubric.tiers.levels)
    removed = engine.reductions(method, scores.state)
    prepared = prepare(compiled)
    lo, hi, valid = prepared.low, prepared.high, prepared.scorable
    span = np.where(valid, hi - lo, 0.0)
    base = np.where(valid, lo, 0.0)

    tier_counts = np.zeros((t, k))
    rank_counts = np.zeros((t, t))
    all_scores = np.empty((draws, t))
    done = 0
    while done < draws:
        n = min(BATCH, draws - done)
        w = scores.weights * rng.uniform(1 - weight_spread, 1 + weight_spread, size=(n, 1, len(scores.weights)))
        levels = base + span * rng.random((n, t, span.shape[1]))
        levels = engine.residual(method, levels, removed)
        ev = engine.evaluate(method, levels, valid, w, scores.state, compiled.applicable, valid)
        s = np.nan_to_num(ev.score, nan=-1.0)
        all_scores[done : done + n] = ev.score
        rated = ~np.isnan(ev.score)  # a draw with no scorable criterion has no tier
        techs = np.broadcast_to(np.arange(t), ev.tier.shape)
        np.add.at(tier_counts, (techs[rated], ev.tier[rated]), 1)
        # rank 0 = highest score; stable ties by technology order
        order = np.argsort(-s, axis=1, kind="stable")
        ranks = np.empty_like(order)
        np.put_along_axis(ranks, order, np.arange(t)[None, :], axis=1)
        np.add.at(rank_counts, (np.broadcast_to(np.arange(t), ranks.shape), ranks), 1)
        done += n

    ids = compiled.tech_ids
    tier_ids = [tier.id for tier in compiled.rubric.tiers.levels]
    with warnings.catch_warnings():  # a technology with no scorable criterion has NaN quantiles, as it should
        warnings.simplefilter("ignore", RuntimeWarning)
        q = np.nanpercentile(all_scores, [5, 50, 95], axis=0).T if t else np.empty((0, 3))
    return Sensitivity(
        draws=draws,
        seed=seed,
        weight_spread=weight_spread,
        tier_probability=pd.DataFrame(tier_counts / draws, index=ids, columns=tier_ids),
        rank_probability=pd.DataFrame(rank_counts / draws, index=ids, columns=list(range(1, t + 1))),
        score_quantiles=pd.DataFrame(q, index=ids, columns=["p5", "p50", "p95"]),
    )
