"""One test per kind of validation problem: each is reported with its place, its message and a hint."""

import pytest

from builders import data_dict, rubric_dict, tech, write_yaml
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.models import Rubric
from dashboard.core.problems import InputError


def rubric_problems(tmp_path, payload):
    with pytest.raises(InputError) as info:
        load_rubric(write_yaml(tmp_path / "rubric.yaml", payload))
    return info.value.problems


def data_problems(tmp_path, payload, rubric=None):
    r = Rubric.model_validate(rubric or rubric_dict())
    with pytest.raises(InputError) as info:
        load_assessments(write_yaml(tmp_path / "data.yaml", payload), r)
    return info.value.problems


def only(problems, path):
    found = [p for p in problems if p.path == path]
    assert found, f"no problem at {path}; got {[p.format() for p in problems]}"
    return found[0]


def edit(base, fn):
    fn(base)
    return base


@pytest.mark.parametrize(
    "mutate,path,message,hint",
    [
        (
            lambda r: r["criteria"].append(dict(r["criteria"][0])),
            "criteria[2].id",
            "duplicate criterion id 'a'",
            "unique",
        ),
        (lambda r: r["criteria"][0].update(weight=-1), "criteria[0].weight", "negative", "0"),
        (
            lambda r: [c.update(weight=0) for c in r["criteria"]],
            "criteria",
            "all criterion weights are zero",
            "positive",
        ),
        (lambda r: r["tiers"]["levels"][2].update(min=40), "tiers.levels[2].min", "tiers out of order", "rising"),
        (lambda r: r["criteria"][0].update(group="g9"), "criteria[0].group", "unknown group 'g9'", "g1"),
        (lambda r: r["criteria"][1].update(rights=["r3"]), "criteria[1].rights[0]", "unknown right 'r3'", "r1"),
        (lambda r: r["red_lines"][0].update(tier="severe"), "red_lines[0].tier", "unknown tier 'severe'", "use one"),
        (
            lambda r: r["safeguards"][0]["effects"][0].update(criterion="bb"),
            "safeguards[0].effects[0].criterion",
            "unknown criterion 'bb'",
            "did you mean 'b'",
        ),
        (lambda r: r["profiles"][0]["weights"].update(zz=1), "profiles[0].weights.zz", "unknown criterion 'zz'", ""),
        (lambda r: r["criteria"][0].update(descriptors={7: "x"}), "criteria[0].descriptors.7", "not on the scale", ""),
        (lambda r: r["tiers"]["levels"][0].update(colour="red"), "tiers.levels[0].colour", "pattern", ""),
        (
            lambda r: r["criteria"][0].update(wieght=2),
            "criteria[0].wieght",
            "unknown key 'wieght'",
            "did you mean 'weight'",
        ),
        (lambda r: r.pop("methodology"), "methodology", "'methodology' is missing", "add 'methodology:'"),
        (lambda r: r["tiers"]["levels"][0].update(min=5), "tiers.levels[0].min", "does not start at 0", ""),
        (
            lambda r: r.update(
                aggregation={
                    "axes": [
                        {"id": "x", "name": "X", "criteria": ["a"], "bands": [{"id": "l", "label": "L", "min": 0}]}
                    ]
                }
            ),
            "aggregation.axes",
            "exactly 2",
            "",
        ),
    ],
    ids=[
        "duplicate-id",
        "negative-weight",
        "zero-weights",
        "tiers-order",
        "unknown-group",
        "unknown-right",
        "red-line-tier",
        "safeguard-criterion",
        "profile-criterion",
        "descriptor-level",
        "colour",
        "typo-key",
        "missing-key",
        "tier-start",
        "one-axis",
    ],
)
def test_rubric_problem(tmp_path, mutate, path, message, hint):
    problem = only(rubric_problems(tmp_path, edit(rubric_dict(), mutate)), path)
    assert message in problem.message
    assert hint in problem.hint
    if "." in path or "[" in path:  # a missing top-level key has no line of its own
        assert problem.line is not None


def test_matrix_must_cover_every_band_pair(tmp_path):
    bands = [{"id": "lo", "label": "Lo", "min": 0}, {"id": "hi", "label": "Hi", "min": 50}]
    r = rubric_dict(
        aggregation={
            "axes": [
                {"id": "x", "name": "X", "criteria": ["a"], "bands": bands},
                {"id": "y", "name": "Y", "criteria": ["b"], "bands": bands},
            ],
            "matrix": {"lo": {"lo": "low", "hi": "high"}, "hi": {"lo": "high"}},
        }
    )
    problem = only(rubric_problems(tmp_path, r), "aggregation.matrix.hi")
    assert "no tier for Y band 'hi'" in problem.message


