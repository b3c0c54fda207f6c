"""Hand-computed expectations for the scoring engine on a two-criterion rubric.

Criteria a (weight 1) and b (weight 3) on a 0-4 scale; score = weighted mean of level/4, x100.
Tiers: low from 0, high from 50, critical from 80. Red line: a >= 4 -> at least critical.
Safeguard s1 lowers b by 2 (partial: 1); s2 lowers a by 1 (partial: 1).
"""

import pandas as pd
import pytest

from builders import compiled, data_dict, rubric_dict, tech
from dashboard.core.scoring import score
from dashboard.render.export import records
from dashboard.views.labels import reader_table


def one(rubric=None, scenario="reported", profile=None, overrides=None, **kwargs):
    c = compiled(rubric, data_dict([tech("t1", **kwargs.pop("safeguards_", {}), **kwargs)]))
    return score(c, scenario=scenario, profile=profile, overrides=overrides).table.iloc[0]


@pytest.mark.parametrize(
    "levels,expected,tier",
    [
        ({"a": 2, "b": 2}, 50.0, "high"),
        ({"a": 0, "b": 4}, 75.0, "high"),
        ({"a": 0, "b": 0}, 0.0, "low"),
        ({"a": 4, "b": 4}, 100.0, "critical"),
        ({"a": 1, "b": 1}, 25.0, "low"),
        ({"a": "n/a", "b": 2}, 50.0, "high"),  # a drops out; b's weight renormalises to 1
        ({"a": "n/a", "b": 4}, 100.0, "critical"),
    ],
)
def test_weighted_mean(levels, expected, tier):
    row = one(**levels)
    assert row["score"] == pytest.approx(expected)
    assert row["tier"] == tier


def test_red_line_raises_tier_above_the_average():
    row = one(a=4, b=0)
    assert row["score"] == pytest.approx(25.0)
    assert row["tier"] == "critical"
    assert row["red_lines"] == ["rl"]


def test_range_gives_low_and_high_scores_and_the_tiers_spanned():
    row = one(a=[1, 3], b=2)
    assert row["score"] == pytest.approx(50.0)
    assert row["score_low"] == pytest.approx(43.75)
    assert row["score_high"] == pytest.approx(56.25)
    assert row["tiers_spanned"] == ["low", "high"]


def test_missing_score_is_flagged_and_never_counted_as_zero():
    row = one(b=4)
    assert not row["complete"]
    assert row["missing"] == ["a"]
    assert row["score"] == pytest.approx(100.0)  # point estimate leaves a out
    assert row["score_low"] == pytest.approx(75.0)  # a at the floor
    assert row["score_high"] == pytest.approx(100.0)  # a at the ceiling


@pytest.mark.parametrize(
    "status,scenario,expected",
    [
        ("in_place", "reported", 37.5),  # b 4 -> 2: (0 + 3 * 0.5) / 4
        ("partial", "reported", 56.25),  # b 4 -> 3: 3 * 0.75 / 4
        ("absent", "reported", 75.0),
        ("in_place", "inherent", 75.0),  # inherent ignores safeguards
        ("absent", "safeguarded", 37.5),  # all recommended safeguards in place
        ("unknown", "reported", 75.0),
    ],
)
def test_safeguard_scenarios(status, scenario, expected):
    row = one(scenario=scenario, a=0, b=4, safeguards_={"safeguards": {"s1": status}})
    assert row["score"] == pytest.approx(expected)


def test_residual_level_never_falls_below_the_floor():
    c = compiled(None, data_dict([tech("t1", a=0, b=1, safeguards={"s1": "in_place"})]))
    s = score(c)
    assert s.levels_frame().loc["t1", "b"] == 0.0
    assert s.levels_frame("inherent").loc["t1", "b"] == 1.0


def test_custom_scenario_overrides_reported_safeguards():
    row = one(scenario="custom", overrides={"s1": "in_place"}, a=0, b=4)
    assert row["score"] == pytest.approx(37.5)


def test_not_applicable_safeguard_is_never_switched_on():
    row = one(scenario="safeguarded", a=0, b=4, safeguards_={"safeguards": {"s1": "not_applicable"}})
    assert row["score"] == pytest.approx(75.0)


def test_profile_changes_weights():
    row = one(profile="flat", a=4, b=0)
    assert row["score"] == pytest.approx(50.0)


