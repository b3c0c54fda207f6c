"""Evidence audit: what a reviewer checks before publishing an assessment set.

Validation already rejects what cannot be scored (unknown ids, unregistered citations, levels off the scale).
The audit flags what can be scored but should not be published as it stands. The evidence rules follow ICD 203's
standards of describing the quality of sources and expressing uncertainty: a judgement resting only on
unconfirmed reporting must say so and carry low confidence, and no red line may be drawn on such reporting alone.

Two severities: a finding (`audit`) fails the audit; a note (`notes`) is informational and does not. A source whose
check is not recorded is a note, so a set whose register is still being checked can pass while the audit lists what
is left to check; once every source has its date the notes are gone too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np

from dashboard.core import evidence
from dashboard.core.checks import Finding
from dashboard.core.compile import compile_dataset
from dashboard.core.models import NA, AssessmentSet, Rubric
from dashboard.core.quotes import Prepared, find_in, normalise
from dashboard.core.scoring import score
from dashboard.words import say

WIDE_RANGE_SHARE = 0.5  # a range covering half the scale or more is too wide to carry high confidence


def audit(rubric: Rubric, data: AssessmentSet, copies: Mapping[str, str] | None = None) -> list[Finding]:
    """The findings; with `copies` (source id -> the text of its stored copy), also each quote not in its copy."""
    found = list(_audit(rubric, data)) + list(_reported_red_lines(rubric, data))
    if copies:
        found += [
            (
                path,
                say("audit.quote_not_in_copy", quote=quote, source=source, nearest=nearest),
                say("audit.quote_not_in_copy_hint"),
            )
            for path, source, quote, ok, nearest in check_quotes(data, copies)
            if not ok
        ]
    return found


def notes(data: AssessmentSet) -> list[Finding]:
    """The audit's informational notes, which do not fail it: each source with no check date (`checked`)."""
    return [
        (("sources", s, "id"), say("audit.not_checked", id=source.id), say("audit.not_checked_hint"))
        for s, source in enumerate(data.sources)
        if not source.checked
    ]


def quotes(data: AssessmentSet) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Every quote in the set with where it is and the source it cites: excerpts, scores' and safeguards' evidence."""
    for t, tech in enumerate(data.technologies):
        at: tuple[str | int, ...] = ("technologies", t)
        for x, excerpt in enumerate(tech.excerpts):
            yield at + ("excerpts", x, "quote"), excerpt.source, excerpt.quote
        for criterion_id, entry in tech.scores.items():
            for k, item in enumerate(entry.evidence):
                yield at + ("scores", criterion_id, "evidence", k, "quote"), item.source, item.quote
        for sid, status in tech.safeguards.items():
            for k, item in enumerate(status.evidence):
                yield at + ("safeguards", sid, "evidence", k, "quote"), item.source, item.quote


def check_quotes(
    data: AssessmentSet, copies: Mapping[str, str]
) -> Iterator[tuple[tuple[str | int, ...], str, str, bool, str]]:
    """Each non-empty quote citing a source with a copy: (where, source, quote, found, nearest passage if not)."""
    prepared: dict[str, Prepared] = {}
    for path, source, quote in quotes(data):
        if source not in copies or not quote.strip():
            continue
        if source not in prepared:
            prepared[source] = Prepared(copies[source])
        ok, nearest = find_in(normalise(quote), prepared[source])
        yield path, source, quote, ok, nearest


def quote_counts(data: AssessmentSet, copies: Mapping[str, str]) -> dict[str, tuple[int, int]]:
    """Per source with a copy: (distinct quotes found in it, distinct quotes citing it). A quote is counted once
    however many places cite it (compared as normalised: case, spacing and typographic marks aside), so "n of m
    quotes found" says how much of what is quoted from the source the copy bears out, not how often it is cited."""
    seen: dict[str, dict[str, bool]] = {source: {} for source in copies}
    for _, source, quote, ok, _ in check_quotes(data, copies):
        seen[source].setdefault(normalise(quote), ok)
    return {source: (sum(found.values()), len(found)) for source, found in seen.items()}


