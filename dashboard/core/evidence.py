"""How far each judgement rests on corroborated evidence, from the reliability grades of the sources it cites.

A score is *corroborated* when at least one cited source carries a grade the rubric counts as corroborating (by
default A-C), *reported* when every cited source is graded below that (or the analyst marks it `basis: reported`),
and *uncited* when it cites nothing. Following ICD 203, the basis is shown beside every score, and a technology whose
weighted score rests mostly on uncorroborated judgements is labelled wherever its tier appears.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

import numpy as np

from dashboard.core.models import NA, AssessmentSet, Rubric, ScoreEntry

# Codes in the (technologies x criteria) basis array; NOT_SCORED covers n/a and missing scores.
NOT_SCORED, UNCITED, REPORTED, CORROBORATED = -1, 0, 1, 2
BASIS_NAMES = {UNCITED: "uncited", REPORTED: "reported", CORROBORATED: "corroborated"}

# Wording that marks a claim as reported rather than established, for rationales without `basis: reported`.
REPORTED_WORDING = re.compile(
    r"\b(reported(ly)?|allegedly|alleged|allegations?|according to|unconfirmed|unverified|is said to|are said to|"
    r"claims?|claimed)\b",
    re.IGNORECASE,
)


# What a technology's tier is cautioned with when its weighted score rests mostly on uncorroborated judgements: a
# code here, words in the views (views/labels.py).
CAUTION_NONE, CAUTION_REPORTED, CAUTION_UNCITED = "", "reported", "uncited"


def caution(strength: float, reported: float, uncited: float, threshold: float) -> str:
    """CAUTION_NONE when the corroborated share reaches the rubric's threshold, else what most of the rest rests on."""
    if strength != strength or strength >= threshold:  # NaN: nothing scored, so nothing to caution about
        return CAUTION_NONE
    return CAUTION_UNCITED if uncited > reported else CAUTION_REPORTED


def grades(data: AssessmentSet) -> dict[str, str]:
    return {s.id: s.reliability for s in data.sources}


def cited_basis(entry: ScoreEntry, source_grades: Mapping[str, str], corroborating: Collection[str]) -> int:
    """The basis the cited fact evidence alone gives: UNCITED (no fact cited: standards alone say what the rule
    is, not what happened), REPORTED (every fact source graded below the corroborating grades) or CORROBORATED."""
    facts = [ev for ev in entry.evidence if ev.role == "fact"]
    if not facts:
        return UNCITED
    if any(source_grades.get(ev.source) in corroborating for ev in facts):
        return CORROBORATED
    return REPORTED


def score_basis(entry: ScoreEntry | None, source_grades: Mapping[str, str], corroborating: Collection[str]) -> int:
    """The basis shown for a score: the cited sources' basis, lowered to REPORTED when the analyst says so."""
    if entry is None or entry.level == NA or (entry.level is None and entry.answer is None):
        return NOT_SCORED
    basis = cited_basis(entry, source_grades, corroborating)
    if basis == CORROBORATED and entry.basis == "reported":
        return REPORTED
    return basis


def basis_matrix(rubric: Rubric, data: AssessmentSet) -> np.ndarray:
    """(T, C) basis codes for every technology and criterion."""
    source_grades = grades(data)
    corroborating = set(rubric.evidence.corroborating)
    return np.array(
        [
            [score_basis(t.scores.get(c.id), source_grades, corroborating) for c in rubric.criteria]
            for t in data.technologies
        ],
        dtype=int,
    ).reshape(len(data.technologies), len(rubric.criteria))


def marks_reported(entry: ScoreEntry) -> bool:
    """Whether the score says its claim is reported: `basis: reported`, or wording the audit recognises."""
    return entry.basis == "reported" or bool(REPORTED_WORDING.search(entry.rationale))


def share(contributions: np.ndarray, basis: np.ndarray, weights: np.ndarray, code: int = CORROBORATED) -> np.ndarray:
    """Share (0-1) of each technology's weighted score resting on scores with basis `code`; NaN when none is scored.

    `contributions` are each criterion's part of the score (T, C). When every scored level sits at the floor there
    is no score to share out, so the share of the weight is used instead.
    """
    scored = basis != NOT_SCORED
    chosen = basis == code
    contrib = np.where(scored, np.nan_to_num(contributions), 0.0)
    total = contrib.sum(axis=-1)
    weight = np.where(scored, weights, 0.0)
    weight_total = weight.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        by_score = (contrib * chosen).sum(axis=-1) / total
        by_weight = (weight * chosen).sum(axis=-1) / weight_total
    out = np.where(total > 0, by_score, by_weight)
    return np.where(weight_total > 0, out, np.nan)
