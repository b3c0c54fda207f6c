"""Fonts for the briefing: DejaVu from matplotlib's package for Latin text, and script fallbacks for Arabic-script
(Urdu) and CJK (Chinese) names found on the system. Arabic shaping uses uharfbuzz through reportlab.

User text is escaped (so `<`, `&` and `>` appear as typed) and split into runs by script, each run in a font that
covers it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

MPL_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
BASE, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
ARABIC_CANDIDATES = [
    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    str(MPL_FONTS / "DejaVuSans.ttf"),  # DejaVu covers the basic Arabic block
]
CJK_CANDIDATES = [
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
]
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+")
CJK = re.compile(
    r"[\u2E80-\u2FFF\u3000-\u303F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF"
    r"\uFF00-\uFFEF]+"
)


@cache
def register() -> dict[str, str | None]:
    """Register the fonts once per process; returns the name used for each script (None: not available)."""
    pdfmetrics.registerFont(TTFont(BASE, str(MPL_FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(MPL_FONTS / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(ITALIC, str(MPL_FONTS / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily(BASE, normal=BASE, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    names: dict[str, str | None] = {"base": BASE, "arabic": None, "cjk": None}
    for path in ARABIC_CANDIDATES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont("BriefArabic", path))
            names["arabic"] = "BriefArabic"
            break
    names["cjk"] = cjk_font(CJK_CANDIDATES)
    return names


def cjk_font(candidates: list[tuple[str, int]]) -> str:
    """An installed CJK TrueType font if there is one; else reportlab's built-in Adobe CID font, which needs no
    font file (viewers supply the glyphs), so Chinese names still print and stay searchable."""
    for path, index in candidates:
        if Path(path).exists():
            try:
                pdfmetrics.registerFont(TTFont("BriefCJK", path, subfontIndex=index))
            except Exception:  # a damaged or unsupported font file: try the next one
                continue
            return "BriefCJK"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def markup(text: object) -> str:
    """User text as safe Paragraph markup: escaped, with Arabic-script and CJK runs in fonts that cover them."""
    fonts = register()
    out = escape(str(text if text is not None else ""))
    for pattern, key in ((ARABIC, "arabic"), (CJK, "cjk")):
        if fonts[key]:
            out = pattern.sub(lambda m, f=fonts[key]: f'<font name="{f}">{m.group(0)}</font>', out)
    return out
