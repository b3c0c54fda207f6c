"""How a recorded judgement reads: one wording for the dashboard, the briefing and the exports."""

from __future__ import annotations

from dashboard.core.models import NA, Criterion, ScoreEntry
from dashboard.views.messages import BASIS_TEXT, MOSTLY_REPORTED, MOSTLY_UNCITED


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


__all__ = ["BASIS_TEXT", "MOSTLY_REPORTED", "MOSTLY_UNCITED", "evidence_caution", "level_text", "number", "tier_text"]


def evidence_caution(strength: float, reported: float, uncited: float, threshold: float) -> str:
    """'' when the corroborated share reaches the rubric's threshold, else what most of the rest rests on."""
    if strength != strength or strength >= threshold:  # NaN: nothing scored, so nothing to caution about
        return ""
    return MOSTLY_UNCITED if uncited > reported else MOSTLY_REPORTED


def tier_text(label: str, caution: str) -> str:
    """A tier as shown to a reader: 'High', or 'High (mostly unconfirmed reporting)'."""
    return f"{label} ({caution})" if caution else label
