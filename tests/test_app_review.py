"""AppTest: the Review page takes each step through the workspace (which decides), shows a refusal's reason (the
author approving their own version among them), the comments beside what they concern, and what waits for whom."""

from __future__ import annotations

import html

import pytest
from streamlit.testing.v1 import AppTest

from app_driver import page, start_as
from dashboard.workspace import review as W
from dashboard.workspace import service
from dashboard.workspace.access import Actor
from dashboard.workspace.repository import Workspace, open_workspace
from tests.test_store import SET, _edited

pytestmark = pytest.mark.app


def _team(ann_role: str = "analyst") -> Workspace:
    """The test's workspace with Ann (who saved version 2) and Rita, a reviewer; returns it as Ann."""
    admin = open_workspace()
    service.seed(admin)
    for who, role in (("ann", ann_role), ("rita", "reviewer")):
        admin.add_user(f"{who}@example.org", who.title())
        admin.sign_in(f"sub-{who}", f"{who}@example.org", who.title())
        admin.grant(SET, f"{who}@example.org", role)
    ann = admin.acting(Actor("sub-ann", "ann@example.org", "Ann"))
    pk = admin.version(SET).info.rubric_pk
    ann.save(SET, _edited(admin, {("ai_cctv", "breadth"): 0.0}), pk, base=1, author="Ann", message="lower")
    return ann


def shown(elements) -> str:
    """What the reader sees of these elements' Markdown (escaped so that it is shown exactly as typed)."""
    return html.unescape(" ".join(e.value for e in elements)).replace("\\", "")


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_journey_through_the_review_page(own_workspace):
    ann = _team()
    at = page(start_as("ann"), "review")
    assert "DRAFT - not reviewed" in shown(at.info)
    at.text_input(key="review_request_message").input("please look at CCTV")
    click(at, "Request review")
    assert W.status(ann, SET, 2).state == "in_review"

    rita = page(start_as("rita"), "review")
    assert "1 review(s)" in shown(rita.markdown)  # what waits for her
    rita.selectbox(key="review_comment_tech").set_value("ai_cctv")
    rita.selectbox(key="review_comment_criterion").set_value("breadth")
    rita.text_area(key="review_comment_text").input("**Source** for 0?")
    click(rita, "Add comment")
    click(rita, "Request changes")
    assert W.status(ann, SET, 2).state == "changes_requested"

    at = page(start_as("ann"), "technology")
    at.selectbox(key="profile_tech").set_value("ai_cctv").run()
    assert "**Source** for 0?" in shown(at.warning)  # beside it, shown as typed
    at = page(at, "review")
    (comment,) = W.status(ann, SET, 2).open_comments
    next(b for b in at.button if b.key == f"review_resolve_{comment.pk}").click().run()
    click(at, "Request review")

    rita = page(start_as("rita"), "review")
    rita.checkbox(key="review_attest").check()
    click(rita, "Approve")
    assert W.status(ann, SET, 2).state == "approved"
    assert "Approved by Rita (reviewer)" in shown(rita.success)


def test_the_author_approving_their_own_version_is_refused_on_the_page(own_workspace):
    ann = _team(ann_role="reviewer")
    at = page(start_as("ann"), "review")
    click(at, "Request review")
    at.checkbox(key="review_attest").check()
    click(at, "Approve")
    assert "nobody approves or judges a version they authored" in shown(at.error)
    assert W.status(ann, SET, 2).approvals == ()
