"""The words readers see, by code: one catalogue file per language (`en.toml`), read once.

Code never writes a sentence; it names an entry and its parameters, `say("yaml.too_big", size=n, limit=m)`, and the
catalogue holds the sentence, `"the file is {size:,} bytes, over the {limit:,}-byte limit"` (`str.format` fields).
A missing entry or parameter, or a parameter the entry does not use, is an error, never a half-filled sentence.
This package imports nothing from the dashboard, so every layer may use it (pyproject.toml's layers contract).

A second language is a second file beside `en.toml` with the same codes and the same fields in each entry;
`read_catalogue` refuses one that differs from English, so a translation cannot silently lack a sentence.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LANGUAGE = "en"  # the reference catalogue: every other language has exactly its codes


class WordsError(LookupError):
    """A code the catalogue lacks, a parameter missing or unexpected, or a catalogue file that is malformed."""


def fields(template: str) -> frozenset[str]:
    """The parameters an entry uses: `"{name} has {n:,} items"` -> {"name", "n"}."""
    names = set()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            if not field or field.isdigit():
                raise WordsError(f"{template!r}: name every field, e.g. '{{count}}'")
            names.add(field.split(".")[0].split("[")[0])
    return frozenset(names)


@dataclass(frozen=True)
class Catalogue:
    """One language's entries by code, and the fields each entry uses."""

    language: str
    entries: Mapping[str, str]
    params: Mapping[str, frozenset[str]]

    def say(self, code: str, /, **params: object) -> str:
        """The entry `code` filled with `params`; each field must be given, and nothing else."""
        template = self.entries.get(code)
        if template is None:
            raise WordsError(f"no entry '{code}' in the '{self.language}' catalogue")
        wanted, given = self.params[code], set(params)
        if wanted != given:
            missing, extra = sorted(wanted - given), sorted(given - wanted)
            raise WordsError(f"entry '{code}' takes {sorted(wanted)}; missing {missing}, unexpected {extra}")
        return template.format(**params)

    def table(self, prefix: str) -> dict[str, str]:
        """Every entry under `prefix`, by the rest of its code, in catalogue order: `table("scenario")`."""
        start = prefix + "."
        found = {code[len(start) :]: text for code, text in self.entries.items() if code.startswith(start)}
        if not found:
            raise WordsError(f"no entries under '{prefix}' in the '{self.language}' catalogue")
        return found


def _flatten(data: Mapping[str, Any], prefix: str, out: dict[str, str], path: Path) -> None:
    for key, value in data.items():
        code = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, code + ".", out, path)
        elif isinstance(value, str):
            out[code] = value
        else:
            raise WordsError(f"{path.name}: '{code}' must be text, not {type(value).__name__}")


def read_catalogue(path: Path, reference: Catalogue | None = None) -> Catalogue:
    """A catalogue file; with `reference`, it must have exactly the reference's codes and each entry its fields."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WordsError(f"{path.name}: {exc}") from None
    entries: dict[str, str] = {}
    _flatten(data, "", entries, path)
    params = {code: fields(text) for code, text in entries.items()}
    if reference is not None:
        missing = sorted(set(reference.entries) - set(entries))
        extra = sorted(set(entries) - set(reference.entries))
        if missing or extra:
            raise WordsError(f"{path.name}: missing {missing}, not in '{reference.language}': {extra}")
        differ = sorted(code for code in entries if params[code] != reference.params[code])
        if differ:
            raise WordsError(f"{path.name}: fields differ from '{reference.language}' in {differ}")
    return Catalogue(path.stem, entries, params)


@cache
def catalogue(language: str = LANGUAGE) -> Catalogue:
    """The catalogue of `language`, read once; any language but the reference is checked against it."""
    reference = None if language == LANGUAGE else catalogue(LANGUAGE)
    return read_catalogue(HERE / f"{language}.toml", reference)


def say(code: str, /, **params: object) -> str:
    """The words for `code` with `params` filled in (see `Catalogue.say`)."""
    return catalogue().say(code, **params)


def table(prefix: str) -> dict[str, str]:
    """Every entry under `prefix` by the rest of its code (see `Catalogue.table`)."""
    return catalogue().table(prefix)
