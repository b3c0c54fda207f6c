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

# The address (workspace/session.py): what a session opened instead of what the address asked for.
NO_SUCH_VERSION = (
    "The address names version {given} of '{set_id}', which it does not have (versions 1 to {latest}): opened the "
    "latest, version {latest}. Changes you make are kept in your draft and can be saved as usual."
)

# Weights refused (core/weights.py decides; these say so). {top}: the sliders' upper end for the rubric.
ADDRESS_IGNORED = "Ignored from the address (not in this rubric, or not valid): {items}."
ADDRESS_WEIGHT = "weight '{criterion}:{given}'"
ADDRESS_WEIGHT_RANGE = "weight '{criterion}:{given}' (a weight is a number from 0 to {top:g})"
ADDRESS_ALL_ZERO = (
    "the address's weights, which would set every weight to 0 and leave nothing to score (the profile's weights are "
    "used; keep at least one weight above 0)"
)
SLIDER_ALL_ZERO = (
    "Every weight would be 0, which leaves nothing to score, so {criterion} stays at {value:g}. Keep at least one "
    "weight above 0, or press 'Reset what-if settings' in the sidebar."
)
PROFILE_ALL_ZERO = (
    "With the profile '{profile}', your adjusted weights would set every weight to 0 and leave nothing to score: "
    "they were set aside, and the profile's own weights are used."
)
NOT_FINITE = (
    "These settings give a total that is not a finite number, so no result is shown. Press 'Reset what-if settings' "
    "in the sidebar; if that does not help, check the rubric's weights and scale."
)


def address_weight(code: str, criterion: str, given: str, top: float) -> str:
    """How the address notice names one refused weight (a core/weights.py WeightFault's fields)."""
    template = ADDRESS_WEIGHT if code == "unknown" else ADDRESS_WEIGHT_RANGE
    return template.format(criterion=criterion, given=given, top=top)
