"""Monte Carlo sensitivity in words: which positions and tiers are robust, and which depend on the weights."""

from __future__ import annotations

from dashboard.core.sensitivity import Sensitivity


def robustness_statements(
    mc: Sensitivity,
    names: dict[str, str],
    order: list[str],
    threshold: float = 0.9,
    labels: dict[str, str] | None = None,
) -> list[str]:
    """Plain sentences on which positions and tiers are robust and which depend on the weights."""
    labels = labels or {}
    out = []
    for tid in order:
        tiers = mc.tier_probability.loc[tid]
        if tiers.sum() == 0:
            out.append(f"{names[tid]}: not rated (no criterion can be scored).")
            continue
        top_tier, p_tier = labels.get(str(tiers.idxmax()), str(tiers.idxmax())), float(tiers.max())
        lo, hi = mc.rank_interval(tid)
        rank_text = f"rank {lo}" if lo == hi else f"ranks {lo} to {hi}"
        if p_tier >= threshold:
            out.append(f"{names[tid]}: tier '{top_tier}' in {p_tier:.0%} of draws (robust); {rank_text} in 90%.")
        else:
            alts = ", ".join(
                f"'{labels.get(k, k)}' {v:.0%}" for k, v in tiers[tiers > 0.05].sort_values(ascending=False).items()
            )
            out.append(f"{names[tid]}: tier depends on weights and ranges ({alts}); {rank_text} in 90%.")
    return out
