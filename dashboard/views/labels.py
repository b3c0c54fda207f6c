"""How a recorded judgement reads: one wording for the dashboard, the briefing and the exports."""

from __future__ import annotations

import pandas as pd

from dashboard.core.evidence import CAUTION_NONE, CAUTION_REPORTED, CAUTION_UNCITED
from dashboard.core.models import NA, Criterion, ScoreEntry
from dashboard.core.results import TechnologyResult
from dashboard.core.scoring import Scores
from dashboard.views.messages import BASIS_TEXT, MOSTLY_REPORTED, MOSTLY_UNCITED, UNRATED


def number(value: float) -> str:
    """A level as written: 3, not 3.0; 2.5 stays 2.5."""
    return f"{value:g}"


def level_text(entry: ScoreEntry | None, criterion: Criterion) -> str:
    """'3', '2-3' for a range, 'n/a', the chosen answers by label, or 'not scored'."""
    if entry is None:
        return "not scored"
    if entry.level == NA:
        return "n/a"
    if criterion.options:
        answers = [entry.answer] if isinstance(entry.answer, str) else list(entry.answer or [])
        if not answers:
            return "not scored"
        labels = {o.id: o.label for o in criterion.options}
        return "; ".join(labels.get(a, a) for a in answers)
    if entry.level is None:
        return "not scored"
    if isinstance(entry.level, list):
        return f"{number(entry.level[0])}-{number(entry.level[1])}"
    return number(entry.level)


__all__ = [
    "BASIS_TEXT",
    "MOSTLY_REPORTED",
    "MOSTLY_UNCITED",
    "evidence_caution",
    "incomplete_text",
    "level_text",
    "number",
    "reader_table",
    "result_tier_text",
    "tier_name",
    "tier_text",
]

CAUTION_TEXT = {CAUTION_NONE: "", CAUTION_REPORTED: MOSTLY_REPORTED, CAUTION_UNCITED: MOSTLY_UNCITED}


def evidence_caution(code: str) -> str:
    """The words for a caution code (core/evidence.py): '', or what most of an uncorroborated score rests on."""
    return CAUTION_TEXT[code]


def tier_name(label: object) -> str:
    """A tier's label, or 'Not rated' for a technology with no scorable criterion (no total, so no tier)."""
    return label if isinstance(label, str) and label else UNRATED  # None, or NaN from a table, when unrated


def tier_text(label: str, caution: str, incomplete: str = "") -> str:
    """A tier as shown to a reader: 'High', 'High (mostly unconfirmed reporting)', or with how incomplete the
    assessment is: 'High (incomplete: 3 of 16 criteria scored)'."""
    notes = "; ".join(x for x in (incomplete, caution) if x)
    return f"{label} ({notes})" if notes else label


def incomplete_text(missing: int, criteria: int) -> str:
    """'incomplete: 3 of 16 criteria scored' when criteria were left unscored, else ''. Said beside every tier: a
    tier from a partly scored assessment must never read as a finished judgement."""
    return f"incomplete: {criteria - missing} of {criteria} criteria scored" if missing else ""


def result_tier_text(result: TechnologyResult, criteria: int | None = None) -> str:
    """A technology's tier as every reader sees it: with how incomplete it is (given the number of `criteria`) and
    its evidence caution, or 'Not rated'."""
    incomplete = incomplete_text(len(result.missing), criteria) if criteria is not None else ""
    return tier_text(tier_name(result.tier_label), evidence_caution(result.caution), incomplete)


def reader_table(scores: Scores) -> pd.DataFrame:
    """The scores table with the words every reader sees, computed once per scores: `tier_label` ('Not rated' when
    unrated), `evidence_label` (the caution in words), `completeness` ('incomplete: 3 of 16 criteria scored', or '')
    and `tier_display` (the tier with both, so a tier is never shown without them)."""
    memo = scores.memo
    if "reader_table" not in memo:
        table = scores.table.copy()
        table["tier_label"] = [tier_name(label) for label in table["tier_label"]]
        table["evidence_label"] = [evidence_caution(code) for code in table["caution"]]
        criteria = len(scores.criterion_ids)
        table["completeness"] = [incomplete_text(len(missing), criteria) for missing in table["missing"]]
        table["tier_display"] = [
            tier_text(label, words, incomplete)
            for label, words, incomplete in zip(
                table["tier_label"], table["evidence_label"], table["completeness"], strict=True
            )
        ]
        memo["reader_table"] = table
    return memo["reader_table"]
