"""What each absent or partial safeguard is worth: the points of risk it would remove if put fully in place, and
the tier that would follow."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.core import engine
from dashboard.core.compile import STATE_STATUS
from dashboard.core.engine import FULL, NONE
from dashboard.core.scoring import Scores, prepare


def safeguard_value(scores: Scores) -> pd.DataFrame:
    """For each technology and each safeguard not fully in place: points of risk removed by putting it in place.

    Ranked within each technology, largest first. Rows with no effect are kept out.
    """
    compiled = scores.compiled
    method = compiled.method
    p = prepare(compiled)
    rows = []
    for k, sg in enumerate(compiled.rubric.safeguards):
        state = scores.state.copy()
        todo = (state[:, k] != FULL) & compiled.applicable[:, k]
        if not todo.any():
            continue
        state[:, k] = FULL
        lv = engine.residual(method, p.point, engine.reductions(method, state))
        new = engine.evaluate(method, lv, p.valid, scores.weights, state, compiled.applicable, p.scorable)
        delta = scores.point.score - new.score
        for i in np.flatnonzero(todo & (delta > 1e-9)):
            rows.append(
                {
                    "technology": compiled.tech_ids[i],
                    "safeguard": sg.id,
                    "name": sg.name,
                    "status": _status(scores, int(i), k),
                    "reduction": float(delta[i]),
                    "new_score": float(new.score[i]),
                    "new_tier": compiled.rubric.tiers.levels[int(new.tier[i])].id,
                    "tier_change": int(new.tier[i]) < int(scores.point.tier[i]),
                }
            )
    df = pd.DataFrame(
        rows, columns=["technology", "safeguard", "name", "status", "reduction", "new_score", "new_tier", "tier_change"]
    )
    return df.sort_values(
        ["technology", "reduction", "safeguard"], ascending=[True, False, True], kind="mergesort"
    ).reset_index(drop=True)


def _status(scores: Scores, i: int, k: int) -> str:
    """The status a safeguard has for a technology in this scenario, keeping the data's 'unknown' apart."""
    state = int(scores.state[i, k])
    if state != NONE:
        return STATE_STATUS[state]
    recorded = scores.compiled.data.technologies[i].safeguards.get(scores.rubric.safeguards[k].id)
    return recorded.status if recorded and recorded.status in ("absent", "unknown") else "absent"


def safeguard_value_summary(scores: Scores) -> pd.DataFrame:
    """Safeguards across the whole set: total and mean points removed, technologies helped, tier changes."""
    per_tech = safeguard_value(scores)
    if per_tech.empty:
        return pd.DataFrame(columns=["safeguard", "name", "total", "mean", "technologies", "tier_changes"])
    n = len(scores.compiled.tech_ids)
    grouped = (
        per_tech.groupby(["safeguard", "name"], sort=False)
        .agg(total=("reduction", "sum"), technologies=("technology", "count"), tier_changes=("tier_change", "sum"))
        .reset_index()
    )
    grouped["mean"] = grouped["total"] / n
    grouped["tier_changes"] = grouped["tier_changes"].astype(int)
    return grouped.sort_values(["total", "safeguard"], ascending=[False, True], kind="mergesort").reset_index(
        drop=True
    )[["safeguard", "name", "total", "mean", "technologies", "tier_changes"]]
