"""Autosave and the guided flow: what the criterion form's fields write into the document, what stays pending,
and each criterion's state. Hand-computed tables."""

from __future__ import annotations

import pytest

from dashboard.core.authoring import flow
from dashboard.core.authoring.autosave import apply_fields, evidence_missing, form_values, missing
from dashboard.core.loading import load_rubric
from dashboard.core.models import ScoreEntry
from dashboard.settings import DEFAULT_RUBRIC

RUBRIC = load_rubric(DEFAULT_RUBRIC)
CID = next(c.id for c in RUBRIC.criteria if not c.options)
DOC = {"technologies": [{"id": "t", "name": "T", "scores": {CID: {"level": 1, "rationale": "old", "evidence": []}}}]}


@pytest.mark.parametrize(
    "fields,entry,pending",
    [
        ({"choice": 3}, {"level": 3, "rationale": "old", "evidence": []}, {}),
        ({"choice": 3, "rationale": ""}, {"level": 3, "evidence": []}, {}),
        ({"choice": "unsure", "low": 2, "high": 3}, {"level": [2, 3], "rationale": "old", "evidence": []}, {}),
        (
            {"choice": "unsure", "low": 2, "high": None},
            {"level": 1, "rationale": "old", "evidence": []},
            {"choice": "unsure", "low": 2},
        ),
        (
            {"choice": "unsure", "low": 3, "high": 2},
            {"level": 1, "rationale": "old", "evidence": []},
            {"choice": "unsure", "low": 3, "high": 2},
        ),
        (
            {"choice": "n/a", "reason": "no cameras"},
            {"level": "n/a", "reason": "no cameras", "rationale": "old", "evidence": []},
            {},
        ),
        ({"choice": "n/a", "reason": " "}, {"level": 1, "rationale": "old", "evidence": []}, {"choice": "n/a"}),
        ({"confidence": "low"}, {"level": 1, "rationale": "old", "evidence": [], "confidence": "low"}, {}),
        (
            {"ev_quote": "words", "ev_source": None},
            {"level": 1, "rationale": "old", "evidence": []},
            {"ev_quote": "words"},
        ),
    ],
)
def test_the_form_writes_what_the_file_can_hold_and_keeps_the_rest_pending(fields, entry, pending):
    new, kept = apply_fields(DOC, RUBRIC, "t", CID, fields)
    assert new["technologies"][0]["scores"][CID] == entry
    assert kept == pending
    assert DOC["technologies"][0]["scores"][CID]["level"] == 1  # the input is never changed


def test_a_criterion_emptied_of_everything_leaves_the_document():
    doc = {"technologies": [{"id": "t", "name": "T", "scores": {CID: {"rationale": "x"}}}]}
    new, _ = apply_fields(doc, RUBRIC, "t", CID, {"rationale": ""})
    assert CID not in new["technologies"][0]["scores"]


def test_pending_fields_come_back_before_the_documents():
    values = form_values({"level": 2, "rationale": "r"}, {"choice": "unsure", "low": 1, "ev_quote": "q"})
    assert (values["choice"], values["low"], values["rationale"], values["ev_quote"]) == ("unsure", 1, "r", "q")
    assert form_values({"level": [1, 2]})["choice"] == "unsure"
    assert form_values({"level": "n/a", "reason": "why"})["choice"] == "n/a"


@pytest.mark.parametrize(
    "values,count",
    [
        ({"choice": 2, "rationale": "r", "confidence": "low"}, 0),
        ({"choice": 2}, 2),  # rationale and confidence, both at once
        ({}, 3),
        ({"choice": "unsure", "low": 3, "high": 1, "rationale": "r", "confidence": "high"}, 1),
        ({"choice": "n/a"}, 1),
        ({"choice": "n/a", "reason": "none"}, 0),
    ],
)
def test_every_missing_part_of_a_judgement_is_named_at_once(values, count):
    assert len(missing(RUBRIC, CID, values)) == count


def test_evidence_names_both_missing_parts():
    assert len(evidence_missing({})) == 2
    assert evidence_missing({"ev_source": "s", "ev_note": "n"}) == []


def _entry(**fields) -> ScoreEntry:
    return ScoreEntry(**fields)


@pytest.mark.parametrize(
    "entry,pending,state",
    [
        (None, None, flow.NOT_STARTED),
        (None, {"choice": "unsure", "low": 1}, flow.INCOMPLETE),
        (None, {"ev_quote": "q"}, flow.NOT_STARTED),
        (_entry(level=2), None, flow.INCOMPLETE),
        (_entry(level=2, rationale="r"), None, flow.INCOMPLETE),
        (_entry(rationale="r"), None, flow.INCOMPLETE),
        (_entry(level=2, rationale="r", confidence="low"), None, flow.NO_EVIDENCE),
        (_entry(level=2, rationale="r", confidence="low", evidence=[{"source": "s", "quote": "q"}]), None, flow.SCORED),
        (
            _entry(level=[1, 2], rationale="r", confidence="low", evidence=[{"source": "s", "quote": "q"}]),
            None,
            flow.RANGE,
        ),
        (_entry(level="n/a", reason="none"), None, flow.NOT_APPLICABLE),
        (_entry(level="n/a"), None, flow.INCOMPLETE),
        (_entry(level=2, rationale="r", confidence="low"), {"choice": "n/a"}, flow.INCOMPLETE),
    ],
)
def test_each_criterion_state(entry, pending, state):
    assert flow.criterion_state(entry, pending) == state


@pytest.mark.parametrize(
    "current,step,expected", [("a", 1, "b"), ("b", -1, "a"), ("a", -1, "a"), ("c", 1, "c"), ("x", 1, "a")]
)
def test_next_and_previous_stay_within_the_rubric(current, step, expected):
    assert flow.neighbour(["a", "b", "c"], current, step) == expected


def test_steps_follow_the_rubrics_order_with_positions():
    from dashboard.core.models import Technology

    tech = Technology(id="t", name="T", scores={RUBRIC.criteria[1].id: _entry(level=2)})
    found = flow.steps(RUBRIC, tech, {RUBRIC.criteria[2].id: {"ev_quote": "q"}})
    assert [s.criterion for s in found] == [c.id for c in RUBRIC.criteria]
    assert [s.position for s in found[:3]] == [1, 2, 3]
    assert [s.state for s in found[:2]] == [flow.NOT_STARTED, flow.INCOMPLETE]
    assert found[2].evidence_pending
