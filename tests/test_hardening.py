"""Hostile and careless input: text shown as typed, finite numbers only, safe addresses, a size limit, a quiet CLI."""

from __future__ import annotations

import html
import math
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builders import data_dict, rubric_dict, tech, write_yaml
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.models import Rubric
from dashboard.core.problems import InputError
from dashboard.core.text import md, md_help, md_link, plot, web_address
from dashboard.settings import MAX_SCORES, MAX_TECHNOLOGIES

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = [
    "**bold** _it_ `code`",
    "[link](javascript:alert(1))",
    "&amp; &lt;b&gt;",
    "<b>x</b> <img src=x onerror=alert(1)>",
    ":red[red] :material/home: :smile:",
    "$x^2$ and $$y$$",
    "# heading",
    "- item",
    "1. one",
    "| a | b |",
    "~~strike~~",
    "a\\b\\\\c",
    "<style>h1{color:#ff00ff !important}</style>Amber",
    "100% %{y} {curly}",
]


def decoded(text: str) -> str:
    """What a reader sees of escaped text: references decoded, the hard line breaks back to newlines."""
    return html.unescape(text.replace("  \n", "\n").replace("<br>", "\n"))


@pytest.mark.parametrize("text", HOSTILE + ["line one\nline two", "    indented"])
def test_markdown_escape_leaves_no_syntax_and_decodes_to_the_text(text):
    escaped = md(text)
    assert decoded(escaped) == text
    # nothing Markdown, HTML or Streamlit would act on is left as a raw character
    body = escaped.replace("  \n", "")
    assert not set(body) & set("\\`*_[]()#<>~:$|!&") - {"&", "#"}
    assert "&" not in body.replace("&#", "")


@pytest.mark.parametrize("text", HOSTILE)
def test_help_text_decodes_to_the_text_and_leaves_no_inline_syntax(text):
    escaped = md_help(text)
    assert decoded(escaped) == text.strip()
    body = escaped.replace("  \n", "")
    assert not set(body) & set("\\`*_[]<>~$|")
    assert "&" not in body.replace("&#", "") and not any(body.startswith(c) for c in "#>-+")


def test_help_text_keeps_ordinary_punctuation_for_screen_readers():
    """The help icon's accessible name is the raw help text: 'data - (days).' must not read as '&#45;' and so on."""
    question = "Does it keep data - and for how long (days)? Who decides: the operator's own staff."
    assert md_help(question) == question


@pytest.mark.parametrize("text", HOSTILE)
def test_plotly_escape_leaves_no_tag_entity_or_template(text):
    escaped = plot(text)
    assert decoded(escaped) == text
    assert "<" not in escaped and ">" not in escaped and "%{" not in escaped and "$" not in escaped


