"""A published external method, encoded as a rubric, reproduces its published worked example with no engine change.

OWASP Risk Rating Methodology worked example: likelihood 4.375 (MEDIUM); technical impact 7.25 (HIGH) gives
overall severity High; business impact 2.25 (LOW) gives overall severity Low.
"""

import pytest

from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.scoring import score


@pytest.fixture
def owasp(fixtures):
    rubric = load_rubric(fixtures / "owasp_rubric.yaml")
    return compile_dataset(rubric, load_assessments(fixtures / "owasp_example.yaml", rubric))


@pytest.mark.parametrize(
    "profile,impact,impact_band,severity",
    [("technical", 7.25, "HIGH", "high"), ("business", 2.25, "LOW", "low")],
)
def test_owasp_worked_example(owasp, profile, impact, impact_band, severity):
    row = score(owasp, profile=profile, scenario="inherent").table.iloc[0]
    assert row["axis_x_raw"] == pytest.approx(4.375)
    assert row["band_x"] == "MEDIUM"
    assert row["axis_y_raw"] == pytest.approx(impact)
    assert row["band_y"] == impact_band
    assert row["tier"] == severity
