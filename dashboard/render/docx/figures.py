"""Figures for the Word briefing: the PDF's own vector drawings as PNG images, and each figure's data as a table.

Word shows raster images everywhere (SVG needs Word 2016 or later and a raster fallback anyway), so each drawing the
PDF draws is written as SVG by reportlab and rasterised by Typst's renderer (the `typst` wheel: no browser, nothing
downloaded), with the project's shipped fonts. The same drawing in both formats: the same bars, cells and labels.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Group

from dashboard import views
from dashboard.render.pdf.blocks import FIGURES
from dashboard.render.pdf.fonts import MPL_FONTS, SHIPPED

PPI = 200  # sharp when printed, a few hundred kilobytes per figure

# Typst's own source for one page exactly the size of the image; the SVG comes in as data, never as markup.
_PAGE = '#set page(width: auto, height: auto, margin: 0pt)\n#image(bytes(sys.inputs.svg), format: "svg")\n'


def drawing(kind: str, inputs: dict[str, Any], width_pt: float) -> Drawing | None:
    """The figure as the PDF draws it (None when the figure has nothing to show, e.g. no risk matrix)."""
    return FIGURES[kind](inputs, width_pt)  # type: ignore[return-value]


# reportlab writes its own font names into the SVG; Typst finds fonts by family (and weight).
_FAMILIES = {
    "font-family: DejaVuSans-Bold;": "font-family: 'DejaVu Sans'; font-weight: bold;",
    "font-family: DejaVuSans-Oblique;": "font-family: 'DejaVu Sans'; font-style: italic;",
    "font-family: DejaVuSans;": "font-family: 'DejaVu Sans';",
    "font-family: BriefArabic;": "font-family: 'Noto Naskh Arabic';",
    "font-family: BriefCJK;": "font-family: 'Briefing CJK Subset';",
}


PAD = 50  # points of room on the right: the PDF lets slanted column labels run into the margin


def svg(figure: Drawing) -> str:
    """The drawing as SVG, naming the fonts by their families, with room for labels that run past its edge (an
    SVG clips at its bounds where a PDF page does not)."""
    padded = Drawing(figure.width + PAD, figure.height)
    padded.add(Group(*figure.contents))
    out = renderSVG.drawToString(padded)
    for name, family in _FAMILIES.items():
        out = out.replace(name, family)
    return out


@cache
def _fonts() -> Any:
    """The fonts Typst may use, read once per process (reading them per figure cost 0.35 s each): DejaVu and the
    shipped script fonts, never the machine's own, so every machine draws the same image."""
    import typst  # imported on first use: only a Word briefing needs it

    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(MPL_FONTS), str(SHIPPED)]
    )


def png(figure: Drawing) -> bytes:
    import typst

    # The source goes in as bytes (a str would name a file); the stubs do not know the Fonts object.
    image: bytes = typst.compile(  # type: ignore[call-overload]
        _PAGE.encode(), format="png", ppi=PPI, font_paths=_fonts(), sys_inputs={"svg": svg(figure)}
    )
    return image


def data_frame(kind: str, inputs: dict[str, Any]) -> pd.DataFrame | None:
    """What the figure shows, as the table a reader who cannot see the image reads instead (the app's 'data' view).
    None for the radar: its criteria table follows it in the section already."""
    if kind == "ranked_bar":
        return views.ranking_frame(inputs["scores"], inputs.get("ids"))
    if kind == "heatmap":
        return views.heatmap_frame(views.heatmap(inputs["scores"], inputs.get("ids")))
    if kind == "risk_matrix":
        return views.matrix_frame(inputs["scores"])
    if kind == "rights":
        return views.rights_frame(inputs["scores"])
    return None


def alt_text(kind: str, inputs: dict[str, Any]) -> str:
    """What the figure shows, in words, for a reader who cannot see it."""
    return views.figure_alt_text(kind, inputs)
