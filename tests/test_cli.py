"""The command line: exit codes 0 ok, 1 invalid input, 2 usage; outputs in the documented shapes."""

import csv
import io
import json

import pytest

from builders import data_dict, rubric_dict, tech, write_yaml
from dashboard.cli.main import main


@pytest.fixture
def files(tmp_path):
    r = write_yaml(tmp_path / "r.yaml", rubric_dict())
    d = write_yaml(tmp_path / "d.yaml", data_dict([tech("t1", a=4, b=0), tech("t2", a=1, b=3)]))
    return ["--rubric", r, "--data", d]


def test_validate_bundled_files_is_ok(capsys):
    assert main(["validate"]) == 0
    assert "valid" in capsys.readouterr().out


def test_validate_invalid_is_exit_1_with_every_problem(tmp_path, capsys):
    r = write_yaml(tmp_path / "r.yaml", rubric_dict())
    d = write_yaml(tmp_path / "d.yaml", data_dict([tech("t1", a=9, b=7)]))
    assert main(["validate", "--rubric", r, "--data", d]) == 1
    err = capsys.readouterr().err
    assert "2 problems found" in err
    assert "scores.a.level" in err and "scores.b.level" in err


def test_score_json_has_required_keys_in_rank_order(files, capsys):
    assert main(["score", *files, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    techs = doc["technologies"]
    assert [t["id"] for t in techs] == ["t2", "t1"]  # t2: 62.5; t1: 25 (but critical by red line)
    for key in ("id", "name", "score", "score_low", "score_high", "tier", "red_lines", "groups", "criteria"):
        assert key in techs[0]
    assert techs[1]["red_lines"] == ["rl"]
    assert "analytic judgements" in doc["note"]


def test_score_csv_neutralises_formula_cells(tmp_path, capsys):
    t = tech("t1", a=1, b=1)
    t["name"] = '=HYPERLINK("http://x")'
    r = write_yaml(tmp_path / "r.yaml", rubric_dict())
    d = write_yaml(tmp_path / "d.yaml", data_dict([t]))
    assert main(["score", "--rubric", r, "--data", d, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["name"].startswith("'=")


@pytest.mark.parametrize("scenario,profile", [("inherent", None), ("safeguarded", "flat")])
def test_score_table_names_profile_and_scenario(files, capsys, scenario, profile):
    args = ["score", *files, "--scenario", scenario] + (["--profile", profile] if profile else [])
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"scenario: {scenario}" in out and "T1" in out


def test_unknown_profile_is_a_usage_error(files, capsys):
    assert main(["score", *files, "--profile", "nope"]) == 2
    assert "unknown weight profile 'nope'" in capsys.readouterr().err


def test_bad_arguments_exit_2():
    with pytest.raises(SystemExit) as info:
        main(["score", "--format", "xml"])
    assert info.value.code == 2


@pytest.mark.parametrize("kind,title", [("rubric", "Rubric"), ("assessments", "AssessmentSet")])
def test_schema_is_json_schema(capsys, kind, title):
    assert main(["schema", kind]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == title
    assert "properties" in schema and "$defs" in schema


def test_audit_lists_findings_and_exits_1(tmp_path, capsys):
    t = tech("t1", a=2, b=[0, 4])
    t["scores"]["b"]["confidence"] = "high"
    t["scores"]["a"]["rationale"] = ""
    r = write_yaml(tmp_path / "r.yaml", rubric_dict())
    d = write_yaml(tmp_path / "d.yaml", data_dict([t]))
    assert main(["audit", "--rubric", r, "--data", d]) == 1
    err = capsys.readouterr().err
    assert "without a rationale" in err and "wide but confidence is high" in err


@pytest.mark.parametrize("checked,notes", [(None, 1), ("2026-11-30", 0)])
def test_audit_notes_a_source_without_a_check_date_and_still_exits_0(tmp_path, capsys, checked, notes):
    d = data_dict([tech("t1", a=2, b=2)])
    if checked:
        d["sources"][0]["checked"] = checked
    r, path = write_yaml(tmp_path / "r.yaml", rubric_dict()), write_yaml(tmp_path / "d.yaml", d)
    assert main(["audit", "--rubric", r, "--data", path]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Audit clean")
    assert out.count("has no check date") == notes
    assert ("1 note(s), which do not fail the audit" in out) == bool(notes)
    if notes:
        assert "d.yaml:" in out and "at sources[0].id: source 'src' has no check date" in out


def test_audit_with_findings_exits_1_and_lists_its_notes_too(tmp_path, capsys):
    t = tech("t1", a=2, b=2)
    t["scores"]["a"]["rationale"] = ""
    r = write_yaml(tmp_path / "r.yaml", rubric_dict())
    d = write_yaml(tmp_path / "d.yaml", data_dict([t]))
    assert main(["audit", "--rubric", r, "--data", d]) == 1
    out, err = capsys.readouterr()
    assert "without a rationale" in err and "has no check date" not in err
    assert "has no check date" in out and "Audit clean" not in out


def test_brief_of_a_file_imports_no_database_code(tmp_path):
    """Briefing a file never opens a database, so a `brief` process does not pay for importing SQLAlchemy (a
    fifth of a second): the workspace is imported only when --set asks for it."""
    import subprocess
    import sys
    from pathlib import Path

    out = tmp_path / "b.pdf"
    script = (
        "import sys\n"
        "from dashboard.cli.main import main\n"
        f"code = main(['brief', '--out', {str(out)!r}, '--date', '2026-11-26'])\n"
        "print(code, 'sqlalchemy' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.split()[-2:] == ["0", "False"]
    assert out.read_bytes().startswith(b"%PDF")


def test_brief_writes_a_word_document_by_format_or_extension(tmp_path, capsys):
    import zipfile

    import docx

    by_extension = tmp_path / "b.docx"
    assert main(["brief", "--out", str(by_extension), "--date", "2026-11-26", "--tech", "police_drones"]) == 0
    by_flag = tmp_path / "b.bin"
    assert (
        main(["brief", "--out", str(by_flag), "--format", "docx", "--date", "2026-11-26", "--tech", "police_drones"])
        == 0
    )
    assert by_extension.read_bytes() == by_flag.read_bytes()
    assert zipfile.is_zipfile(by_flag)
    headings = [p.text for p in docx.Document(str(by_flag)).paragraphs if p.style.name == "Heading 1"]
    assert any("Executive summary" in h for h in headings)
    assert "Wrote" in capsys.readouterr().out
