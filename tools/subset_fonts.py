"""Make the fonts the PDF briefing ships with (dashboard/static/fonts), from Debian's Noto packages.

Run once by a maintainer, not at run time:  python tools/subset_fonts.py
- Noto Naskh Arabic (fonts-noto-core) is copied as is: TrueType, small.
- Noto Sans CJK SC (fonts-noto-cjk) is a 20 MB CFF collection, which reportlab cannot embed. It is subset to the
  6,763 Chinese characters of GB 2312, kana, CJK punctuation and full-width forms, and its cubic outlines are
  converted to TrueType quadratics, giving a file reportlab embeds.
All are under the SIL Open Font Licence 1.1 (OFL.txt beside them). The subset is renamed, as the OFL asks of a
modified version.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

OUT = Path(__file__).resolve().parent.parent / "dashboard" / "static" / "fonts"
NASKH = Path("/usr/share/fonts/truetype/noto")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
MAX_ERR = 1.0  # font units: cubic-to-quadratic tolerance


def gb2312() -> set[int]:
    chars = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return chars


def wanted() -> set[int]:
    ranges = [(0x3000, 0x303F), (0x3040, 0x30FF), (0xFF00, 0xFFEF), (0x0020, 0x007E)]
    return gb2312() | {c for lo, hi in ranges for c in range(lo, hi + 1)}


def simplified_face() -> TTFont:
    for font in TTCollection(str(CJK)).fonts:
        if "SC" in str(font["name"].getDebugName(4)):
            return font
    raise SystemExit("Noto Sans CJK SC not found in the collection")


def cff_to_glyf(font: TTFont) -> None:
    """Replace CFF outlines with TrueType ones (quadratic), as reportlab embeds only TrueType."""
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in font.getGlyphOrder():
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    font["head"].indexToLocFormat = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True


def rename(font: TTFont, family: str) -> None:
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6, 16):
            value = family if record.nameID in (1, 16) else f"{family} Regular"
            if record.nameID == 6:
                value = family.replace(" ", "") + "-Regular"
            record.string = value


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"):
        shutil.copy(NASKH / name, OUT / name)
    font = simplified_face()
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted())
    subsetter.subset(font)
    cff_to_glyf(font)
    rename(font, "Briefing CJK Subset")
    font.save(OUT / "BriefingCJK-Subset.ttf")
    print({p.name: p.stat().st_size for p in OUT.glob("*.ttf")})


if __name__ == "__main__":
    main()
