"""Authoring edits and the quick grid's rules, as tables: each edit gives a valid document or says what to fix."""

from __future__ import annotations

import pytest

from builders import data_dict, rubric_dict, tech
from dashboard.core import authoring as A
from dashboard.core.editing import parse_cell, set_cells
from dashboard.core.models import AssessmentSet, Rubric

RUBRIC = Rubric.model_validate(rubric_dict())
LEVELS = [0, 1, 2, 3, 4]


def doc() -> A.Doc:
    return data_dict([tech("t1", a=2, b=3)])


# ---------------------------------------------------------------------------------------------- the grid's rules


@pytest.mark.parametrize(
    "typed,expected",
    [("3", 3.0), (" 0 ", 0.0), ("2-3", [2.0, 3.0]), ("1 - 4", [1.0, 4.0]), ("n/a", "n/a"), ("N/A", "n/a"), ("", None)],
)
def test_the_grid_accepts_scale_levels_ranges_na_and_blank(typed, expected):
    assert parse_cell(typed, LEVELS) == expected


@pytest.mark.parametrize(
    "typed,words",
    [
        ("7", "7 is not a level of the scale"),
        ("-1", "-1 is not a level of the scale"),
        ("2.5", "2.5 is not a level of the scale"),
        ("3-2", "the lower first"),
        ("2-2", "the lower first"),
        ("high", "'high' is not a level"),
        ("1-2-3", "not a range"),
    ],
)
def test_the_grid_refuses_anything_else_and_says_what_is_allowed(typed, words):
    with pytest.raises(ValueError) as info:
        parse_cell(typed, LEVELS)
    assert words in str(info.value) and "0, 1, 2, 3, 4" in str(info.value)


def test_grid_changes_carry_the_reason_and_the_author_into_the_rationale():
    data = AssessmentSet.model_validate(doc())
    out = set_cells(data, RUBRIC, {("t1", "a"): [1.0, 2.0], ("t1", "b"): "n/a"}, "new evidence", "Ann")
    a, b = out.technology("t1").scores["a"], out.technology("t1").scores["b"]
    assert a.level == [1, 2] and a.rationale.endswith("[Ann: new evidence]")
    assert b.level == "n/a" and b.reason == "new evidence"
    assert data.technology("t1").scores["a"].level == 2  # the input is untouched


def test_grid_changes_need_a_reason():
    with pytest.raises(ValueError, match="reason"):
        set_cells(AssessmentSet.model_validate(doc()), RUBRIC, {("t1", "a"): 1.0}, "  ", "Ann")


# ---------------------------------------------------------------------------------------------------- authoring


@pytest.mark.parametrize(
    "name,taken,expected",
    [("Police drones", [], "police_drones"), ("Police drones", ["police_drones"], "police_drones_2"), ("***", [], "x")],
)
def test_ids_come_from_names_and_stay_unique(name, taken, expected):
    assert A.make_id(name, taken, "x") == expected


def test_a_new_set_is_valid_against_its_rubric():
    new = A.new_set(title="T", scope="S", authors=["A"], rubric=RUBRIC, first_technology="First tech")
    data = A.validated(new, RUBRIC)
    assert [t.id for t in data.technologies] == ["first_tech"] and data.meta.rubric.id == RUBRIC.id


@pytest.mark.parametrize(
    "judgement,expected",
    [
        (A.Judgement("level", level=3, rationale="r", confidence="low"), 3),
        (A.Judgement("range", low=1, high=3, rationale="r", confidence="medium"), [1, 3]),
        (A.Judgement("na", reason="does not apply here"), "n/a"),
    ],
)
def test_scores_are_recorded_and_keep_their_evidence(judgement, expected):
    new = A.set_score(doc(), RUBRIC, "t1", "a", judgement)
    entry = A.validated(new, RUBRIC).technology("t1").scores["a"]
    assert entry.level == expected
    assert entry.evidence[0].source == "src"