def test_weighted_sum_reports_raw_sum_and_normalised_score():
    r = rubric_dict(aggregation={"method": "weighted_sum"})
    row = one(rubric=r, a=2, b=2)
    assert row["raw"] == pytest.approx(8.0)  # 1*2 + 3*2
    assert row["score"] == pytest.approx(50.0)  # 8 / 16


def test_global_mitigation_rule_lowers_total():
    r = rubric_dict(aggregation={"mitigation": {"min_share": 0.5, "reduction_pct": 20}})
    row = one(rubric=r, a=3, b=4, safeguards_={"safeguards": {"s1": "in_place"}})
    # b 4 -> 2; (0.75 + 3 * 0.5) / 4 = 56.25; one of two safeguards in place meets 0.5 -> x 0.8 = 45
    assert row["score"] == pytest.approx(45.0)
    assert row["mitigated"]


def test_fraction_basis_tiers_match_score_basis():
    r = rubric_dict()
    for t, m in zip(r["tiers"]["levels"], [0, 0.5, 0.8], strict=True):
        t["min"] = m
    r["tiers"]["basis"] = "fraction"
    assert one(rubric=r, a=0, b=4)["tier"] == "high"
    assert one(rubric=r, a=1, b=1)["tier"] == "low"


@pytest.mark.parametrize("answer,expected", [("yes", 25.0), ("no", 0.0)])
def test_answer_options_score_one(answer, expected):
    r = rubric_dict()
    r["criteria"][0]["options"] = [{"id": "no", "label": "No", "score": 0}, {"id": "yes", "label": "Yes", "score": 4}]
    t = tech("t1", b=0)
    t["scores"]["a"] = {"answer": answer, "rationale": "x", "evidence": [{"source": "src"}], "confidence": "low"}
    c = compiled(r, data_dict([t]))
    assert score(c).table.iloc[0]["score"] == pytest.approx(expected)


def test_answer_options_many_sum_over_their_own_range():
    r = rubric_dict()
    r["criteria"][0].update(
        select="many",
        options=[
            {"id": "x", "label": "X", "score": 1},
            {"id": "y", "label": "Y", "score": 2},
            {"id": "z", "label": "Z", "score": 2},
        ],
    )
    t = tech("t1", b=0)
    t["scores"]["a"] = {"answer": ["x", "z"], "rationale": "x", "evidence": [{"source": "src"}], "confidence": "low"}
    c = compiled(r, data_dict([t]))
    # a = 3 on a 0..5 range -> 0.6; (1 * 0.6 + 0) / 4 = 15
    assert score(c).table.iloc[0]["score"] == pytest.approx(15.0)


def test_ranking_is_by_score_then_id():
    c = compiled(None, data_dict([tech("zeta", a=2, b=2), tech("alpha", a=2, b=2), tech("mid", a=4, b=4)]))
    assert list(score(c).table["id"]) == ["mid", "alpha", "zeta"]
    assert list(score(c).table["rank"]) == [1, 2, 3]


def test_group_subscores_and_rights_rollup():
    s = score(compiled(None, data_dict([tech("t1", a=4, b=2)])))
    assert s.groups.loc["t1", "g1"] == pytest.approx(100.0)
    assert s.groups.loc["t1", "g2"] == pytest.approx(50.0)
    assert s.rights.loc["t1", "r1"] == pytest.approx(62.5)  # (1*1 + 3*0.5) / 4
    assert s.rights.loc["t1", "r2"] == pytest.approx(50.0)
    summary = s.rights_summary()
    assert list(summary["right"]) == ["r1", "r2"]


def test_json_records_carry_the_required_keys():
    rec = records(score(compiled()))[0]
    for key in ("id", "name", "score", "score_low", "score_high", "tier", "red_lines", "groups", "criteria"):
        assert key in rec
    assert rec["criteria"] == {"a": 2.0, "b": 2.0}


def test_technology_with_nothing_scorable_is_not_rated_rather_than_low():
    c = compiled(None, data_dict([tech("allna", a="n/a", b="n/a"), tech("empty"), tech("ok", a=2, b=2)]))
    table = score(c).table
    assert list(table["id"]) == ["ok", "allna", "empty"]
    for tid in ("allna", "empty"):
        assert table.loc[tid, "score"] is None or table.loc[tid, "score"] != table.loc[tid, "score"]
        assert pd.isna(table.loc[tid, "tier_label"])  # no tier: the views say "Not rated"
        assert reader_table(score(c)).loc[tid, "tier_label"] == "Not rated"
    assert not table.loc["empty", "complete"]
    assert table.loc["empty", "score_high"] == pytest.approx(100.0)  # the missing levels could be anything
