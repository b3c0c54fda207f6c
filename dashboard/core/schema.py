"""JSON Schema of both file formats, for editors that validate YAML as it is typed."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from dashboard.core.models import AssessmentSet, Rubric

KINDS: dict[str, type[BaseModel]] = {"rubric": Rubric, "assessments": AssessmentSet}


def json_schema(kind: str) -> dict[str, Any]:
    if kind not in KINDS:
        raise ValueError(f"unknown schema '{kind}'; use one of: {', '.join(KINDS)}")
    schema = KINDS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"civil-liberties-dashboard/{kind}.schema.json"
    return schema
