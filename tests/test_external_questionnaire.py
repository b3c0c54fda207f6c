"""A published government questionnaire, encoded in the rubric format with no special case in code, reproduces
the published arithmetic for every completed assessment in the fixtures.

The Government of Canada's Algorithmic Impact Assessment: tests/external/aia.py converts each questionnaire
version and each of the 38 completed assessments; the expected raw, mitigation and current scores and impact
levels (tests/fixtures/canada_aia/aia_expected_scores.csv) must come out exactly.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from external import aia

from dashboard.cli.main import main
from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.scoring import score

FIXTURES = Path(__file__).parent / "fixtures" / "canada_aia"
EXPECTED = list(csv.DictReader((FIXTURES / "aia_expected_scores.csv").open(encoding="utf-8")))
CATALOGUE = {
    r["package_id"]: r for r in csv.DictReader((FIXTURES / "aia_report_assessments.csv").open(encoding="utf-8"))
}
LEVEL = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def write(path: Path, doc: dict) -> Path:
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rubrics(tmp_path_factory):
    """Each questionnaire version converted, written as YAML and read back through the ordinary loader."""
    folder = tmp_path_factory.mktemp("aia")
    out = {}
    for survey in sorted((FIXTURES / "survey").glob("*/survey-enfr.json")):
        version = survey.parent.name
        doc = aia.rubric(aia.load_json(survey), version)
        path = write(folder / f"rubric-{version}.yaml", doc)
        out[version] = (path, load_rubric(path), doc)
    return out


def converted(row: dict, rubrics, folder: Path):
    saved = aia.load_json(FIXTURES / "surveyfiles" / f"{row['package_id']}.json")
    # Each assessment is scored with the questionnaire version it names.
    assert saved["version"] == row["survey_version"]
    rubric_path, rubric, doc = rubrics[saved["version"]]
    data_path = write(folder / "assessment.yaml", aia.assessment(saved, doc, CATALOGUE[row["package_id"]]))
    return rubric_path, data_path, load_assessments(data_path, rubric), rubric


def test_every_expected_assessment_is_in_the_fixtures():
    assert len(EXPECTED) == 38
    assert {r["package_id"] for r in EXPECTED} == set(CATALOGUE)


@pytest.mark.parametrize("row", EXPECTED, ids=[r["package_id"][:8] for r in EXPECTED])
def test_reproduces_the_published_arithmetic(row, rubrics, tmp_path):
    _, _, data, rubric = converted(row, rubrics, tmp_path)
    result = score(compile_dataset(rubric, data)).table.iloc[0]
    assert result["raw_total"] == int(row["raw_impact_score"])
    assert result["control_points"] == int(row["mitigation_score"])
    assert result["raw"] == int(row["current_score"])
    assert result["tier"] == LEVEL[row["impact_level"]]
    assert result["raw_max"] == int(row["max_raw"])
    assert result["control_max"] == int(row["max_mitigation"])
    assert result["mitigated"] == (row["mitigation_deduction_applied"] == "True")


def test_answers_to_hidden_questions_are_flagged_and_counted(rubrics, tmp_path):
    # b8a34d1b answered three data-source questions that its own earlier answer hides; the tool counts them.
    row = next(r for r in EXPECTED if r["package_id"].startswith("b8a34d1b"))
    _, _, data, rubric = converted(row, rubrics, tmp_path)
    result = score(compile_dataset(rubric, data)).table.iloc[0]
    assert result["inapplicable_answered"] == ["aboutDataSource9", "aboutDataSource10", "aboutDataSource11"]
    assert result["raw_total"] == int(row["raw_impact_score"])


def test_the_json_gives_totals_in_the_methods_own_units(rubrics, tmp_path, capsys):
    row = next(r for r in EXPECTED if r["mitigation_deduction_applied"] == "True")
    rubric_path, data_path, _, _ = converted(row, rubrics, tmp_path)
    assert main(["score", "--rubric", str(rubric_path), "--data", str(data_path), "--format", "json"]) == 0
    units = json.loads(capsys.readouterr().out)["technologies"][0]["method_units"]
    assert units["raw_total"] == int(row["raw_impact_score"])
    assert units["total"] == int(row["current_score"])
    assert units["control_points"] == int(row["mitigation_score"])
    assert units["control_max"] == int(row["max_mitigation"])
    assert units["control_threshold"] == pytest.approx(0.4 * int(row["max_mitigation"]))
    assert units["raw_max"] == int(row["max_raw"]) and units["mitigation_applied"] is True


def test_the_converter_refuses_a_condition_it_cannot_express():
    with pytest.raises(ValueError, match="not supported"):
        aia.conditions('{a} = "x" or {b} = "y"')
    assert aia.conditions('{a} = "x" or {a} = "y"') == [{"criterion": "a", "answers": ["x", "y"]}]
