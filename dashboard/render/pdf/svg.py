"""Figures as SVG for Typst: the reportlab vector drawings (figures.py) written as SVG, text kept as text in the
fonts Typst is given, Arabic-script labels as typed so Typst's text engine joins and orders them.

The drawings use six shapes (rectangles, lines, circles, polygons, strings and transformed groups), written here
directly: reportlab's own SVG renderer builds a DOM and took most of a second for a briefing's seventeen figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, Shape, String
from reportlab.lib.colors import Color

from dashboard.render.document.blocks import Figure
from dashboard.render.pdf.figures import BACKDROP, FIGURES
from dashboard.render.pdf.fonts import drawn_as_typed

# reportlab's font names -> the family (and weight) Typst knows the same font by.
FAMILIES = {
    "DejaVuSans": 'font-family="DejaVu Sans"',
    "DejaVuSans-Bold": 'font-family="DejaVu Sans" font-weight="bold"',
    "DejaVuSans-Oblique": 'font-family="DejaVu Sans" font-style="oblique"',
    "BriefArabic": 'font-family="Noto Naskh Arabic"',
    "BriefCJK": 'font-family="Briefing CJK Subset"',
    "STSong-Light": 'font-family="Briefing CJK Subset"',
}
ANCHORS = {"start": "start", "middle": "middle", "end": "end", "numeric": "end"}


@dataclass(frozen=True)
class Svg:
    text: str
    width: float  # points
    height: float
    # The same drawing in two layers of the same size, when its first part is a backdrop shared by many figures
    # (a radar's rings and labels): the backdrop, then what is drawn over it. Typst reads an SVG's text into glyph
    # outlines, most of a large briefing's figure memory and time; a backdrop repeated byte for byte is read once.
    layers: tuple[str, str] | None = None


def figure_svg(figure: Figure, width: float) -> Svg | None:
    """The figure drawn `width` points wide, as SVG; None when there is nothing to draw (no risk matrix axes)."""
    with drawn_as_typed():
        drawing = FIGURES[figure.kind](figure.inputs, width)
    if drawing is None:
        return None
    w, h = float(drawing.width), float(drawing.height)
    layers = None
    backdrop = getattr(drawing, BACKDROP, None)
    if backdrop is not None and drawing.contents and drawing.contents[0] is backdrop:
        layers = (_svg(w, h, [backdrop]), _svg(w, h, drawing.contents[1:]))
    return Svg(to_svg(drawing), w, h, layers)


def _size(w: float, h: float) -> str:
    return f'width="{_n(w)}" height="{_n(h)}" viewBox="0 0 {_n(w)} {_n(h)}"'


def widened(svg: Svg, right: float) -> str:
    """The SVG with `right` points of room beyond its right edge, for labels that run past it: a page lets them run
    into the margin, but an SVG on its own (an image) clips at its bounds."""
    return svg.text.replace(_size(svg.width, svg.height), _size(svg.width + right, svg.height), 1)


def to_svg(drawing: Drawing) -> str:
    """A drawing as SVG text (y up, as reportlab draws, flipped once at the top)."""
    return _svg(float(drawing.width), float(drawing.height), drawing.contents)


def _svg(w: float, h: float, shapes: list[Shape]) -> str:
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" {_size(w, h)}>',
        f'<g transform="matrix(1 0 0 -1 0 {_n(h)})">',
    ]
    for shape in shapes:
        _shape(shape, out)
    out.append("</g></svg>")
    return "".join(out)


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _colour(colour: Color | None) -> str:
    if colour is None:
        return "none"
    r, g, b = (min(255, max(0, round(v * 255))) for v in colour.rgb())
    return f"#{r:02x}{g:02x}{b:02x}"


def _paint(shape: Shape, fill: bool = True) -> str:
    parts = [f'fill="{_colour(getattr(shape, "fillColor", None)) if fill else "none"}"']
    stroke = getattr(shape, "strokeColor", None)
    width = getattr(shape, "strokeWidth", 1)
    if stroke is None or not width:
        parts.append('stroke="none"')
    else:
        parts.append(f'stroke="{_colour(stroke)}" stroke-width="{_n(width)}"')
        if dash := getattr(shape, "strokeDashArray", None):
            parts.append(f'stroke-dasharray="{" ".join(_n(d) for d in dash)}"')
    return " ".join(parts)


def _shape(shape: Shape, out: list[str]) -> None:
    if isinstance(shape, Group):
        matrix = " ".join(_n(v) for v in shape.transform)
        out.append(f'<g transform="matrix({matrix})">')
        for child in shape.contents:
            _shape(child, out)
        out.append("</g>")
    elif isinstance(shape, Rect):
        out.append(
            f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.width)}" height="{_n(shape.height)}" '
            f"{_paint(shape)}/>"
        )
    elif isinstance(shape, Line):
        out.append(
            f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" y2="{_n(shape.y2)}" '
            f"{_paint(shape, fill=False)}/>"
        )
    elif isinstance(shape, Circle):
        out.append(f'<circle cx="{_n(shape.cx)}" cy="{_n(shape.cy)}" r="{_n(shape.r)}" {_paint(shape)}/>')
    elif isinstance(shape, Polygon):
        points = " ".join(_n(v) for v in shape.points)
        out.append(f'<polygon points="{points}" {_paint(shape)}/>')
    elif isinstance(shape, String):
        family = FAMILIES.get(shape.fontName, f"font-family={quoteattr(shape.fontName)}")
        out.append(
            f'<text transform="matrix(1 0 0 -1 {_n(shape.x)} {_n(shape.y)})" {family} '
            f'font-size="{_n(shape.fontSize)}" fill="{_colour(shape.fillColor)}" '
            f'text-anchor="{ANCHORS.get(shape.textAnchor, "start")}" xml:space="preserve">{escape(shape.text)}</text>'
        )
    else:
        raise TypeError(f"no SVG for {type(shape).__name__}; the figures draw Rect, Line, Circle, Polygon, String")
