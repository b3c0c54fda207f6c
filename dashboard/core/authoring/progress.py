"""How far an assessment has got: per technology, the criteria scored, the gaps and what the audit finds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from dashboard.core.audit import audit
from dashboard.core.models import NA, AssessmentSet, Rubric
from dashboard.core.problems import join_path

# ------------------------------------------------------------------------------------------------------ progress


@dataclass
class Progress:
    technology: str
    name: str
    criteria: int
    scored: int
    without_evidence: list[str] = field(default_factory=list)
    without_rationale: list[str] = field(default_factory=list)
    findings: list[tuple[str, str, str, str]] = field(default_factory=list)  # (path, criterion or "", message, hint)


def progress(data: AssessmentSet, rubric: Rubric) -> list[Progress]:
    """Per technology: criteria scored, those lacking evidence or a rationale, and the audit's findings."""
    return _progress(data, rubric, range(len(data.technologies)))


def technology_progress(data: AssessmentSet, rubric: Rubric, tid: str) -> Progress:
    """`progress` of one technology, auditing that technology alone: what its findings depend on is its own entries
    and the register's grades. The Assess page shows one technology, and auditing the whole set on every click took
    a sixth of it (issue 21)."""
    t = next(i for i, tech in enumerate(data.technologies) if tech.id == tid)
    one = data.model_copy(update={"technologies": [data.technologies[t]]})
    return _progress(one, rubric, [t])[0]


def _progress(data: AssessmentSet, rubric: Rubric, positions: Sequence[int]) -> list[Progress]:
    """`positions`: where each of `data`'s technologies is in the whole set, for the findings' paths."""
    findings = audit(rubric, data)
    out = []
    for t, tech in enumerate(data.technologies):
        where = positions[t]
        p = Progress(tech.id, tech.name, len(rubric.criteria), 0)
        for c in rubric.criteria:
            entry = tech.scores.get(c.id)
            if entry is None or (entry.level is None and entry.answer is None):
                continue
            p.scored += 1
            if entry.level == NA:
                continue
            if not entry.evidence:
                p.without_evidence.append(c.id)
            if not entry.rationale.strip():
                p.without_rationale.append(c.id)
        for path, message, hint in findings:
            if len(path) >= 2 and path[0] == "technologies" and path[1] == t:
                criterion = str(path[3]) if len(path) > 3 and path[2] == "scores" else ""
                p.findings.append((join_path(["technologies", where, *path[2:]]), criterion, message, hint))
        out.append(p)
    return out
