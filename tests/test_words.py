"""The words catalogue: every code the source names is in it, every entry is used, each call passes exactly the
entry's parameters, and a second language with the same codes would load (one with different codes would not)."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from dashboard.words import HERE, LANGUAGE, WordsError, catalogue, fields, read_catalogue, say, table

ROOT = Path(__file__).resolve().parent.parent / "dashboard"
EN = catalogue()


def _calls() -> list[tuple[str, str, ast.Call]]:
    """Every call of `say` or `table` imported from dashboard.words: (file:line, function, call)."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            alias.asname or alias.name: alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "dashboard.words"
            for alias in node.names
            if alias.name in ("say", "table")
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
                found.append((f"{path.relative_to(ROOT.parent)}:{node.lineno}", names[node.func.id], node))
    return found


CALLS = _calls()


def _code(call: ast.Call) -> str | None:
    first = call.args[0] if call.args else None
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def test_the_source_names_entries_by_literal_codes():
    assert len(CALLS) > 100  # the scan finds the calls
    assert [where for where, _, call in CALLS if _code(call) is None] == [], "write the code as a literal string"


def test_every_code_in_the_source_is_in_the_catalogue():
    missing = [(where, _code(call)) for where, fn, call in CALLS if fn == "say" and _code(call) not in EN.entries]
    missing += [
        (where, _code(call))
        for where, fn, call in CALLS
        if fn == "table" and not any(code.startswith(f"{_code(call)}.") for code in EN.entries)
    ]
    assert missing == []


def test_every_catalogue_entry_is_used():
    said = {_code(call) for _, fn, call in CALLS if fn == "say"}
    tables = {f"{_code(call)}." for _, fn, call in CALLS if fn == "table"}
    unused = [code for code in EN.entries if code not in said and not any(code.startswith(t) for t in tables)]
    assert unused == []


def test_each_call_passes_exactly_the_parameters_its_entry_uses():
    wrong = []
    for where, fn, call in CALLS:
        code = _code(call)
        if fn != "say" or code not in EN.entries:
            continue
        assert all(k.arg is not None for k in call.keywords), f"{where}: pass parameters by name, not **mapping"
        given = {k.arg for k in call.keywords}
        if given != EN.params[code]:
            wrong.append((where, code, sorted(given), sorted(EN.params[code])))
    assert wrong == []


@pytest.mark.parametrize(
    "code,params,error",
    [
        ("no.such_entry", {}, "no entry 'no.such_entry'"),
        ("yaml.too_big", {"size": 1}, "missing ['limit']"),
        ("yaml.empty", {"size": 1}, "unexpected ['size']"),
    ],
)
def test_a_missing_entry_or_a_wrong_parameter_is_an_error(code, params, error):
    with pytest.raises(WordsError, match=re.escape(error)):
        say(code, **params)


def test_an_entry_fills_its_parameters_with_their_format():
    assert say("yaml.too_big", size=6_000_000, limit=5_242_880) == (
        "the file is 6,000,000 bytes, over the 5,242,880-byte limit"
    )
    assert list(table("scenario")) == ["inherent", "reported", "safeguarded", "custom"]


def test_fields_are_named_and_read_with_their_format_stripped():
    assert fields("{a:,} of {b!r} and {a}, {{literal}}") == {"a", "b"}
    with pytest.raises(WordsError, match="name every field"):
        fields("{} items")


def test_a_second_language_with_the_same_codes_and_fields_loads(tmp_path):
    second = tmp_path / "xx.toml"
    shutil.copy(HERE / f"{LANGUAGE}.toml", second)
    loaded = read_catalogue(second, reference=EN)
    assert loaded.language == "xx" and set(loaded.entries) == set(EN.entries)


def test_a_second_language_missing_an_entry_is_refused(tmp_path):
    second = tmp_path / "xx.toml"
    text = (HERE / f"{LANGUAGE}.toml").read_text(encoding="utf-8")
    second.write_text(text.replace('none = "(none)"\n', ""), encoding="utf-8")
    with pytest.raises(WordsError, match=r"missing \['diff.none'\]"):
        read_catalogue(second, reference=EN)


def test_a_second_language_with_other_fields_in_an_entry_is_refused(tmp_path):
    second = tmp_path / "xx.toml"
    text = (HERE / f"{LANGUAGE}.toml").read_text(encoding="utf-8")
    second.write_text(text.replace("{size:,} bytes", "{bytes:,} bytes"), encoding="utf-8")
    with pytest.raises(WordsError, match=r"fields differ .* \['yaml.too_big'\]"):
        read_catalogue(second, reference=EN)


def test_an_entry_that_is_not_text_is_refused(tmp_path):
    bad = tmp_path / "xx.toml"
    bad.write_text("[diff]\nnone = 3\n", encoding="utf-8")
    with pytest.raises(WordsError, match=re.escape("'diff.none' must be text")):
        read_catalogue(bad)
