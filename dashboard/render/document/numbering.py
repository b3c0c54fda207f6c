"""Numbers that keep themselves: chapters, sections, figures and tables numbered in the order they are declared.

Every section declares what it will number before anything is rendered, so a sentence on page 1 can point to a
figure on page 5. Rendering then asks for the number of a declared key. A key rendered without being declared, or
declared and never rendered, is an error: the references in the text and the labels on the page cannot drift.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field


@dataclass
class Numbering:
    _numbers: dict[str, str] = field(default_factory=dict)
    _titles: dict[str, str] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)
    _chapters: int = 0
    _annexes: int = 0
    _sections: dict[str, int] = field(default_factory=dict)  # chapter key -> sections declared in it
    _figures: int = 0
    _tables: int = 0

    def _add(self, key: str, number: str, title: str = "") -> None:
        if key in self._numbers:
            raise ValueError(f"'{key}' is numbered twice")
        self._numbers[key] = number
        self._titles[key] = title

    # Declaring: in document order.
    def chapter(self, key: str, title: str) -> None:
        self._chapters += 1
        self._add(key, str(self._chapters), title)

    def annex(self, key: str, title: str) -> None:
        self._annexes += 1
        self._add(key, f"Annex {string.ascii_uppercase[self._annexes - 1]}", title)

    def section(self, key: str, title: str, chapter: str) -> None:
        self._sections[chapter] = self._sections.get(chapter, 0) + 1
        self._add(key, f"{self._numbers[chapter]}.{self._sections[chapter]}", title)

    def figure(self, key: str, within: str | None = None) -> None:
        """A figure numbered in the document (Figure 3), or after the section it belongs to (Figure 3.2)."""
        if within is None:
            self._figures += 1
        self._add(key, f"Figure {self._numbers[within] if within else self._figures}")

    def table(self, key: str, within: str | None = None) -> None:
        if within is None:
            self._tables += 1
        self._add(key, f"Table {self._numbers[within] if within else self._tables}")

    # Rendering and referring.
    def ref(self, key: str) -> str:
        """The number of a declared item, for a reference from elsewhere in the text."""
        return self._numbers[key]

    def label(self, key: str) -> str:
        """The number printed with the item itself: marks the item as rendered."""
        self._used.add(key)
        return self._numbers[key]

    def title(self, key: str) -> str:
        return self._titles[key]

    def has(self, key: str) -> bool:
        return key in self._numbers

    def unrendered(self) -> list[str]:
        """Declared items that were never rendered: each would be a dangling reference."""
        return [k for k in self._numbers if k not in self._used]
