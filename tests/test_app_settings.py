"""AppTest: settings that used to crash or mislead. Every weight at 0 (from the sliders or the address) is refused
with words, never a traceback; an address naming a version the set lacks opens the latest and stays editable."""

from __future__ import annotations

import pytest

from app_driver import page, start
from dashboard.settings import DEFAULT_DATA

pytestmark = pytest.mark.app  # drives the app's pages with AppTest (see docs/testing.md)

SET = DEFAULT_DATA.stem


def address(at) -> dict[str, str]:
    return {
        k: at.query_params[k][0] if isinstance(at.query_params[k], list) else at.query_params[k]
        for k in at.query_params
    }


@pytest.mark.parametrize("v", ["0", "-1", "2"])
def test_an_address_naming_a_missing_version_opens_the_latest_and_stays_editable(own_workspace, v):
    at = start({"set": SET, "v": v})
    assert at.session_state.set_id == SET and at.session_state.base == 1
    assert "which it does not have" in " ".join(i.value for i in at.sidebar.info)
    assert not any("Read-only" in c.value for c in at.sidebar.caption)
    assert any(b.label == "Save version" for b in at.sidebar.button)
    assert address(at)["v"] == "1"  # the address now names what is open


def test_every_whatif_slider_at_zero_is_refused_at_the_last_with_words_and_the_address_reloads():
    at = page(start(), "whatif")
    keys = [s.key for s in at.slider if s.key and s.key.startswith("weight::default::")]
    assert len(keys) == 16
    for key in keys:
        at.slider(key=key).set_value(0.0).run()
        assert not at.exception, [e.value for e in at.exception]
    last = keys[-1].rsplit("::", 1)[1]
    assert at.session_state.weights == {k.rsplit("::", 1)[1]: 0.0 for k in keys[:-1]}
    assert at.slider(key=keys[-1]).value > 0
    assert any("Every weight would be 0" in w.value for w in at.warning)
    again = page(start(address(at)), "whatif")  # a reload of the address the session wrote
    assert again.session_state.weights == at.session_state.weights and last not in again.session_state.weights


def test_an_address_with_every_weight_at_zero_uses_the_profile_and_says_so():
    from dashboard.core.loading import load_pair
    from dashboard.settings import DEFAULT_RUBRIC

    rubric, _ = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)
    at = start({"w": ",".join(f"{c.id}:0" for c in rubric.criteria)})
    assert at.session_state.weights == {}
    assert "set every weight to 0" in " ".join(i.value for i in at.sidebar.info)
    for name in ("overview", "data", "sensitivity"):
        page(at, name)
        assert not at.exception
