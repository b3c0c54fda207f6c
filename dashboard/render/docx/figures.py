"""Figures for the Word briefing: the PDF's own vector drawings as PNG images, and each figure's data as a table.

Word shows raster images everywhere (SVG needs Word 2016 or later and a raster fallback anyway), so each drawing
the PDF draws is written as SVG (render/pdf/svg.py) and rasterised by Typst's renderer (the `typst` wheel: no
browser, nothing downloaded), with the project's shipped fonts. The same drawing in both formats: the same
bars, cells and labels.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd

from dashboard import views
from dashboard.render.pdf.fonts import MPL_FONTS, SHIPPED
from dashboard.render.pdf.svg import Svg, widened

PPI = 200  # sharp when printed, a few hundred kilobytes per figure

# Typst's own source: one page for each image, exactly the image's size. The SVGs come in as data, never as markup.
_PAGES = (
    "#set page(width: auto, height: auto, margin: 0pt)\n"
    '#for k in range(int(sys.inputs.count)) { if k > 0 { pagebreak() }; image(bytes(sys.inputs.at("svg" + str(k))),'
    ' format: "svg") }\n'
)
# Figures rasterised by one compile: a compile each cost the bundled briefing's seventeen figures a third more time,
# and one compile for all of them held twice the memory at 200 technologies (Typst keeps what a compile used for
# the next ones; 0.7 GB for 215 figures, 0.47 GB in batches of eight, 0.3 GB one at a time).
BATCH = 8
PAD = 50  # points of room on the right: the PDF lets slanted column labels run into the margin


@cache
def _fonts() -> Any:
    """The fonts Typst may use, read once per process (reading them per figure cost 0.35 s each): DejaVu and the
    shipped script fonts, never the machine's own, so every machine draws the same image."""
    import typst  # imported on first use: only a Word briefing needs it

    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(MPL_FONTS), str(SHIPPED)]
    )


def pngs(svgs: list[Svg]) -> list[bytes]:
    """Each drawing as a PNG image, in one compile (a page each): the same bytes as a compile each gives."""
    if not svgs:
        return []
    import typst

    inputs = {"count": str(len(svgs))} | {f"svg{k}": widened(svg, PAD) for k, svg in enumerate(svgs)}
    # The source goes in as bytes (a str would name a file); the stubs do not know the Fonts object.
    images: bytes | list[bytes] = typst.compile(  # type: ignore[call-overload]
        _PAGES.encode(), format="png", ppi=PPI, font_paths=_fonts(), sys_inputs=inputs
    )
    return [images] if isinstance(images, bytes) else images  # one page comes back as bytes, not a list


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
