"""Monte Carlo sensitivity: how far the tiers and the ranking depend on the weights and on uncertain levels.

Each draw varies every weight uniformly within +/- `weight_spread` of the chosen profile and draws every ranged
level uniformly within its range (a missing level anywhere on its criterion's scale), then scores with the same
engine. Seeded, so a briefing can be reproduced.

Memory: the draws are scored a chunk at a time, each chunk's levels at most `MC_CHUNK_CELLS` (draws x technologies x
criteria) floats, so a set at the size limit costs one session tens of MB, not a gigabyte. The random numbers are
drawn in the same order whatever the chunk (a batch's weights, then its levels row by row), so a seed gives the same
results with any chunk size.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.core import engine
from dashboard.core.scoring import Scores, prepare
from dashboard.settings import MC_CHUNK_CELLS

BATCH = 2_000  # draws whose weights are drawn at once: fixes the order of the random numbers, so keep it


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


def monte_carlo(
    scores: Scores,
    draws: int = 10_000,
    seed: int = 0,
    weight_spread: float = 0.3,
    *,
    chunk_cells: int = MC_CHUNK_CELLS,
) -> Sensitivity:
    """`draws` scorings with weights and ranged levels drawn at random; `chunk_cells` bounds the levels scored at
    once (memory only: the results do not depend on it)."""
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
    chunk = max(1, min(BATCH, chunk_cells // max(1, t * span.shape[1])))  # draws scored at once
    techs = np.arange(t)
    done = 0
    while done < draws:
        n = min(BATCH, draws - done)
        factors = rng.uniform(1 - weight_spread, 1 + weight_spread, size=(n, 1, len(scores.weights)))
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            levels = engine.residual(method, base + span * rng.random((m, t, span.shape[1])), removed)
            w = scores.weights * factors[start : start + m]
            ev = engine.evaluate(method, levels, valid, w, scores.state, compiled.applicable, valid)
            all_scores[done + start : done + start + m] = ev.score
            rated = ~np.isnan(ev.score)  # a draw with no scorable criterion has no tier
            np.add.at(tier_counts, (np.broadcast_to(techs, ev.tier.shape)[rated], ev.tier[rated]), 1)
            # rank 0 = highest score; stable ties by technology order
            order = np.argsort(-np.nan_to_num(ev.score, nan=-1.0), axis=1, kind="stable")
            ranks = np.empty_like(order)
            np.put_along_axis(ranks, order, techs[None, :], axis=1)
            np.add.at(rank_counts, (np.broadcast_to(techs, ranks.shape), ranks), 1)
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
