"""Safe names and private files (issue 23): set, rubric and source ids are checked as ids wherever they enter (files,
uploads, addresses, `--set` on the command line), every file a backup writes stays inside its folder, and what the
server and the command line write is readable by its owner only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from dashboard.cli.main import main
from dashboard.core.loading import load_rubric
from dashboard.core.names import file_part, inside, is_id
from dashboard.core.problems import InputError
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
from dashboard.workspace import service
from dashboard.workspace.repository import open_workspace
from dashboard.workspace.session import choose

SET = DEFAULT_DATA.stem


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("civil_liberties", True),
        ("Set-2", True),
        ("a" * 100, True),
        ("a" * 101, False),
        ("../X", False),
        ("/tmp/x/ESCAPED", False),
        (".hidden", False),
        ("_x", False),
        ("a b", False),
        ("a.b", False),
        ("", False),
        ("é", False),
        ("a\nb", False),
    ],
)
def test_what_an_id_is(text, ok):
    assert is_id(text) is ok


@pytest.mark.parametrize("name", ["../a.yaml", "/tmp/a.yaml", "rubrics/../../a.yaml", ".", "rubrics/.."])
def test_a_path_outside_the_folder_is_refused(tmp_path, name):
    with pytest.raises(ValueError, match="outside"):
        inside(tmp_path / "backup", name)


def test_a_path_inside_the_folder_is_kept(tmp_path):
    assert inside(tmp_path, "rubrics/a.yaml") == (tmp_path / "rubrics" / "a.yaml").resolve()


@pytest.mark.parametrize(("part", "expected"), [("1.1.0", "1.1.0"), ("civil", "civil"), ("../x", "v"), ("/x", "v")])
def test_a_file_name_part_is_an_id_or_a_fallback(part, expected):
    assert file_part(part, "v") == expected


def _rubric_with_id(rubric_id: str) -> bytes:
    text_ = DEFAULT_RUBRIC.read_text(encoding="utf-8").replace("id: civil_liberties", f"id: '{rubric_id}'", 1)
    return text_.encode("utf-8")


@pytest.mark.parametrize("bad", ["/tmp/x/ESCAPED", "../up", "a b"])
def test_a_rubric_whose_id_is_not_an_id_is_a_located_error(bad):
    with pytest.raises(InputError) as caught:
        load_rubric(_rubric_with_id(bad), "evil.yaml")
    problem = caught.value.problems[0]
    assert problem.file == "evil.yaml" and problem.path == "id"
    assert "is not an id" in problem.message and repr(bad) in problem.message


def test_an_uploaded_rubric_with_a_path_for_an_id_is_not_stored():
    ws = open_workspace()
    service.seed(ws)
    before = ws.rubrics()
    with pytest.raises(InputError):
        service.add_rubric(ws, _rubric_with_id("/tmp/x/ESCAPED"), "evil.yaml")
    assert ws.rubrics() == before


def test_a_source_whose_id_is_not_an_id_is_a_located_error(tmp_path):
    from dashboard.core.loading import load_assessments

    rubric = load_rubric(DEFAULT_RUBRIC.read_bytes(), DEFAULT_RUBRIC.name)
    data = DEFAULT_DATA.read_text(encoding="utf-8").replace("- id: article\n", "- id: ../article\n", 1)
    with pytest.raises(InputError) as caught:
        load_assessments(data.encode("utf-8"), rubric, "data.yaml")
    assert any(p.path == "sources[0].id" and "source id" in p.message for p in caught.value.problems)


@pytest.mark.parametrize("set_id", ["../X", "/abs/X", "a/b", ".."])
def test_import_with_a_set_that_is_a_path_is_refused_and_stores_nothing(capsys, set_id):
    ws = open_workspace()
    service.seed(ws)
    code = main(["workspace", "import", str(DEFAULT_DATA), "--set", set_id])
    err = capsys.readouterr().err
    assert code == 1
    assert "set id" in err and "is not an id" in err and "Traceback" not in err
    assert [s.id for s in ws.sets()] == [SET]


def test_a_save_under_an_id_that_is_a_path_is_refused_in_the_workspace():
    from dashboard.workspace.records import WorkspaceError

    ws = open_workspace()
    service.seed(ws)
    latest = ws.latest(SET)
    with pytest.raises(WorkspaceError, match="is not an id"):
        ws.save("../X", ws.version(SET).content, latest.rubric_pk, base=None, author="a", message="m")


def test_export_all_writes_every_file_inside_its_folder_even_for_ids_stored_before_the_check(tmp_path):
    """A workspace written before ids were checked may hold a rubric id or a set id that is a path."""
    ws = open_workspace()
    service.seed(ws)
    escaped = tmp_path / "x"
    with ws.engine.begin() as c:
        c.execute(text("UPDATE rubrics SET rubric_id = :rid"), {"rid": f"{escaped}/ESCAPED"})
        c.execute(text("UPDATE rubrics SET version = '../../up'"))
    info = ws.latest(SET)
    with ws.engine.begin() as c:  # a set id that is a path, as an old workspace may hold
        c.execute(
            text(
                "INSERT INTO assessment_sets (id, title, created_at, created_by) "
                "SELECT '../../out', title, created_at, created_by FROM assessment_sets WHERE id = :s"
            ),
            {"s": SET},
        )
        c.execute(
            text(
                "INSERT INTO versions (set_id, number, parent, rubric_pk, content, sha256, author, "
                "author_verified, message, created_at, row_sha256) SELECT '../../out', number, parent, rubric_pk, "
                "content, sha256, author, author_verified, message, created_at, row_sha256 FROM versions "
                "WHERE set_id = :s"
            ),
            {"s": SET},
        )
    assert info.number == 1
    target = tmp_path / "backup" / "inner"
    assert main(["workspace", "export-all", str(target)]) == 0
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".yaml", ".json")]
    assert written and all(p.resolve().is_relative_to(target.resolve()) for p in written), written
    assert not escaped.exists()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_backup_is_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.setattr("os.umask", lambda _m: 0o022)  # whatever the umask: the modes are set explicitly
    ws = open_workspace()
    service.seed(ws)
    target = tmp_path / "backup"
    assert main(["workspace", "export-all", str(target)]) == 0
    folders = [target, *(p for p in target.rglob("*") if p.is_dir())]
    files = [p for p in target.rglob("*") if p.is_file()]
    assert files and {_mode(p) for p in files} == {0o600}
    assert {_mode(p) for p in folders} == {0o700}


def test_a_new_sqlite_workspace_and_its_folder_are_private(tmp_path):
    db = tmp_path / "new" / "deeper" / "workspace.db"
    service.seed(open_workspace(f"sqlite:///{db}"))
    assert _mode(db) == 0o600
    assert _mode(db.parent) == 0o700 and _mode(db.parent.parent) == 0o700
    for companion in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        if companion.exists():
            assert _mode(companion) == 0o600, companion


def test_an_exported_version_is_private(tmp_path):
    service.seed(open_workspace())
    out = tmp_path / "v1.yaml"
    assert main(["workspace", "export", SET, "--out", str(out)]) == 0
    assert _mode(out) == 0o600


def test_an_address_naming_a_set_that_is_not_an_id_is_not_echoed():
    ws = open_workspace()
    service.seed(ws)
    choice = choose(ws, {"set": "x Sign in at https://evil.example/login"})
    assert choice.set_id == SET
    assert "evil" not in choice.notice and "not in the workspace" in choice.notice
    assert "'nope'" in choose(ws, {"set": "nope"}).notice


@pytest.mark.parametrize(
    ("v", "echoed"),
    [
        ("9" * 5000, False),
        ("1e308", False),
        ("-1", False),
        ("Sign in at https://evil.example", False),
        ("99999999999", True),
        ("7", True),
    ],
)
def test_an_address_version_out_of_range_opens_the_latest_and_is_echoed_only_as_a_number(v, echoed):
    ws = open_workspace()
    service.seed(ws)
    choice = choose(ws, {"set": SET, "v": v})
    assert choice.number == 1
    assert (f"version {v} of" in choice.notice) is echoed
    assert "evil" not in choice.notice and len(choice.notice) < 400
