"""Steps a user takes in the browser, shared by the browser tests: change a level, save a version."""

from __future__ import annotations

import re


def apply_a_level_change(page, reason: str = "Re-checked against the source") -> None:
    """On the Data page: set the first technology's first criterion to level 0 through the form."""
    page.get_by_role("combobox", name="New level").click()
    page.get_by_role("option").filter(has_text=re.compile(r"^0:")).first.click()
    page.get_by_role("textbox", name="Reason for the change").fill(reason)
    page.get_by_role("button", name="Apply change").click()
    page.wait_for_function("() => document.body.innerText.includes('unsaved draft')", timeout=30_000)


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