@pytest.mark.parametrize(
    "mutate,path,message,hint",
    [
        (
            lambda d: d["technologies"][0]["scores"].update(c={"level": 1}),
            "technologies[0].scores.c",
            "unknown criterion 'c'",
            "use one of",
        ),
        (
            lambda d: d["technologies"][0]["scores"]["a"].update(level=7),
            "technologies[0].scores.a.level",
            "outside the scale",
            "0 to 4",
        ),
        (
            lambda d: d["technologies"][0]["scores"]["a"].update(level=[3, 1]),
            "technologies[0].scores.a.level",
            "low above high",
            "",
        ),
        (
            lambda d: d["technologies"][0]["scores"]["a"].update(level="high"),
            "technologies[0].scores.a.level",
            "a level must be a number",
            "",
        ),
        (
            lambda d: d["technologies"][0]["scores"]["a"].update(level="n/a", reason=""),
            "technologies[0].scores.a.reason",
            "'n/a' needs a reason",
            "",
        ),
        (
            lambda d: d["technologies"][0]["scores"]["a"]["evidence"].append({"source": "srcc"}),
            "technologies[0].scores.a.evidence[1].source",
            "not in the source register",
            "did you mean 'src'",
        ),
        (lambda d: d["meta"]["rubric"].update(version="2"), "meta.rubric.version", "version 2", "update"),
        (lambda d: d["meta"]["rubric"].update(id="other"), "meta.rubric.id", "'other'", "load the rubric"),
        (
            lambda d: d["technologies"].append(dict(d["technologies"][0])),
            "technologies[1].id",
            "duplicate technology id 't1'",
            "",
        ),
        (
            lambda d: d["technologies"][0]["safeguards"].update(s9={"status": "absent"}),
            "technologies[0].safeguards.s9",
            "unknown safeguard 's9'",
            "",
        ),
        (
            lambda d: d["technologies"][0]["scores"]["a"].update(confidence="sure"),
            "technologies[0].scores.a.confidence",
            "low",
            "",
        ),
        (
            lambda d: d["technologies"][0]["scores"]["a"].update(rationle="x"),
            "technologies[0].scores.a.rationle",
            "unknown key 'rationle'",
            "did you mean 'rationale'",
        ),
    ],
    ids=[
        "unknown-criterion",
        "off-scale",
        "range-order",
        "bad-level",
        "na-reason",
        "unregistered-source",
        "rubric-version",
        "rubric-id",
        "duplicate-tech",
        "unknown-safeguard",
        "bad-confidence",
        "typo-key",
    ],
)
def test_assessment_problem(tmp_path, mutate, path, message, hint):
    problem = only(data_problems(tmp_path, edit(data_dict([tech("t1", a=2, b=2)]), mutate)), path)
    assert message in problem.message
    assert hint in problem.hint
    assert problem.line is not None


@pytest.mark.parametrize("value", ["2026-02-30", "30/11/2026", "2026", "20261130", "soon"])
def test_a_check_date_that_is_not_a_calendar_day_is_located(tmp_path, value):
    d = data_dict([tech("t1", a=2, b=2)])
    d["sources"][0]["checked"] = value
    problem = only(data_problems(tmp_path, d), "sources[0].checked")
    assert "YYYY-MM-DD" in problem.message and value in problem.message and problem.line is not None


def test_a_check_date_written_as_yaml_date_is_kept_as_its_text(tmp_path):
    path = tmp_path / "data.yaml"
    write_yaml(path, data_dict([tech("t1", a=2, b=2)]))
    text = path.read_text(encoding="utf-8").replace("  reliability: B", "  reliability: B\n  checked: 2026-11-30", 1)
    assert "checked: 2026-11-30" in text  # unquoted: YAML reads it as a date
    path.write_text(text, encoding="utf-8")
    data = load_assessments(str(path), Rubric.model_validate(rubric_dict()))
    assert (data.sources[0].checked, data.sources[0].check_finding) == ("2026-11-30", "")


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    d = data_dict([tech("t1", a=9, b=2), tech("t2", a=1, b=-1)])
    d["technologies"][1]["scores"]["zz"] = {"level": 1}
    problems = data_problems(tmp_path, d)
    paths = {p.path for p in problems}
    assert {"technologies[0].scores.a.level", "technologies[1].scores.b.level", "technologies[1].scores.zz"} <= paths


def test_problem_names_file_line_path_and_hint(tmp_path):
    d = data_dict([tech("t1", a=2, b=9)])
    problem = only(data_problems(tmp_path, d), "technologies[0].scores.b.level")
    text = problem.format()
    assert text.startswith(str(tmp_path / "data.yaml") + ":")
    assert "technologies[0].scores.b.level" in text
    assert "Hint:" in text
    lines = (tmp_path / "data.yaml").read_text().splitlines()
    assert lines[problem.line - 1].strip().startswith("level:")


