"""Krippendorff's alpha: how far several raters agree, beyond what chance would give, with missing ratings allowed.

Computed through the coincidence matrix (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011): every
unit (here, one technology's criterion) with m >= 2 values contributes each ordered pair of its values with weight
1/(m-1); a unit with fewer than two values is not pairable and drops out. With o the coincidence matrix, n_c its
margins and n the number of pairable values,

    alpha = 1 - (n - 1) * sum(o_ck * d_ck) / sum(n_c * n_k * d_ck)

for the difference function d of the metric: nominal (c != k), ordinal (the ranks between c and k, counted by the
margins), interval ((c - k)^2). When the expected disagreement is zero (every pairable value the same) or there are
fewer than two pairable values, alpha is undefined: `Alpha.value` is None and `Alpha.undefined` says why; never a
NaN or an exception. Pinned to the paper's 4 observers x 12 units example in tests/test_agreement.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

Metric = Literal["nominal", "ordinal", "interval"]
METRICS: tuple[Metric, ...] = ("nominal", "ordinal", "interval")

# Why alpha has no value: too few pairable values, or no variation among them (no expected disagreement).
TOO_FEW, NO_VARIATION = "too_few", "no_variation"


@dataclass(frozen=True)
class Alpha:
    """Alpha under one metric, with the number of pairable values (values in units rated at least twice)."""

    metric: Metric
    value: float | None  # None when undefined
    pairable: int
    undefined: str | None = None  # TOO_FEW or NO_VARIATION when value is None

    def rounded(self, places: int = 3) -> float | None:
        return None if self.value is None else round(self.value, places)


def _difference(values: np.ndarray, margins: np.ndarray, metric: Metric) -> np.ndarray:
    """The squared difference d[c, k] between the distinct values (sorted), under `metric`."""
    if metric == "nominal":
        return np.asarray(values[:, None] != values[None, :], dtype=float)
    if metric == "interval":
        return np.asarray((values[:, None] - values[None, :]) ** 2, dtype=float)
    if metric == "ordinal":
        # Between ranks c <= k: the margins from c to k, less half of each end, squared.
        cum = np.concatenate([[0.0], np.cumsum(margins)])
        lo = np.minimum.outer(np.arange(len(values)), np.arange(len(values)))
        hi = np.maximum.outer(np.arange(len(values)), np.arange(len(values)))
        between = cum[hi + 1] - cum[lo] - (margins[lo] + margins[hi]) / 2
        return np.asarray(between**2, dtype=float)
    raise ValueError(f"unknown metric '{metric}': choose one of {', '.join(METRICS)}")


def coincidences(units: Iterable[Sequence[float]]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values (sorted) and the coincidence matrix o[c, k] of the pairable units."""
    pairable = [np.asarray(u, dtype=float) for u in units if len(u) >= 2]
    if not pairable:
        return np.zeros(0), np.zeros((0, 0))
    values = np.unique(np.concatenate(pairable))
    o = np.zeros((len(values), len(values)))
    for unit in pairable:
        counts = np.array([np.count_nonzero(unit == v) for v in values], dtype=float)
        # Ordered pairs of different raters' values within the unit: n_c * n_k, less the pairs of a value with itself.
        o += (np.outer(counts, counts) - np.diag(counts)) / (len(unit) - 1)
    return values, o


def alpha(units: Iterable[Sequence[float]], metric: Metric = "ordinal") -> Alpha:
    """Krippendorff's alpha of `units`, each the values the raters gave one unit (missing ratings left out)."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric '{metric}': choose one of {', '.join(METRICS)}")
    values, o = coincidences(units)
    margins = o.sum(axis=1)
    n = float(margins.sum())
    pairable = round(n)
    if pairable < 2:
        return Alpha(metric, None, pairable, TOO_FEW)
    d = _difference(values, margins, metric)
    expected = float((np.outer(margins, margins) * d).sum())
    if expected <= 0:
        return Alpha(metric, None, pairable, NO_VARIATION)
    observed = float((o * d).sum())
    return Alpha(metric, 1.0 - (n - 1.0) * observed / expected, pairable)
