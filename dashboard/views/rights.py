"""The rights most at risk across the set: mean and highest level per right, and the technology behind the highest."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.core.scoring import Scores


@dataclass(frozen=True)
class RightRow:
    label: str  # instrument, article and title
    mean: float
    worst: float
    worst_name: str  # the technology that exposes the right most, named so a reader need not hover


def rights(scores: Scores, top: int = 15) -> list[RightRow]:
    summary = scores.rights_summary()
    if summary.empty:
        return []
    names = dict(zip(scores.table["id"], scores.table["name"], strict=True))
    return [
        RightRow(f"{r.instrument} {r.article}: {r.title}", float(r.mean), float(r.max), names.get(r.worst, r.worst))
        for r in summary.head(top).itertuples()
    ]


def rights_frame(scores: Scores) -> pd.DataFrame:
    """The rights chart as a table: every right, not only the top ones drawn."""
    return pd.DataFrame(
        [
            {
                "Right": r.label,
                "Mean exposure": round(r.mean, 1),
                "Worst": round(r.worst, 1),
                "Worst technology": r.worst_name,
            }
            for r in rights(scores, top=10_000)
        ]
    )
