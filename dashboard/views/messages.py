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
