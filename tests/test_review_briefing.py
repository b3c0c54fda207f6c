"""Briefings carry the review status: the cover, every page's head and the file's properties say "Approved by NAME
(role) on DATE, version N", "In review" or "DRAFT - not reviewed" (saying so when a draft sits on an approved
version), and the briefing's record keeps the sign-off it rests on."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from pypdf import PdfReader

from dashboard.core.compile import compile_dataset
from dashboard.core.scoring import score
from dashboard.render.document import BriefingOptions
from dashboard.workspace import review as W
from dashboard.workspace import service
from dashboard.workspace.briefings import Briefed, issue_briefing
from dashboard.workspace.repository import Workspace, open_workspace
from tests.people import member
from tests.test_store import SET, _edited

TODAY = dt.datetime.now(dt.UTC).date().isoformat()  # the day the sign-off is recorded


@pytest.fixture
def team(tmp_path) -> tuple[Workspace, Workspace, Workspace]:
    admin = open_workspace(f"sqlite:///{tmp_path / 'ws.db'}")
    service.seed(admin)
    ann, rita = member(admin, "ann", "analyst"), member(admin, "rita", "reviewer")
    pk = admin.version(SET).info.rubric_pk
    ann.save(SET, _edited(admin, {("ai_cctv", "breadth"): 0.0}), pk, base=1, author="Ann", message="lower")
    return admin, ann, rita


def _issue(ws: Workspace, number: int, *, from_draft: bool = False, fmt: str = "pdf") -> bytes:
    loaded = service.load(ws, SET, number)
    scores = score(compile_dataset(loaded.rubric, loaded.data))
    options = BriefingOptions(date="2026-12-03", technologies=["ai_cctv"], draws=50)
    briefed = Briefed(SET, number, from_draft, loaded.content)
    issued = issue_briefing(scores, options, ws=ws, briefed=briefed, author="Ann", format=fmt)
    assert issued.recorded, issued.problem
    return issued.document


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_an_approved_version_is_briefed_as_approved_on_every_page_and_in_the_metadata(team):
    _, ann, rita = team
    W.act(ann, SET, 2, "request")
    W.act(rita, SET, 2, "approve", attested=True)
    pdf = _issue(ann, 2)
    line = f"Approved by Rita (reviewer) on {TODAY}, version 2"
    pages = _pages(pdf)
    assert len(pages) > 2 and all(line in page for page in pages)
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert line in meta.subject
    record = ann.briefings(SET)[0]
    sign_off = record.options["sign_off"]
    assert record.options["review"] == line
    assert (sign_off["who"], sign_off["version"]) == ("rita@example.org", 2)
    assert sign_off["content_sha256"] == ann.version(SET, 2).info.sha256


def test_a_draft_on_an_approved_version_and_a_newer_version_say_so(team):
    admin, ann, rita = team
    W.act(ann, SET, 2, "request")
    W.act(rita, SET, 2, "approve", attested=True)
    on_approved = f"DRAFT - not reviewed; version 2 was approved by Rita (reviewer) on {TODAY}"
    assert on_approved in _pages(_issue(ann, 2, from_draft=True))[0]
    pk = admin.version(SET).info.rubric_pk
    ann.save(SET, _edited(admin, {("ai_cctv", "breadth"): 2.0}), pk, base=2, author="Ann", message="again")
    first = _pages(_issue(ann, 3))[0]
    assert on_approved in first and "Approved by" not in first.replace(on_approved, "")


def test_a_version_never_reviewed_is_a_draft_and_one_in_review_says_so(team):
    _, ann, _ = team
    assert "DRAFT - not reviewed" in _pages(_issue(ann, 2))[0]
    W.act(ann, SET, 2, "request")
    pages = _pages(_issue(ann, 2))
    assert all("In review" in page for page in pages)
    assert ann.briefings(SET)[0].options["sign_off"] is None


def test_the_word_document_carries_the_status_in_its_heads_and_properties(team):
    _, ann, rita = team
    W.act(ann, SET, 2, "request")
    W.act(rita, SET, 2, "approve", attested=True)
    document = docx.Document(io.BytesIO(_issue(ann, 2, fmt="docx")))
    line = f"Approved by Rita (reviewer) on {TODAY}, version 2"
    assert document.core_properties.content_status == line
    assert line in [p.text for p in document.sections[0].header.paragraphs]
    assert any(line in p.text for p in document.paragraphs[:6])  # the cover
