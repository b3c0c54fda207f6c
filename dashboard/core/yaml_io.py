"""Read YAML defensively: hostile or broken input becomes located `Problem`s, never a traceback or a hang.

Guards, in the order they apply: file size, UTF-8 decoding, emptiness, YAML syntax, one document only, safe tags
only (no `!!python/object`), alias expansion (billion-laughs), nesting depth, duplicate keys, a mapping at the top.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dashboard.core.problems import InputError, Problem, join_path
from dashboard.settings import MAX_BYTES, MAX_DEPTH, MAX_NODES
from dashboard.words import say

Location = tuple[object, ...]


@dataclass
class YamlDocument:
    """Parsed data plus where each path came from, so later checks can cite a line."""

    name: str
    data: dict[str, Any]
    lines: dict[Location, int]

    def line_of(self, path: Location) -> int | None:
        """The line of `path`, or of its closest ancestor that has one."""
        parts = tuple(path)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return None


def read_yaml_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> YamlDocument:
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError([_unreadable(name, exc)]) from None
    if size > max_bytes:
        raise InputError([_too_big(name, size, max_bytes)])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([_unreadable(name, exc)]) from None
    return parse_yaml_bytes(raw, name, max_bytes=max_bytes)


def parse_yaml_bytes(raw: bytes, name: str, *, max_bytes: int = MAX_BYTES) -> YamlDocument:
    if len(raw) > max_bytes:
        raise InputError([_too_big(name, len(raw), max_bytes)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    name,
                    "",
                    say("yaml.not_utf8", position=exc.start, byte=raw[exc.start]),
                    say("yaml.not_utf8_hint"),
                    line,
                )
            ]
        ) from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise InputError([Problem(name, "", say("yaml.empty"), say("yaml.empty_hint"))])
    return _parse_text(text, name)


def _too_big(name: str, size: int, limit: int) -> Problem:
    return Problem(name, "", say("yaml.too_big", size=size, limit=limit), say("yaml.too_big_hint"))


def _unreadable(name: str, exc: OSError) -> Problem:
    return Problem(name, "", say("yaml.unreadable", reason=exc.strerror), say("yaml.unreadable_hint"))


# libyaml's C parser when PyYAML was built with it (several times faster); same safe constructor either way.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_text(text: str, name: str) -> YamlDocument:
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError([Problem(name, "", say("yaml.empty"), say("yaml.empty_document_hint"))])
        lines, problems = _index(node, name)
        if problems:
            raise InputError(problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        hint = say("yaml.syntax_hint")
        if isinstance(exc, yaml.constructor.ConstructorError):
            hint = say("yaml.tag_hint")
        elif "expected a single document" in message:  # PyYAML's words, not ours
            hint = say("yaml.single_document_hint")
        raise InputError([Problem(name, "", say("yaml.syntax", detail=message), hint, line)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(name, "", say("yaml.syntax", detail=exc), say("yaml.other_syntax_hint"))]) from None
    except RecursionError:
        raise InputError(
            [Problem(name, "", say("yaml.too_deep"), say("yaml.too_deep_hint", depth=MAX_DEPTH))]
        ) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else say("yaml.not_mapping_nothing")
        raise InputError([Problem(name, "", say("yaml.not_mapping", kind=kind), say("yaml.not_mapping_hint"), 1)])
    return YamlDocument(name, data, lines)


def _index(root: yaml.Node, name: str) -> tuple[dict[Location, int], list[Problem]]:
    """Walk the node graph (aliases expanded) iteratively: record lines, find duplicate keys, stop bombs."""
    lines: dict[Location, int] = {}
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, Location]] = [(root, ())]
    visited = 0
    while stack:
        node, path = stack.pop()
        visited += 1
        if visited > MAX_NODES:
            return lines, [
                Problem(
                    name,
                    "",
                    say("yaml.too_many_values", limit=MAX_NODES),
                    say("yaml.too_many_values_hint"),
                )
            ]
        if len(path) > MAX_DEPTH:
            return lines, [
                Problem(
                    name,
                    "",
                    say("yaml.too_deep"),
                    say("yaml.too_deep_alias_hint", depth=MAX_DEPTH),
                    node.start_mark.line + 1,
                )
            ]
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    stack.append((value_node, path))
                    continue
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
                line = key_node.start_mark.line + 1
                if key in seen:
                    problems.append(
                        Problem(
                            name,
                            join_path(list(path + (key,))),
                            say("yaml.duplicate_key", key=key, first=seen[key]),
                            say("yaml.duplicate_key_hint"),
                            line,
                        )
                    )
                seen[key] = line
                child = path + (key,)
                lines.setdefault(child, line)
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                child = path + (i,)
                lines.setdefault(child, item.start_mark.line + 1)
                stack.append((item, child))
    return lines, problems
