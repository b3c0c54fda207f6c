"""Words readers see, in one place, so a second language can be added without touching the logic.

Core modules (scoring, evidence, labels, export, authoring) take their user-facing words from here; sentences
built from figures (the executive summary, the method rules) keep their templates beside the code that fills them.
"""

from __future__ import annotations

# Scenarios: id -> label. The ids are the logic (core/scoring.py's SCENARIOS); the labels are what readers see.
SCENARIOS = {
    "inherent": "Inherent: no safeguards",
    "reported": "As reported: safeguards the sources show",
    "safeguarded": "With all recommended safeguards",
    "custom": "Custom: chosen safeguards",
}
UNRATED = "Not rated"  # a technology with no scorable criterion has no total and no tier

# The caution a tier carries when its score rests mostly on uncorroborated judgements (see evidence.py).
MOSTLY_REPORTED = "mostly unconfirmed reporting"
MOSTLY_UNCITED = "mostly uncited judgements"
BASIS_TEXT = {"corroborated": "corroborated", "reported": "reported only", "uncited": "no evidence cited"}

JUDGEMENT_NOTE = (
    "Scores are analytic judgements made against the rubric from the cited sources, not measurements; "
    "reported claims in the sources are press reporting unless stated otherwise."
)

SAFEGUARD_STATUSES = {
    "in_place": "In place",
    "partial": "Partly in place",
    "absent": "Absent",
    "unknown": "Unknown",
    "not_applicable": "Not applicable",
}
# The Monte Carlo score quantiles (sensitivity.py's column names) as a reader's table names them.
QUANTILE_NAMES = {"p5": "5th percentile", "p50": "Median", "p95": "95th percentile"}
# The source-reliability grades of the Admiralty (NATO) system, as the register records them.
RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
RELIABILITY_NOTE = (
    "Reliability: A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, "
    "E unreliable, F cannot be judged. Titles in [brackets] are descriptive."
)
