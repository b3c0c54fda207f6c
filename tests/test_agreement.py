"""Krippendorff's alpha (core/agreement.py), pinned to the published example, and its undefined cases."""

from __future__ import annotations

import pytest

from dashboard.core.agreement import NO_VARIATION, TOO_FEW, alpha

# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for Communication, University
# of Pennsylvania, https://repository.upenn.edu/asc_papers/43 : the reliability data matrix of 4 observers (A-D) x 12
# units with missing values (None), for which the paper gives nominal 0.743, ordinal 0.815 and interval 0.849.
# Data checked against stored copies of the paper's table as reproduced by independent implementations.
_ = None
PUBLISHED = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],  # observer A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],  # observer B
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],  # observer C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],  # observer D
]
UNITS = [[row[j] for row in PUBLISHED if row[j] is not None] for j in range(12)]


@pytest.mark.parametrize("metric,published", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)])
def test_the_published_example_gives_the_published_alpha(metric, published):
    result = alpha(UNITS, metric)
    assert result.rounded(3) == published
    assert result.pairable == 40  # 41 values, less unit 12's single value


def test_the_order_of_raters_within_a_unit_does_not_matter():
    assert alpha([list(reversed(u)) for u in UNITS]).value == pytest.approx(alpha(UNITS).value)


@pytest.mark.parametrize(
    "units,reason,pairable",
    [
        ([[2, 2], [2, 2, 2]], NO_VARIATION, 5),  # everyone gave the same level
        ([[3], [1], [2]], TOO_FEW, 0),  # nobody's value can be paired
        ([], TOO_FEW, 0),
    ],
)
def test_undefined_alpha_is_a_typed_result_not_nan(units, reason, pairable):
    result = alpha(units, "ordinal")
    assert (result.value, result.undefined, result.pairable) == (None, reason, pairable)
    assert result.rounded() is None


@pytest.mark.parametrize(
    "units,metric,expected",
    [
        ([[1, 1], [2, 2], [3, 3]], "ordinal", 1.0),  # perfect agreement
        # o = [[0, 2], [2, 0]], n = 4, margins 2 and 2: sum(o * d) = 4, sum(n_c * n_k * d) = 8, 1 - 3 * 4 / 8 = -0.5
        ([[1, 2], [2, 1]], "nominal", -0.5),
    ],
)
def test_hand_computed_cases(units, metric, expected):
    assert alpha(units, metric).value == pytest.approx(expected)


def test_an_unknown_metric_is_a_clear_error():
    with pytest.raises(ValueError, match="choose one of nominal, ordinal, interval"):
        alpha(UNITS, "ratio")  # type: ignore[arg-type]
