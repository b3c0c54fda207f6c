"""Fonts for the briefing: DejaVu from matplotlib's package for Latin text, and fonts shipped with the project for
Arabic script (Noto Naskh Arabic, for Urdu) and CJK (a GB 2312 subset of Noto Sans CJK SC), so every script prints
on a machine set up by README alone (licences: dashboard/static/fonts/OFL.txt). Typst reads the same files
(document.py) and shapes the text itself.

Here they are registered with reportlab for the charts (figures.py), which measure their labels to place them: each
label is split into runs by script, each run in a font that covers it (`runs`). A drawing handed to Typst as SVG
keeps Arabic-script text as typed (`drawn_as_typed`); a drawing reportlab itself would place, which cannot shape,
gets it joined (arabic-reshaper) and in right-to-left visual order (python-bidi).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

# matplotlib ships DejaVu; its data folder is found without importing matplotlib (a quarter second saved).
_MPL = importlib.util.find_spec("matplotlib")
MPL_FONTS = Path(_MPL.origin if _MPL and _MPL.origin else "").parent / "mpl-data" / "fonts" / "ttf"
SHIPPED = Path(__file__).resolve().parents[2] / "static" / "fonts"  # dashboard/static/fonts
BASE, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
ARABIC_CANDIDATES = [
    str(SHIPPED / "NotoNaskhArabic-Regular.ttf"),
    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    str(MPL_FONTS / "DejaVuSans.ttf"),  # DejaVu covers the basic Arabic block
]
CJK_CANDIDATES = [
    (str(SHIPPED / "BriefingCJK-Subset.ttf"), 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
]
_ARABIC_CHARS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
# A run of Arabic-script words with the spaces between them: laid out as one right-to-left run.
ARABIC = re.compile(rf"[{_ARABIC_CHARS}]+(?:\s+[{_ARABIC_CHARS}]+)*")
CJK = re.compile(
    r"[\u2E80-\u2FFF\u3000-\u303F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF"
    r"\uFF00-\uFFEF]+"
)


# Drawings placed in a PDF by reportlab need Arabic-script text pre-shaped in visual order; drawings handed to an
# engine that shapes text itself (SVG for Typst) need it as typed, in logical order.
_SHAPE_IN_DRAWINGS: ContextVar[bool] = ContextVar("shape_in_drawings", default=True)


@contextmanager
def drawn_as_typed() -> Iterator[None]:
    """Within this block, drawings keep Arabic-script text as typed (logical order, unjoined) for an engine that
    shapes it."""
    token = _SHAPE_IN_DRAWINGS.set(False)
    try:
        yield
    finally:
        _SHAPE_IN_DRAWINGS.reset(token)


@cache
def register() -> dict[str, str | None]:
    """Register the Latin fonts once per process. The script fonts load on first use (`script_font`): the CJK
    subset alone takes most of a second to read, and most briefings never need it."""
    pdfmetrics.registerFont(TTFont(BASE, str(MPL_FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(MPL_FONTS / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(ITALIC, str(MPL_FONTS / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily(BASE, normal=BASE, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    return {"base": BASE}


@cache
def script_font(script: str) -> str | None:
    """The font for 'arabic' or 'cjk' text, registered the first time a briefing needs it (None: none found)."""
    register()
    if script == "cjk":
        return cjk_font(CJK_CANDIDATES)
    for path in ARABIC_CANDIDATES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont("BriefArabic", path, shapable=False))
            return "BriefArabic"
    return None


def cjk_font(candidates: list[tuple[str, int]]) -> str:
    """An installed CJK TrueType font if there is one; else reportlab's built-in Adobe CID font, which needs no
    font file (viewers supply the glyphs), so Chinese names still print and stay searchable."""
    for path, index in candidates:
        if Path(path).exists():
            try:
                pdfmetrics.registerFont(TTFont("BriefCJK", path, subfontIndex=index, shapable=False))
            except Exception:  # a damaged or unsupported font file: try the next one
                continue
            return "BriefCJK"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def visual(run: str) -> str:
    """An Arabic-script run as drawn: joined presentation forms, in right-to-left visual order."""
    # Imported on first use: most briefings have no Arabic-script text, and arabic-reshaper loads fontTools.
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(run))


def runs(text: str, font: str = BASE) -> list[tuple[str, str]]:
    """Text for a drawing (chart labels), which reportlab cannot shape: (text, font) runs left to right.

    Arabic-script runs are drawn as `visual` gives them; CJK runs get the CJK font; the rest keeps `font`.
    """
    register()
    out: list[tuple[str, str]] = []
    pos = 0
    matches = []
    for pattern, key in ((ARABIC, "arabic"), (CJK, "cjk")):
        found = list(pattern.finditer(text))
        if found and script_font(key):
            matches += [(m.start(), m.end(), key) for m in found]
    for start, end, key in sorted(matches):
        if start < pos:
            continue
        if start > pos:
            out.append((text[pos:start], font))
        run = text[start:end]
        if key == "arabic" and _SHAPE_IN_DRAWINGS.get():
            run = visual(run)
        out.append((run, script_font(key) or font))
        pos = end
    if pos < len(text):
        out.append((text[pos:], font))
    return out or [("", font)]
