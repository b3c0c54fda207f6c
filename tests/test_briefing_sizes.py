"""Every briefing format survives valid input of any size: generated rubrics of 1 to 400 criteria, 1 to 200
technologies and up to 200 safeguards, built as a tagged PDF and as a Word document. A drawing that grows with the
number of items must split, wrap or shrink: a crash here is what a user with a large valid file would meet."""

from __future__ import annotations

import io
import random
import re
import subprocess
import zipfile

import docx
import pytest

from builders import data_dict, rubric_dict
from dashboard.core.compile import compile_dataset
from dashboard.core.models import AssessmentSet, Rubric
from dashboard.core.scoring import score
from dashboard.render.document import BriefingOptions, briefing_document
from dashboard.render.docx import render_docx
from dashboard.render.pdf.document import render_pdf

OPTIONS = BriefingOptions(date="2026-11-26", draws=200)


def sized(criteria: int, technologies: int, safeguards: int, seed: int = 0) -> tuple[Rubric, AssessmentSet]:
    """A valid rubric and set of the given sizes, with ranges, n/a, missing scores, red lines and every safeguard
    status, in names long enough to wrap."""
    rng = random.Random(seed)
    rubric = rubric_dict(
        criteria=[
            {
                "id": f"c{i}",
                "name": f"Criterion {i} on the retention and secondary use of personal data",
                "question": "?",
                "group": "g1" if i % 2 else "g2",
                "weight": 1 + i % 3,
                "rights": ["r1"] if i % 3 else ["r1", "r2"],
            }
            for i in range(criteria)
        ],
        safeguards=[
            {
                "id": f"s{k}",
                "name": f"Safeguard {k}: an independent authority reviews each use in advance",
                "requires": "x",
                "standard": "y",
                "effects": [{"criterion": f"c{k % criteria}", "reduction": 1 + k % 2}],
            }
            for k in range(safeguards)
        ],
        red_lines=[
            {
                "id": "rl",
                "when": [{"criterion": "c0", "min_level": 4}],
                "tier": "critical",
                "reason": "r",
                "instrument": "GC37",
            }
        ],
        profiles=[{"id": "flat", "name": "Flat", "weights": {"c0": 1}}],
    )
    statuses = ["in_place", "partial", "absent", "unknown"]
    techs = []
    for t in range(technologies):
        scores = {}
        for i in range(criteria):
            roll = rng.random()
            if roll < 0.05:
                continue  # missing: flagged, never counted as zero
            if roll < 0.1:
                scores[f"c{i}"] = {"level": "n/a", "reason": "does not apply here"}
                continue
            low = rng.randint(0, 4)
            level = [low, min(4, low + 1)] if roll < 0.3 else low
            scores[f"c{i}"] = {
                "level": level,
                "rationale": "Reported use at scale with no published rules; " * (1 + t % 3),
                "evidence": [{"source": "src", "quote": "a quoted passage", "page": "p. 3"}],
                "confidence": rng.choice(["low", "medium", "high"]),
            }
        techs.append(
            {
                "id": f"t{t}",
                "name": f"Technology {t}: a long name for a surveillance system deployed at scale",
                "scores": scores,
                "safeguards": {
                    f"s{k}": {"status": statuses[(t + k) % 4], "evidence": [{"source": "src"}]}
                    for k in range(safeguards)
                },
            }
        )
    data = data_dict(techs, title="Sized set")
    return Rubric.model_validate(rubric), AssessmentSet.model_validate(data)


def _pages(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "b.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def _check_docx(data: bytes, technologies: int) -> None:
    assert zipfile.is_zipfile(io.BytesIO(data))
    word = docx.Document(io.BytesIO(data))
    sections = [p for p in word.paragraphs if p.style.name == "Heading 2" and "Technology " in p.text]
    assert len(sections) == technologies


SIZES = [
    pytest.param(1, 1, 0, id="1 criterion, 1 technology, no safeguard"),
    pytest.param(16, 13, 16, id="16 criteria, 13 technologies, 16 safeguards"),
    pytest.param(161, 2, 8, id="161 criteria"),
    pytest.param(16, 3, 200, id="200 safeguards"),
    pytest.param(400, 2, 4, id="400 criteria", marks=pytest.mark.slow),
    pytest.param(16, 200, 16, id="200 technologies", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("criteria,technologies,safeguards", SIZES)
def test_both_formats_build_at_every_size(criteria, technologies, safeguards, tmp_path):
    rubric, data = sized(criteria, technologies, safeguards)
    document = briefing_document(score(compile_dataset(rubric, data)), OPTIONS)
    pages = _pages(render_pdf(document), tmp_path)
    assert pages >= 3 + technologies // 3
    _check_docx(render_docx(document), technologies)
