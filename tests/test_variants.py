"""Every output handles varied valid rubrics and datasets: no crash, and each output still says something true."""

from __future__ import annotations

import io
import json

import pytest
import yaml
from pypdf import PdfReader

from dashboard.core.audit import audit
from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.scoring import score
from dashboard.render.export import scores_csv, scores_json
from dashboard.render.pdf import BriefingOptions, build_briefing
from variants import VARIANTS, variant


def _load(name: str):
    r, d = variant(name)
    rubric = load_rubric(yaml.safe_dump(r).encode(), "r.yaml")
    return rubric, load_assessments(yaml.safe_dump(d).encode(), rubric, "d.yaml")


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_core_output_handles_the_variant(name):
    rubric, data = _load(name)
    scores = score(compile_dataset(rubric, data))
    ids = [t.id for t in data.technologies]
    as_json = json.loads(scores_json(scores))
    assert sorted(t["id"] for t in as_json["technologies"]) == sorted(ids)
    csv_lines = scores_csv(scores).splitlines()
    assert sum(1 for line in csv_lines if line and not line.startswith("#")) == len(ids) + 1
    audit(rubric, data)  # findings are allowed; a crash is not
    pdf = build_briefing(scores, BriefingOptions(date="2026-11-26"))
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for t in data.technologies:
        assert " ".join(t.name.split()) in text, t.name


def test_answers_print_as_their_labels_not_as_a_range():
    rubric, data = _load("options_many")
    pdf = build_briefing(score(compile_dataset(rubric, data)), BriefingOptions(date="2026-11-26"))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Some; Most" in text
    assert "None of these; Some; Most" in text


def test_method_rules_variant_scores_as_its_rules_say():
    rubric, data = _load("method_rules")
    table = score(compile_dataset(rubric, data)).table
    t1, t2 = table.loc["t1"], table.loc["t2"]
    # t1: a 4 + b 3 x weight 3 + c 2 (answered though design-only: counted, flagged) = 15 points of 4 + 12 + 2 = 18;
    # its control total 2 of 2 reaches the 50% threshold, so 15 x 0.85 = 12.75, rounded half up to 13.
    assert (t1["raw_total"], t1["raw"], t1["raw_max"]) == (15, 13, 18)
    assert t1["mitigated"] and t1["inapplicable_answered"] == ["c"]
    assert t1["score"] == pytest.approx(13 / 18 * 100)  # 72%: up to 75%, so High by its bounds ...
    assert t1["tier"] == "critical" and t1["red_lines"] == ["rl"]  # ... lifted by the red line on a at level 4
    # t2: a 1, b blank (0 of a fixed maximum), c blank but applies: 1 point of 18; m1 answered though live-only.
    assert (t2["raw_total"], t2["raw"], t2["raw_max"]) == (1, 1, 18)
    assert t2["inapplicable_answered"] == ["m1"] and t2["missing"] == ["b", "c"] and not t2["mitigated"]
