"""A briefing's build says each step as it starts, in order, for both formats (issue 26: the app shows the progress
of a build that takes more than a second); the bytes are the same watched or not."""

from __future__ import annotations

import pytest

from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_pair
from dashboard.core.scoring import score
from dashboard.render.document import BriefingOptions
from dashboard.render.formats import FORMATS
from dashboard.render.progress import SHARE
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
from dashboard.words import table

WRITING = ["cover", "executive", "overview", "technologies", "annexes"]


@pytest.fixture(scope="module")
def bundled():
    return score(compile_dataset(*load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)))


@pytest.mark.parametrize(
    ("format", "steps"),
    [("pdf", [*WRITING, "pdf_figures", "pdf_layout"]), ("docx", [*WRITING, "docx_body"])],
)
def test_each_step_of_a_build_is_heard_in_order_and_the_bytes_are_the_same(bundled, format, steps):
    heard: list[tuple[str, float]] = []
    options = BriefingOptions(date="2026-11-26")
    watched = FORMATS[format].build(bundled, options, lambda words, share: heard.append((words, share)))
    words = table("briefing_progress")
    assert heard == [(words[s], SHARE[s]) for s in steps] + [(words["done"], 1.0)]
    shares = [share for _, share in heard]
    assert shares == sorted(shares) and shares[0] == 0.0
    assert watched == FORMATS[format].build(bundled, options)
