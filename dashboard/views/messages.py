"""Words readers see, by name, for the views, renderers and pages that want a label or a note as a constant.

The words themselves are in the catalogue (`dashboard/words/en.toml`); this module only names the entries the rest
of the code reads as constants or as tables by id, so a second language needs no change here.
"""

from __future__ import annotations

from dashboard.words import say, table

# Scenarios: id -> label. The ids are the logic (core/scoring.py's SCENARIOS); the labels are what readers see.
SCENARIOS = table("scenario")
UNRATED = say("reader.unrated")  # a technology with no scorable criterion has no total and no tier

# The caution a tier carries when its score rests mostly on uncorroborated judgements (see evidence.py).
MOSTLY_REPORTED = say("reader.mostly_reported")
MOSTLY_UNCITED = say("reader.mostly_uncited")
BASIS_TEXT = table("basis")

JUDGEMENT_NOTE = say("reader.judgement_note")

SAFEGUARD_STATUSES = table("safeguard_status")
# The Monte Carlo score quantiles (sensitivity.py's column names) as a reader's table names them.
QUANTILE_NAMES = table("quantile")
# The source-reliability grades of the Admiralty (NATO) system, as the register records them.
RELIABILITY = table("reliability")
RELIABILITY_NOTE = say("reader.reliability_note")

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
