"""At the stated size limit (settings.MAX_TECHNOLOGIES technologies x 50 criteria = MAX_SCORES scores): how long an
upload's check takes, what the Monte Carlo costs one session in time and memory, and what building the briefing PDF
costs a `python -m dashboard brief` process.

The files are written like the bundled ones: every score with a rationale, a quoted source and a confidence, a third
of them ranges, every technology with its safeguards and their evidence, so the check does the work a real file asks.
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from benchmarks.results import Result, best_of
from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.scoring import score
from dashboard.core.sensitivity import monte_carlo
from dashboard.settings import MAX_SCORES, MAX_TECHNOLOGIES
from dashboard.workspace import service
from dashboard.workspace.repository import open_workspace

CRITERIA = MAX_SCORES // MAX_TECHNOLOGIES  # 50
SAFEGUARDS = 10
SOURCES = 40
DRAWS = 10_000  # the Sensitivity page's default
TEXT = (
    "The sources describe a deployment that reaches well beyond those suspected of any offence, with data kept for "
    "years and shared with other agencies under rules that are not published."
)


def rubric_document(criteria: int = CRITERIA, safeguards: int = SAFEGUARDS) -> dict[str, Any]:
    rng = np.random.default_rng(0)
    return {
        "id": "limits",
        "title": "Rubric at the size limit",
        "version": "1",
        "date": "2026-01-01",
        "authors": ["bench"],
        "licence": "CC0",
        "methodology": "A rubric as large as the limit allows, for benchmarks.",
        "scale": {"levels": [{"value": v, "label": f"Level {v}"} for v in range(5)]},
        "groups": [{"id": f"g{g}", "name": f"Group {g}"} for g in range(5)],
        "rights": [
            {"id": f"r{k}", "instrument": "ICCPR", "article": f"Art. {k}", "title": f"Right {k}"} for k in range(8)
        ],
        "criteria": [
            {
                "id": f"c{i}",
                "name": f"Criterion {i}",
                "question": "How far does it reach?",
                "group": f"g{i % 5}",
                "weight": float(rng.integers(1, 4)),
                "rights": [f"r{i % 8}"],
                "descriptors": {v: f"What level {v} looks like" for v in range(5)},
            }
            for i in range(criteria)
        ],
        "safeguards": [
            {
                "id": f"s{k}",
                "name": f"Safeguard {k}",
                "requires": "A law that says so",
                "standard": "GC37",
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
        "profiles": [{"id": "flat", "name": "Flat", "weights": {f"c{i}": 1 for i in range(criteria)}}],
    }


def data_document(
    technologies: int = MAX_TECHNOLOGIES, criteria: int = CRITERIA, safeguards: int = SAFEGUARDS
) -> dict[str, Any]:
    rng = np.random.default_rng(1)
    statuses = ["in_place", "partial", "absent", "unknown"]

    def one_score() -> dict[str, Any]:
        low = int(rng.integers(0, 5))
        level: Any = [low, min(4, low + 1)] if rng.random() < 1 / 3 else low
        return {
            "level": level,
            "rationale": TEXT,
            "evidence": [{"source": f"src{int(rng.integers(SOURCES))}", "quote": TEXT[:90], "note": TEXT[:60]}],
            "confidence": ["low", "medium", "high"][int(rng.integers(3))],
        }

    return {
        "meta": {
            "title": "Assessment set at the size limit",
            "date": "2026-01-01",
            "authors": ["bench"],
            "rubric": {"id": "limits", "version": "1"},
        },
        "sources": [
            {
                "id": f"src{k}",
                "title": f"Report {k}",
                "publisher": "Publisher",
                "date": "2026-01-01",
                "url": f"https://example.org/report/{k}",
                "type": "report",
                "reliability": "B",
            }
            for k in range(SOURCES)
        ],
        "technologies": [
            {
                "id": f"t{t}",
                "name": f"Technology {t}",
                "description": TEXT,
                "scores": {f"c{i}": one_score() for i in range(criteria)},
                "safeguards": {
                    f"s{k}": {"status": statuses[int(rng.integers(4))], "evidence": [{"source": "src0"}]}
                    for k in range(safeguards)
                },
            }
            for t in range(technologies)
        ],
    }


def files() -> tuple[bytes, bytes]:
    """The rubric and the assessment set at the limit, as the YAML bytes a user uploads."""
    rubric = yaml.safe_dump(rubric_document(), sort_keys=False).encode()
    data = yaml.safe_dump(data_document(), sort_keys=False).encode()
    return rubric, data


def check(rubric_bytes: bytes, data_bytes: bytes) -> None:
    """What the app does to check an upload before adopting it (workspace/session.models)."""
    load_assessments(data_bytes, load_rubric(rubric_bytes, "limits.yaml"), "limits-data.yaml")


def import_ms(rubric_bytes: bytes, data_bytes: bytes) -> float:
    """Milliseconds to import the set into a new SQLite workspace by the rubric its meta names (as an app upload of
    the data alone does after its check: the workspace validates what it stores again)."""
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workspace(f"sqlite:///{Path(tmp) / 'ws.db'}")
        service.add_rubric(ws, rubric_bytes, "limits.yaml")
        start = time.perf_counter()
        service.import_set(ws, data_bytes, "limits-data.yaml", author="bench", message="limits")
        seconds = time.perf_counter() - start
        ws.engine.dispose()
    return seconds * 1000


def monte_carlo_peak_mb(draws: int = DRAWS) -> tuple[float, float]:
    """(seconds, tracemalloc peak in MB) of one Monte Carlo run of `draws` at the limit, scores already made."""
    rubric_bytes, data_bytes = files()
    rubric = load_rubric(rubric_bytes, "limits.yaml")
    scores = score(compile_dataset(rubric, load_assessments(data_bytes, rubric, "limits-data.yaml")))
    tracemalloc.start()
    start = time.perf_counter()
    monte_carlo(scores, draws)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 1e6


def briefing_at_the_limit(rubric_bytes: bytes, data_bytes: bytes) -> list[Result]:
    """`python -m dashboard brief` of the files at the limit, in a process of its own: seconds and peak RSS."""
    from benchmarks.briefing import brief_process

    with tempfile.TemporaryDirectory() as tmp:
        rubric, data = Path(tmp) / "limits.yaml", Path(tmp) / "limits-data.yaml"
        rubric.write_bytes(rubric_bytes)
        data.write_bytes(data_bytes)
        seconds, peak = brief_process(data, rubric)
    name = f"briefing PDF at the limit ({MAX_TECHNOLOGIES} x {CRITERIA}), whole process"
    return [Result(f"{name}: seconds", seconds, "s", 60), Result(f"{name}: peak RSS", peak, "MB", 1000)]


def run() -> list[Result]:
    rubric_bytes, data_bytes = files()
    seconds, peak = monte_carlo_peak_mb()
    return briefing_at_the_limit(rubric_bytes, data_bytes) + [
        Result(
            f"check an upload at the limit ({MAX_TECHNOLOGIES} x {CRITERIA}, {len(data_bytes) / 1e6:.1f} MB)",
            best_of(lambda: check(rubric_bytes, data_bytes), 3),
            "ms",
        ),
        Result(
            "import it into a SQLite workspace (data alone, rubric by meta)", import_ms(rubric_bytes, data_bytes), "ms"
        ),
        Result(f"Monte Carlo {DRAWS:,} draws at the limit", seconds * 1000, "ms"),
        Result(f"Monte Carlo {DRAWS:,} draws at the limit, peak Python memory (tracemalloc)", peak, "MB", 300),
    ]
