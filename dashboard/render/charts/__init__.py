"""Pure plotly figure builders: data in, `go.Figure` out. Colours and orders come from the rubric and the scores.

Every builder has a `*_table` companion (or takes a frame a page can show as is), so each chart has a data view.
Tier colours are always paired with a text label (legend and bar text), so colour is never the only cue.
"""

from dashboard.render.charts.base import FONT, LEVEL_SCALE
from dashboard.render.charts.heatmap import heatmap
from dashboard.render.charts.matrix import risk_matrix
from dashboard.render.charts.profile import radar
from dashboard.render.charts.ranking import EVIDENCE_SERIES, evidence_bar, evidence_frame, ranked_bar
from dashboard.render.charts.rights import rights_chart
from dashboard.render.charts.sensitivity import rank_distribution_chart, safeguard_value_bar, tier_probability_chart

__all__ = [
    "EVIDENCE_SERIES",
    "FONT",
    "LEVEL_SCALE",
    "evidence_bar",
    "evidence_frame",
    "heatmap",
    "radar",
    "rank_distribution_chart",
    "ranked_bar",
    "rights_chart",
    "risk_matrix",
    "safeguard_value_bar",
    "tier_probability_chart",
]
