"""Cross-reference checks that a schema cannot express: ids that must exist, be unique, or lie on the scale.

Each check yields (path, message, hint); `loading.py` adds the file name and line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from dashboard.core import weights
from dashboard.core.models import NA, AssessmentSet, Criterion, Rubric, ScoreEntry
from dashboard.settings import MAX_WEIGHT
from dashboard.words import say

Finding = tuple[tuple[object, ...], str, str]


def _suggest(name: str, known: Iterable[str]) -> str:
    known = list(known)
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return say("check.did_you_mean_hint", name=close[0])
    shown = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
    return say("check.use_one_of_hint", names=shown) if known else say("check.define_first_hint")


def _duplicates(items: Sequence[Any], field: str, where: tuple[object, ...], kind: str) -> Iterator[Finding]:
    """Report each repeated id at its second (and later) use, where the user most likely added it; `kind` names
    what the ids are, in words."""
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            yield (where + (i, field), say("check.duplicate_id", kind=kind, id=item.id), say("check.duplicate_id_hint"))
        seen.add(item.id)


def _too_heavy(weight: float) -> tuple[str, str]:
    return say("check.weight_too_heavy", weight=weight, limit=MAX_WEIGHT), say("check.weight_too_heavy_hint")


def check_rubric(rubric: Rubric) -> Iterator[Finding]:
    yield from _duplicates(rubric.criteria, "id", ("criteria",), say("check.kind_criterion"))
    yield from _duplicates(rubric.groups, "id", ("groups",), say("check.kind_group"))
    yield from _duplicates(rubric.rights, "id", ("rights",), say("check.kind_right"))
    yield from _duplicates(rubric.safeguards, "id", ("safeguards",), say("check.kind_safeguard"))
    yield from _duplicates(rubric.tiers.levels, "id", ("tiers", "levels"), say("check.kind_tier"))
    yield from _duplicates(rubric.red_lines, "id", ("red_lines",), say("check.kind_red_line"))
    yield from _duplicates(rubric.profiles, "id", ("profiles",), say("check.kind_profile"))

    values = [level.value for level in rubric.scale.levels]
    for i in range(1, len(values)):
        if values[i] <= values[i - 1]:
            yield (
                ("scale", "levels", i, "value"),
                say("check.scale_not_rising", level=values[i], previous=values[i - 1]),
                say("check.scale_not_rising_hint"),
            )
    floor, ceiling = min(values), max(values)

    group_ids = [g.id for g in rubric.groups]
    right_ids = [r.id for r in rubric.rights]
    criterion_ids = [c.id for c in rubric.criteria]
    tier_ids = [t.id for t in rubric.tiers.levels]
    for i, c in enumerate(rubric.criteria):
        at = ("criteria", i)
        if c.group not in group_ids:
            yield (at + ("group",), say("check.unknown_group", id=c.group), _suggest(c.group, group_ids))
        for j, rid in enumerate(c.rights):
            if rid not in right_ids:
                yield (at + ("rights", j), say("check.unknown_right", id=rid), _suggest(rid, right_ids))
        if c.weight < 0:
            yield (at + ("weight",), say("check.negative_weight", weight=c.weight), say("check.negative_weight_hint"))
        elif weights.value_fault(c.weight):
            yield (at + ("weight",), *_too_heavy(c.weight))
        for level in c.descriptors:
            if level not in values:
                yield (
                    at + ("descriptors", str(level)),
                    say("check.descriptor_off_scale", level=level),
                    say("check.descriptor_off_scale_hint", levels=values),
                )
        if c.options:
            yield from _duplicates(c.options, "id", at + ("options",), say("check.kind_option"))
            if c.select == "one":
                for k, option in enumerate(c.options):
                    if not floor <= option.score <= ceiling:
                        yield (
                            at + ("options", k, "score"),
                            say("check.option_off_scale", score=option.score, floor=floor, ceiling=ceiling),
                            say("check.option_off_scale_hint"),
                        )
    if rubric.criteria and all(c.weight == 0 for c in rubric.criteria):
        yield (("criteria",), say("check.all_weights_zero"), say("check.positive_weight_hint"))
    roles = {g.id: g.role for g in rubric.groups}
    if rubric.criteria and not any(roles.get(c.group, "risk") == "risk" for c in rubric.criteria):
        yield (("groups",), say("check.no_risk_group"), say("check.no_risk_group_hint"))
    yield from _check_conditions(rubric, floor, ceiling)
    yield from _check_aggregation(rubric)

    for i, sg in enumerate(rubric.safeguards):
        for j, effect in enumerate(sg.effects):
            if effect.criterion not in criterion_ids:
                yield (
                    ("safeguards", i, "effects", j, "criterion"),
                    say("check.unknown_criterion", id=effect.criterion),
                    _suggest(effect.criterion, criterion_ids),
                )
            if effect.partial_reduction is not None and effect.partial_reduction > effect.reduction:
                yield (
                    ("safeguards", i, "effects", j, "partial_reduction"),
                    say("check.partial_exceeds_full"),
                    say("check.partial_exceeds_full_hint"),
                )

    yield from _check_tiers(rubric)
    if rubric.review is not None:
        for tier in rubric.review.approvals:
            if tier != "default" and tier not in tier_ids:
                yield (
                    ("review", "approvals", tier),
                    say("check.unknown_review_tier", id=tier),
                    _suggest(tier, tier_ids + ["default"]),
                )

    for i, rl in enumerate(rubric.red_lines):
        if rl.tier not in tier_ids:
            yield (("red_lines", i, "tier"), say("check.unknown_tier", id=rl.tier), _suggest(rl.tier, tier_ids))
        if not rl.instrument.strip():
            yield (
                ("red_lines", i, "instrument"),
                say("check.red_line_instrument"),
                say("check.red_line_instrument_hint"),
            )
        for j, cond in enumerate(rl.when):
            if cond.criterion not in criterion_ids:
                yield (
                    ("red_lines", i, "when", j, "criterion"),
                    say("check.unknown_criterion", id=cond.criterion),
                    _suggest(cond.criterion, criterion_ids),
                )
            if cond.min_level is None and cond.max_level is None:
                yield (("red_lines", i, "when", j), say("check.condition_bound"), say("check.condition_bound_hint"))

    for i, profile in enumerate(rubric.profiles):
        if profile.id == "default":
            yield (("profiles", i, "id"), say("check.profile_reserved"), say("check.profile_reserved_hint"))
        for cid, w in profile.weights.items():
            if cid not in criterion_ids:
                yield (
                    ("profiles", i, "weights", cid),
                    say("check.unknown_criterion", id=cid),
                    _suggest(cid, criterion_ids),
                )
            elif w < 0:
                yield (
                    ("profiles", i, "weights", cid),
                    say("check.negative_weight", weight=w),
                    say("check.negative_profile_weight_hint"),
                )
            elif weights.value_fault(w):
                yield (("profiles", i, "weights", cid), *_too_heavy(w))
        merged = rubric.profile_weights(None) | profile.weights
        if merged and all(w == 0 for w in merged.values()):
            yield (
                ("profiles", i, "weights"),
                say("check.profile_zero"),
                say("check.positive_weight_hint"),
            )

    yield from _check_axes(rubric, criterion_ids, tier_ids)


def _check_conditions(rubric: Rubric, floor: float, ceiling: float) -> Iterator[Finding]:
    by_id = {c.id: c for c in rubric.criteria}
    for i, c in enumerate(rubric.criteria):
        for k, cond in enumerate(c.applies_if):
            at = ("criteria", i, "applies_if", k)
            other = by_id.get(cond.criterion)
            if other is None:
                yield (
                    at + ("criterion",),
                    say("check.unknown_criterion", id=cond.criterion),
                    _suggest(cond.criterion, by_id),
                )
                continue
            if other.id == c.id:
                yield (at + ("criterion",), say("check.self_dependency"), say("check.self_dependency_hint"))
            if (cond.answers is None) == (cond.levels is None):
                yield (at, say("check.condition_kind"), say("check.condition_kind_hint"))
            elif cond.answers is not None:
                if not other.options:
                    yield (
                        at + ("answers",),
                        say("check.condition_on_levels", id=other.id),
                        say("check.condition_on_levels_hint"),
                    )
                else:
                    option_ids = [o.id for o in other.options]
                    for m, answer in enumerate(cond.answers):
                        if answer not in option_ids:
                            yield (
                                at + ("answers", m),
                                say("check.unknown_answer", id=answer),
                                _suggest(answer, option_ids),
                            )
            elif cond.levels is not None and other.options:
                yield (
                    at + ("levels",),
                    say("check.condition_on_options", id=other.id),
                    say("check.condition_on_options_hint"),
                )
            elif cond.levels is not None:
                for m, level in enumerate(cond.levels):
                    if not floor <= level <= ceiling:
                        yield (
                            at + ("levels", m),
                            say("check.condition_level_off_scale", level=level, floor=floor, ceiling=ceiling),
                            say("check.condition_level_off_scale_hint"),
                        )


def _check_aggregation(rubric: Rubric) -> Iterator[Finding]:
    agg = rubric.aggregation
    groups = {g.id: g for g in rubric.groups}
    if agg.mitigation and agg.mitigation.group is not None:
        at = ("aggregation", "mitigation", "group")
        group = groups.get(agg.mitigation.group)
        if group is None:
            yield (at, say("check.unknown_group", id=agg.mitigation.group), _suggest(agg.mitigation.group, groups))
        elif group.role != "control":
            yield (
                at,
                say("check.mitigation_role", id=group.id, role=group.role),
                say("check.mitigation_role_hint", id=group.id),
            )
        elif not any(c.group == group.id for c in rubric.criteria):
            yield (at, say("check.mitigation_empty", id=group.id), say("check.mitigation_empty_hint"))
    if agg.rounding and agg.rounding.applies_to == "raw" and agg.method != "weighted_sum":
        yield (
            ("aggregation", "rounding", "applies_to"),
            say("check.raw_rounding"),
            say("check.raw_rounding_hint"),
        )


def _check_tiers(rubric: Rubric) -> Iterator[Finding]:
    if rubric.tiers.bound == "upper":
        yield from _check_upper_tiers(rubric)
        return
    levels = rubric.tiers.levels
    top = 1.0 if rubric.tiers.basis == "fraction" else 100.0
    uses_matrix = bool(rubric.aggregation.matrix)
    previous: float | None = None
    for i, tier in enumerate(levels):
        if tier.max is not None:
            yield (
                ("tiers", "levels", i, "max"),
                say("check.tier_max_without_upper"),
                say("check.tier_max_without_upper_hint"),
            )
        at = ("tiers", "levels", i, "min")
        if tier.min is None:
            if not uses_matrix:
                yield (
                    at,
                    say("check.tier_no_min", id=tier.id),
                    say("check.tier_no_min_hint"),
                )
            continue
        if not 0 <= tier.min <= top:
            yield (
                at,
                say("check.threshold_off", value=tier.min, top=top),
                say("check.threshold_off_hint", basis=rubric.tiers.basis, top=top),
            )
        if previous is not None and tier.min <= previous:
            yield (
                at,
                say("check.tiers_order", value=tier.min, previous=previous),
                say("check.tiers_order_hint"),
            )
        previous = tier.min
    if not uses_matrix and levels and levels[0].min not in (None, 0):
        yield (
            ("tiers", "levels", 0, "min"),
            say("check.lowest_tier"),
            say("check.lowest_tier_hint"),
        )


def _check_upper_tiers(rubric: Rubric) -> Iterator[Finding]:
    levels = rubric.tiers.levels
    top = 1.0 if rubric.tiers.basis == "fraction" else 100.0
    previous: float | None = None
    for i, tier in enumerate(levels):
        at = ("tiers", "levels", i)
        if tier.min is not None:
            yield (at + ("min",), say("check.upper_min"), say("check.upper_min_hint"))
        if tier.max is None:
            if i < len(levels) - 1:
                yield (
                    at + ("max",),
                    say("check.tier_no_max", id=tier.id),
                    say("check.tier_no_max_hint"),
                )
            continue
        if not 0 <= tier.max <= top:
            yield (
                at + ("max",),
                say("check.threshold_off", value=tier.max, top=top),
                say("check.threshold_off_hint", basis=rubric.tiers.basis, top=top),
            )
        if previous is not None and tier.max <= previous:
            yield (
                at + ("max",),
                say("check.tiers_order", value=tier.max, previous=previous),
                say("check.tiers_order_hint"),
            )
        previous = tier.max
    if rubric.aggregation.matrix:
        yield (("tiers", "bound"), say("check.matrix_bounds"), say("check.matrix_bounds_hint"))


def _check_axes(rubric: Rubric, criterion_ids: list[str], tier_ids: list[str]) -> Iterator[Finding]:
    agg = rubric.aggregation
    if agg.axes is None:
        if agg.matrix:
            yield (("aggregation", "matrix"), say("check.matrix_axes"), say("check.matrix_axes_hint"))
        return
    if len(agg.axes) != 2:
        yield (
            ("aggregation", "axes"),
            say("check.axes_count", count=len(agg.axes)),
            say("check.axes_count_hint"),
        )
        return
    for i, axis in enumerate(agg.axes):
        for j, cid in enumerate(axis.criteria):
            if cid not in criterion_ids:
                yield (
                    ("aggregation", "axes", i, "criteria", j),
                    say("check.unknown_criterion", id=cid),
                    _suggest(cid, criterion_ids),
                )
        for k in range(1, len(axis.bands)):
            if axis.bands[k].min <= axis.bands[k - 1].min:
                yield (
                    ("aggregation", "axes", i, "bands", k, "min"),
                    say("check.bands_order"),
                    say("check.bands_order_hint"),
                )
    if agg.matrix:
        x, y = agg.axes
        for xb in x.bands:
            row = agg.matrix.get(xb.id)
            if row is None:
                yield (
                    ("aggregation", "matrix"),
                    say("check.matrix_row", axis=x.name, band=xb.id),
                    say("check.matrix_row_hint", band=xb.id, other=y.name),
                )
                continue
            for yb in y.bands:
                if yb.id not in row:
                    yield (
                        ("aggregation", "matrix", xb.id),
                        say("check.matrix_cell", axis=y.name, band=yb.id),
                        say("check.matrix_cell_hint", band=yb.id),
                    )
                elif row[yb.id] not in tier_ids:
                    yield (
                        ("aggregation", "matrix", xb.id, yb.id),
                        say("check.unknown_tier", id=row[yb.id]),
                        _suggest(row[yb.id], tier_ids),
                    )


def check_assessments(data: AssessmentSet, rubric: Rubric) -> Iterator[Finding]:
    ref = data.meta.rubric
    if ref.id != rubric.id:
        yield (
            ("meta", "rubric", "id"),
            say("check.other_rubric", scored=ref.id, loaded=rubric.id),
            say("check.other_rubric_hint"),
        )
    elif ref.version != rubric.version:
        yield (
            ("meta", "rubric", "version"),
            say("check.other_version", scored=ref.version, rubric=rubric.id, loaded=rubric.version),
            say("check.other_version_hint", loaded=rubric.version),
        )

    yield from _duplicates(data.sources, "id", ("sources",), say("check.kind_source"))
    yield from _duplicates(data.technologies, "id", ("technologies",), say("check.kind_technology"))
    source_ids = [s.id for s in data.sources]
    criteria = {c.id: c for c in rubric.criteria}
    safeguard_ids = [s.id for s in rubric.safeguards]
    floor, ceiling = rubric.scale.floor, rubric.scale.ceiling

    def cited(at: tuple[object, ...], sid: str) -> Iterator[Finding]:
        if sid not in source_ids:
            yield (at, say("check.uncited_source", id=sid), _suggest(sid, source_ids))

    for t, tech in enumerate(data.technologies):
        at = ("technologies", t)
        for e, excerpt in enumerate(tech.excerpts):
            yield from cited(at + ("excerpts", e, "source"), excerpt.source)
        for f, flag in enumerate(tech.flags):
            if flag.source:
                yield from cited(at + ("flags", f, "source"), flag.source)
        for cid, entry in tech.scores.items():
            sat = at + ("scores", cid)
            criterion = criteria.get(cid)
            if criterion is None:
                yield (sat, say("check.unknown_criterion", id=cid), _suggest(cid, list(criteria)))
                continue
            yield from _check_entry(sat, entry, criterion, floor, ceiling)
            for e, ev in enumerate(entry.evidence):
                yield from cited(sat + ("evidence", e, "source"), ev.source)
        for sid, status in tech.safeguards.items():
            if sid not in safeguard_ids:
                yield (at + ("safeguards", sid), say("check.unknown_safeguard", id=sid), _suggest(sid, safeguard_ids))
            for e, ev in enumerate(status.evidence):
                yield from cited(at + ("safeguards", sid, "evidence", e, "source"), ev.source)


def _check_entry(
    at: tuple[object, ...], entry: ScoreEntry, criterion: Criterion, floor: float, ceiling: float
) -> Iterator[Finding]:
    if entry.level == NA:
        if not entry.reason.strip():
            yield (at + ("reason",), say("check.na_reason"), say("check.na_reason_hint"))
        return
    if criterion.options:
        if entry.level is not None:
            yield (
                at + ("level",),
                say("check.level_not_answer", id=criterion.id),
                say("check.level_not_answer_hint"),
            )
        answers = [entry.answer] if isinstance(entry.answer, str) else (entry.answer or [])
        if isinstance(entry.answer, list) and criterion.select == "one" and len(answers) > 1:
            yield (at + ("answer",), say("check.several_answers"), say("check.several_answers_hint"))
        option_ids = [o.id for o in criterion.options]
        for a in answers:
            if a not in option_ids:
                yield (at + ("answer",), say("check.unknown_answer", id=a), _suggest(a, option_ids))
        return
    if entry.answer is not None:
        yield (at + ("answer",), say("check.no_options", id=criterion.id), say("check.no_options_hint"))
    if entry.level is None:
        return  # a missing score: flagged by scoring, not an error, so drafts can be loaded
    lo, hi = (entry.level, entry.level) if not isinstance(entry.level, list) else entry.level
    if lo < floor or hi > ceiling:
        yield (
            at + ("level",),
            say("check.level_off_scale", level=entry.level, floor=floor, ceiling=ceiling),
            say("check.level_off_scale_hint", floor=floor, ceiling=ceiling),
        )
