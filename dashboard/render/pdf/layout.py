"""The page and its furniture: A4 geometry, paragraph styles, the document template (outline), the header and
footer drawn after layout, and the table and list helpers every section uses."""

from __future__ import annotations

import datetime as dt
import time

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, ListFlowable, ListItem, Paragraph, Table, TableStyle

from dashboard.render.pdf.fonts import BASE, BOLD, ITALIC, register

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
TEXT_W = PAGE_W - 2 * MARGIN
# Page streams are compressed binary; ASCII85 would turn them into text a quarter larger, which only a 7-bit channel
# needs (a briefing is 14% smaller without it, and builds a little faster).
rl_config.useA85 = 0


def styles() -> dict[str, ParagraphStyle]:
    register()
    base = ParagraphStyle("body", fontName=BASE, fontSize=9, leading=12.5, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.6, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", parent=base, fontName=BOLD, fontSize=7.5, leading=9.6, spaceAfter=0),
        "caption": ParagraphStyle(
            "caption",
            parent=base,
            fontName=ITALIC,
            fontSize=7.5,
            leading=10,
            textColor=colors.HexColor("#444444"),
            spaceAfter=10,
        ),
        "H1": ParagraphStyle(
            "H1",
            parent=base,
            fontName=BOLD,
            fontSize=15,
            leading=19,
            spaceBefore=6,
            spaceAfter=8,
            textColor=colors.HexColor("#1A1A1A"),
        ),
        "H2": ParagraphStyle("H2", parent=base, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=5),
        "H3": ParagraphStyle("H3", parent=base, fontName=BOLD, fontSize=9.5, leading=13, spaceBefore=6, spaceAfter=3),
        # A cover heading: looks like H2, sits at the top level of the outline.
        "Hc": ParagraphStyle("Hc", parent=base, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=5),
        "cover_mark": ParagraphStyle(
            "cm",
            parent=base,
            fontName=BOLD,
            fontSize=14,
            alignment=TA_CENTER,
            textColor=colors.HexColor("#B00020"),
            spaceAfter=30,
        ),
        "cover_title": ParagraphStyle("ct", parent=base, fontName=BOLD, fontSize=22, leading=28, spaceAfter=16),
    }


class Para(Paragraph):
    """A paragraph that keeps its last layout. A table lays each cell out two or three times at the same width (to
    size the row, to split the table at a page end, to draw it), and line breaking is most of a briefing's build
    time; the same text at the same width always breaks the same way, so the lines are reused (a quarter of the
    build saved, the same bytes)."""

    def wrap(self, availWidth, availHeight):
        memo = self.__dict__.get("_layout")
        # Reused only while the lines it measured are still the paragraph's own (a split makes new paragraphs).
        if memo and memo[0] == availWidth and self.__dict__.get("blPara") is memo[1]:
            self.width, self.height = memo[2]
            return memo[2]
        size = super().wrap(availWidth, availHeight)
        self._layout = (availWidth, self.blPara, size)
        return size


class Doc(BaseDocTemplate):
    """Adds bookmarks and the outline for every heading."""

    def afterFlowable(self, flowable) -> None:
        name = flowable.style.name if isinstance(flowable, Paragraph) else ""
        if name in ("H1", "Hc", "H2"):
            level = 1 if name == "H2" else 0
            key = f"h{self.seq.nextf('heading')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)


def _stamp(date: str) -> TimeStamp:
    """The briefing date (midnight UTC) as the PDF's creation date: deterministic for a given --date."""
    stamp = TimeStamp(invariant=1)
    day = dt.datetime.fromisoformat(date).replace(tzinfo=dt.UTC)
    stamp.t = day.timestamp()
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def numbered_canvas(marking: str, title: str, date: str):
    class NumberedCanvas(Canvas):
        """Draws header and footer after layout, so each page can say 'page x of y'."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _stamp(date)
            self._states: list[dict] = []

        def showPage(self):
            self._states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._states)
            for state in self._states:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            self.saveState()
            # Marking centred at top and bottom; the title and page number on a line of their own above it.
            self.setFont(BOLD, 8)
            self.setFillColor(colors.HexColor("#B00020"))
            self.drawCentredString(PAGE_W / 2, PAGE_H - 9 * mm, marking)
            self.drawCentredString(PAGE_W / 2, 6 * mm, marking)
            self.setFillColor(colors.HexColor("#555555"))
            self.setFont(BASE, 7)
            short = title if len(title) <= 80 else title[:77] + "..."
            self.drawString(MARGIN, 11 * mm, short)
            self.drawRightString(PAGE_W - MARGIN, 11 * mm, f"Page {self._pageNumber} of {total}")
            self.drawRightString(PAGE_W - MARGIN, PAGE_H - 9 * mm, "Scores are analytic judgements")
            self.restoreState()

    return NumberedCanvas


def table(rows, widths, header=True, zebra=True) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EDF3")))
    if zebra:
        style += [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F7F8FA")) for r in range(2, len(rows), 2)]
    t.setStyle(TableStyle(style))
    return t


def bullets(paragraphs: list[Paragraph]) -> ListFlowable:
    return ListFlowable(
        [ListItem(p, leftIndent=10) for p in paragraphs],
        bulletType="bullet",
        start="•",
        leftIndent=10,
        bulletFontName=BASE,
    )
