"""An edit validated from its data (issue 21's fast save) gives what reading the written file gives, and a problem is
still located in the file; an autosaved field leaves the document it started from as it was."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from dashboard.core import authoring as A
from dashboard.core.authoring.autosave import apply_fields
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.problems import InputError
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC

FIXTURES = Path(__file__).parent / "fixtures"
PAIRS = [(DEFAULT_RUBRIC, DEFAULT_DATA), (FIXTURES / "owasp_rubric.yaml", FIXTURES / "owasp_example.yaml")]


@pytest.mark.parametrize(("rubric_path", "data_path"), PAIRS, ids=["bundled", "owasp"])
def test_a_valid_set_validated_from_its_data_equals_the_set_read_from_its_file(rubric_path, data_path):
    rubric = load_rubric(Path(rubric_path))
    text = Path(data_path).read_text(encoding="utf-8")
    from_file = load_assessments(text.encode("utf-8"), rubric, "draft")
    assert A.validated(A.parse(text), rubric) == from_file


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda e: e.__setitem__("level", 9), "level", "level"),
        (lambda e: e.__setitem__("confidence", "certain"), "confidence", "confidence"),
        (lambda e: e.__setitem__("colour", "red"), "colour", "colour"),
    ],
    ids=["level off the scale", "unknown confidence", "unknown field"],
)
def test_a_problem_in_an_edit_is_named_at_its_place_in_the_file(change, path, words):
    rubric = load_rubric(DEFAULT_RUBRIC)
    doc = A.parse(Path(DEFAULT_DATA).read_text(encoding="utf-8"))
    tech = doc["technologies"][1]
    cid = next(iter(tech["scores"]))
    change(tech["scores"][cid])
    with pytest.raises(InputError) as caught:
        A.validated(doc, rubric)
    problems = caught.value.problems
    assert any(f"technologies[1].scores.{cid}" in p.path and path in p.path and p.line is not None for p in problems), [
        p.format() for p in problems
    ]
    assert any(words in p.format() for p in problems)


def test_a_field_saved_as_typed_leaves_the_document_it_started_from_unchanged():
    rubric = load_rubric(DEFAULT_RUBRIC)
    doc = A.parse(Path(DEFAULT_DATA).read_text(encoding="utf-8"))
    before = copy.deepcopy(doc)
    tech = doc["technologies"][2]
    cid = next(iter(tech["scores"]))
    new, _ = apply_fields(doc, rubric, tech["id"], cid, {"choice": 1, "rationale": "Changed.", "confidence": "low"})
    assert doc == before
    assert new["technologies"][2]["scores"][cid]["rationale"] == "Changed."
    assert new["technologies"][2]["scores"][cid]["level"] == 1
    assert new["technologies"][3] is doc["technologies"][3]  # untouched parts are shared, not copied


def _one_dump(doc):
    import yaml

    from dashboard.core.authoring.document import _PlainDumper

    return yaml.dump(doc, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=110)


@pytest.mark.parametrize(
    "data_path",
    [DEFAULT_DATA, FIXTURES / "owasp_example.yaml"],
    ids=["bundled", "owasp"],
)
def test_a_set_written_a_technology_at_a_time_reads_as_one_dump_of_it(data_path):
    doc = A.parse(Path(data_path).read_text(encoding="utf-8"))
    first = A.dump(doc)
    assert first == _one_dump(doc)
    # Changed in place after being written: the kept text of the old content must not come back.
    doc["technologies"][0]["name"] = "Renamed in place"
    doc["technologies"][0].setdefault("scores", {})
    second = A.dump(doc)
    assert second == _one_dump(doc)
    assert "Renamed in place" in second


@pytest.mark.parametrize(
    "doc",
    [
        {"meta": {"title": "x"}, "technologies": []},
        {"technologies": [{"id": "a"}], "sources": [{"id": "s"}]},
        {
            "technologies": [
                {"id": "a", "when": __import__("datetime").date(2026, 1, 2)},
                {"id": "b", "when": "2026-01-02"},
            ]
        },
        {"meta": {}, "technologies": [{"id": "a", "n": 2}, {"id": "b", "n": 2.0}, {"id": "c", "n": True}]},
    ],
    ids=["no technologies", "technologies not last", "a date and a string alike", "numbers and booleans alike"],
)
def test_the_written_text_of_awkward_documents_is_one_dump_of_them(doc):
    shared = {"id": "shared"}
    doc = dict(doc, extra=[shared, shared]) if doc.get("technologies") == [] else doc
    assert A.dump(doc) == _one_dump(doc)
    assert "&id" not in A.dump(doc)  # no anchors: the reader refuses aliases


def _with_gaps(doc):
    """The bundled set with findings of several kinds on its fourth technology."""
    tech = doc["technologies"][3]
    first, second, third = list(tech["scores"])[:3]
    tech["scores"][first].pop("rationale", None)
    tech["scores"][second]["evidence"] = []
    tech["scores"][second]["confidence"] = "high"
    tech["scores"].pop(third)
    return doc


@pytest.mark.parametrize("gaps", [False, True], ids=["as bundled", "with gaps"])
def test_one_technologys_progress_is_its_part_of_the_whole_sets(gaps):
    rubric = load_rubric(DEFAULT_RUBRIC)
    doc = A.parse(Path(DEFAULT_DATA).read_text(encoding="utf-8"))
    data = A.validated(_with_gaps(doc) if gaps else doc, rubric)
    whole = A.progress(data, rubric)
    assert [A.technology_progress(data, rubric, t.id) for t in data.technologies] == whole
    if gaps:
        assert len(whole[3].findings) >= 3


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["technologies"][0]["scores"]["breadth"].__setitem__("confidence", "sure"),
            "Facial recognition in public spaces › Breadth of collection › confidence: ",
        ),
        (lambda d: d["sources"][1].__setitem__("url", "ftp://x"), " › address: 'ftp://x' is not a web address"),
    ],
    ids=["a score's confidence", "a source's address"],
)
def test_a_problem_in_a_form_is_placed_by_names_and_names_no_command(change, expected):
    from dashboard.views.problem_words import in_words

    rubric = load_rubric(DEFAULT_RUBRIC)
    doc = A.parse(Path(DEFAULT_DATA).read_text(encoding="utf-8"))
    change(doc)
    with pytest.raises(InputError) as caught:
        A.validated(doc, rubric)
    words = [in_words(p, doc, rubric) for p in caught.value.problems]
    assert any(expected in w for w in words), words
    assert not any("python -m" in w or "draft:" in w or "technologies[" in w or "sources[" in w for w in words)
    assert any("python -m dashboard schema" in p.format() for p in caught.value.problems)  # the command line keeps it


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("technologies[3].scores.breadth.confidence", "Breadth of collection › confidence"),
        ("technologies[0].scores.breadth", "Breadth of collection"),
        ("technologies[0].scores.breadth.evidence[1].quote", "Breadth of collection › evidence › item 2 › quote"),
        ("technologies[2].excerpts[0].quote", "excerpts › item 1 › quote"),
    ],
)
def test_an_audit_finding_is_placed_within_its_technology_by_names(path, expected):
    from dashboard.views.problem_words import place_in_technology

    assert place_in_technology(path, load_rubric(DEFAULT_RUBRIC)) == expected


def test_a_safeguard_finding_is_placed_by_the_safeguards_name():
    from dashboard.views.problem_words import place_in_technology

    rubric = load_rubric(DEFAULT_RUBRIC)
    guard = rubric.safeguards[0]
    assert place_in_technology(f"technologies[1].safeguards.{guard.id}.note", rubric) == f"{guard.name} › note"
