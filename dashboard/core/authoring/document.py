"""The assessment document as data: parse and dump it, validate it against the rubric, make readable ids."""

from __future__ import annotations

import copy
import re
from typing import Any, cast

import yaml

from dashboard.core.loading import load_assessments
from dashboard.core.models import AssessmentSet, Rubric
from dashboard.words import say

Doc = dict[str, Any]

CONFIDENCE = ("low", "medium", "high")


class AuthoringError(ValueError):
    """An edit that cannot be made as asked; the message says what to do instead."""


# libyaml's C loader and emitter when PyYAML has them, with the same safe constructor and representer: on the bundled
# set the pure-Python ones took 0.84 s to parse and 0.48 s to dump, and every field saved on Assess does both (the
# slow clicks of issue 21); libyaml does each in a few hundredths of a second.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def parse(content: str) -> Doc:
    doc = yaml.load(content, Loader=_Loader)  # a safe loader (CSafeLoader or SafeLoader)
    if not isinstance(doc, dict):
        raise AuthoringError(say("authoring.not_a_mapping"))
    return doc


def dump(doc: Doc) -> str:
    return str(yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110))


def validated(doc: Doc, rubric: Rubric, name: str = "draft") -> AssessmentSet:
    """The document as a model, or `InputError` with every problem located (the command line's words)."""
    return load_assessments(dump(doc).encode("utf-8"), rubric, name)


def make_id(name: str, taken: list[str] | set[str], fallback: str = "item") -> str:
    """A readable, unique id from a name: lower case words joined by '_' (e.g. 'Police drones' -> 'police_drones')."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:50].strip("_") or fallback
    if base not in taken:
        return base
    n = 2
    while f"{base}_{n}" in taken:
        n += 1
    return f"{base}_{n}"


def _copy(doc: Doc) -> Doc:
    return copy.deepcopy(doc)


def _tech(doc: Doc, tid: str) -> dict[str, Any]:
    for tech in doc.get("technologies", []):
        if tech.get("id") == tid:
            return cast(dict[str, Any], tech)
    raise AuthoringError(say("authoring.no_technology", id=tid))


def _tech_ids(doc: Doc) -> list[str]:
    return [t.get("id", "") for t in doc.get("technologies", [])]


def lines(text: str) -> list[str]:
    """The non-blank lines of a text box, trimmed: one item per line ('a, b' on one line is one item)."""
    return [part.strip() for part in text.replace("\r", "").split("\n") if part.strip()]
