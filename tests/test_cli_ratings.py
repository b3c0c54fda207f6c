"""`python -m dashboard ratings open|submit|agreement|close`, end to end: Krippendorff's published example (4 observers
x 12 units, 1-5 scale) as one criterion, twelve technologies and four raters' files, gives ordinal alpha 0.815 through
the command line; refusals exit 1 with the reason."""

from __future__ import annotations

import json

import docx
import pytest

from builders import data_dict, rubric_dict, write_yaml
from dashboard.cli.main import main
from dashboard.core.models import ScoreEntry
from dashboard.core.raters import Choice
from dashboard.workspace import rounds
from dashboard.workspace.repository import open_workspace
from tests.test_agreement import PUBLISHED

RATERS = ["a@example.org", "b@example.org", "c@example.org", "d@example.org"]
TECHS = [f"t{j:02d}" for j in range(1, 13)]


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def setup(tmp_path, capsys):
    """A workspace with a one-criterion 1-5 rubric, twelve technologies (all at 3), the four raters as analysts."""
    url = f"sqlite:///{tmp_path / 'ws.db'}"
    rubric = rubric_dict(
        id="one",
        scale={"levels": [{"value": v, "label": f"L{v}"} for v in range(1, 6)]},
        groups=[{"id": "g", "name": "G"}],
        criteria=[{"id": "c", "name": "The criterion", "question": "How much?", "group": "g"}],
        safeguards=[],
        red_lines=[],
        profiles=[],
    )
    techs = [
        {"id": t, "name": t.upper(), "scores": {"c": {"level": 3, "evidence": [{"source": "src"}]}}} for t in TECHS
    ]
    data = data_dict(techs, rubric={"id": "one", "version": "1"}, title="Example")
    code, _, err = run(
        capsys,
        "workspace", "import", write_yaml(tmp_path / "data.yaml", data),
        "--rubric", write_yaml(tmp_path / "rubric.yaml", rubric), "--set", "example", "--workspace", url,
    )  # fmt: skip
    assert code == 0, err
    for email in [*RATERS, "out@example.org"]:
        assert run(capsys, "users", "add", email, "--workspace", url)[0] == 0
    for email in RATERS:
        assert run(capsys, "access", "grant", "example", email, "--role", "analyst", "--workspace", url)[0] == 0
    files = []
    for i, row in enumerate(PUBLISHED):  # blank where the example has no value
        scores = [
            {"id": t, "scores": {"c": {"level": v}} if v is not None else {}} for t, v in zip(TECHS, row, strict=True)
        ]
        files.append(write_yaml(tmp_path / f"rater{i}.yaml", {"technologies": scores}))
    return url, files


def test_the_published_example_through_the_command_line_gives_ordinal_alpha_0_815(setup, capsys):
    url, files = setup
    code, out, err = run(
        capsys, "ratings", "open", "example", "--version", "1", "--raters", ",".join(RATERS), "--workspace", url
    )
    assert code == 0, err
    assert "opened round 1 of 'example'" in out and "0 of 4 raters submitted" in out
    for email, path in zip(RATERS, files, strict=True):
        code, out, err = run(capsys, "ratings", "submit", "example", "1", path, "--as", email, "--workspace", url)
        assert code == 0, err
    assert "closed (every rater submitted)" in out  # the fourth submission closed the round
    code, out, err = run(capsys, "ratings", "agreement", "example", "1", "--format", "json", "--workspace", url)
    assert code == 0, err
    result = json.loads(out)
    assert (result["metric"], result["alpha"], result["pairable"]) == ("ordinal", 0.815, 40)
    assert (result["nominal"]["alpha"], result["interval"]["alpha"]) == (0.743, 0.849)
    assert result["criteria"]["c"]["alpha"] == 0.815
    assert result["technologies"]["t12"] == {"alpha": None, "pairable": 0, "undefined": "too_few"}
    code, out, _ = run(capsys, "ratings", "agreement", "example", "1", "--workspace", url)
    assert code == 0 and "overall: 0.815 (40 pairable values)" in out


def test_a_rater_cannot_read_the_agreement_before_submitting_and_refusals_exit_1(setup, capsys):
    url, files = setup
    assert (
        run(capsys, "ratings", "open", "example", "--version", "1", "--raters", ",".join(RATERS), "--workspace", url)[0]
        == 0
    )
    assert run(capsys, "ratings", "submit", "example", "1", files[0], "--as", RATERS[0], "--workspace", url)[0] == 0
    code, _, err = run(capsys, "ratings", "agreement", "example", "1", "--as", RATERS[1], "--workspace", url)
    assert code == 1 and "until they have submitted" in err
    code, _, err = run(
        capsys, "ratings", "submit", "example", "1", files[1], "--as", "out@example.org", "--workspace", url
    )
    assert code == 1 and "not a member of 'example'" in err
    code, _, err = run(capsys, "ratings", "close", "example", "1", "--as", RATERS[0], "--workspace", url)
    assert code == 1 and "needs the owner role" in err
    code, out, err = run(capsys, "ratings", "close", "example", "1", "--workspace", url)
    assert code == 0 and "closed (admin@localhost)" in out
    code, out, _ = run(capsys, "ratings", "agreement", "example", "1", "--as", RATERS[1], "--workspace", url)
    assert code == 0 and "too few values to pair" in out  # one rater only: nothing to pair, said, not a crash


def test_a_rater_file_with_a_level_off_the_scale_is_refused_with_its_place(setup, capsys, tmp_path):
    url, _ = setup
    assert (
        run(capsys, "ratings", "open", "example", "--version", "1", "--raters", ",".join(RATERS), "--workspace", url)[0]
        == 0
    )
    bad = write_yaml(
        tmp_path / "bad.yaml", {"technologies": [{"id": "t01", "scores": {"c": {"level": 7}}}, {"id": "zz"}]}
    )
    code, _, err = run(capsys, "ratings", "submit", "example", "1", bad, "--as", RATERS[0], "--workspace", url)
    assert code == 1
    assert "bad.yaml:5 at technologies[0].scores.c.level: level 7 is not on the rubric's scale" in err
    assert "technology 'zz' is not rated in this round" in err and "Traceback" not in err


def test_the_briefing_s_method_annex_says_who_rated_alpha_and_how_disagreements_were_resolved(setup, capsys, tmp_path):
    url, files = setup
    assert (
        run(capsys, "ratings", "open", "example", "--version", "1", "--raters", ",".join(RATERS), "--workspace", url)[0]
        == 0
    )
    for email, path in zip(RATERS, files, strict=True):
        assert run(capsys, "ratings", "submit", "example", "1", path, "--as", email, "--workspace", url)[0] == 0
    choice = Choice("t06", "c", ScoreEntry(level=2), "two of four raters, and the source")
    rounds.reconcile(open_workspace(url), "example", 1, [choice], base=1, author="Lead")
    out = tmp_path / "brief.docx"
    code, _, err = run(capsys, "brief", "--set", "example", "--out", out, "--date", "2026-12-03", "--workspace", url)
    assert code == 0, err
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Independent ratings" in text
    assert "rated independently, each rater blind to the others, by a@example.org, b@example.org" in text
    assert "Krippendorff's alpha (ordinal) over the rated scores: 0.815 (40 pairable values)" in text
    assert "T06, The criterion: 2 (two of four raters, and the source)" in text
