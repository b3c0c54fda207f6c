"""What-if: safeguards switched per technology, adjusted weights kept across a profile switch, ranking first."""

from __future__ import annotations

import pytest

from app_driver import page, start
from builders import compiled, data_dict, tech
from dashboard.core.engine import FULL, NONE
from dashboard.core.scoring import scenario_state, score

pytestmark = pytest.mark.app  # drives the app's pages with AppTest (see docs/testing.md)


def two_techs():
    return compiled(data=data_dict([tech("t1", a=2, b=4), tech("t2", a=2, b=4)]))


@pytest.mark.parametrize(
    "overrides,expected",
    [
        ({"s1": "in_place"}, [[FULL, NONE], [FULL, NONE]]),
        ({"s1@t2": "in_place"}, [[NONE, NONE], [FULL, NONE]]),
        ({"s1": "in_place", "s1@t1": "absent"}, [[NONE, NONE], [FULL, NONE]]),  # a technology's own setting wins
        ({"s1@t1": "absent", "s1": "in_place"}, [[NONE, NONE], [FULL, NONE]]),  # whatever the order given
    ],
)
def test_safeguards_switch_for_all_or_for_one_technology(overrides, expected):
    assert scenario_state(two_techs(), "custom", overrides).tolist() == expected


def test_a_setting_for_one_technology_moves_only_its_score():
    c = two_techs()
    before = score(c).table["score"]
    after = score(c, scenario="custom", overrides={"s1@t2": "in_place"}).table["score"]
    assert after["t1"] == before["t1"] and after["t2"] < before["t2"]


@pytest.mark.parametrize("key", ["s1@nope", "nope@t1"])
def test_unknown_targets_are_refused(key):
    with pytest.raises(ValueError, match="unknown"):
        scenario_state(two_techs(), "custom", {key: "in_place"})


def test_ranking_comes_first_sliders_show_the_base_and_a_profile_switch_keeps_adjusted_weights():
    at = page(start(), "whatif")
    headers = [h.value for h in at.subheader]
    assert headers.index("Effect on the ranking") < headers.index("Weights")
    slider = at.slider(key="weight::default::physical_harm")
    assert "(base 3)" in slider.label
    slider.set_value(6.0).run()
    at.selectbox(key="profile").set_value("privacy_regulator").run()
    assert not at.exception
    assert at.session_state.weights == {"physical_harm": 6.0}
    assert at.slider(key="weight::privacy_regulator::physical_harm").value == 6.0
    assert any("stay on top of the new profile" in i.value for i in at.info)


def test_a_safeguard_can_be_switched_for_one_technology_in_the_app():
    at = start()
    at.session_state.scenario = "custom"
    at = page(at, "whatif")
    at.selectbox(key="override_scope").set_value("facial_recognition").run()
    sid = "assembly_ban"
    at.selectbox(key=f"override::{sid}@facial_recognition").set_value("in_place").run()
    assert not at.exception
    assert at.session_state.overrides == {f"{sid}@facial_recognition": "in_place"}
    # the address carries it, so a reload or a shared link keeps it
    assert f"{sid}@facial_recognition:in_place" in str(at.query_params.get("o"))
