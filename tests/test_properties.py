"""Invariants of the engine, checked with hypothesis on the bundled rubric (any valid levels and safeguards)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.core import engine
from dashboard.core.engine import FULL, NONE, PARTIAL, Method
from dashboard.core.loading import load_rubric
from dashboard.settings import DEFAULT_RUBRIC

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


# ------------------------------------------------------------------ method rules: rounding, bounds, conditions


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.sampled_from(["half_up", "half_even"]),
    st.integers(0, 3),
)
def test_rounding_never_moves_a_total_by_more_than_half_a_unit(value, rule, places):
    rounded = float(engine.round_values(np.array([value]), rule, places)[0])
    assert abs(rounded - value) <= 0.5 * 10.0**-places + 1e-6


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(0, 3))
def test_rounding_down_and_up_bracket_the_total(value, places):
    down = float(engine.round_values(np.array([value]), "down", places)[0])
    up = float(engine.round_values(np.array([value]), "up", places)[0])
    unit = 10.0**-places
    assert down - 1e-6 <= value <= up + 1e-6
    assert up - down <= unit + 1e-6


@given(st.lists(st.integers(0, 100_000), min_size=1, max_size=6, unique=True), st.data())
def test_an_inclusive_upper_bound_is_honoured_at_the_boundary(thousandths, data):
    # Bounds to three decimals (25%, 0.333): a value exactly on one belongs to that tier.
    maxes = np.array(sorted(t / 1000 for t in thousandths) + [np.inf])
    bounds = thousandths
    k = data.draw(st.integers(0, len(bounds) - 1))
    at = engine.upper_bound_index(maxes, np.array([maxes[k]]))[0]
    above = engine.upper_bound_index(maxes, np.array([maxes[k] + 1e-6]))[0]
    assert at == k  # exactly on the bound: still this tier
    assert above == k + 1  # just above: the next one


def conditional_pair(policy: str):
    """Criterion a applies only when b is answered 'yes'; both scored by options."""
    from builders import rubric_dict

    r = rubric_dict(aggregation={"method": "weighted_sum", "inapplicable_answers": policy})
    options = [{"id": f"o{v}", "label": str(v), "score": v} for v in range(5)]
    r["criteria"][0].update(options=options, applies_if=[{"criterion": "b", "answers": ["yes"]}])
    r["criteria"][1].update(
        options=[{"id": "yes", "label": "Yes", "score": 4}, {"id": "no", "label": "No", "score": 1}]
    )
    return r


@given(st.integers(0, 4), st.integers(0, 4))
def test_a_criterion_that_does_not_apply_never_changes_the_total(first, second):
    from builders import compiled, data_dict
    from dashboard.core.scoring import score

    def result(answer: int) -> tuple:
        data = data_dict()
        data["technologies"][0]["scores"] = {
            "a": {"answer": f"o{answer}", "rationale": "r", "evidence": [{"source": "src"}], "confidence": "low"},
            "b": {"answer": "no", "rationale": "r", "evidence": [{"source": "src"}], "confidence": "low"},
        }
        row = score(compiled(conditional_pair("drop"), data)).table.iloc[0]
        return row["score"], row["raw"], row["inapplicable_answered"]

    one, two = result(first), result(second)
    assert one[:2] == two[:2]
    assert one[2] == two[2] == ["a"]  # flagged either way
