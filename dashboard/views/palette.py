"""Colours every renderer uses: level colours, series colours and markers, text that stays legible on a fill."""

from __future__ import annotations

import itertools

# Sequential level colours (ColorBrewer OrRd-like), from the lowest level to the highest.
LEVEL_SCALE = [(0.0, "#F7F7F7"), (0.25, "#FEE8C8"), (0.5, "#FDBB84"), (0.75, "#E34A33"), (1.0, "#7F0000")]
SERIES = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]  # Okabe-Ito
SERIES_DASH = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SERIES_MARKER = ["circle", "square", "diamond", "triangle-up", "x", "cross"]
DEFAULT_REACH = 3  # a technology whose scale of deployment is not known is drawn mid-sized


def bubble_scale(reach: float) -> float:
    """Relative bubble diameter for a scale of deployment 1-5: each renderer multiplies it by its own unit."""
    return 1.0 + reach / 2.0


RADAR_MAX_AXES = 16  # beyond this (the bundled rubric has 16) a radar is unreadable: grouped bars instead


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in rgb)


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_on(fill: str) -> str:
    """Black or white text, whichever contrasts more with the fill (WCAG contrast ratio): one rule everywhere."""
    lum = luminance(fill)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"


def level_colour(value: float, floor: float, ceiling: float) -> str:
    t = 0.0 if ceiling == floor else min(1.0, max(0.0, (value - floor) / (ceiling - floor)))
    for (p0, c0), (p1, c1) in itertools.pairwise(LEVEL_SCALE):
        if t <= p1:
            f = (t - p0) / (p1 - p0) if p1 > p0 else 0.0
            a, b = _rgb(c0), _rgb(c1)
            return _hex(tuple(x + (y - x) * f for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]
    return LEVEL_SCALE[-1][1]
