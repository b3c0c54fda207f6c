"""Profiles of technologies across criteria: one series each, as a radar or, for wide rubrics, grouped bars."""

from __future__ import annotations

import math
from dataclasses import dataclass

from dashboard.core.models import Rubric
from dashboard.views.palette import RADAR_MAX_AXES, SERIES, SERIES_DASH, SERIES_MARKER
from dashboard.words import say

# ------------------------------------------------------------------------------------------ profile series


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]  # per criterion in rubric order; None where n/a or not scored (drawn as a gap)
    colour: str
    dash: str
    marker: str


# An axis no series has a level on (unscored, or "does not apply" everywhere): never "(n/a)", which the rest of the
# product uses for "does not apply" alone (issue 21).
NO_LEVEL = f" ({say('reader.no_level')})"


@dataclass(frozen=True)
class ProfileView:
    """Levels per criterion for one or more series (inherent and residual, or several technologies)."""

    criteria: list[tuple[str, str, str]]  # (id, name, group name)
    labels: list[str]  # axis labels: the name, marked NO_LEVEL when no series has a level
    series: list[Series]
    floor: float
    ceiling: float
    kind: str  # 'radar' up to RADAR_MAX_AXES criteria, else 'bars'


def profile(series: dict[str, dict[str, float]], rubric: Rubric, criteria: list[str] | None = None) -> ProfileView:
    """Levels per criterion in rubric order; `criteria` limits the view to some (one part of a long profile
    drawn in page-sized parts), still drawn as bars when the rubric is too wide for a radar."""

    def level(v: float | None) -> float | None:
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)

    wanted = None if criteria is None else set(criteria)
    shown = [c for c in rubric.criteria if wanted is None or c.id in wanted]
    out = []
    for k, (name, levels) in enumerate(series.items()):
        out.append(
            Series(
                name=name,
                values=[level(levels.get(c.id)) for c in shown],
                colour=SERIES[k % len(SERIES)],
                dash=SERIES_DASH[k % len(SERIES_DASH)],
                marker=SERIES_MARKER[k % len(SERIES_MARKER)],
            )
        )
    labels = [c.name + (NO_LEVEL if all(s.values[j] is None for s in out) else "") for j, c in enumerate(shown)]
    return ProfileView(
        criteria=[(c.id, c.name, rubric.group(c.group).name) for c in shown],
        labels=labels,
        series=out,
        floor=rubric.scale.floor,
        ceiling=rubric.scale.ceiling,
        kind="radar" if len(rubric.criteria) <= RADAR_MAX_AXES else "bars",
    )
