"""Each kind of audit finding, on an otherwise clean assessment set."""

import pytest

from builders import data_dict, rubric_dict
from dashboard.core.audit import audit
from dashboard.core.models import AssessmentSet, Rubric


def findings(data):
    return [
        (".".join(map(str, p)), m)
        for p, m, _ in audit(Rubric.model_validate(rubric_dict()), AssessmentSet.model_validate(data))
    ]


def test_clean_set_has_no_findings():
    assert findings(data_dict()) == []


@pytest.mark.parametrize(
    "mutate,message",
    [
        (lambda d: d["technologies"][0]["scores"]["a"].update(rationale=""), "without a rationale"),
        (lambda d: d["technologies"][0]["scores"]["a"].update(evidence=[]), "cites no evidence"),
        (lambda d: d["technologies"][0]["scores"]["a"].pop("confidence"), "without a confidence"),
        (lambda d: d["technologies"][0]["scores"].pop("b"), "no score for 'b'"),
        (lambda d: d["technologies"][0]["scores"]["a"].update(level=[0, 3], confidence="high"), "wide"),
        (
            lambda d: d["sources"].append(
                {
                    "id": "unused",
                    "title": "U",
                    "type": "x",
                    "reliability": "C",
                    "url": "https://example.org",
                    "date": "2020",
                }
            ),
            "never cited",
        ),
        (lambda d: d["sources"][0].pop("url"), "no address"),
        (lambda d: d["sources"][0].pop("date"), "no date"),
        (lambda d: d["technologies"][0]["safeguards"].update(s1={"status": "in_place"}), "without evidence"),
        (lambda d: d["technologies"][0]["safeguards"].update(s1={"status": "not_applicable"}), "without a reason"),
        (
            lambda d: d["technologies"][0]["scores"]["a"].update(
                evidence=[{"source": d["sources"][0]["id"], "role": "standard"}], confidence="medium"
            ),
            "every source cited is a standard",
        ),
    ],
)
def test_finding(mutate, message):
    d = data_dict()
    mutate(d)
    assert any(message in m for _, m in findings(d)), findings(d)


def test_reference_counts_as_an_address_and_undated_as_a_date():
    d = data_dict()
    d["sources"][0].pop("url")
    d["sources"][0].update(reference="A/HRC/44/24", date="undated")
    assert findings(d) == []
