"""The assessment document as data: parse and dump it, validate it against the rubric, make readable ids."""

from __future__ import annotations

import copy
import json
import re
from typing import Any, cast

import yaml

from dashboard.core.loading import validate_assessments
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


class _PlainDumper(_Dumper):  # type: ignore[misc]
    """Never writes an anchor and alias for an object met twice: the set's reader refuses aliases (yaml_io), and
    a technology written on its own (below) must read the same as within the whole set."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _yaml(value: Any) -> str:
    return str(yaml.dump(value, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=110))


# Each technology's YAML by its content: a field saved on Assess changes one technology, and writing out all of them
# again took most of the save (issue 21). Keyed by the technology's JSON (the C encoder; its types kept apart), so a
# technology changed in place can never be given its old text.
_technology_text: dict[str, str] = {}
_TECHNOLOGIES_KEPT = 512


def _json_key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=lambda o: {"<type>": type(o).__name__, "value": str(o)})


def _technology_yaml(tech: Any) -> str:
    key = _json_key(tech)
    text = _technology_text.get(key)
    if text is None:
        text = _yaml([tech])  # a list of one: the same lines as the item has under `technologies:`
        if len(_technology_text) >= _TECHNOLOGIES_KEPT:
            _technology_text.clear()
        _technology_text[key] = text
    return text


def dump(doc: Doc) -> str:
    """The document as YAML text, the same as one `yaml.dump` of it; technologies come from their kept text."""
    techs = doc.get("technologies")
    if not techs or not isinstance(techs, list) or next(reversed(doc)) != "technologies":
        return _yaml(doc)
    head = {k: v for k, v in doc.items() if k != "technologies"}
    return (_yaml(head) if head else "") + "technologies:\n" + "".join(_technology_yaml(t) for t in techs)


def validated(doc: Doc, rubric: Rubric, name: str = "draft") -> AssessmentSet:
    """The document as a model, or `InputError` with every problem located (the command line's words)."""
    return validate_assessments(doc, rubric, name, lambda: dump(doc).encode("utf-8"))


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
