"""`python -m dashboard workspace ...` and `score/brief --set`: exit codes, outputs and what is stored."""

from __future__ import annotations

import json

import pytest

from dashboard.cli.main import main
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
from dashboard.workspace.repository import open_workspace


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'ws.db'}"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _import(capsys, url, *extra) -> tuple[int, str, str]:
    return run(capsys, "workspace", "import", str(DEFAULT_DATA), "--workspace", url, "--set", "pk", *extra)


def _changed(tmp_path) -> str:
    path = tmp_path / "changed.yaml"
    path.write_text(DEFAULT_DATA.read_text(encoding="utf-8").replace("level: 4\n", "level: 3\n", 1), encoding="utf-8")
    return str(path)


def test_import_needs_the_rubric_the_first_time_and_stores_nothing_without_it(capsys, url):
    code, _, err = _import(capsys, url)
    assert code == 1 and "no rubric 'civil_liberties'" in err and "--rubric" in err
    code, out, _ = run(capsys, "workspace", "list", "--workspace", url)
    assert code == 0 and "No assessment sets" in out


def test_import_list_history_export(capsys, url, tmp_path):
    code, out, _ = _import(capsys, url, "--rubric", str(DEFAULT_RUBRIC), "--message", "first", "--author", "Ann")
    assert code == 0 and "version 1 of 'pk'" in out
    code, out, _ = run(capsys, "workspace", "list", "--workspace", url)
    assert code == 0 and "pk" in out and "Ann" in out
    code, out, _ = run(capsys, "workspace", "history", "pk", "--workspace", url, "--format", "json")
    history = json.loads(out)
    assert [(v["number"], v["author"], v["message"], v["author_verified"]) for v in history] == [
        (1, "Ann", "first", False)
    ]
    target = tmp_path / "out.yaml"
    code, _, _ = run(capsys, "workspace", "export", "pk", "--workspace", url, "--out", str(target))
    assert code == 0 and target.read_bytes() == DEFAULT_DATA.read_bytes()


def test_import_with_a_stale_base_is_refused_with_exit_1(capsys, url, tmp_path):
    _import(capsys, url, "--rubric", str(DEFAULT_RUBRIC))
    changed = _changed(tmp_path)
    code, out, _ = run(capsys, "workspace", "import", changed, "--workspace", url, "--set", "pk", "--base", "1")
    assert code == 0 and "version 2" in out
    code, _, err = run(capsys, "workspace", "import", changed, "--workspace", url, "--set", "pk", "--base", "1")
    assert code == 1 and "refused" in err and "version 2" in err and "--base 2" in err
    _, out, _ = run(capsys, "workspace", "history", "pk", "--workspace", url, "--format", "json")
    assert len(json.loads(out)) == 2


def test_an_invalid_file_is_exit_1_with_every_problem_and_nothing_stored(capsys, url, tmp_path):
    _import(capsys, url, "--rubric", str(DEFAULT_RUBRIC))
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEFAULT_DATA.read_text(encoding="utf-8").replace("level: 4\n", "level: 9\n", 1), encoding="utf-8")
    code, _, err = run(capsys, "workspace", "import", str(bad), "--workspace", url, "--set", "pk")
    assert code == 1 and "bad.yaml" in err and "outside the scale" in err and "nothing was stored" in err
    _, out, _ = run(capsys, "workspace", "history", "pk", "--workspace", url, "--format", "json")
    assert len(json.loads(out)) == 1