@pytest.mark.parametrize(
    "url,ok",
    [
        ("https://example.org/a?b=1#c", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/x(y)", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("ftp://example.org/file", False),
        ("//example.org/x", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ('https://example.org/"onmouseover', False),
        ("example.org", False),
        ("", False),
    ],
)
def test_only_http_addresses_with_a_host_are_web_addresses(url, ok):
    assert (web_address(url) == url) is ok


def test_a_link_is_made_only_for_a_web_address():
    assert md_link("T", "https://example.org/a(b)") == "[T](<https://example.org/a(b)>)"
    assert md_link("T", "javascript:alert(1)") == "T"


def _problems(fn):
    with pytest.raises(InputError) as info:
        fn()
    return info.value.problems


NAN, INF = math.nan, math.inf


@pytest.mark.parametrize(
    "mutate,path",
    [
        (lambda r: r["criteria"][0].update(weight=NAN), "criteria[0].weight"),
        (lambda r: r["safeguards"][0]["effects"][0].update(reduction=INF), "safeguards[0].effects[0].reduction"),
        (lambda r: r["tiers"]["levels"][1].update(min=NAN), "tiers.levels[1].min"),
        (lambda r: r["profiles"][0]["weights"].update(b=-INF), "profiles[0].weights.b"),
        (
            lambda r: r.update(aggregation={"mitigation": {"min_share": NAN, "reduction_pct": 10}}),
            "aggregation.mitigation.min_share",
        ),
        (
            lambda r: r["criteria"][0].update(options=[{"id": "o", "label": "O", "score": NAN}]),
            "criteria[0].options[0].score",
        ),
    ],
)
def test_non_finite_numbers_in_a_rubric_are_located_errors(tmp_path, mutate, path):
    payload = rubric_dict()
    mutate(payload)
    problems = _problems(lambda: load_rubric(write_yaml(tmp_path / "r.yaml", payload)))
    found = [p for p in problems if p.path == path]
    assert found, [p.format() for p in problems]
    assert "finite" in found[0].message and found[0].line


@pytest.mark.parametrize(
    "level,path",
    [
        (NAN, "technologies[0].scores.a.level"),
        ([1, NAN], "technologies[0].scores.a.level"),
        (INF, "technologies[0].scores.a.level"),
    ],
)
def test_non_finite_levels_are_located_errors_not_unrated(tmp_path, level, path):
    payload = data_dict([tech("t1", a=level, b=2)])
    text = yaml.safe_dump(payload)
    assert ".nan" in text or ".inf" in text  # the YAML spelling a user would write
    problems = _problems(lambda: load_assessments(text.encode(), Rubric.model_validate(rubric_dict()), "d.yaml"))
    assert [p.path for p in problems] == [path]
    assert "finite" in problems[0].message and problems[0].file == "d.yaml" and problems[0].line


@pytest.mark.parametrize("where", ["source", "right", "red_line"])
@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "not a url"])
def test_addresses_must_be_http_or_https(tmp_path, where, url):
    r, d = rubric_dict(), data_dict()
    if where == "source":
        d["sources"][0]["url"] = url
        problems = _problems(lambda: load_assessments(write_yaml(tmp_path / "d.yaml", d), Rubric.model_validate(r)))
        path = "sources[0].url"
    else:
        target = r["rights"][0] if where == "right" else r["red_lines"][0]
        target["url"] = url
        problems = _problems(lambda: load_rubric(write_yaml(tmp_path / "r.yaml", r)))
        path = "rights[0].url" if where == "right" else "red_lines[0].url"
    assert [p.path for p in problems] == [path]
    assert "http" in problems[0].message and problems[0].line


def test_a_set_over_the_technology_limit_is_refused_naming_the_limit():
    payload = data_dict([tech(f"t{i}", a=1, b=1) for i in range(MAX_TECHNOLOGIES + 1)])
    problems = _problems(
        lambda: load_assessments(yaml.safe_dump(payload).encode(), Rubric.model_validate(rubric_dict()), "big.yaml")
    )
    assert len(problems) == 1 and problems[0].path == "technologies" and problems[0].file == "big.yaml"
    assert f"{MAX_TECHNOLOGIES:,}" in problems[0].message and "split" in problems[0].hint


def test_a_set_over_the_score_limit_is_refused_even_with_few_technologies():
    per_tech = MAX_SCORES // 10 + 1  # ten technologies, each with more criteria than the limit allows in all
    r = rubric_dict(
        criteria=[{"id": f"c{i}", "name": f"C{i}", "question": "?", "group": "g1"} for i in range(per_tech)],
        safeguards=[],
        red_lines=[],
        profiles=[],
    )
    payload = data_dict([{"id": f"t{i}", "name": f"T{i}"} for i in range(10)])
    problems = _problems(lambda: load_assessments(yaml.safe_dump(payload).encode(), Rubric.model_validate(r), "d.yaml"))
    assert f"{MAX_SCORES:,}" in problems[0].message and f"{10 * per_tech:,} scores" in problems[0].message


def test_a_set_at_the_limit_loads():
    payload = data_dict([tech(f"t{i}", a=1, b=1) for i in range(MAX_TECHNOLOGIES)])
    data = load_assessments(yaml.safe_dump(payload).encode(), Rubric.model_validate(rubric_dict()), "d.yaml")
    assert len(data.technologies) == MAX_TECHNOLOGIES


def test_a_closed_pipe_ends_the_cli_quietly(tmp_path):
    # `python -m dashboard score --format json | head -c 10`: the output must outgrow the pipe's buffer (64 KiB)
    rubric = write_yaml(tmp_path / "r.yaml", rubric_dict())
    data = write_yaml(tmp_path / "d.yaml", data_dict([tech(f"t{i}", a=1, b=2) for i in range(MAX_TECHNOLOGIES)]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "score", "--format", "json", "--rubric", rubric, "--data", data],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert proc.returncode in (0, 141)
