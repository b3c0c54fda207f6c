"""A rubric's scoring rules in plain sentences, and a technology's totals in the method's own units.

Renderer-neutral: the Method page, the Technology profile and the command line show the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.core.models import Criterion, Rubric, Tier
from dashboard.views.labels import number

ROUNDING = {
    "half_up": "halves rounded up",
    "half_even": "halves rounded to the even number",
    "down": "rounded down",
    "up": "rounded up",
}


def _names(rubric: Rubric, cid: str) -> str:
    return next((c.name for c in rubric.criteria if c.id == cid), cid)


def condition_text(criterion: Criterion, rubric: Rubric) -> str:
    """'Applies only when X is answered Yes or No, and Y is at level 4.' ('' when it always applies)."""
    parts = []
    for cond in criterion.applies_if:
        other = next((c for c in rubric.criteria if c.id == cond.criterion), None)
        if cond.answers is not None:
            labels = {o.id: o.label for o in (other.options or [])} if other else {}
            said = " or ".join(f"'{labels.get(a, a)}'" for a in cond.answers)
            parts.append(f"{_names(rubric, cond.criterion)} is answered {said}")
        else:
            said = " or ".join(number(v) for v in cond.levels or [])
            parts.append(f"{_names(rubric, cond.criterion)} is at level {said}")
    return ("Applies only when " + ", and ".join(parts) + ".") if parts else ""


def tier_bound_text(rubric: Rubric, tier: Tier) -> str:
    """A tier's threshold as written: 'from 50', 'up to 25%', 'above the others' or 'by matrix'."""
    percent = rubric.tiers.basis == "fraction"

    def show(value: float) -> str:
        return f"{value * 100:g}%" if percent else f"{value:g}"

    if rubric.tiers.bound == "upper":
        return f"up to {show(tier.max)}" if tier.max is not None else "above the others"
    return f"from {show(tier.min)}" if tier.min is not None else "by matrix"


def aggregation_lines(rubric: Rubric) -> list[str]:
    """How the total, the mitigation, the rounding and the tiers are computed, one sentence each."""
    agg = rubric.aggregation
    lines = []
    if agg.method == "weighted_sum":
        lines.append("The raw total is the weighted sum of the levels (or answer scores) of the risk criteria.")
    else:
        lines.append("The raw total is the weighted mean level of the risk criteria.")
    start = "zero points" if agg.baseline == "zero" else "each criterion's lowest level"
    lines.append(f"The 0-100 score measures the raw total from {start} to the highest it could reach.")
    if agg.unanswered == "zero":
        lines.append(
            "An unanswered criterion scores 0 out of a fixed maximum, and the assessment is flagged incomplete."
        )
    else:
        lines.append(
            "An unanswered criterion is left out and the weights renormalise; the score range runs it from the "
            "lowest to the highest level, and the assessment is flagged incomplete."
        )
    if any(c.applies_if for c in rubric.criteria):
        if agg.inapplicable_answers == "count":
            lines.append(
                "Some criteria apply only after given answers to others; an answer to one that does not apply is "
                "flagged but counted, as the method does."
            )
        else:
            lines.append(
                "Some criteria apply only after given answers to others; an answer to one that does not apply is "
                "flagged and treated as not applicable."
            )
    for role, words in (("control", "count only toward a control total"), ("context", "are answered but not scored")):
        names = [g.id for g in rubric.groups if g.role == role]
        if names:
            groups = ", ".join(g.name for g in rubric.groups if g.id in names)
            lines.append(f"Criteria in {groups} {words}; they never change the risk total.")
    m = agg.mitigation
    if m is not None:
        if m.group:
            group = next((g.name for g in rubric.groups if g.id == m.group), m.group)
            lines.append(
                f"When the points of {group} reach {m.min_share:.0%} of their maximum, the total is reduced by "
                f"{m.reduction_pct:g}%."
            )
        else:
            lines.append(
                f"When {m.min_share:.0%} of the applicable safeguards are in place (a partial one counting "
                f"{m.partial_weight:g}), the total is reduced by {m.reduction_pct:g}%."
            )
    if agg.rounding is not None:
        r = agg.rounding
        what = "raw total" if r.applies_to == "raw" else "0-100 score"
        lines.append(f"The final {what} is rounded to {r.places} decimal places, {ROUNDING[r.rule]}.")
    if rubric.tiers.bound == "upper":
        lines.append("Each tier's threshold is an inclusive upper bound: a total exactly on it stays in that tier.")
    elif not agg.matrix:
        lines.append("Each tier's threshold is an inclusive lower bound: a total exactly on it is in that tier.")
    return lines


def units_rows(row: Mapping[str, Any], rubric: Rubric) -> list[tuple[str, str]]:
    """A technology's totals in the method's own units, for a two-column table."""

    def show(value: Any) -> str:
        return "n/a" if value is None or value != value else f"{value:g}"

    unit = "points" if rubric.aggregation.method == "weighted_sum" else "mean level"
    rows = [
        (f"Raw total ({unit})", show(row["raw_total"])),
        ("Possible range", f"{show(row['raw_min'])} to {show(row['raw_max'])}"),
    ]
    m = rubric.aggregation.mitigation
    if m is not None and m.group:
        rows.append(
            (
                "Control total",
                f"{show(row['control_points'])} of {show(row['control_max'])} "
                f"(threshold {show(row['control_threshold'])})",
            )
        )
    if m is not None:
        rows.append(("Mitigation applied", "yes" if row["mitigated"] else "no"))
    if m is not None or rubric.aggregation.rounding is not None:
        rows.append(("Final total", show(row["raw"])))
    return rows