@pytest.mark.parametrize(
    "judgement,words",
    [
        (A.Judgement("level", level=2.5, rationale="r", confidence="low"), "scale's levels"),
        (A.Judgement("level", level=2, rationale=" ", confidence="low"), "rationale"),
        (A.Judgement("level", level=2, rationale="r", confidence=None), "confidence"),
        (A.Judgement("range", low=3, high=1, rationale="r", confidence="low"), "lower first"),
        (A.Judgement("na", reason=""), "why"),
    ],
)
def test_an_incomplete_judgement_says_what_is_missing(judgement, words):
    with pytest.raises(A.AuthoringError, match=words):
        A.set_score(doc(), RUBRIC, "t1", "a", judgement)


def test_answers_follow_the_criterion_one_or_many():
    r = rubric_dict()
    r["criteria"].append(
        {
            "id": "o",
            "name": "O",
            "question": "?",
            "group": "g1",
            "select": "many",
            "options": [{"id": "x", "label": "X", "score": 1}, {"id": "y", "label": "Y", "score": 2}],
        }
    )
    rubric = Rubric.model_validate(r)
    new = A.set_score(
        doc(), rubric, "t1", "o", A.Judgement("answer", answers=("x", "y"), rationale="r", confidence="low")
    )
    assert A.validated(new, rubric).technology("t1").scores["o"].answer == ["x", "y"]


def test_a_source_is_registered_then_cited_and_then_cannot_be_removed():
    new, sid = A.register_source(
        doc(),
        title="A report",
        publisher="P",
        date=None,
        url="https://example.org",
        reference="",
        type="report",
        reliability="C",
    )
    assert sid == "a_report"
    new = A.add_score_evidence(new, "t1", "b", A.evidence(sid, quote="words", page="p. 2"))
    assert A.validated(new, RUBRIC).source(sid).date == "undated"
    with pytest.raises(A.AuthoringError) as info:
        A.remove_source(new, sid)
    assert "technologies[0].scores.b.evidence[1]" in str(info.value)
    removed = A.remove_source(A.remove_item(new, "t1", ("scores", "b", "evidence"), 1), sid)
    assert sid not in [s["id"] for s in removed["sources"]]


@pytest.mark.parametrize(
    "fields,words",
    [
        ({"title": "", "type": "report", "reliability": "B"}, "title"),
        ({"title": "T", "type": "", "reliability": "B"}, "kind of source"),
        ({"title": "T", "type": "report", "reliability": "G"}, "A to F"),
        ({"title": "T", "type": "report", "reliability": "B", "date": "26/11/2026"}, "YYYY-MM-DD"),
        ({"title": "Source", "type": "report", "reliability": "B", "sid": "src"}, "taken"),
    ],
)
def test_registering_a_source_says_what_is_missing(fields, words):
    args = {"publisher": "", "date": None, "url": "", "reference": ""} | fields
    with pytest.raises(A.AuthoringError, match=words):
        A.register_source(doc(), **args)


REGISTER = {"publisher": "", "date": None, "url": "", "reference": "", "type": "report", "reliability": "B"}


@pytest.mark.parametrize(
    "checked,finding,expected",
    [
        (None, "", (None, "")),
        ("2026-11-30", "", ("2026-11-30", "")),
        ("2026-11-30", "  quotes found; title corrected ", ("2026-11-30", "quotes found; title corrected")),
    ],
)
def test_a_source_registered_with_its_check_keeps_the_date_and_finding(checked, finding, expected):
    new, sid = A.register_source(doc(), title="Checked", checked=checked, check_finding=finding, **REGISTER)
    source = A.validated(new, RUBRIC).source(sid)
    assert (source.checked, source.check_finding) == expected


@pytest.mark.parametrize(
    "checked,finding,words",
    [
        ("30/11/2026", "", "check date as YYYY-MM-DD"),
        ("2026-02-30", "", "check date as YYYY-MM-DD"),
        (None, "quotes found", "date of the check"),
    ],
)
def test_a_check_without_a_valid_date_is_refused(checked, finding, words):
    with pytest.raises(A.AuthoringError, match=words):
        A.register_source(doc(), title="Checked", checked=checked, check_finding=finding, **REGISTER)


