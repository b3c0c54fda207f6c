"""The source register as every reader sees it (the Assess page's Sources tab, the Method page, the briefing's
annex): each source's check, when it was made and what it found, in the same words everywhere."""

from __future__ import annotations

from dashboard.core.models import Source
from dashboard.words import say


def checked_text(source: Source) -> str:
    """The day the source was last checked (YYYY-MM-DD), or that it has not been."""
    return source.checked or say("register.not_checked")


def check_text(source: Source) -> str:
    """The check in one phrase, for a single table cell: the day and what it found."""
    if not source.checked:
        return say("register.not_checked")
    if not source.check_finding.strip():
        return source.checked
    return say("register.checked_with_finding", date=source.checked, finding=source.check_finding.strip())
