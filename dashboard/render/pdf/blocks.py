"""Blocks -> reportlab flowables: the PDF's rendering of the renderer-neutral briefing (render/document/blocks.py).

Every piece of text passes through `markup()` (escaped, Arabic-script and CJK runs in fonts that cover them); runs
become bold or coloured spans; figures are drawn from their views by figures.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer
from reportlab.platypus import KeepTogether as KeepTogetherFlowable
from reportlab.platypus import PageBreak as PageBreakFlowable

from dashboard.render.document import blocks as B
from dashboard.render.pdf import figures
from dashboard.render.pdf.fonts import markup
from dashboard.render.pdf.layout import TEXT_W, Para, bullets, table

# Paragraph roles and heading levels -> the styles in layout.styles().
ROLE_STYLE = {"cell_header": "cellb"}
HEADING_STYLE = {1: "H1", 2: "H2", 3: "H3"}


def _figure_radar(inputs: dict[str, Any], width: float) -> Flowable:
    return figures.radar(inputs["series"], inputs["rubric"], width)


# Each figure kind the document names, drawn at a width in points.
FIGURES: dict[str, Callable[[dict[str, Any], float], Flowable | None]] = {
    "ranked_bar": lambda i, w: figures.ranked_bar(i["scores"], w, i.get("ids")),
    "heatmap": lambda i, w: figures.heatmap(i["scores"], w, i.get("ids")),
    "risk_matrix": lambda i, w: figures.risk_matrix(i["scores"], w),
    "rights": lambda i, w: figures.rights_chart(i["scores"], w),
    "radar": _figure_radar,
}


def inline(parts: tuple[B.Inline, ...]) -> str:
    """A paragraph's parts as reportlab's paragraph markup, every text escaped."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(markup(part))
        elif isinstance(part, B.Break):
            out.append("<br/>")
        else:
            text = markup(part.text)
            if part.colour:
                text = f"<font color='{part.colour}'>{text}</font>"
            out.append(f"<b>{text}</b>" if part.bold else text)
    return "".join(out)


def _widths(widths: tuple[float | None, ...]) -> list[float]:
    fixed = sum(w for w in widths if w is not None) * mm
    rest = [w for w in widths if w is None]
    share = (TEXT_W - fixed) / len(rest) if rest else 0.0
    return [w * mm if w is not None else share for w in widths]


class Renderer:
    """Renders blocks with one set of paragraph styles."""

    def __init__(self, styles: dict[str, ParagraphStyle]) -> None:
        self.styles = styles

    def paragraph(self, p: B.Paragraph) -> Para:
        return Para(inline(p.parts), self.styles[ROLE_STYLE.get(p.role, p.role)])

    def flowables(self, block: B.Block) -> list[Flowable]:
        if isinstance(block, B.Paragraph):
            return [self.paragraph(block)]
        if isinstance(block, B.Heading):
            style = "Hc" if block.cover else HEADING_STYLE[block.level]
            return [Para(markup(block.text), self.styles[style])]
        if isinstance(block, B.Caption):
            return [Para(markup(block.text), self.styles["caption"])]
        if isinstance(block, B.Bullets):
            return [bullets([self.paragraph(p) for p in block.items])]
        if isinstance(block, B.Table):
            rows = [[self.paragraph(cell) for cell in row] for row in block.rows]
            return [table(rows, _widths(block.widths), header=block.header, zebra=block.zebra)]
        if isinstance(block, B.Figure):
            drawing = FIGURES[block.kind](block.inputs, TEXT_W * block.width)
            return [drawing] if drawing is not None else []
        if isinstance(block, B.Space):
            return [Spacer(1, block.mm * mm)]
        if isinstance(block, B.NeedSpace):
            return [CondPageBreak(block.mm * mm)]
        if isinstance(block, B.PageBreak):
            return [PageBreakFlowable()]
        if isinstance(block, B.KeepTogether):
            return [KeepTogetherFlowable([f for b in block.blocks for f in self.flowables(b)])]
        raise TypeError(f"no PDF rendering for {type(block).__name__}")

    def story(self, blocks: tuple[B.Block, ...]) -> list[Flowable]:
        return [f for block in blocks for f in self.flowables(block)]
