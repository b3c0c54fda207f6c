"""The charts' data tables: each chart's numbers as a reader's table, for screen readers and downloads."""

from __future__ import annotations

import pandas as pd

from dashboard.core.models import Rubric
from dashboard.core.scoring import Scores
from dashboard.views.labels import number, reader_table
from dashboard.views.messages import QUANTILE_NAMES, SAFEGUARD_STATUSES
from dashboard.views.profile import ProfileView
from dashboard.views.wording import score_cell, score_text

# ------------------------------------------------------------------------------------ the charts' data tables
# What a chart's "Data table" shows a reader: headers in words, rounded numbers, names not ids, "n/a" not None.


def _percent(share: float) -> float:
    return round(float(share) * 100, 1)


def profile_frame(view: ProfileView) -> pd.DataFrame:
    """A profile chart's levels: one row per criterion, one column per series, as the chart draws them."""
    frame = pd.DataFrame({"Criterion": [name for _, name, _ in view.criteria]})
    for s in view.series:
        frame[s.name] = ["n/a" if v is None else number(v) for v in s.values]
    return frame


def whatif_frame(scores: Scores, base: Scores) -> pd.DataFrame:
    """The ranking under the current settings beside the rubric's base weights and the reported scenario."""
    before = reader_table(base).set_index("id")
    rows = []
    for _, row in reader_table(scores).iterrows():
        old = before.loc[row["id"]]
        rows.append(
            {
                "Rank": int(row["rank"]),
                "Technology": row["name"],
                "Score": score_cell(row["score"]),
                "Tier": row["tier_display"],
                "Base rank": int(old["rank"]),
                "Base score": score_cell(old["score"]),
                "Base tier": old["tier_display"],
                "Rank change (+ = riskier)": int(old["rank"]) - int(row["rank"]),
            }
        )
    return pd.DataFrame(rows)


def tier_share_frame(shares: pd.DataFrame, names: dict[str, str], rubric: Rubric, order: list[str]) -> pd.DataFrame:
    """Share of Monte Carlo draws in each tier (per cent, one decimal), tiers by their labels."""
    tiers = rubric.tiers.levels
    frame = pd.DataFrame({"Technology": [names[t] for t in order]})
    shares = shares.reindex(index=order, columns=[t.id for t in tiers], fill_value=0.0)  # a tier no draw reached
    for tier in tiers:
        frame[f"{tier.label} (% of draws)"] = [_percent(x) for x in shares[tier.id]]
    return frame


def rank_share_frame(shares: pd.DataFrame, names: dict[str, str], order: list[str]) -> pd.DataFrame:
    """Share of Monte Carlo draws at each rank (per cent, one decimal)."""
    frame = pd.DataFrame({"Technology": [names[t] for t in order]})
    for rank in shares.columns:
        frame[f"Rank {rank} (% of draws)"] = [_percent(shares.loc[t, rank]) for t in order]
    return frame


def quantile_frame(quantiles: pd.DataFrame, names: dict[str, str], order: list[str]) -> pd.DataFrame:
    """Score quantiles over the draws, one decimal."""
    frame = pd.DataFrame({"Technology": [names[t] for t in order]})
    for column in quantiles.columns:
        frame[QUANTILE_NAMES.get(column, str(column))] = [score_text(quantiles.loc[t, column]) for t in order]
    return frame


def safeguard_value_frame(value: pd.DataFrame, rubric: Rubric) -> pd.DataFrame:
    """What each absent or partial safeguard would remove: points one decimal, status and tier in words."""
    return pd.DataFrame(
        {
            "Safeguard": list(value["name"]),
            "Status now": [SAFEGUARD_STATUSES.get(s, s) for s in value["status"]],
            "Points removed": [score_text(x) for x in value["reduction"]],
            "Score after": [score_text(x) for x in value["new_score"]],
            "Tier after": [rubric.tier(t).label for t in value["new_tier"]],
        }
    )
