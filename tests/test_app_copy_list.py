"""The Assess page's 'Copy a technology from another set' (issue 23): every page load parsed the newest other set
in full (4-6 s of CPU for a 5 MB set). Its technology list is now cached by the version's hash, and the whole set is
parsed only when the user copies."""

from __future__ import annotations

import pytest

from app_driver import page, start
from dashboard.core import authoring as A
from dashboard.settings import DEFAULT_DATA
from dashboard.workspace import service
from dashboard.workspace.repository import open_workspace

pytestmark = pytest.mark.app


def test_the_other_sets_technologies_are_parsed_once_across_page_loads(monkeypatch):
    from dashboard.ui.assess.technologies import technologies_of

    technologies_of.clear()
    ws = open_workspace()
    service.seed(ws)
    latest = ws.latest(DEFAULT_DATA.stem)
    other = ws.version(DEFAULT_DATA.stem).content + "# the other set\n"
    ws.create_set("Another set", other, latest.rubric_pk, author="Ann", message="second")
    parsed = []
    real = A.parse

    def counting(text, *args, **kwargs):
        if text == other:
            parsed.append(1)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(A, "parse", counting)
    at = page(start(), "assess")
    for _ in range(3):
        at.run()  # a rerun, as every widget change makes
        assert not at.exception
    assert len(parsed) == 1, parsed
    from dashboard.core.loading import load_pair
    from dashboard.settings import DEFAULT_RUBRIC

    _, data = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)
    assert at.selectbox(key="copy_tech").options == [t.name for t in data.technologies]
