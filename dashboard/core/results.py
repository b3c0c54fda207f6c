"""The typed contract between the scores and everything that shows them: one record per technology, one per
technology and criterion. The views read these; the scores table (a DataFrame, for display and export at the edges)
is built from them, so both carry the same values under the same names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The state of one criterion for one technology.
SCORED, NOT_APPLICABLE, MISSING, SKIPPED = "scored", "not_applicable", "missing", "skipped"


@dataclass(frozen=True)
class MethodUnits:
    """Totals in the method's own units: the raw total before and after mitigation and rounding, its possible range,
    and the control total that decides mitigation with its maximum and threshold (None where the method has none)."""

    raw_total: float | None = None
    raw_min: float | None = None
    raw_max: float | None = None
    control_points: float | None = None
    control_max: float | None = None
    control_threshold: float | None = None


@dataclass(frozen=True)
class Placement:
    """Where a technology sits on the rubric's two axes (rubrics with a risk matrix only)."""

    x: float | None
    y: float | None
    x_raw: float | None
    y_raw: float | None
    band_x: str
    band_y: str


@dataclass(frozen=True)
class TechnologyResult:
    """One technology under one weighting and scenario. Codes and numbers, no words: `tier_label` is the rubric's
    own label (None when unrated) and `caution` a code from core/evidence.py."""

    rank: int  # 1 = highest risk; unrated technologies last; ties by id
    id: str
    name: str
    category: str
    score: float | None  # 0-100; None when no criterion could be scored
    score_low: float | None
    score_high: float | None
    raw: float | None
    tier: str | None  # None when unrated: no total, so no tier either
    tier_label: str | None
    tier_colour: str
    tiers_spanned: tuple[str, ...]  # the tiers the range from low to high crosses
    red_lines: tuple[str, ...]  # red-line ids crossed
    complete: bool
    missing: tuple[str, ...]  # criterion ids nobody answered
    not_applicable: tuple[str, ...]
    mitigated: bool
    inapplicable_answered: tuple[str, ...]
    units: MethodUnits
    reach: int | None
    evidence_strength: float | None  # share of the weighted score resting on corroborated evidence
    reported_only: tuple[str, ...]  # criterion ids resting on unconfirmed reporting only
    uncited: tuple[str, ...]
    caution: str  # evidence.CAUTION_*
    placement: Placement | None = None

    @property
    def rated(self) -> bool:
        return self.tier is not None

    def row(self) -> dict[str, Any]:
        """The record as a row of the scores table (column names as the exports document them)."""
        row: dict[str, Any] = {
            "rank": self.rank,
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "score": self.score,
            "score_low": self.score_low,
            "score_high": self.score_high,
            "raw": self.raw,
            "tier": self.tier,
            "tier_label": self.tier_label,
            "tier_colour": self.tier_colour,
            "tiers_spanned": list(self.tiers_spanned),
            "red_lines": list(self.red_lines),
            "complete": self.complete,
            "missing": list(self.missing),
            "not_applicable": list(self.not_applicable),
            "mitigated": self.mitigated,
            "inapplicable_answered": list(self.inapplicable_answered),
            "raw_total": self.units.raw_total,
            "raw_min": self.units.raw_min,
            "raw_max": self.units.raw_max,
            "control_points": self.units.control_points,
            "control_max": self.units.control_max,
            "control_threshold": self.units.control_threshold,
            "reach": self.reach,
            "evidence_strength": self.evidence_strength,
            "reported_only": list(self.reported_only),
            "uncited": list(self.uncited),
            "caution": self.caution,
        }
        if self.placement is not None:
            p = self.placement
            row.update(axis_x=p.x, axis_y=p.y, axis_x_raw=p.x_raw, axis_y_raw=p.y_raw, band_x=p.band_x, band_y=p.band_y)
        return row


@dataclass(frozen=True)
class CriterionResult:
    """One criterion of one technology: its levels (None where n/a or unanswered), its state and evidence basis."""

    technology: str
    criterion: str
    state: str  # SCORED, NOT_APPLICABLE, MISSING or SKIPPED (unanswered, and its applies_if does not hold)
    inherent: float | None  # the point level with no safeguards
    residual: float | None  # after this scenario's safeguards
    low: float | None
    high: float | None
    basis: int  # evidence.CORROBORATED, REPORTED, UNCITED or NOT_SCORED

    @property
    def changed(self) -> bool:
        """Safeguards change the level."""
        return self.residual is not None and self.residual != self.inherent
