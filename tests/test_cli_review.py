"""`python -m dashboard review ...`: the journey from the command line, the JSON of `review status`, and refusals
(the author approving their own version among them) as exit 1 with the reason and no traceback."""

from __future__ import annotations

import json

import pytest

from dashboard.cli.main import main
from dashboard.workspace import records as R
from dashboard.workspace import service
from dashboard.workspace.repository import open_workspace
from tests.people import member
from tests.test_store import SET, _edited

ANN, RITA = "ann@example.org", "rita@example.org"


@pytest.fixture
def url(tmp_path) -> str:
    """A workspace where Ann (an analyst, also a reviewer of nothing) saved version 2 and Rita reviews."""
    url = f"sqlite:///{tmp_path / 'ws.db'}"
    admin = open_workspace(url)
    service.seed(admin)
    ann = member(admin, "ann", "reviewer")  # a reviewer too: only authorship stands in her way
    member(admin, "rita", "reviewer")
    pk = admin.version(SET).info.rubric_pk
    ann.save(SET, _edited(admin, {("ai_cctv", "breadth"): 0.0}), pk, base=1, author="Ann", message="lower")
    return url


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def review(capsys, url: str, who: str, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "review", *argv, "--workspace", url, "--as", who)


def test_the_journey_from_the_command_line_and_the_status_as_json(capsys, url):
    assert review(capsys, url, ANN, "request", SET, "--version", "2", "--message", "please")[0] == 0
    code, out, _ = review(
        capsys, url, RITA, "comment", SET, "--version", "2", "--technology", "ai_cctv", "--criterion", "breadth",
        "--text", "Why 0?",
    )  # fmt: skip
    assert code == 0 and "in_review" in out
    code, out, _ = review(capsys, url, RITA, "status", SET, "--format", "json")
    status = json.loads(out)
    assert (status["state"], status["version"], status["approvals"]) == ("in_review", 2, [])
    (comment,) = status["open_comments"]
    assert (comment["technology"], comment["criterion"], comment["text"], comment["who"]) == (
        "ai_cctv",
        "breadth",
        "Why 0?",
        RITA,
    )
    code, _, err = review(capsys, url, RITA, "decide", SET, "--version", "2", "--verdict", "approve",
                          "--accept-attestation")  # fmt: skip
    assert code == 1 and "1 comment(s) are still open" in err and "Traceback" not in err
    assert review(capsys, url, RITA, "decide", SET, "--version", "2", "--verdict", "changes_requested")[0] == 0
    assert review(capsys, url, ANN, "resolve", SET, "--version", "2", "--comment", str(comment["id"]))[0] == 0
    assert review(capsys, url, ANN, "request", SET, "--version", "2")[0] == 0
    code, out, _ = review(capsys, url, RITA, "decide", SET, "--version", "2", "--verdict", "approve",
                          "--accept-attestation")  # fmt: skip
    assert code == 0 and "approved" in out
    status = json.loads(review(capsys, url, ANN, "status", SET, "--version", "2", "--format", "json")[1])
    (approval,) = status["approvals"]
    content = open_workspace(url).version(SET, 2).content
    assert status["state"] == "approved" and status["open_comments"] == []
    assert (approval["who"], approval["role"]) == (RITA, "reviewer") and approval["when"]
    assert approval["content_sha256"] == R.sha256(content)


def test_the_author_approving_their_own_version_is_refused(capsys, url):
    review(capsys, url, ANN, "request", SET, "--version", "2")
    code, out, err = review(capsys, url, ANN, "decide", SET, "--version", "2", "--verdict", "approve",
                            "--accept-attestation")  # fmt: skip
    assert code == 1 and out == ""
    assert "nobody approves or judges a version they authored" in err and "Traceback" not in err
    assert json.loads(review(capsys, url, ANN, "status", SET, "--format", "json")[1])["approvals"] == []


@pytest.mark.parametrize(
    "who,argv,reason",
    [
        (
            RITA,
            ("decide", SET, "--version", "2", "--verdict", "approve"),
            "is not possible while the version is a draft",
        ),
        (RITA, ("request", SET, "--version", "1"), "only the set's newest version"),
        ("nobody@example.org", ("status", SET), "no user nobody@example.org"),
        (RITA, ("status", "no_such_set"), "is not a member of"),
    ],
)
def test_refusals_exit_1_with_the_reason(capsys, url, who, argv, reason):
    code, _, err = review(capsys, url, who, *argv)
    assert code == 1 and reason in err and "Traceback" not in err


def test_a_verdict_on_one_technology_and_the_attestation_asked_for(capsys, url):
    review(capsys, url, ANN, "request", SET, "--version", "2")
    decide = ("decide", SET, "--version", "2", "--verdict")
    assert review(capsys, url, RITA, *decide, "changes_requested", "--technology", "ai_cctv")[0] == 0
    status = json.loads(review(capsys, url, RITA, "status", SET, "--format", "json")[1])
    assert status["verdicts"] == {"ai_cctv": "to_correct"} and status["state"] == "in_review"
    code, _, err = review(capsys, url, RITA, *decide, "approve")
    assert code == 1 and "marked 'to correct'" in err
    assert review(capsys, url, RITA, *decide, "approve", "--technology", "ai_cctv")[0] == 0
    code, _, err = review(capsys, url, RITA, *decide, "approve")
    assert code == 1 and "--accept-attestation" in err
