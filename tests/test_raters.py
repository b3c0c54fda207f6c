"""Several raters (core/raters.py): what counts toward alpha, and which disagreements change a tier or a red line."""

from __future__ import annotations

import pytest
import yaml

from builders import data_dict, rubric_dict, tech
from dashboard.core.models import AssessmentSet, Rubric, ScoreEntry
from dashboard.core.problems import InputError
from dashboard.core.raters import agreement, consequences, read_ratings, shown, value_of
from dashboard.views.raters import consequence_text

RUBRIC = Rubric.model_validate(rubric_dict())  # a (weight 1), b (weight 3), 0-4; low 0, high 50, critical 80; a>=4 red
DATA = AssessmentSet.model_validate(
    data_dict([tech("t1", a=1, b=1), tech("t2", a=2, b=2), tech("t3", a=3, b=3), tech("t4", a=0, b=0)])
)
TECHS, CRITS = ["t1", "t2", "t3", "t4"], ["a", "b"]


def entries(**by_tech: tuple) -> dict[str, dict[str, ScoreEntry]]:
    return {t: {c: ScoreEntry(level=v) for c, v in zip(CRITS, levels, strict=True)} for t, levels in by_tech.items()}


# Rater x and rater y: t1 low (25) for x, high (62.5) for y, driven by b; t2 high for both (50 and 56.25), a differs;
# t3 crosses the red line on a for x only; t4 the same for both.
X = entries(t1=(1, 1), t2=(2, 2), t3=(4, 3), t4=(0, 0))
Y = entries(t1=(1, 3), t2=(3, 2), t3=(3, 3), t4=(0, 0))


def test_a_tier_change_is_listed_first_with_its_driving_criterion():
    found = consequences(RUBRIC, DATA, {"x": X, "y": Y}, TECHS, CRITS)
    first = found[0]
    assert first.technology == "t1" and first.matters and first.tiers_differ
    assert [(o.rater, o.tier) for o in first.outcomes] == [("x", "low"), ("y", "high")]
    assert first.drivers == ("b",)


def test_a_red_line_crossed_for_one_rater_only_matters():
    found = {c.technology: c for c in consequences(RUBRIC, DATA, {"x": X, "y": Y}, TECHS, CRITS)}
    assert found["t3"].red_lines_split == ("rl",) and found["t3"].matters and found["t3"].drivers == ("a",)


def test_a_disagreement_that_changes_nothing_is_shown_as_such_after_those_that_matter():
    found = consequences(RUBRIC, DATA, {"x": X, "y": Y}, TECHS, CRITS)
    assert [c.technology for c in found] == ["t1", "t3", "t2", "t4"]
    t2 = found[2]
    assert t2.disagreed and not t2.matters and t2.drivers == ("a",)
    assert {o.tier for o in t2.outcomes} == {"high"}
    assert not found[3].disagreed and not found[3].matters


def test_a_criterion_outside_the_round_keeps_the_version_s_level():
    # Only b is rated: a keeps the version's level (t3: a=3), so no red line for anyone.
    only_b = {r: {t: {"b": e["b"]} for t, e in own.items()} for r, own in {"x": X, "y": Y}.items()}
    found = {c.technology: c for c in consequences(RUBRIC, DATA, only_b, TECHS, ["b"])}
    assert found["t3"].red_lines_split == () and found["t3"].drivers == ()


@pytest.mark.parametrize(
    "entry,value,text",
    [
        (ScoreEntry(level=3), 3.0, "3"),
        (ScoreEntry(level=[2, 3]), None, "[2, 3]"),  # a range: left out of alpha
        (ScoreEntry(level="n/a", reason="x"), None, "n/a"),  # n/a: left out of alpha
        (ScoreEntry(), None, ""),  # blank
        (None, None, ""),
    ],
)
def test_what_counts_toward_alpha(entry, value, text):
    assert (value_of(entry), shown(entry)) == (value, text)


def test_agreement_counts_ranges_and_na_and_gives_alpha_per_criterion_and_technology():
    z = entries(t1=(1, 3), t2=(2, 2), t3=(3, 3), t4=(0, 0))
    z["t2"]["a"] = ScoreEntry(level=[1, 2])
    z["t4"]["b"] = ScoreEntry(level="n/a", reason="does not apply")
    result = agreement({"x": X, "y": Y, "z": z}, TECHS, CRITS)
    assert (result.ranges, result.not_applicable) == (1, 1)
    assert result.overall.pairable == 22  # 24 ratings less the range and the n/a
    assert set(result.criteria) == {"a", "b"} and set(result.technologies) == set(TECHS)
    assert result.technologies["t4"].undefined == "no_variation"  # everyone gave 0


def test_the_words_for_each_kind_of_disagreement_name_tiers_red_lines_and_drivers():
    found = {c.technology: c for c in consequences(RUBRIC, DATA, {"x": X, "y": Y}, TECHS, CRITS)}
    names, tiers = {"a": "Crit A", "b": "Crit B"}, {"low": "Low", "high": "High", "critical": "Critical"}
    assert consequence_text(found["t1"], "T1", names, tiers) == "Matters: T1: x: Low; y: High; driven by Crit B"
    assert consequence_text(found["t3"], "T3", names, tiers, {"rl": "Line"}).startswith(
        "Matters: T3: x: Critical (Line)"
    )
    assert consequence_text(found["t2"], "T2", names, tiers).startswith(
        "changes nothing: T2 (the raters differ on Crit A"
    )
    assert consequence_text(found["t4"], "T4", names, tiers) == "agreed: T4"


@pytest.mark.parametrize(
    "scores,tid,message",
    [
        ({"a": {"level": 7}}, "t1", "technologies[0].scores.a.level: level 7 is not on the rubric's scale"),
        ({"a": {"level": [3, 9]}}, "t1", "level [3, 9] is not on the rubric's scale"),
        ({"a": {"level": "n/a"}}, "t1", "technologies[0].scores.a.reason: n/a needs a reason"),
        ({"b": {"level": 2}}, "t1", "criterion 'b' is not rated in this round"),
        ({"a": {"level": 2}}, "t9", "technology 't9' is not rated in this round"),
        ({"a": {"levle": 2}}, "t1", "levle"),  # a typo in an entry is refused, not dropped
    ],
)
def test_a_rater_s_file_is_refused_with_every_problem_located(scores, tid, message):
    raw = yaml.safe_dump({"technologies": [{"id": tid, "scores": scores}]}).encode()
    with pytest.raises(InputError) as refused:
        read_ratings(raw, "mine.yaml", RUBRIC, TECHS, ["a"])
    assert message in str(refused.value) and str(refused.value).startswith("mine.yaml")


def test_a_rater_s_file_keeps_levels_ranges_and_na_and_drops_blanks():
    t1 = {"id": "t1", "name": "x", "scores": {"a": {"level": [1, 2]}, "b": {"level": "n/a", "reason": "no camera"}}}
    doc = {"meta": {"title": "ignored"}, "technologies": [t1, {"id": "t2", "scores": {"a": {}}}]}
    got = read_ratings(yaml.safe_dump(doc).encode(), "mine.yaml", RUBRIC, TECHS, CRITS)
    assert {t: {c: shown(e) for c, e in own.items()} for t, own in got.items()} == {
        "t1": {"a": "[1, 2]", "b": "n/a"},
        "t2": {},
    }
