"""What the Raters page, the command line and the briefing say of a round's agreement: alpha as words, the agreement
table's rows and the disagreements that matter, computed once here and rendered by each."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.core.agreement import NO_VARIATION, Alpha
from dashboard.core.raters import Consequence
from dashboard.words import say


def alpha_text(a: Alpha) -> str:
    """'0.815 (40 pairable values)', or why alpha is undefined: never a NaN."""
    if a.value is None:
        if a.undefined == NO_VARIATION:
            return say("rounds.alpha_no_variation", pairable=a.pairable)
        return say("rounds.alpha_too_few", pairable=a.pairable)
    return say("rounds.alpha_value", alpha=a.value, pairable=a.pairable)


@dataclass(frozen=True)
class AgreementRow:
    """One row of the agreement table: what (overall, a criterion, a technology), alpha or None, and its words."""

    kind: str  # "overall", "criterion" or "technology"
    id: str
    name: str
    alpha: float | None
    pairable: int
    text: str


def agreement_rows(
    overall: Alpha, criteria: dict[str, Alpha], technologies: dict[str, Alpha], names: dict[str, str]
) -> list[AgreementRow]:
    """Overall first, then each criterion, then each technology, in the round's order."""
    rows = [
        AgreementRow("overall", "", say("rounds.overall"), overall.rounded(), overall.pairable, alpha_text(overall))
    ]
    for kind, group in (("criterion", criteria), ("technology", technologies)):
        rows += [
            AgreementRow(kind, i, names.get(i, i), a.rounded(), a.pairable, alpha_text(a)) for i, a in group.items()
        ]
    return rows


def consequence_text(
    c: Consequence,
    name: str,
    criterion_names: dict[str, str],
    tier_labels: dict[str, str],
    red_line_names: dict[str, str] | None = None,
) -> str:
    """One technology's line under 'the disagreements that matter' (red lines by their names where they have one)."""
    lines = red_line_names or {}
    drivers = ", ".join(criterion_names.get(d, d) for d in c.drivers)
    if c.matters:
        outcomes = "; ".join(
            f"{o.rater}: {tier_labels.get(o.tier, o.tier) if o.tier else say('rounds.unrated')}"
            + (f" ({', '.join(lines.get(r) or r for r in o.red_lines)})" if o.red_lines else "")
            for o in c.outcomes
        )
        return say("rounds.matters", name=name, tiers=outcomes, drivers=drivers)
    if c.disagreed:
        return say("rounds.changes_nothing", name=name, drivers=drivers)
    return say("rounds.agreed", name=name)


@dataclass(frozen=True)
class RatingNote:
    """What the briefing's method annex says of the rating round behind the version briefed."""

    label: str
    raters: tuple[str, ...]
    alpha: str  # alpha_text of the overall ordinal alpha
    matters: int  # technologies whose tier or red lines the raters' disagreement changes
    resolution: tuple[str, ...]  # one line per reconciled score; empty: not reconciled


def note_paragraphs(note: RatingNote) -> list[str]:
    """The annex's paragraphs: who rated and how far they agreed, then how the disagreements were resolved."""
    out = [
        say("rounds.annex_who", label=note.label, raters=", ".join(note.raters), alpha=note.alpha, matters=note.matters)
    ]
    if note.resolution:
        out.append(say("rounds.annex_resolved", count=len(note.resolution), lines="; ".join(note.resolution)))
    else:
        out.append(say("rounds.annex_unresolved"))
    return out
