"""The briefing's sections, in document order. Each declares what it numbers, then writes its blocks."""

from __future__ import annotations

from typing import Protocol

from dashboard.render.document.blocks import Block
from dashboard.render.document.context import Context
from dashboard.render.document.sections import annexes, cover, executive, overview, technologies


class Section(Protocol):
    def declare(self, ctx: Context) -> None: ...

    def render(self, ctx: Context) -> list[Block]: ...


SECTIONS: tuple[Section, ...] = (cover, executive, overview, technologies, annexes)
SECTION_NAMES = ("cover", "executive", "overview", "technologies", "annexes")  # as render/progress.py names the steps

__all__ = ["SECTIONS", "SECTION_NAMES", "Section"]
