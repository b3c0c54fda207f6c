"""A briefing's build, step by step, for whoever watches it (the Briefing page's progress bar).

A build calls `report(step)` as it starts each step; the steps of each format are one table below, so the share done
is the step's place in it. Nothing is reported when nobody watches (`None`): the command line builds silently.
"""

from __future__ import annotations

from collections.abc import Callable

from dashboard.words import table

Watcher = Callable[[str, float], None]  # (the step's words, the share of the build done before it)

# Each step and the share of a build done when it starts, one table for both formats (PDF: writing, figures, layout;
# Word: writing, then the document with its figures). Measured on the bundled set and at 200 technologies: the
# writing is about a fifth of a build, the layout or the Word document most of the rest.
SHARE = {
    "cover": 0.0,
    "executive": 0.03,
    "overview": 0.06,
    "technologies": 0.09,
    "annexes": 0.17,
    "pdf_figures": 0.2,
    "pdf_layout": 0.3,
    "docx_body": 0.2,
}


def report(watcher: Watcher | None, step: str) -> None:
    """Say that `step` starts: its words and the share of the build done before it."""
    if watcher is not None:
        watcher(table("briefing_progress")[step], SHARE[step])


def done(watcher: Watcher | None) -> None:
    if watcher is not None:
        watcher(table("briefing_progress")["done"], 1.0)
