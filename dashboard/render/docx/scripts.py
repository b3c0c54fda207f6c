"""Scripts in Word runs: text split into Latin, Arabic-script (Urdu) and CJK (Chinese) runs, each marked with its
language and font so Word and LibreOffice shape, order and print it (Word shapes Arabic script itself, unlike the
PDF, so the text goes in as typed, in logical order)."""

from __future__ import annotations

import re
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from dashboard.render.pdf.fonts import ARABIC, CJK

LATIN, URDU, CHINESE = "latin", "ur", "zh"
ARABIC_FONT = "Noto Naskh Arabic"
CJK_FONT = "Noto Sans CJK SC"
_SPLIT = re.compile(f"({ARABIC.pattern}|{CJK.pattern})")

__all__ = ["ARABIC", "ARABIC_FONT", "CHINESE", "CJK_FONT", "LATIN", "URDU", "mark_script", "script_runs"]


def script_runs(text: str) -> list[tuple[str, str]]:
    """(piece, script) in reading order; empty pieces dropped."""
    out = []
    for piece in _SPLIT.split(text):
        if not piece:
            continue
        if ARABIC.fullmatch(piece):
            out.append((piece, URDU))
        elif CJK.fullmatch(piece):
            out.append((piece, CHINESE))
        else:
            out.append((piece, LATIN))
    return out


def mark_script(run: Any, script: str) -> None:
    """Language and font for a run in Urdu or Chinese; right to left for Urdu."""
    if script == LATIN:
        return
    r_pr = run._r.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    lang = OxmlElement("w:lang")
    if script == URDU:
        fonts.set(qn("w:cs"), ARABIC_FONT)
        r_pr.append(OxmlElement("w:rtl"))
        lang.set(qn("w:bidi"), "ur-PK")
    else:
        fonts.set(qn("w:eastAsia"), CJK_FONT)
        fonts.set(qn("w:hint"), "eastAsia")
        lang.set(qn("w:eastAsia"), "zh-CN")
    r_pr.append(lang)