def with_options(r):
    """Criterion b answered by options, so conditions can name its answers."""
    r["criteria"][1].update(
        options=[{"id": "yes", "label": "Yes", "score": 4}, {"id": "no", "label": "No", "score": 0}]
    )
    return r


def upper_tiers(r):
    r["tiers"] = {
        "bound": "upper",
        "levels": [
            {"id": "low", "label": "Low", "max": 25, "colour": "#2C7BB6"},
            {"id": "high", "label": "High", "max": 75, "colour": "#FDAE61"},
            {"id": "critical", "label": "Critical", "colour": "#D7191C"},
        ],
    }
    return r


@pytest.mark.parametrize(
    "mutate,path,message,hint",
    [
        (
            lambda r: r["criteria"][0].update(applies_if=[{"criterion": "zz", "answers": ["yes"]}]),
            "criteria[0].applies_if[0].criterion",
            "unknown criterion 'zz'",
            "use one of",
        ),
        (
            lambda r: with_options(r)["criteria"][0].update(applies_if=[{"criterion": "b", "answers": ["maybe"]}]),
            "criteria[0].applies_if[0].answers[0]",
            "unknown answer 'maybe'",
            "use one of: yes, no",
        ),
        (
            lambda r: r["criteria"][0].update(applies_if=[{"criterion": "b", "answers": ["yes"]}]),
            "criteria[0].applies_if[0].answers",
            "scored by levels",
            "levels:",
        ),
        (
            lambda r: r["criteria"][0].update(applies_if=[{"criterion": "b", "levels": [9]}]),
            "criteria[0].applies_if[0].levels[0]",
            "outside the scale",
            "on the scale",
        ),
        (
            lambda r: r["criteria"][0].update(applies_if=[{"criterion": "b"}]),
            "criteria[0].applies_if[0]",
            "either 'answers' or 'levels'",
            "levels: [4]",
        ),
        (
            lambda r: r["criteria"][0].update(applies_if=[{"criterion": "a", "levels": [1]}]),
            "criteria[0].applies_if[0].criterion",
            "its own answer",
            "another criterion",
        ),
        (
            lambda r: r.update(aggregation={"mitigation": {"group": "g2", "min_share": 0.5, "reduction_pct": 10}}),
            "aggregation.mitigation.group",
            "has role 'risk'",
            "role: control",
        ),
        (
            lambda r: r.update(aggregation={"mitigation": {"group": "gx", "min_share": 0.5, "reduction_pct": 10}}),
            "aggregation.mitigation.group",
            "unknown group 'gx'",
            "use one of",
        ),
        (
            lambda r: r.update(aggregation={"rounding": {"applies_to": "raw"}}),
            "aggregation.rounding.applies_to",
            "weighted_sum",
            "applies_to: score",
        ),
        (
            lambda r: [g.update(role="context") for g in r["groups"]],
            "groups",
            "no criterion is in a risk group",
            "role 'risk'",
        ),
        (lambda r: upper_tiers(r)["tiers"]["levels"][0].pop("max"), "tiers.levels[0].max", "no 'max'", "upper"),
        (
            lambda r: upper_tiers(r)["tiers"]["levels"][1].update(max=20),
            "tiers.levels[1].max",
            "tiers out of order",
            "rising",
        ),
        (lambda r: upper_tiers(r)["tiers"]["levels"][0].update(min=0), "tiers.levels[0].min", "give 'max'", "max"),
        (lambda r: r["tiers"]["levels"][1].update(max=60), "tiers.levels[1].max", "bound: upper", "min"),
        (
            lambda r: r.update(aggregation={"rounding": {"rule": "nearest"}}),
            "aggregation.rounding.rule",
            "half_up",
            "",
        ),
    ],
    ids=[
        "condition-unknown-criterion",
        "condition-unknown-answer",
        "condition-answers-on-levels",
        "condition-level-off-scale",
        "condition-empty",
        "condition-self",
        "mitigation-group-not-control",
        "mitigation-group-unknown",
        "rounding-raw-needs-sum",
        "no-risk-group",
        "upper-tier-missing-max",
        "upper-tiers-out-of-order",
        "upper-tier-with-min",
        "lower-tier-with-max",
        "rounding-unknown-rule",
    ],
)
def test_method_rule_problem(tmp_path, mutate, path, message, hint):
    problem = only(rubric_problems(tmp_path, edit(rubric_dict(), mutate)), path)
    assert message in problem.message, problem.format()
    assert hint in problem.hint, problem.format()


def test_every_field_of_a_source_is_in_the_format_reference():
    """docs/format.md's assessment format names every key the source register takes (as `key:` or `key`)."""
    from conftest import ROOT
    from dashboard.core.models import Source

    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    section = text[text.index("## The assessment format") :]
    assert [f for f in Source.model_fields if f"{f}:" not in section and f"`{f}`" not in section] == []
