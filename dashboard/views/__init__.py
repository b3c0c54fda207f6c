"""Renderer-neutral views: what each chart, table and caption shows, computed once from the scores.

The dashboard's plotly figures and the briefing's documents only render these, so the app and every document
cannot drift apart (the same cells, texts, colours, order and labels). Pure: no streamlit, plotly or reportlab.
Colours are hex strings; texts are plain (each renderer escapes them). Words come from `messages.py`.
"""

from dashboard.views.heatmap import MAX_HEAT_COLUMNS, HeatCell, HeatmapView, heatmap, heatmap_caption, heatmap_frame
from dashboard.views.matrix import LABEL_SPOTS, NEAR, MatrixPoint, band_lines, matrix_frame, matrix_points
from dashboard.views.palette import (
    DEFAULT_REACH,
    LEVEL_SCALE,
    RADAR_MAX_AXES,
    SERIES,
    SERIES_DASH,
    SERIES_MARKER,
    bubble_scale,
    level_colour,
    luminance,
    text_on,
)
from dashboard.views.profile import NO_LEVEL, ProfileView, Series, profile
from dashboard.views.ranking import RankingRow, low_confidence, ranking, ranking_frame, source_numbers
from dashboard.views.rights import RightRow, rights, rights_frame
from dashboard.views.tables import (
    profile_frame,
    quantile_frame,
    rank_share_frame,
    safeguard_value_frame,
    tier_share_frame,
    whatif_frame,
)
from dashboard.views.wording import (
    FOLD_CHARS,
    condition_text,
    criteria_sections,
    fold,
    profile_name,
    range_text,
    red_line_name,
    score_cell,
    score_text,
)

__all__ = [
    "DEFAULT_REACH",
    "FOLD_CHARS",
    "LABEL_SPOTS",
    "LEVEL_SCALE",
    "MAX_HEAT_COLUMNS",
    "NEAR",
    "NO_LEVEL",
    "RADAR_MAX_AXES",
    "SERIES",
    "SERIES_DASH",
    "SERIES_MARKER",
    "HeatCell",
    "HeatmapView",
    "MatrixPoint",
    "ProfileView",
    "RankingRow",
    "RightRow",
    "Series",
    "band_lines",
    "bubble_scale",
    "condition_text",
    "criteria_sections",
    "fold",
    "heatmap",
    "heatmap_caption",
    "heatmap_frame",
    "level_colour",
    "low_confidence",
    "luminance",
    "matrix_frame",
    "matrix_points",
    "profile",
    "profile_frame",
    "profile_name",
    "quantile_frame",
    "range_text",
    "rank_share_frame",
    "ranking",
    "ranking_frame",
    "red_line_name",
    "rights",
    "rights_frame",
    "safeguard_value_frame",
    "score_cell",
    "score_text",
    "source_numbers",
    "text_on",
    "tier_share_frame",
    "whatif_frame",
]
