"""Steps a user takes in the browser, shared by the browser tests: load files, change a level, save a version."""

from __future__ import annotations

import re


def apply_a_level_change(page, reason: str = "Re-checked against the source") -> None:
    """On the Data page: set the first technology's first criterion to level 0 through the form."""
    pick_option(page, "New level", re.compile(r"^0:"))
    page.get_by_role("textbox", name="Reason for the change").fill(reason)
    page.get_by_role("button", name="Apply change").click()
    page.wait_for_function("() => document.body.innerText.includes('unsaved draft')", timeout=30_000)


def pick_option(page, label: str, option: re.Pattern[str], attempts: int = 3) -> None:
    """Open the select box labelled `label` and click the option matching `option`. A rerun that lands while the
    list is open redraws the box and closes the list (the page's first script run can still be finishing when the
    test starts), so the list is opened again, a bounded number of times, until the option shows."""
    box = page.get_by_role("combobox", name=label, exact=True)
    wanted = page.get_by_role("option").filter(has_text=option).first
    for attempt in range(attempts):
        box.click()
        if box.get_attribute("aria-expanded") != "true":
            box.press("ArrowDown")  # the keyboard way to open the list, when the click only focused the box
        try:
            wanted.wait_for(timeout=10_000)
            wanted.click(timeout=10_000)
            return
        except Exception:
            if attempt == attempts - 1:
                raise


def save_version(page, author: str, message: str) -> str:
    """Save the session's draft from the sidebar; returns the confirmation shown ('Saved as version N ...')."""
    page.get_by_text("Save version", exact=True).first.click()
    page.get_by_role("textbox", name="Your name").fill(author)
    page.get_by_role("textbox", name="What changed and why").fill(message)
    page.get_by_role("textbox", name="What changed and why").press("Enter")
    page.get_by_role("button", name="Save version").click()
    saved = page.get_by_text(re.compile(r"Saved as version \d+"))
    saved.first.wait_for(timeout=30_000)
    return saved.first.inner_text()


def load_files(page, rubric: str, data: str) -> None:
    """On the Data page: choose a rubric and an assessment file, wait until both have reached the server, and press
    'Check and load'. A file shows its name while it is still uploading (a spinner beside it); pressing the button
    then would run the app without it."""
    inputs = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    inputs.nth(0).set_input_files(rubric)
    inputs.nth(1).set_input_files(data)
    for path in (rubric, data):
        page.get_by_text(path.rsplit("/", 1)[-1], exact=True).wait_for(timeout=30_000)
    page.wait_for_function("() => !document.querySelector(\"[data-testid='stFileChipIconSpinner']\")", timeout=30_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.get_by_role("button", name="Check and load").click()


def move_slider_to_zero(page, group: str, label: str) -> None:
    """On What-if: open the group's expander when the slider is hidden, then move the slider labelled `label` to 0
    with the keyboard (Home), as a user can."""
    slider = page.locator("[data-testid='stSlider']").filter(has_text=label).get_by_role("slider")
    details = page.locator("[data-testid='stExpander'] details").filter(
        has=page.locator("summary").filter(has_text=group)
    )
    # Open the group only if it is closed: a click on an open expander (say, one that was still being drawn when
    # the slider's visibility was read) would close it.
    if details.count():
        from playwright.sync_api import expect

        # A click that lands while a rerun redraws the expander can be lost (seen on a loaded machine): try again,
        # a few times, each with a bounded wait for the expander to say it is open.
        for _ in range(5):
            if details.first.get_attribute("open") is not None:
                break
            details.first.locator("summary").click()
            try:
                expect(details.first).to_have_attribute("open", "", timeout=5_000)
                break
            except AssertionError:
                continue
        expect(details.first).to_have_attribute("open", "", timeout=30_000)
    slider.wait_for(state="visible", timeout=30_000)
    slider.focus()
    slider.press("Home")
