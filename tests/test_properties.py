"""Invariants of the engine, checked with hypothesis on the bundled rubric (any valid levels and safeguards)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import engine
from dashboard.engine import FULL, NONE, PARTIAL, Method
from dashboard.loading import DEFAULT_RUBRIC, load_rubric

RUBRIC = load_rubric(DEFAULT_RUBRIC)
METHOD = Method.from_rubric(RUBRIC)
C = len(RUBRIC.criteria)
S = len(RUBRIC.safeguards)
FLOOR, CEIL = RUBRIC.scale.floor, RUBRIC.scale.ceiling

levels_st = st.lists(st.integers(FLOOR, CEIL), min_size=C, max_size=C).map(lambda x: np.array(x, dtype=float))
valid_st = st.lists(st.booleans(), min_size=C, max_size=C).map(np.array).filter(lambda v: v.any())
weights_st = st.lists(st.floats(0.1, 10), min_size=C, max_size=C).map(np.array)
state_st = st.lists(st.sampled_from([NONE, PARTIAL, FULL]), min_size=S, max_size=S).map(lambda x: np.array([x]))
settings.register_profile("ci", max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("ci")


def total(levels, valid, weights, state):
    lv = engine.residual(METHOD, levels[None, :], engine.reductions(METHOD, state))
    ev = engine.evaluate(METHOD, lv, valid[None, :], weights, state)
    return float(ev.score[0]), int(ev.tier[0]), ev.crossed[0]


@given(levels_st, valid_st, weights_st, state_st, st.integers(0, C - 1))
def test_raising_a_level_never_lowers_the_total(levels, valid, weights, state, j):
    before, tier_before, _ = total(levels, valid, weights, state)
    raised = levels.copy()
    raised[j] = min(CEIL, raised[j] + 1)
    after, tier_after, _ = total(raised, valid, weights, state)
    assert after >= before - 1e-9
    assert tier_after >= tier_before


@given(levels_st, valid_st, weights_st, state_st, st.integers(0, S - 1))
def test_a_safeguard_never_raises_risk(levels, valid, weights, state, k):
    before, tier_before, _ = total(levels, valid, weights, state)
    more = state.copy()
    more[0, k] = FULL
    after, tier_after, _ = total(levels, valid, weights, more)
    assert after <= before + 1e-9
    assert tier_after <= tier_before


@given(levels_st, valid_st, weights_st, state_st, st.floats(0.01, 100))
def test_scaling_all_weights_changes_nothing(levels, valid, weights, state, factor):
    a, tier_a, _ = total(levels, valid, weights, state)
    b, tier_b, _ = total(levels, valid, weights * factor, state)
    assert abs(a - b) < 1e-6
    assert tier_a == tier_b


@given(levels_st, valid_st, weights_st, state_st)
def test_a_red_line_is_never_undercut(levels, valid, weights, state):
    _, tier, crossed = total(levels, valid, weights, state)
    for r in np.flatnonzero(crossed):
        assert tier >= METHOD.red_line_tier[r]
