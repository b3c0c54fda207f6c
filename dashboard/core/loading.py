"""Files -> validated models. Every problem in a file is collected, located and given a hint."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from dashboard.core.checks import Finding, check_assessments, check_rubric
from dashboard.core.models import AssessmentSet, Rubric
from dashboard.core.problems import InputError, Problem, join_path
from dashboard.core.yaml_io import YamlDocument, parse_yaml_bytes, read_yaml_file
from dashboard.settings import MAX_SCORES, MAX_TECHNOLOGIES
from dashboard.words import say

Source = str | Path | bytes

M = TypeVar("M", bound=BaseModel)


def read_document(source: Source, name: str | None = None) -> YamlDocument:
    if isinstance(source, bytes):
        return parse_yaml_bytes(source, name or "<upload>")
    return read_yaml_file(source)


def load_rubric(source: Source, name: str | None = None) -> Rubric:
    doc = read_document(source, name)
    rubric = _validate(doc, Rubric)
    _raise_findings(doc, check_rubric(rubric))
    return rubric


def load_assessments(source: Source, rubric: Rubric, name: str | None = None) -> AssessmentSet:
    doc = read_document(source, name)
    _check_size(doc, rubric)
    data = _validate(doc, AssessmentSet)
    _raise_findings(doc, check_assessments(data, rubric))
    return data


def validate_assessments(data: object, rubric: Rubric, name: str, text: typing.Callable[[], bytes]) -> AssessmentSet:
    """An assessment set already parsed into Python data (an edit on the Assess page) as a model, the same as
    `load_assessments(text(), rubric, name)` would give it. A valid set is validated from the data as it is; only a set
    with a problem is written out and read again, for the problems' lines. Writing out and reading back the whole set
    on every field saved took most of a click on Assess (issue 21)."""
    techs = data.get("technologies") if isinstance(data, dict) else None
    if isinstance(techs, list) and len(techs) <= MAX_TECHNOLOGIES and len(techs) * len(rubric.criteria) <= MAX_SCORES:
        try:
            model = AssessmentSet.model_validate(data)
        except ValidationError:
            pass
        else:
            if not any(True for _ in check_assessments(model, rubric)):
                return model
    return load_assessments(text(), rubric, name)


def load_pair(rubric_source: Source, data_source: Source) -> tuple[Rubric, AssessmentSet]:
    rubric = load_rubric(rubric_source)
    return rubric, load_assessments(data_source, rubric)


def _check_size(doc: YamlDocument, rubric: Rubric) -> None:
    techs = doc.data.get("technologies") if isinstance(doc.data, dict) else None
    if not isinstance(techs, list):
        return  # the schema reports a missing or malformed list
    count, cells = len(techs), len(techs) * len(rubric.criteria)
    if count <= MAX_TECHNOLOGIES and cells <= MAX_SCORES:
        return
    message = say(
        "load.too_large",
        count=count,
        criteria=len(rubric.criteria),
        cells=cells,
        max_technologies=MAX_TECHNOLOGIES,
        max_scores=MAX_SCORES,
    )
    hint = say("load.too_large_hint")
    raise InputError([Problem(doc.name, "technologies", message, hint, doc.line_of(("technologies",)))])


def _raise_findings(doc: YamlDocument, findings: Iterable[Finding]) -> None:
    problems = [
        Problem(doc.name, join_path(list(path)), message, hint, doc.line_of(path)) for path, message, hint in findings
    ]
    if problems:
        raise InputError(problems)


def _validate(doc: YamlDocument, model: type[M]) -> M:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = [_problem_from_error(doc, model, err) for err in exc.errors(include_url=False)]
        raise InputError(problems) from None


# The same located problems for other readers of their own models (core/raters.py's rater files).
validate_model = _validate


def _problem_from_error(doc: YamlDocument, model: type[BaseModel], err: Any) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    message = err["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if kind == "missing":
        field = loc[-1]
        message = say("load.missing", field=field)
        hint = say("load.missing_hint", field=field)
    elif kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        message = say("load.unknown_key", key=loc[-1])
        hint = (
            say("check.did_you_mean_hint", name=close[0])
            if close
            else say("load.allowed_here_hint", names=", ".join(allowed))
        )
    else:
        got = err.get("input")
        if not isinstance(got, dict | list) and got is not None:
            message = say("load.got", message=message, value=got)
        hint = say("load.schema_hint")
    return Problem(doc.name, join_path(list(loc)), message, hint, doc.line_of(loc))


def _allowed_fields(model: type[BaseModel], loc: tuple[object, ...]) -> list[str]:
    """Follow `loc` through the model's annotations to list the keys allowed where an unknown key was found."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
        else:
            args = typing.get_args(current)
            if not args:
                return []
            current = args[-1]  # list[X] -> X, dict[K, V] -> V
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Optional[X] / X | None -> X."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation
