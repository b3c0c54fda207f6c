"""Scripts in Word runs: text split into Latin, Arabic-script (Urdu) and CJK (Chinese) runs, each then marked with
its language and font (wordml.run) so Word and LibreOffice shape, order and print it (Word shapes Arabic script
itself, unlike the PDF, so the text goes in as typed, in logical order)."""

from __future__ import annotations

import re

from dashboard.render.pdf.fonts import ARABIC, CJK

LATIN, URDU, CHINESE = "latin", "ur", "zh"
ARABIC_FONT = "Noto Naskh Arabic"
CJK_FONT = "Noto Sans CJK SC"
_SPLIT = re.compile(f"({ARABIC.pattern}|{CJK.pattern})")

__all__ = ["ARABIC", "ARABIC_FONT", "CHINESE", "CJK_FONT", "LATIN", "URDU", "script_runs"]


def script_runs(text: str) -> list[tuple[str, str]]:
    """(piece, script) in reading order; empty pieces dropped."""
    if text.isascii():  # most of a briefing: no script to find
        return [(text, LATIN)] if text else []
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
