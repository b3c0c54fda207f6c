"""PDF briefings built with reportlab (no browser): `build_briefing(scores, BriefingOptions(...)) -> bytes`."""

from dashboard.render.pdf.document import BriefingOptions, build_briefing

__all__ = ["BriefingOptions", "build_briefing"]
