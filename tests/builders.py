"""Small rubrics and assessment sets built in code, so each test shows the numbers it depends on."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from dashboard.core.compile import compile_dataset
from dashboard.core.models import AssessmentSet, Rubric


def rubric_dict(**overrides: Any) -> dict:
    base: dict[str, Any] = {
        "id": "mini",
        "title": "Mini rubric",
        "version": "1",
        "date": "2026-01-01",
        "authors": ["Test"],
        "licence": "CC0",
        "methodology": "Two criteria for tests.",
        "scale": {"levels": [{"value": v, "label": f"L{v}"} for v in range(5)]},
        "groups": [{"id": "g1", "name": "Group one"}, {"id": "g2", "name": "Group two"}],
        "criteria": [
            {"id": "a", "name": "A", "question": "A?", "group": "g1", "weight": 1, "rights": ["r1"]},
            {"id": "b", "name": "B", "question": "B?", "group": "g2", "weight": 3, "rights": ["r1", "r2"]},
        ],
        "rights": [
            {"id": "r1", "instrument": "ICCPR", "article": "Art. 17", "title": "Privacy"},
            {"id": "r2", "instrument": "ICCPR", "article": "Art. 21", "title": "Assembly"},
        ],
        "safeguards": [
            {
                "id": "s1",
                "name": "S1",
                "requires": "x",
                "standard": "y",
                "effects": [{"criterion": "b", "reduction": 2}],
            },
            {
                "id": "s2",
                "name": "S2",
                "requires": "x",
                "standard": "y",
                "effects": [{"criterion": "a", "reduction": 1, "partial_reduction": 1}],
            },
        ],
        "tiers": {
            "basis": "score",
            "levels": [
                {"id": "low", "label": "Low", "min": 0, "colour": "#2C7BB6"},
                {"id": "high", "label": "High", "min": 50, "colour": "#FDAE61"},
                {"id": "critical", "label": "Critical", "min": 80, "colour": "#D7191C"},
            ],
        },
        "red_lines": [
            {
                "id": "rl",
                "when": [{"criterion": "a", "min_level": 4}],
                "tier": "critical",
                "reason": "r",
                "instrument": "GC37",
            },
        ],
        "profiles": [{"id": "flat", "name": "Flat", "weights": {"b": 1}}],
    }
    base.update(copy.deepcopy(overrides))
    return base


def data_dict(techs: list[dict] | None = None, **meta: Any) -> dict:
    return {
        "meta": {
            "title": "Mini data",
            "date": "2026-01-01",
            "authors": ["Test"],
            "rubric": {"id": "mini", "version": "1"},
            **meta,
        },
        "sources": [
            {
                "id": "src",
                "title": "Source",
                "date": "2026-01-01",
                "url": "https://example.org/s",
                "type": "report",
                "reliability": "B",
            }
        ],
        "technologies": techs if techs is not None else [tech("t1", a=2, b=2)],
    }


def tech(tid: str, safeguards: dict | None = None, **levels: Any) -> dict:
    scores = {}
    for cid, level in levels.items():
        if level == "n/a":
            scores[cid] = {"level": "n/a", "reason": "does not apply"}
        else:
            scores[cid] = {
                "level": level,
                "rationale": "because",
                "evidence": [{"source": "src"}],
                "confidence": "medium",
            }
    return {
        "id": tid,
        "name": tid.upper(),
        "scores": scores,
        "safeguards": {k: {"status": v, "evidence": [{"source": "src"}]} for k, v in (safeguards or {}).items()},
    }


def compiled(rubric: dict | None = None, data: dict | None = None):
    r = Rubric.model_validate(rubric or rubric_dict())
    d = AssessmentSet.model_validate(data or data_dict())
    return compile_dataset(r, d)


def write_yaml(path, payload: dict) -> str:
    path.write_text(yaml.safe_dump(payload, sort_keys=False), encoding="utf-8")
    return str(path)
