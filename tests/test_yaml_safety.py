"""Hostile or broken files give one clear, located problem: never a traceback, never a hang."""

import pytest

from dashboard.cli.main import main
from dashboard.core.problems import InputError
from dashboard.core.yaml_io import parse_yaml_bytes
from dashboard.settings import MAX_BYTES

BOMB = b"""a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
"""


@pytest.mark.parametrize(
    "raw,message,line",
    [
        (b"id: x\n  bad: [\n", "YAML error", 2),
        (b"- a\n- b\n", "not a mapping", 1),
        (b"just text\n", "not a mapping", 1),
        (b"x: !!python/object/apply:os.system ['echo hi']\n", "YAML error", 1),
        (BOMB, "expands to more than", None),
        (b"", "empty", None),
        (b"# only a comment\n\n", "empty", None),
        (b"id: caf\xe9\n", "not valid UTF-8", 1),
        (b"id: a\nid: b\n", "duplicate key 'id'", 2),
        (b"a: 1\n---\nb: 2\n", "YAML error", None),
        (b"a: " + b"[" * 200 + b"]" * 200 + b"\n", "nested too deeply", None),
        (b"a: &x [*x]\n", "nested too deeply", 1),
    ],
    ids=[
        "syntax",
        "list",
        "scalar",
        "python-tag",
        "alias-bomb",
        "empty",
        "comments-only",
        "non-utf8",
        "duplicate-key",
        "two-documents",
        "deep-nesting",
        "recursive-alias",
    ],
)
def test_hostile_input_is_one_located_problem(raw, message, line):
    with pytest.raises(InputError) as info:
        parse_yaml_bytes(raw, "bad.yaml")
    problem = info.value.problems[0]
    assert message in problem.message
    assert problem.file == "bad.yaml"
    assert problem.hint
    if line is not None:
        assert problem.line == line


def test_oversized_input_is_refused_before_parsing():
    with pytest.raises(InputError) as info:
        parse_yaml_bytes(b"a: 1\n" * (MAX_BYTES // 4), "big.yaml")
    assert "over the" in info.value.problems[0].message


def test_bom_is_accepted():
    assert parse_yaml_bytes(b"\xef\xbb\xbfid: x\n", "bom.yaml").data == {"id": "x"}


@pytest.mark.parametrize("raw", [b"- a\n", b"x: !!python/object:os.system {}\n", BOMB, b"\xff\xfe"])
def test_cli_reports_hostile_file_with_exit_1_and_no_traceback(tmp_path, capsys, raw):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(raw)
    assert main(["validate", "--data", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert str(bad) in err


def test_cli_missing_file_is_exit_1(tmp_path, capsys):
    assert main(["validate", "--rubric", str(tmp_path / "nope.yaml")]) == 1
    assert "cannot read the file" in capsys.readouterr().err
