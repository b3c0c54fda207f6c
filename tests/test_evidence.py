"""Evidence basis per score, evidence strength per technology, its label and the audit rules that go with it."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import compiled, data_dict, rubric_dict, tech
from dashboard.core import evidence
from dashboard.core.audit import audit
from dashboard.core.models import AssessmentSet, Rubric, ScoreEntry
from dashboard.core.scoring import score
from dashboard.render.export import scores_csv, scores_json
from dashboard.views.labels import MOSTLY_REPORTED, MOSTLY_UNCITED, reader_table, tier_text
from dashboard.views.summary import evidence_judgement

GRADES = {"a": "A", "b": "B", "c": "C", "d": "D", "e": "E", "f": "F"}
DEFAULT = {"A", "B", "C"}


def entry(*sources: str, **fields) -> ScoreEntry:
    return ScoreEntry(level=2, rationale="because", evidence=[{"source": s} for s in sources], **fields)


@pytest.mark.parametrize(
    "scored,corroborating,expected",
    [
        (entry(), DEFAULT, evidence.UNCITED),
        (entry("b"), DEFAULT, evidence.CORROBORATED),
        (entry("c"), DEFAULT, evidence.CORROBORATED),
        (entry("d"), DEFAULT, evidence.REPORTED),
        (entry("f", "e"), DEFAULT, evidence.REPORTED),
        (entry("f", "a"), DEFAULT, evidence.CORROBORATED),  # one corroborating source is enough
        (entry("a", basis="reported"), DEFAULT, evidence.REPORTED),  # the analyst can lower the basis
        (entry("f", basis="reported"), DEFAULT, evidence.REPORTED),
        (entry("b"), {"A"}, evidence.REPORTED),  # the rubric decides which grades corroborate
        (entry("unregistered"), DEFAULT, evidence.REPORTED),
        (ScoreEntry(level="n/a", reason="x"), DEFAULT, evidence.NOT_SCORED),
        (ScoreEntry(), DEFAULT, evidence.NOT_SCORED),
        (None, DEFAULT, evidence.NOT_SCORED),
    ],
)
def test_score_basis(scored, corroborating, expected):
    assert evidence.score_basis(scored, GRADES, corroborating) == expected


def cited(*items: tuple[str, str], **fields) -> ScoreEntry:
    """A score citing (source, role) pairs."""
    return ScoreEntry(level=2, rationale="because", evidence=[{"source": s, "role": r} for s, r in items], **fields)


# Only fact evidence sets the basis: a standard of any grade says what the rule is, not what happened.
ROLE_TABLE = [
    *[(cited((g, "fact")), evidence.CORROBORATED if g in "abc" else evidence.REPORTED) for g in "abcdef"],
    *[(cited((g, "standard")), evidence.UNCITED) for g in "abcdef"],
    *[(cited(("f", "fact"), (g, "standard")), evidence.REPORTED) for g in "abcdef"],
    *[
        (cited(("d", "fact"), (g, "fact")), evidence.CORROBORATED if g in "abc" else evidence.REPORTED)
        for g in "abcdef"
    ],
    (cited(("a", "standard"), ("b", "fact")), evidence.CORROBORATED),
    (cited(("a", "fact"), ("a", "standard"), basis="reported"), evidence.REPORTED),
    (ScoreEntry(level=2, evidence=[{"source": "a"}]), evidence.CORROBORATED),  # role defaults to fact
]


@pytest.mark.parametrize("scored,expected", ROLE_TABLE)
def test_score_basis_reads_fact_evidence_only(scored, expected):
    assert evidence.score_basis(scored, GRADES, DEFAULT) == expected


def two_sources(data: dict) -> dict:
    data["sources"].append(
        {
            "id": "rumour",
            "title": "R",
            "date": "2026",
            "url": "https://example.org/r",
            "type": "press",
            "reliability": "F",
        }
    )
    return data


def mixed(a_source: str = "src", b_source: str = "rumour", a: float = 2, b: float = 2, **b_fields) -> dict:
    """Criterion a (weight 1) cites `a_source`, criterion b (weight 3) cites `b_source`."""
    data = two_sources(data_dict([tech("t1", a=a, b=b)]))
    scores = data["technologies"][0]["scores"]
    scores["a"]["evidence"] = [{"source": a_source}] if a_source else []
    scores["b"]["evidence"] = [{"source": b_source}] if b_source else []
    scores["b"].update(b_fields)
    return data


@pytest.mark.parametrize(
    "data,strength,reported,uncited,label",
    [
        # contributions: a = 1 x 2/4 = 0.5, b = 3 x 2/4 = 1.5; corroborated share 0.5 / 2.0
        (mixed(), 0.25, ["b"], [], MOSTLY_REPORTED),
        (mixed(b_source="src"), 1.0, [], [], ""),
        (mixed(a_source="rumour", b_source="src"), 0.75, ["a"], [], ""),
        (mixed(b_source=""), 0.25, [], ["b"], MOSTLY_UNCITED),
        # every level at the floor: no score to share out, so the share of the weight is used (1 of 4)
        (mixed(a=0, b=0), 0.25, ["b"], [], MOSTLY_REPORTED),
        # a level at the floor adds nothing to the score, so it does not count against the evidence
        (mixed(b=0), 1.0, ["b"], [], ""),
    ],
)
def test_evidence_strength_and_label(data, strength, reported, uncited, label):
    row = reader_table(score(compiled(data=data))).loc["t1"]
    assert row["evidence_strength"] == pytest.approx(strength)
    assert row["reported_only"] == reported
    assert row["uncited"] == uncited
    assert row["evidence_label"] == label
    assert row["tier_display"] == tier_text(row["tier_label"], label)


def test_the_threshold_comes_from_the_rubric():
    rubric = rubric_dict(evidence={"min_strength": 0.2})
    assert reader_table(score(compiled(rubric, mixed()))).loc["t1", "evidence_label"] == ""
    rubric = rubric_dict(evidence={"min_strength": 0.2, "corroborating": ["A"]})  # B no longer corroborates
    assert reader_table(score(compiled(rubric, mixed()))).loc["t1", "evidence_label"] == MOSTLY_REPORTED


def test_strength_depends_on_the_weights():
    scores = compiled(data=mixed())
    assert score(scores, weights={"a": 3, "b": 1}).table.loc["t1", "evidence_strength"] == pytest.approx(0.75)


def test_json_and_csv_carry_the_evidence():
    scores = score(compiled(data=mixed()))
    record = json.loads(scores_json(scores))["technologies"][0]
    assert record["evidence_strength"] == pytest.approx(0.25)
    assert record["reported_only"] == ["b"]
    assert record["evidence_label"] == MOSTLY_REPORTED
    header, row = scores_csv(scores).splitlines()[:2]
    columns = dict(zip(header.split(","), row.split(","), strict=True))
    assert float(columns["evidence_strength"]) == pytest.approx(0.25)
    assert columns["reported_only"] == "b"
    assert columns["evidence_label"] == MOSTLY_REPORTED


def test_executive_summary_qualifies_a_tentative_tier():
    scores = score(compiled(data=mixed()))
    text = evidence_judgement(scores, {"ranking": "Figure 1"})
    assert "1 of 1 technologies fall below" in text and MOSTLY_REPORTED in text and "25% corroborated" in text
    solid = evidence_judgement(score(compiled(data=mixed(b_source="src"))), {"ranking": "Figure 1"})
    assert "Every technology reaches" in solid


@settings(max_examples=60, deadline=None)
@given(
    levels=st.lists(st.integers(0, 4), min_size=2, max_size=2),
    weights=st.lists(st.floats(0.1, 10), min_size=2, max_size=2),
    bases=st.lists(
        st.sampled_from([evidence.UNCITED, evidence.REPORTED, evidence.CORROBORATED]), min_size=2, max_size=2
    ),
)
def test_shares_by_basis_add_up_to_one(levels, weights, bases):
    parts = np.array([levels], dtype=float) * np.array(weights) / 4
    basis = np.array([bases])
    w = np.array(weights)
    total = sum(float(evidence.share(parts, basis, w, code)[0]) for code in evidence.BASIS_NAMES)
    assert total == pytest.approx(1.0)
    assert 0.0 <= float(evidence.share(parts, basis, w)[0]) <= 1.0


# ------------------------------------------------------------------------------------------------ audit rules


def findings(data: dict, rubric: dict | None = None) -> list[str]:
    return [
        f"{'.'.join(map(str, p))}: {m}"
        for p, m, _ in audit(Rubric.model_validate(rubric or rubric_dict()), AssessmentSet.model_validate(data))
    ]


@pytest.mark.parametrize(
    "fields,expected",
    [
        (
            {},
            [
                "scores.b.confidence: the score rests on unconfirmed reporting but confidence is medium",
                "scores.b.rationale: every cited source is graded D/E/F, but the rationale states the claim as fact",
            ],
        ),
        ({"confidence": "low"}, ["scores.b.rationale: every cited source is graded D/E/F"]),
        ({"confidence": "low", "basis": "reported"}, []),
        ({"confidence": "low", "rationale": "Reportedly deployed in two cities."}, []),
        ({"confidence": "low", "rationale": "According to the article, it is deployed."}, []),
        ({"basis": "reported"}, ["scores.b.confidence: the score rests on unconfirmed reporting"]),
    ],
)
def test_reported_only_scores_must_say_so_and_carry_low_confidence(fields, expected):
    got = findings(mixed(**fields))
    assert len(got) == len(expected), got
    for text in expected:
        assert any(text in g for g in got), got


def test_a_corroborated_score_marked_reported_needs_low_confidence_but_no_wording():
    data = mixed(b_source="src", basis="reported")
    assert [f for f in findings(data) if "scores.b" in f] == [
        "technologies.0.scores.b.confidence: the score rests on unconfirmed reporting but confidence is medium"
    ]


def test_a_score_citing_nothing_is_a_finding():
    assert any("scores.b.evidence: the rationale cites no evidence" in f for f in findings(mixed(b_source="")))


@pytest.mark.parametrize(
    "source,marked_reported,crossed_on_reporting",
    [("rumour", False, True), ("rumour", True, True), ("src", True, True), ("src", False, False)],
)
def test_red_line_crossed_only_on_reporting(source, marked_reported, crossed_on_reporting):
    # The rubric's red line 'rl' is crossed at level 4 on criterion a.
    data = mixed(a_source=source, a=4, b_source="src")
    data["technologies"][0]["scores"]["a"].update(confidence="low", rationale="Reportedly so.")
    if marked_reported:
        data["technologies"][0]["scores"]["a"]["basis"] = "reported"
    got = [f for f in findings(data) if "red line" in f]
    expected = ["technologies.0.scores.a: red line 'rl' is crossed only on unconfirmed reporting ('a')"]
    assert got == (expected if crossed_on_reporting else [])