def test_diff_json_has_the_documented_keys(capsys, url, tmp_path):
    _import(capsys, url, "--rubric", str(DEFAULT_RUBRIC))
    run(capsys, "workspace", "import", _changed(tmp_path), "--workspace", url, "--set", "pk", "--message", "m")
    code, out, _ = run(capsys, "workspace", "diff", "pk", "1", "2", "--workspace", url, "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert {"technologies_added", "technologies_removed", "changes", "scores"} <= set(doc)
    change = doc["changes"][0]
    assert {"technology", "criterion", "field", "before", "after"} <= set(change)
    assert (change["field"], change["before"], change["after"]) == ("level", 4, 3)
    first = doc["scores"][0]
    assert set(first["score"]) == {"before", "after"} and set(first["tier"]) == {"before", "after"}
    assert set(first["rank"]) == {"before", "after"}


def test_export_all_writes_every_version_of_every_set(capsys, url, tmp_path):
    _import(capsys, url, "--rubric", str(DEFAULT_RUBRIC))
    run(capsys, "workspace", "import", _changed(tmp_path), "--workspace", url, "--set", "pk")
    code, _, _ = run(capsys, "workspace", "export-all", str(tmp_path / "backup"), "--workspace", url)
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "backup" / "pk").iterdir()) == [
        "history.json",
        "v0001.yaml",
        "v0002.yaml",
    ]
    assert len(list((tmp_path / "backup" / "rubrics").iterdir())) == 1


def test_score_and_brief_read_a_set_and_name_its_version(capsys, url, tmp_path):
    _import(capsys, url, "--rubric", str(DEFAULT_RUBRIC))
    code, out, _ = run(capsys, "score", "--workspace", url, "--set", "pk", "--format", "json")
    assert code == 0 and json.loads(out)["source"] == {"set": "pk", "version": 1, "draft": False}
    code, out, _ = run(capsys, "score", "--workspace", url, "--set", "pk", "--format", "csv")
    assert out.rstrip().endswith("# From workspace set 'pk', version 1.")
    pdf = tmp_path / "b.pdf"
    code, _, _ = run(capsys, "brief", "--workspace", url, "--set", "pk", "--out", str(pdf), "--date", "2026-11-26")
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    assert code == 0 and "version 1" in reader.metadata.subject
    import hashlib

    recorded = open_workspace(url).briefings("pk")
    assert [(b.version_number, b.pdf_sha256) for b in recorded] == [(1, hashlib.sha256(pdf.read_bytes()).hexdigest())]
    assert "workspace set 'pk', version 1" in " ".join(reader.pages[0].extract_text().split())


def test_an_unknown_set_is_exit_1_naming_it(capsys, url):
    code, _, err = run(capsys, "score", "--workspace", url, "--set", "nope")
    assert code == 1 and "'nope'" in err


def test_the_cli_and_the_store_read_the_one_declared_environment_variable(capsys, monkeypatch, tmp_path):
    from dashboard.settings import WORKSPACE_ENV

    monkeypatch.setenv(WORKSPACE_ENV, f"sqlite:///{tmp_path / 'from_env.db'}")
    code, _, _ = run(capsys, "workspace", "import", str(DEFAULT_DATA), "--rubric", str(DEFAULT_RUBRIC), "--set", "pk")
    assert code == 0 and (tmp_path / "from_env.db").exists()


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.slow  # builds two briefings
def test_brief_changes_adds_what_changed_since_the_last_briefing_of_the_set(capsys, url, tmp_path):
    _import(capsys, url, "--rubric", str(DEFAULT_RUBRIC), "--message", "first", "--author", "Ann")
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    common = ("--workspace", url, "--set", "pk", "--date", "2026-11-26")
    code, out, _ = run(capsys, "brief", *common, "--out", str(first), "--changes")
    assert code == 0 and "No briefing was issued from 'pk' before" in out
    code, _, _ = run(
        capsys, "workspace", "import", _changed(tmp_path), "--workspace", url, "--set", "pk", "--base", "1",
        "--message", "re-scored after the hearing", "--author", "Bea",
    )  # fmt: skip
    assert code == 0
    code, out, _ = run(capsys, "brief", *common, "--out", str(second), "--changes")
    assert code == 0 and "Recorded the briefing" in out
    text = " ".join(_pdf_text(second).split())
    assert "Changes since the last briefing" in text and "re-scored after the hearing" in text
    assert "Changes since the last briefing" not in " ".join(_pdf_text(first).split())
    recorded = open_workspace(url).briefings("pk")
    assert [(r.version_number, r.options["changes_section"]) for r in recorded] == [(2, True), (1, False)]


def test_brief_changes_without_a_set_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "brief", "--out", str(tmp_path / "x.pdf"), "--changes")
    assert code == 2 and "--changes needs --set" in err
