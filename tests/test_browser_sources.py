"""In Chromium, against the real app: a copy of a source attached on the Assess page's Sources tab (AppTest cannot
drive a file uploader) is kept in the workspace with its hash, and the register shows "copy kept (sha256 ...), n of
m quotes found" with the counts the audit's rule gives."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pytest
import yaml
from app_server import run_app
from browser_steps import pick_option

from benchmarks.chromium import ARGS, CHROMIUM
from dashboard.core.audit import quote_counts, quotes
from dashboard.core.loading import load_pair
from dashboard.core.quotes import normalise
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
from dashboard.workspace import service
from dashboard.workspace.repository import open_workspace

ROOT = Path(__file__).resolve().parent.parent
SET = DEFAULT_DATA.stem
SHORT_HASH = 12  # as the register shows it

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install -y chromium; .ci/run does)"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")


@pytest.fixture
def app(tmp_path):
    """The app with a workspace of this test's own (seeded on start); yields its address and URL."""
    url = f"sqlite:///{tmp_path / 'workspace.db'}"
    for address in run_app(url):
        yield address, url


def _article_copy(path: Path) -> tuple[int, int]:
    """A text copy of the article made from the set's own quotes (the bundled file, which the app seeds its
    workspace with), all but one, with filler between them (no press text needed); (quotes it holds, distinct quotes
    citing the article)."""
    data = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)[1]
    distinct: dict[str, str] = {}
    for _, source, quote in quotes(data):
        if source == "article" and quote.strip():
            distinct.setdefault(normalise(quote), quote)
    kept = list(distinct.values())[1:]  # the first quote is left out: the copy bears out all the others
    path.write_text("\n\n".join(f"Filler paragraph {i}.\n{q}" for i, q in enumerate(kept)), encoding="utf-8")
    return len(kept), len(distinct)


def test_a_copy_attached_on_the_sources_tab_is_kept_and_counted_in_the_register(app, tmp_path):
    address, url = app
    copy = tmp_path / "article-copy.txt"
    found, total = _article_copy(copy)
    assert total > found > 10
    sha = hashlib.sha256(copy.read_bytes()).hexdigest()
    expected = f"copy kept (sha256 {sha[:SHORT_HASH]}), {found} of {total} quotes found"
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        # The register is a data grid drawn on a canvas, so its cells are read through its own "Download as CSV"
        # (the cells' values, as shown). Chromium would open a save dialog (the File System Access API) that a test
        # cannot answer; refused, Streamlit falls back to an ordinary download, as in browsers without the API.
        context.add_init_script("window.showSaveFilePicker = async () => { throw new Error('no save dialog'); };")
        pg = context.new_page()
        pg.goto(f"{address}/assess")
        pg.get_by_role("tab", name="Sources").click(timeout=90_000)
        pick_option(pg, "Source", re.compile(r"; article; F\)$"))
        form = pg.locator("[data-testid='stForm']").filter(has=pg.get_by_role("button", name="Attach copy"))
        form.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(copy))
        form.get_by_text(copy.name, exact=True).wait_for(timeout=30_000)
        pg.wait_for_function("() => !document.querySelector(\"[data-testid='stFileChipIconSpinner']\")", timeout=30_000)
        form.get_by_role("button", name="Attach copy").click()
        # The form says what it kept ...
        playwright_api.expect(
            pg.get_by_test_id("stAlertContentSuccess").get_by_text(
                f"(sha256 {sha[:SHORT_HASH]}), {found} of {total} quotes"
            )
        ).to_be_visible(timeout=60_000)
        # The register's row for the article shows the copy and its count.
        sources = pg.get_by_role("tabpanel", name="Sources")
        sources.locator("[data-testid='stDataFrame']").hover()
        with pg.expect_download(timeout=30_000) as download:
            sources.get_by_role("button", name="Download as CSV").click()
        register = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
        browser.close()
    copies = {row["id"]: row["copy"] for row in register}
    assert copies["article"] == expected
    assert {v for k, v in copies.items() if k != "article"} == {"no copy kept"}
    bundled = yaml.safe_load(DEFAULT_DATA.read_text(encoding="utf-8"))["sources"]
    assert {row["id"]: row["checked"] for row in register} == {x["id"]: str(x["checked"]) for x in bundled}
    kept = open_workspace(url).copies(SET)
    assert list(kept) == ["article"]
    assert (kept["article"].sha256, kept["article"].file_name, kept["article"].media_type) == (
        sha,
        copy.name,
        "text/plain",
    )
    assert kept["article"].attached_by == "admin@localhost" and kept["article"].size == len(copy.read_bytes())
    stored = service.load(open_workspace(url), SET).data  # the count, from the stored set and the stored copy
    assert quote_counts(stored, {"article": kept["article"].text}) == {"article": (found, total)}
