"""The briefing's sections, in document order. Each declares what it numbers, then renders its flowables."""

from __future__ import annotations

from typing import Protocol

from reportlab.platypus import Flowable

from dashboard.render.pdf.context import Context
from dashboard.render.pdf.sections import annexes, cover, executive, overview, technologies


class Section(Protocol):
    def declare(self, ctx: Context) -> None: ...

    def render(self, ctx: Context) -> list[Flowable]: ...


SECTIONS: tuple[Section, ...] = (cover, executive, overview, technologies, annexes)

__all__ = ["SECTIONS", "Section"]
