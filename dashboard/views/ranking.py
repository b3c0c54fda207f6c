"""The ranking: one row per technology in rank order, its reader's table, and the citation numbers of its sources."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.core.models import NA
from dashboard.core.scoring import UNRATED_COLOUR, Scores
from dashboard.views.labels import reader_table, result_tier_text
from dashboard.views.palette import text_on
from dashboard.views.wording import red_line_name, score_cell, score_text

# ------------------------------------------------------------------------------------------------ ranking


@dataclass(frozen=True)
class RankingRow:
    rank: int
    id: str
    name: str
    score: float | None
    low: float | None
    high: float | None
    tier: str | None
    tier_text: str  # the tier as a reader sees it, with its evidence caution
    colour: str
    text_colour: str
    bar_text: str
    red_lines: tuple[str, ...]


def ranking(scores: Scores, ids: list[str] | None = None) -> list[RankingRow]:
    """The ranking in rank order (or in the order of `ids`), read from the typed records."""
    results = scores.results if ids is None else [scores.result(tid) for tid in ids]
    rows = []
    for r in results:
        rated = r.score is not None
        colour = r.tier_colour if rated else UNRATED_COLOUR
        shown = result_tier_text(r, len(scores.criterion_ids))
        rows.append(
            RankingRow(
                rank=r.rank,
                id=r.id,
                name=r.name,
                score=r.score,
                low=r.score_low if rated else None,
                high=r.score_high if rated else None,
                tier=r.tier if rated else None,
                tier_text=shown,
                colour=colour,
                text_colour=text_on(colour),
                bar_text=f"{score_text(r.score)} · {shown}" if r.score is not None else shown,
                red_lines=r.red_lines,
            )
        )
    return rows


def low_confidence(scores: Scores) -> dict[str, tuple[int, int]]:
    """Per technology: (scores with low or no confidence, scores given)."""
    out = {}
    for tech in scores.compiled.data.technologies:
        given = [e for e in tech.scores.values() if e.level != NA and (e.level is not None or e.answer is not None)]
        out[tech.id] = (sum(1 for e in given if e.confidence in (None, "low")), len(given))
    return out


def ranking_frame(scores: Scores, ids: list[str] | None = None) -> pd.DataFrame:
    """The ranking as a reader's table: headers in words, rounded numbers, names not ids, 'n/a' not None."""
    table = reader_table(scores) if ids is None else reader_table(scores).loc[ids]
    conf = low_confidence(scores)
    rows = []
    for _, row in table.iterrows():
        rated = not pd.isna(row["score"])
        low, given = conf[row["id"]]
        rows.append(
            {
                "Rank": int(row["rank"]),
                "Technology": row["name"],
                "Score": score_cell(row["score"]),
                "Range": f"{score_text(row['score_low'])}-{score_text(row['score_high'])}" if rated else "n/a",
                "Tier": row["tier_display"],
                "Low confidence": f"{low} of {given} scores" if given else "n/a",
                "Corroborated": "n/a" if pd.isna(row["evidence_strength"]) else f"{row['evidence_strength']:.0%}",
                "Red lines": "; ".join(red_line_name(scores.rubric, r) for r in row["red_lines"]) or "none",
                "Complete": "yes" if row["complete"] else f"no: {len(row['missing'])} not scored",
            }
        )
    return pd.DataFrame(rows)


def source_numbers(scores: Scores) -> dict[str, int]:
    """One citation number per source for a whole document: in order of first citation through the technologies
    in rank order and their criteria, then the rest of the register in its order."""
    numbers: dict[str, int] = {}
    data = scores.compiled.data
    for tid in scores.table["id"]:
        tech = data.technology(tid)
        for c in scores.rubric.criteria:
            entry = tech.scores.get(c.id)
            for ev in entry.evidence if entry else []:
                numbers.setdefault(ev.source, len(numbers) + 1)
    for source in data.sources:
        numbers.setdefault(source.id, len(numbers) + 1)
    return numbers
