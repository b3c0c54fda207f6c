"""One technology's profile as every reader sees it: its headline, the notes on what is missing or answered out of
turn, every criterion with its level, confidence, evidence basis and rationale, and every safeguard's status.

The Technology page and the briefing's technology section both render this, so they say the same thing in the same
words: names, not ids; one wording for an unanswered criterion, which follows the rubric's rule (left out, or scored
0 as a published questionnaire does); one spelling of each safeguard status.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.core import evidence
from dashboard.core.models import NA, Rubric
from dashboard.core.scoring import Scores
from dashboard.views.labels import BASIS_TEXT, level_text, number, result_tier_text
from dashboard.views.messages import SAFEGUARD_STATUSES
from dashboard.views.wording import red_line_name

SCORED, NOT_APPLICABLE, MISSING = "scored", "not_applicable", "missing"


def unanswered_rule(rubric: Rubric) -> str:
    """What the rubric's method does with a criterion nobody answered, in the words every renderer uses."""
    return "scored 0, as the method says" if rubric.aggregation.unanswered == "zero" else "never counted as zero"


def missing_text(rubric: Rubric) -> str:
    """The rationale cell of an unanswered criterion."""
    return f"Missing: {unanswered_rule(rubric)}."


@dataclass(frozen=True)
class CriterionLine:
    id: str
    name: str
    group: str  # the group's name
    state: str  # SCORED, NOT_APPLICABLE or MISSING
    level: str  # as written: '3', '2-3', 'n/a', the chosen answers, or 'not scored'
    after: str  # the level used after the scenario's safeguards, or 'n/a' when none counts
    changed: bool  # safeguards change the level
    confidence: str  # 'high', 'medium', 'low' or 'not given'
    basis: str  # the evidence basis in words; '' when nothing is scored
    rationale: str  # the rationale, the reason a criterion does not apply, or what the method does with a gap
    sources: tuple[str, ...]  # cited source ids, in the order cited


@dataclass(frozen=True)
class SafeguardLine:
    id: str
    name: str
    status: str  # one spelling everywhere (views/messages.py)
    note: str
    standard: str


@dataclass(frozen=True)
class TechnologyProfile:
    id: str
    name: str
    rated: bool
    tier_display: str  # the tier with its evidence caution, or 'Not rated'
    tier_colour: str
    score: float | None
    score_low: float | None
    score_high: float | None
    rank: int
    of: int
    evidence_strength: float | None  # share of the weighted score resting on corroborated evidence
    red_lines: tuple[str, ...]  # one sentence each
    missing_note: str  # '' when every criterion is answered
    inapplicable_note: str  # '' unless criteria were answered although they do not apply
    criteria: tuple[CriterionLine, ...]
    safeguards: tuple[SafeguardLine, ...]


def technology_profile(scores: Scores, tid: str) -> TechnologyProfile:
    """The profile of technology `tid` under `scores` (its weights and scenario), read from the typed records."""
    rubric, data = scores.rubric, scores.compiled.data
    result = scores.result(tid)
    tech = data.technology(tid)
    lines = []
    for c, cr in zip(rubric.criteria, scores.criterion_results(tid), strict=True):
        entry = tech.scores.get(c.id)
        after = "n/a" if cr.residual is None else number(cr.residual)
        group = rubric.group(c.group).name
        if entry is None or (entry.level is None and entry.answer is None):
            rationale = missing_text(rubric)
            lines.append(
                CriterionLine(c.id, c.name, group, MISSING, "not scored", after, False, "not given", "", rationale, ())
            )
            continue
        if entry.level == NA:
            reason = entry.reason
            lines.append(
                CriterionLine(c.id, c.name, group, NOT_APPLICABLE, NA, after, False, "not given", "", reason, ())
            )
            continue
        lines.append(
            CriterionLine(
                c.id,
                c.name,
                group,
                SCORED,
                level_text(entry, c),
                after,
                cr.changed,
                entry.confidence or "not given",
                BASIS_TEXT.get(evidence.BASIS_NAMES.get(cr.basis, ""), ""),
                entry.rationale,
                tuple(dict.fromkeys(ev.source for ev in entry.evidence)),
            )
        )
    missing = [rubric.criterion(cid).name for cid in result.missing]
    answered = [rubric.criterion(cid).name for cid in result.inapplicable_answered]
    effect = "counted" if rubric.aggregation.inapplicable_answers == "count" else "left out"
    red_lines = tuple(
        f"Red line crossed: {red_line_name(rubric, rl['id'])}. {rl['reason']} ({rl['instrument']}); at least "
        f"'{rubric.tier(rl['tier']).label}'."
        for rl in scores.red_line_details(tid)
    )
    safeguards = []
    for sg in rubric.safeguards:
        rec = tech.safeguards.get(sg.id)
        status = rec.status if rec else "unknown"
        safeguards.append(
            SafeguardLine(sg.id, sg.name, SAFEGUARD_STATUSES[status], (rec.note if rec else "") or "", sg.standard)
        )
    return TechnologyProfile(
        id=tid,
        name=tech.name,
        rated=result.rated,
        tier_display=result_tier_text(result, len(scores.criterion_ids)),
        tier_colour=result.tier_colour,
        score=result.score,
        score_low=result.score_low,
        score_high=result.score_high,
        rank=result.rank,
        of=len(scores.results),
        evidence_strength=result.evidence_strength,
        red_lines=red_lines,
        missing_note=f"Not scored: {', '.join(missing)}. Missing scores are {unanswered_rule(rubric)}."
        if missing
        else "",
        inapplicable_note=(
            f"Answered although they do not apply (given the other answers), and {effect}: {', '.join(answered)}."
            if answered
            else ""
        ),
        criteria=tuple(lines),
        safeguards=tuple(safeguards),
    )
