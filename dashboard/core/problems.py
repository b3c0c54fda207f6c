"""Located, collected input problems.

Every loader and checker reports *all* it finds as `Problem`s, each naming the file, the line where known, the
path inside the document and a hint, so a user can fix a file in one pass instead of one error per run.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str
    hint: str = ""
    line: int | None = None

    def format(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        place = f" at {self.path}" if self.path else ""
        hint = f" Hint: {self.hint}" if self.hint else ""
        return f"{where}{place}: {self.message}.{hint}"


@dataclass
class InputError(Exception):
    """Raised when a file cannot be used; carries every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)


def join_path(parts: tuple[object, ...] | list[object]) -> str:
    """Render a location as `technologies[3].scores.chilling_effect.level`."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
