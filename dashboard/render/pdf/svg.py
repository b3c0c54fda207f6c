"""Figures as SVG for Typst: the reportlab vector drawings (figures.py) written as SVG, text kept as text in the
fonts Typst is given, Arabic-script labels as typed so Typst's text engine joins and orders them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.graphics import renderSVG

from dashboard.render.document.blocks import Figure
from dashboard.render.pdf.figures import FIGURES
from dashboard.render.pdf.fonts import drawn_as_typed

# reportlab's font names -> the family (and weight) Typst knows the same font by.
FAMILIES = {
    "DejaVuSans": "font-family: DejaVu Sans;",
    "DejaVuSans-Bold": "font-family: DejaVu Sans; font-weight: bold;",
    "DejaVuSans-Oblique": "font-family: DejaVu Sans; font-style: oblique;",
    "BriefArabic": "font-family: Noto Naskh Arabic;",
    "BriefCJK": "font-family: Briefing CJK Subset;",
    "STSong-Light": "font-family: Briefing CJK Subset;",
}
_FAMILY = re.compile(r"font-family: ([\w-]+);")
# reportlab writes a placeholder title and description; the figure's words are its alt text in the PDF's tags.
_PLACEHOLDERS = re.compile(r"\s*<title>\.\.\.</title>\s*<desc>\.\.\.</desc>")


@dataclass(frozen=True)
class Svg:
    text: str
    width: float  # points
    height: float


def figure_svg(figure: Figure, width: float) -> Svg | None:
    """The figure drawn `width` points wide, as SVG; None when there is nothing to draw (no risk matrix axes)."""
    with drawn_as_typed():
        drawing = FIGURES[figure.kind](figure.inputs, width)
    if drawing is None:
        return None
    text = renderSVG.drawToString(drawing)
    text = _FAMILY.sub(lambda m: FAMILIES.get(m.group(1), m.group(0)), text)
    # reportlab clips the drawing to its box; a long label may reach past it, as it may on reportlab's own pages.
    text = text.replace(' style="clip-path: url(#clip)"', "", 1)
    return Svg(_PLACEHOLDERS.sub("", text, count=1), float(drawing.width), float(drawing.height))
