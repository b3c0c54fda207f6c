"""Which weights are valid, decided once (dashboard/core/weights.py): from a rubric, a profile, a slider or an
address; all zero is refused, every weight is finite and within the sliders' range, and no total that is not a
finite number is ever scored."""

from __future__ import annotations

import pytest

from builders import compiled, data_dict, rubric_dict, tech
from dashboard.core import weights
from dashboard.core.loading import load_rubric
from dashboard.core.models import Rubric
from dashboard.core.problems import InputError
from dashboard.core.scoring import NonFiniteScores, score, weight_vector
from dashboard.settings import MAX_WEIGHT
from dashboard.views import messages as M

# The mini rubric: criteria a (weight 1) and b (weight 3); profile 'flat' sets b to 1. The sliders reach 6.
RUBRIC = Rubric.model_validate(rubric_dict())
U, N, R, Z = weights.UNKNOWN, weights.NOT_A_NUMBER, weights.OUT_OF_RANGE, weights.ALL_ZERO


@pytest.mark.parametrize(
    ("profile", "adjusted", "accepted", "codes"),
    [
        (None, {}, {}, []),
        (None, {"a": 2.5}, {"a": 2.5}, []),
        (None, {"a": "2.5"}, {"a": 2.5}, []),  # as an address carries it
        (None, {"a": 0}, {"a": 0.0}, []),  # one weight at 0 is fine
        (None, {"a": 6}, {"a": 6.0}, []),  # the sliders' top
        (None, {"a": 6.5}, {}, [R]),
        (None, {"a": -1}, {}, [R]),
        (None, {"a": 1e308}, {}, [R]),
        (None, {"a": "inf"}, {}, [N]),
        (None, {"a": "nan"}, {}, [N]),
        (None, {"a": "x"}, {}, [N]),
        (None, {"zz": 1}, {}, [U]),
        (None, {"a": 0, "b": 0}, {}, [Z]),  # every weight 0: nothing is accepted
        ("flat", {"a": 0, "b": 0}, {}, [Z]),
        (None, {"a": 0, "b": 0, "zz": 1}, {}, [Z]),
        (None, {"b": 0}, {"b": 0.0}, []),  # a keeps its profile weight
        ("no_such", {"a": 1}, {"a": 1.0}, []),  # an unknown profile reads as the base weights
    ],
)
def test_adjusted_weights_are_checked_in_one_place(profile, adjusted, accepted, codes):
    got, faults = weights.check(RUBRIC, profile, adjusted)
    assert got == accepted and [f.code for f in faults] == codes


def test_pairs_in_order_let_a_later_weight_win():
    got, faults = weights.check(RUBRIC, None, [("a", "-1"), ("a", "0.5"), ("b", "x")])
    assert got == {"a": 0.5} and [(f.code, f.criterion, f.given) for f in faults] == [(R, "a", "-1"), (N, "b", "x")]


@pytest.mark.parametrize(
    ("criteria_weights", "profile_weights", "top"),
    [((1, 3), {}, 6.0), ((0.5, 1), {}, 5.0), ((1, 3), {"b": 40}, 80.0), ((1, MAX_WEIGHT), {}, MAX_WEIGHT)],
)
def test_the_sliders_reach_twice_the_largest_weight_within_the_limits(criteria_weights, profile_weights, top):
    doc = rubric_dict(profiles=[{"id": "p", "name": "P", "weights": profile_weights}])
    for criterion, weight in zip(doc["criteria"], criteria_weights, strict=True):
        criterion["weight"] = weight
    assert weights.top(Rubric.model_validate(doc)) == top


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda r: r["criteria"][0].update(weight=1e308), "criteria[0].weight"),
        (lambda r: r["profiles"][0]["weights"].update(b=MAX_WEIGHT * 2), "profiles[0].weights.b"),
    ],
)
def test_a_rubric_weight_above_the_limit_is_a_located_error(tmp_path, change, path):
    import yaml

    doc = rubric_dict()
    change(doc)
    with pytest.raises(InputError) as caught:
        load_rubric(yaml.safe_dump(doc).encode(), "r.yaml")
    (problem,) = caught.value.problems
    assert problem.path == path and f"{MAX_WEIGHT:g}" in problem.message and "divide" in problem.hint


@pytest.mark.parametrize("adjusted", [{"a": 0, "b": 0}, {"a": 1e308}, {"zz": 1}])
def test_scoring_refuses_weights_the_check_refuses(adjusted):
    with pytest.raises(ValueError, match="weights refused"):
        weight_vector(RUBRIC, None, adjusted)


def test_a_total_that_overflows_is_refused_not_ranked_or_shown_as_not_rated():
    # Each weight and level is finite and allowed; their weighted sum is not a finite number.
    doc = rubric_dict(scale={"levels": [{"value": 0, "label": "none"}, {"value": 10**306, "label": "vast"}]})
    doc["criteria"][0]["weight"] = doc["criteria"][1]["weight"] = MAX_WEIGHT
    doc["red_lines"], doc["safeguards"] = [], []
    c = compiled(doc, data_dict([tech("t1", a=10**306, b=10**306)]))
    with pytest.raises(NonFiniteScores):
        score(c)


def test_every_refusal_has_words_naming_the_fix():
    fault = weights.WeightFault(R, "a", "1e308", 6.0)
    assert M.address_weight(*fault) == "weight 'a:1e308' (a weight is a number from 0 to 6)"
    assert "at least one weight above 0" in M.ADDRESS_ALL_ZERO
    assert "Reset what-if settings" in M.SLIDER_ALL_ZERO.format(criterion="A", value=1)