def test_a_later_check_of_a_registered_source_replaces_the_earlier():
    new, sid = A.register_source(doc(), title="Checked", checked="2026-11-01", check_finding="old", **REGISTER)
    new = A.record_check(new, sid, "2026-12-01", "")
    source = A.validated(new, RUBRIC).source(sid)
    assert (source.checked, source.check_finding) == ("2026-12-01", "")  # the old finding went with its date
    with pytest.raises(A.AuthoringError, match="pick the date"):
        A.record_check(new, sid, "", "found")
    with pytest.raises(A.AuthoringError, match="not in the register"):
        A.record_check(new, "nobody", "2026-12-01", "")


def test_every_problem_of_a_new_set_is_named_at_once():
    with pytest.raises(A.AuthoringError) as caught:
        A.new_set(title="", scope="", authors=[" "], rubric=RUBRIC, first_technology="")
    assert str(caught.value).count(";") == 2


def test_every_problem_of_a_source_is_named_at_once():
    args = {"publisher": "", "date": "26/11/2026", "url": "", "reference": "", "title": "", "type": ""}
    with pytest.raises(A.AuthoringError) as caught:
        A.register_source(doc(), **args, reliability="G")
    assert all(w in str(caught.value) for w in ("title", "kind of source", "A to F", "YYYY-MM-DD"))


def test_a_source_with_the_title_and_address_of_a_registered_one_is_refused_with_a_pointer_to_it():
    args = {"publisher": "", "date": None, "reference": "", "type": "report", "reliability": "B"}
    new, sid = A.register_source(doc(), title="Report", url="https://example.org/r", **args)
    with pytest.raises(A.AuthoringError, match=f"already registered .as '{sid}'"):
        A.register_source(new, title=" report ", url="https://example.org/r", **args)
    A.register_source(new, title="Report", url="https://example.org/other", **args)  # another address is another


def test_technologies_are_added_renamed_duplicated_and_removed_with_unique_ids():
    new, tid = A.add_technology(doc(), "Second")
    new, renamed = A.update_technology(new, tid, id="second_tech", name="Second technology")
    assert renamed == "second_tech"
    with pytest.raises(A.AuthoringError, match="taken"):
        A.update_technology(new, "second_tech", id="t1")
    new, copy_id = A.duplicate_technology(new, "t1")
    assert A.validated(new, RUBRIC).technology(copy_id).scores["a"].level == 2
    new = A.remove_technology(A.remove_technology(new, copy_id), "second_tech")
    with pytest.raises(A.AuthoringError, match="at least one"):
        A.remove_technology(new, "t1")


def test_copying_a_technology_brings_its_sources_and_renames_a_clashing_one():
    other = data_dict([tech("x", a=4, b=4)])
    other["sources"][0]["title"] = "A different source with the same id"
    new, tid = A.copy_technology(doc(), other, "x")
    data = A.validated(new, RUBRIC)
    cited = data.technology(tid).scores["a"].evidence[0].source
    assert cited != "src" and data.source(cited).title == "A different source with the same id"


@pytest.mark.parametrize(
    "status,note,ok",
    [
        ("absent", "", True),
        ("not_applicable", "does not hold data", True),
        ("not_applicable", "", False),
        ("maybe", "", False),
    ],
)
def test_safeguard_statuses(status, note, ok):
    if ok:
        assert A.validated(A.set_safeguard(doc(), "t1", "s1", status, note), RUBRIC)
    else:
        with pytest.raises(A.AuthoringError):
            A.set_safeguard(doc(), "t1", "s1", status, note)


def test_progress_counts_scores_without_evidence_or_rationale_and_lists_findings():
    d = data_dict([tech("t1", a=2)])
    d["technologies"][0]["scores"]["a"]["evidence"] = []
    p = A.progress(AssessmentSet.model_validate(d), RUBRIC)[0]
    assert (p.scored, p.criteria, p.without_evidence) == (1, 2, ["a"])
    assert {f[1] for f in p.findings} >= {"a", "b"}  # no evidence for a, no score for b
