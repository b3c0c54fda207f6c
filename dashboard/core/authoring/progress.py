"""How far an assessment has got: per technology, the criteria scored, the gaps and what the audit finds."""

from __future__ import annotations

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
    findings = audit(rubric, data)
    out = []
    for t, tech in enumerate(data.technologies):
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
                p.findings.append((join_path(list(path)), criterion, message, hint))
        out.append(p)
    return out
