"""Scoring-core figures: synthetic scoring at scale, Monte Carlo on the bundled data, loading and validation."""

from __future__ import annotations

import numpy as np

from benchmarks.results import Result, best_of
from dashboard.core.compile import Compiled, compile_dataset
from dashboard.core.engine import Method
from dashboard.core.loading import load_pair, load_rubric
from dashboard.core.models import AssessmentMeta, AssessmentSet, Rubric, RubricRef, Technology
from dashboard.core.scoring import score
from dashboard.core.sensitivity import monte_carlo
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC


def synthetic_rubric(criteria: int = 30, safeguards: int = 10) -> Rubric:
    rng = np.random.default_rng(0)
    return Rubric.model_validate(
        {
            "id": "synthetic",
            "title": "Synthetic",
            "version": "1",
            "date": "2026-01-01",
            "authors": ["bench"],
            "licence": "CC0",
            "methodology": "Synthetic rubric for benchmarks.",
            "scale": {"levels": [{"value": v, "label": str(v)} for v in range(5)]},
            "groups": [{"id": f"g{g}", "name": f"G{g}"} for g in range(5)],
            "criteria": [
                {
                    "id": f"c{i}",
                    "name": f"C{i}",
                    "question": "?",
                    "group": f"g{i % 5}",
                    "weight": float(rng.integers(1, 4)),
                }
                for i in range(criteria)
            ],
            "safeguards": [
                {
                    "id": f"s{k}",
                    "name": f"S{k}",
                    "requires": "-",
                    "standard": "-",
                    "effects": [{"criterion": f"c{(3 * k + j) % criteria}", "reduction": 1} for j in range(3)],
                }
                for k in range(safeguards)
            ],
            "tiers": {
                "levels": [
                    {"id": "low", "label": "Low", "min": 0, "colour": "#2C7BB6"},
                    {"id": "high", "label": "High", "min": 50, "colour": "#FDAE61"},
                    {"id": "critical", "label": "Critical", "min": 70, "colour": "#D7191C"},
                ]
            },
            "red_lines": [
                {
                    "id": "r",
                    "when": [{"criterion": "c0", "min_level": 4}],
                    "tier": "critical",
                    "reason": "-",
                    "instrument": "-",
                }
            ],
            "aggregation": {
                "axes": [
                    {
                        "id": "x",
                        "name": "X",
                        "criteria": [f"c{i}" for i in range(0, criteria, 2)],
                        "bands": [{"id": "l", "label": "L", "min": 0}, {"id": "h", "label": "H", "min": 50}],
                    },
                    {
                        "id": "y",
                        "name": "Y",
                        "criteria": [f"c{i}" for i in range(1, criteria, 2)],
                        "bands": [{"id": "l", "label": "L", "min": 0}, {"id": "h", "label": "H", "min": 50}],
                    },
                ]
            },
        }
    )


def synthetic_compiled(n: int = 10_000, criteria: int = 30, safeguards: int = 10, seed: int = 0) -> Compiled:
    """n assessments with point levels, ranges (a third of cells), n/a and missing cells, and safeguard states."""
    rubric = synthetic_rubric(criteria, safeguards)
    rng = np.random.default_rng(seed)
    low = rng.integers(0, 5, size=(n, criteria)).astype(float)
    width = np.where(rng.random((n, criteria)) < 1 / 3, rng.integers(1, 3, size=(n, criteria)), 0)
    high = np.minimum(4.0, low + width)
    na = rng.random((n, criteria)) < 0.03
    missing = ~na & (rng.random((n, criteria)) < 0.02)
    low[na | missing] = high[na | missing] = np.nan
    meta = AssessmentMeta(
        title="synthetic", date="2026-01-01", authors=["bench"], rubric=RubricRef(id="synthetic", version="1")
    )
    techs = [Technology.model_construct(id=f"t{i}", name=f"T{i}") for i in range(n)]
    return Compiled(
        rubric=rubric,
        data=AssessmentSet.model_construct(meta=meta, sources=[], technologies=techs),
        method=Method.from_rubric(rubric),
        tech_ids=[f"t{i}" for i in range(n)],
        names=[f"T{i}" for i in range(n)],
        point=(low + high) / 2,
        low=low,
        high=high,
        na=na,
        missing=missing,
        reported=rng.integers(0, 3, size=(n, safeguards)),
        applicable=np.ones((n, safeguards), dtype=bool),
        # a third of the scores cite a corroborating source, the rest reporting only or nothing
        basis=np.where(na | missing, -1, rng.integers(0, 3, size=(n, criteria))),
        skipped=np.zeros((n, criteria), dtype=bool),
        inapplicable_answered=np.zeros((n, criteria), dtype=bool),
    )


def run() -> list[Result]:
    big = synthetic_compiled()
    rubric, data = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)
    bundled = score(compile_dataset(rubric, data))
    return [
        Result(
            "score 10,000 assessments x 30 criteria (ranges, safeguards)",
            best_of(lambda: score(big, scenario="reported")),
            "ms",
            100,
        ),
        Result(
            "Monte Carlo 10,000 draws, bundled dataset", best_of(lambda: monte_carlo(bundled, 10_000), 3), "ms", 1000
        ),
        Result(
            "load and validate the bundled rubric and dataset",
            best_of(lambda: load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)),
            "ms",
            300,
        ),
        Result("load and validate the bundled rubric alone", best_of(lambda: load_rubric(DEFAULT_RUBRIC)), "ms"),
    ]
