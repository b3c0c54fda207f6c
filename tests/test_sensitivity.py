import tracemalloc

import numpy as np
import pandas as pd
import pytest

from benchmarks.core import synthetic_compiled
from builders import compiled, data_dict, tech
from dashboard.core.safeguards import safeguard_value, safeguard_value_summary
from dashboard.core.scoring import score
from dashboard.core.sensitivity import BATCH, monte_carlo
from dashboard.settings import MAX_SCORES, MAX_TECHNOLOGIES
from dashboard.views.sensitivity import robustness_statements


def scores_for(*techs):
    return score(compiled(None, data_dict(list(techs))))


def test_seeded_runs_are_identical_and_probabilities_sum_to_one():
    s = scores_for(tech("t1", a=[1, 3], b=2), tech("t2", a=2, b=[1, 4]))
    a, b = monte_carlo(s, draws=500, seed=7), monte_carlo(s, draws=500, seed=7)
    assert a.tier_probability.equals(b.tier_probability)
    assert np.allclose(a.tier_probability.sum(axis=1), 1.0)
    assert np.allclose(a.rank_probability.sum(axis=1), 1.0)
    assert np.allclose(a.rank_probability.sum(axis=0), 1.0)


@pytest.mark.parametrize("chunk_cells", [1, 7, 100, 10**9])
def test_a_seed_gives_the_same_results_whatever_the_chunk(chunk_cells):
    s = scores_for(tech("t1", a=[1, 3], b=2), tech("t2", a=2, b=[1, 4]), tech("t3", a=[0, 4], b=[2, 3]))
    whole = monte_carlo(s, draws=BATCH + 300, seed=11)  # two batches of weights
    chunked = monte_carlo(s, draws=BATCH + 300, seed=11, chunk_cells=chunk_cells)
    for name in ("tier_probability", "rank_probability", "score_quantiles"):
        pd.testing.assert_frame_equal(getattr(whole, name), getattr(chunked, name), check_exact=True)


def test_a_set_at_the_size_limit_draws_in_chunks_of_bounded_memory():
    # 200 technologies x 50 criteria; one batch of draws used to be scored at once (850 MB at the Python level)
    s = score(synthetic_compiled(MAX_TECHNOLOGIES, MAX_SCORES // MAX_TECHNOLOGIES))
    tracemalloc.start()
    try:
        monte_carlo(s, draws=BATCH)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 60e6, f"peak {peak / 1e6:.0f} MB"


def test_no_uncertainty_gives_certain_tiers_and_ranks():
    s = scores_for(tech("t1", a=4, b=4), tech("t2", a=0, b=0))
    mc = monte_carlo(s, draws=200, seed=1, weight_spread=0.0)
    assert mc.tier_probability.loc["t1", "critical"] == 1.0
    assert mc.tier_probability.loc["t2", "low"] == 1.0
    assert mc.rank_probability.loc["t1", 1] == 1.0
    assert mc.rank_interval("t2") == (2, 2)
    assert "robust" in robustness_statements(mc, {"t1": "One", "t2": "Two"}, ["t1", "t2"])[0]


def test_close_call_is_reported_as_depending_on_weights():
    s = scores_for(tech("t1", a=[0, 4], b=[1, 3]))
    mc = monte_carlo(s, draws=2000, seed=3)
    assert mc.tier_probability.loc["t1"].max() < 0.9
    assert "depends" in robustness_statements(mc, {"t1": "One"}, ["t1"])[0]


@pytest.mark.parametrize("draws,spread", [(0, 0.3), (10, 1.5)])
def test_bad_parameters_are_rejected(draws, spread):
    with pytest.raises(ValueError):
        monte_carlo(scores_for(tech("t1", a=1, b=1)), draws=draws, weight_spread=spread)


def test_safeguard_value_ranks_what_removes_most_risk():
    # s1 lowers b (weight 3) by 2 -> 37.5 points off 75; s2 lowers a (weight 1) by 1 -> 6.25 points
    s = scores_for(tech("t1", a=4, b=4))
    value = safeguard_value(s)
    assert list(value["safeguard"]) == ["s1", "s2"]
    assert value["reduction"].tolist() == pytest.approx([37.5, 6.25])
    summary = safeguard_value_summary(s)
    assert summary.iloc[0]["safeguard"] == "s1"


def test_safeguards_already_in_place_have_no_value_left():
    s = scores_for(tech("t1", a=4, b=4, safeguards={"s1": "in_place", "s2": "in_place"}))
    assert safeguard_value(s).empty
