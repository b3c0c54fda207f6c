"""PDF briefings set by Typst as tagged PDF/UA-1: `build_briefing(scores, BriefingOptions(...)) -> bytes`."""

from dashboard.render.pdf.document import BriefingOptions, build_briefing

__all__ = ["BriefingOptions", "build_briefing"]