def _audit(rubric: Rubric, data: AssessmentSet) -> Iterator[Finding]:
    span = rubric.scale.ceiling - rubric.scale.floor
    source_grades = evidence.grades(data)
    corroborating = set(rubric.evidence.corroborating)
    weak = "/".join(g for g in "ABCDEF" if g not in corroborating)
    cited: set[str] = set()
    for t, tech in enumerate(data.technologies):
        at = ("technologies", t)
        cited.update(e.source for e in tech.excerpts)
        cited.update(f.source for f in tech.flags if f.source)
        for criterion in rubric.criteria:
            entry = tech.scores.get(criterion.id)
            sat = at + ("scores", criterion.id)
            if entry is None or (entry.level is None and entry.answer is None):
                yield (
                    sat,
                    say("audit.no_score", technology=tech.id, criterion=criterion.id),
                    say("audit.no_score_hint"),
                )
                continue
            cited.update(e.source for e in entry.evidence)
            if entry.level == NA:
                continue
            if not entry.rationale.strip():
                yield (sat + ("rationale",), say("audit.no_rationale"), say("audit.no_rationale_hint"))
            if not entry.evidence:
                yield (
                    sat + ("evidence",),
                    say("audit.no_evidence"),
                    say("audit.no_evidence_hint"),
                )
            basis = evidence.score_basis(entry, source_grades, corroborating)
            if basis == evidence.REPORTED and entry.confidence not in (None, "low"):
                yield (
                    sat + ("confidence",),
                    say("audit.reported_confidence", confidence=entry.confidence),
                    say("audit.reported_confidence_hint", grades="/".join(sorted(corroborating))),
                )
            if entry.evidence and basis == evidence.UNCITED and entry.confidence not in (None, "low"):
                yield (
                    sat + ("confidence",),
                    say("audit.standards_only_confidence", confidence=entry.confidence),
                    say("audit.standards_only_confidence_hint"),
                )
            if evidence.cited_basis(entry, source_grades, corroborating) == evidence.REPORTED and not (
                evidence.marks_reported(entry)
            ):
                yield (
                    sat + ("rationale",),
                    say("audit.reported_as_fact", grades=weak),
                    say("audit.reported_as_fact_hint"),
                )
            if entry.confidence is None:
                yield (sat + ("confidence",), say("audit.no_confidence"), say("audit.no_confidence_hint"))
            if isinstance(entry.level, list) and entry.confidence == "high" and span > 0:
                width = entry.level[1] - entry.level[0]
                if width >= WIDE_RANGE_SHARE * span:
                    yield (
                        sat + ("confidence",),
                        say("audit.wide_range", level=entry.level),
                        say("audit.wide_range_hint"),
                    )
        for sid, status in tech.safeguards.items():
            cited.update(e.source for e in status.evidence)
            if status.status == "not_applicable":
                if not status.note.strip():
                    yield (
                        at + ("safeguards", sid, "note"),
                        say("audit.not_applicable_reason"),
                        say("audit.not_applicable_reason_hint"),
                    )
            elif status.status != "unknown" and not status.evidence:
                yield (
                    at + ("safeguards", sid),
                    say("audit.status_without_evidence", status=status.status),
                    say("audit.status_without_evidence_hint"),
                )
    for s, source in enumerate(data.sources):
        at = ("sources", s)
        if source.id not in cited:
            yield (
                at + ("id",),
                say("audit.never_cited", id=source.id),
                say("audit.never_cited_hint"),
            )
        if not (source.url or source.reference.strip()):
            yield (
                at + ("url",),
                say("audit.no_address", id=source.id),
                say("audit.no_address_hint"),
            )
        if not source.date:
            yield (
                at + ("date",),
                say("audit.no_date", id=source.id),
                say("audit.no_date_hint"),
            )


def _reported_red_lines(rubric: Rubric, data: AssessmentSet) -> Iterator[Finding]:
    """A red line crossed (with or without the sources' safeguards) only on criteria that rest on reporting."""
    compiled = compile_dataset(rubric, data)
    seen: set[tuple[int, int]] = set()
    for scenario in ("inherent", "reported"):
        crossed = score(compiled, scenario=scenario).point.crossed
        for i, r in zip(*np.nonzero(crossed), strict=True):
            if (i, r) in seen:
                continue
            seen.add((i, r))
            red_line = rubric.red_lines[r]
            criteria = [rubric.criteria.index(rubric.criterion(c.criterion)) for c in red_line.when]
            if any(compiled.basis[i, j] == evidence.CORROBORATED for j in criteria):
                continue
            names = ", ".join(f"'{rubric.criteria[j].id}'" for j in criteria)
            yield (
                ("technologies", int(i), "scores", rubric.criteria[criteria[0]].id),
                say("audit.red_line_reported", id=red_line.id, criteria=names),
                say("audit.red_line_reported_hint"),
            )
