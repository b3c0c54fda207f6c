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

Finding = tuple[tuple[object, ...], str, str]


def _suggest(name: str, known: Iterable[str]) -> str:
    known = list(known)
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    shown = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
    return f"use one of: {shown}" if known else "define it first"


def _duplicates(items: Sequence[Any], field: str, where: tuple[object, ...], what: str) -> Iterator[Finding]:
    """Report each repeated id at its second (and later) use, where the user most likely added it."""
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            yield (where + (i, field), f"duplicate {what} id '{item.id}'", "give each one a unique id")
        seen.add(item.id)


def _too_heavy(weight: float) -> tuple[str, str]:
    return (
        f"weight {weight:g} is above the largest allowed, {MAX_WEIGHT:g}",
        "weights are relative: divide them all by the same number",
    )


def check_rubric(rubric: Rubric) -> Iterator[Finding]:
    yield from _duplicates(rubric.criteria, "id", ("criteria",), "criterion")
    yield from _duplicates(rubric.groups, "id", ("groups",), "group")
    yield from _duplicates(rubric.rights, "id", ("rights",), "right")
    yield from _duplicates(rubric.safeguards, "id", ("safeguards",), "safeguard")
    yield from _duplicates(rubric.tiers.levels, "id", ("tiers", "levels"), "tier")
    yield from _duplicates(rubric.red_lines, "id", ("red_lines",), "red line")
    yield from _duplicates(rubric.profiles, "id", ("profiles",), "profile")

    values = [level.value for level in rubric.scale.levels]
    for i in range(1, len(values)):
        if values[i] <= values[i - 1]:
            yield (
                ("scale", "levels", i, "value"),
                f"scale level {values[i]} does not rise above {values[i - 1]}",
                "list the scale levels in increasing order",
            )
    floor, ceiling = min(values), max(values)

    group_ids = [g.id for g in rubric.groups]
    right_ids = [r.id for r in rubric.rights]
    criterion_ids = [c.id for c in rubric.criteria]
    tier_ids = [t.id for t in rubric.tiers.levels]
    for i, c in enumerate(rubric.criteria):
        at = ("criteria", i)
        if c.group not in group_ids:
            yield (at + ("group",), f"unknown group '{c.group}'", _suggest(c.group, group_ids))
        for j, rid in enumerate(c.rights):
            if rid not in right_ids:
                yield (at + ("rights", j), f"unknown right '{rid}'", _suggest(rid, right_ids))
        if c.weight < 0:
            yield (at + ("weight",), f"weight {c.weight} is negative", "use 0 to switch a criterion off")
        elif weights.value_fault(c.weight):
            yield (at + ("weight",), *_too_heavy(c.weight))
        for level in c.descriptors:
            if level not in values:
                yield (
                    at + ("descriptors", str(level)),
                    f"descriptor for level {level}, which is not on the scale",
                    f"use scale levels {values}",
                )
        if c.options:
            yield from _duplicates(c.options, "id", at + ("options",), "option")
            if c.select == "one":
                for k, option in enumerate(c.options):
                    if not floor <= option.score <= ceiling:
                        yield (
                            at + ("options", k, "score"),
                            f"option score {option.score} is outside the scale {floor}..{ceiling}",
                            "use a score on the scale",
                        )
    if rubric.criteria and all(c.weight == 0 for c in rubric.criteria):
        yield (("criteria",), "all criterion weights are zero", "give at least one criterion a positive weight")
    roles = {g.id: g.role for g in rubric.groups}
    if rubric.criteria and not any(roles.get(c.group, "risk") == "risk" for c in rubric.criteria):
        yield (("groups",), "no criterion is in a risk group", "give at least one group role 'risk' (the default)")
    yield from _check_conditions(rubric, floor, ceiling)
    yield from _check_aggregation(rubric)

    for i, sg in enumerate(rubric.safeguards):
        for j, effect in enumerate(sg.effects):
            if effect.criterion not in criterion_ids:
                yield (
                    ("safeguards", i, "effects", j, "criterion"),
                    f"unknown criterion '{effect.criterion}'",
                    _suggest(effect.criterion, criterion_ids),
                )
            if effect.partial_reduction is not None and effect.partial_reduction > effect.reduction:
                yield (
                    ("safeguards", i, "effects", j, "partial_reduction"),
                    "a partial safeguard removes more than a full one",
                    "make partial_reduction at most reduction",
                )

    yield from _check_tiers(rubric)

    for i, rl in enumerate(rubric.red_lines):
        if rl.tier not in tier_ids:
            yield (("red_lines", i, "tier"), f"unknown tier '{rl.tier}'", _suggest(rl.tier, tier_ids))
        if not rl.instrument.strip():
            yield (
                ("red_lines", i, "instrument"),
                "a red line must name its instrument",
                "cite the instrument or authority that draws it",
            )
        for j, cond in enumerate(rl.when):
            if cond.criterion not in criterion_ids:
                yield (
                    ("red_lines", i, "when", j, "criterion"),
                    f"unknown criterion '{cond.criterion}'",
                    _suggest(cond.criterion, criterion_ids),
                )
            if cond.min_level is None and cond.max_level is None:
                yield (("red_lines", i, "when", j), "a condition needs min_level or max_level", "e.g. 'min_level: 4'")

    for i, profile in enumerate(rubric.profiles):
        if profile.id == "default":
            yield (("profiles", i, "id"), "'default' is reserved for the criteria's own weights", "choose another id")
        for cid, w in profile.weights.items():
            if cid not in criterion_ids:
                yield (("profiles", i, "weights", cid), f"unknown criterion '{cid}'", _suggest(cid, criterion_ids))
            elif w < 0:
                yield (("profiles", i, "weights", cid), f"weight {w} is negative", "use 0 to switch it off")
            elif weights.value_fault(w):
                yield (("profiles", i, "weights", cid), *_too_heavy(w))
        merged = rubric.profile_weights(None) | profile.weights
        if merged and all(w == 0 for w in merged.values()):
            yield (
                ("profiles", i, "weights"),
                "all weights are zero in this profile",
                "give at least one criterion a positive weight",
            )

    yield from _check_axes(rubric, criterion_ids, tier_ids)


def _check_conditions(rubric: Rubric, floor: float, ceiling: float) -> Iterator[Finding]:
    by_id = {c.id: c for c in rubric.criteria}
    for i, c in enumerate(rubric.criteria):
        for k, cond in enumerate(c.applies_if):
            at = ("criteria", i, "applies_if", k)
            other = by_id.get(cond.criterion)
            if other is None:
                yield (at + ("criterion",), f"unknown criterion '{cond.criterion}'", _suggest(cond.criterion, by_id))
                continue
            if other.id == c.id:
                yield (at + ("criterion",), "a criterion cannot depend on its own answer", "name another criterion")
            if (cond.answers is None) == (cond.levels is None):
                yield (at, "a condition needs either 'answers' or 'levels'", "e.g. 'answers: [yes]' or 'levels: [4]'")
            elif cond.answers is not None:
                if not other.options:
                    yield (
                        at + ("answers",),
                        f"criterion '{other.id}' is scored by levels, not answer options",
                        "use 'levels: [...]' instead",
                    )
                else:
                    option_ids = [o.id for o in other.options]
                    for m, answer in enumerate(cond.answers):
                        if answer not in option_ids:
                            yield (at + ("answers", m), f"unknown answer '{answer}'", _suggest(answer, option_ids))
            elif cond.levels is not None and other.options:
                yield (
                    at + ("levels",),
                    f"criterion '{other.id}' is scored by answer options",
                    "use 'answers: [...]' with its option ids",
                )
            elif cond.levels is not None:
                for m, level in enumerate(cond.levels):
                    if not floor <= level <= ceiling:
                        yield (
                            at + ("levels", m),
                            f"level {level:g} is outside the scale {floor:g}..{ceiling:g}",
                            "use a level on the scale",
                        )


def _check_aggregation(rubric: Rubric) -> Iterator[Finding]:
    agg = rubric.aggregation
    groups = {g.id: g for g in rubric.groups}
    if agg.mitigation and agg.mitigation.group is not None:
        at = ("aggregation", "mitigation", "group")
        group = groups.get(agg.mitigation.group)
        if group is None:
            yield (at, f"unknown group '{agg.mitigation.group}'", _suggest(agg.mitigation.group, groups))
        elif group.role != "control":
            yield (
                at,
                f"group '{group.id}' has role '{group.role}', so it cannot decide mitigation",
                f"give group '{group.id}' 'role: control'",
            )
        elif not any(c.group == group.id for c in rubric.criteria):
            yield (at, f"group '{group.id}' has no criteria", "put the mitigation questions in it")
    if agg.rounding and agg.rounding.applies_to == "raw" and agg.method != "weighted_sum":
        yield (
            ("aggregation", "rounding", "applies_to"),
            "a raw total can only be rounded with method 'weighted_sum' (a weighted mean has no points to round)",
            "use 'applies_to: score', or method 'weighted_sum'",
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
                "'max' is for tiers with 'bound: upper'",
                "give 'min' (inclusive lower bound), or set tiers.bound to 'upper' and give every tier a 'max'",
            )
        at = ("tiers", "levels", i, "min")
        if tier.min is None:
            if not uses_matrix:
                yield (
                    at,
                    f"tier '{tier.id}' has no 'min' threshold",
                    "give every tier a 'min' (or define aggregation.matrix)",
                )
            continue
        if not 0 <= tier.min <= top:
            yield (
                at,
                f"threshold {tier.min} is outside 0..{top:g}",
                f"with basis '{rubric.tiers.basis}' thresholds run from 0 to {top:g}",
            )
        if previous is not None and tier.min <= previous:
            yield (
                at,
                f"tiers out of order: {tier.min} does not rise above {previous}",
                "list tiers from lowest to highest with rising thresholds",
            )
        previous = tier.min
    if not uses_matrix and levels and levels[0].min not in (None, 0):
        yield (
            ("tiers", "levels", 0, "min"),
            "the lowest tier does not start at 0",
            "set the first tier's min to 0 so every total has a tier",
        )


def _check_upper_tiers(rubric: Rubric) -> Iterator[Finding]:
    levels = rubric.tiers.levels
    top = 1.0 if rubric.tiers.basis == "fraction" else 100.0
    previous: float | None = None
    for i, tier in enumerate(levels):
        at = ("tiers", "levels", i)
        if tier.min is not None:
            yield (at + ("min",), "with 'bound: upper' tiers give 'max', not 'min'", "replace 'min' by 'max'")
        if tier.max is None:
            if i < len(levels) - 1:
                yield (
                    at + ("max",),
                    f"tier '{tier.id}' has no 'max' threshold",
                    "give every tier but the last an inclusive upper bound 'max'",
                )
            continue
        if not 0 <= tier.max <= top:
            yield (
                at + ("max",),
                f"threshold {tier.max} is outside 0..{top:g}",
                f"with basis '{rubric.tiers.basis}' thresholds run from 0 to {top:g}",
            )
        if previous is not None and tier.max <= previous:
            yield (
                at + ("max",),
                f"tiers out of order: {tier.max} does not rise above {previous}",
                "list tiers from lowest to highest with rising thresholds",
            )
        previous = tier.max
    if rubric.aggregation.matrix:
        yield (("tiers", "bound"), "a matrix decides the tier, so tiers take no bounds", "remove 'bound: upper'")


def _check_axes(rubric: Rubric, criterion_ids: list[str], tier_ids: list[str]) -> Iterator[Finding]:
    agg = rubric.aggregation
    if agg.axes is None:
        if agg.matrix:
            yield (("aggregation", "matrix"), "a matrix needs two axes", "define aggregation.axes")
        return
    if len(agg.axes) != 2:
        yield (
            ("aggregation", "axes"),
            f"{len(agg.axes)} axes given, a risk matrix needs exactly 2",
            "define an x axis and a y axis",
        )
        return
    for i, axis in enumerate(agg.axes):
        for j, cid in enumerate(axis.criteria):
            if cid not in criterion_ids:
                yield (
                    ("aggregation", "axes", i, "criteria", j),
                    f"unknown criterion '{cid}'",
                    _suggest(cid, criterion_ids),
                )
        for k in range(1, len(axis.bands)):
            if axis.bands[k].min <= axis.bands[k - 1].min:
                yield (
                    ("aggregation", "axes", i, "bands", k, "min"),
                    "bands out of order",
                    "list bands from lowest to highest with rising thresholds",
                )
    if agg.matrix:
        x, y = agg.axes
        for xb in x.bands:
            row = agg.matrix.get(xb.id)
            if row is None:
                yield (
                    ("aggregation", "matrix"),
                    f"no row for {x.name} band '{xb.id}'",
                    f"add matrix.{xb.id} with a tier for each {y.name} band",
                )
                continue
            for yb in y.bands:
                if yb.id not in row:
                    yield (
                        ("aggregation", "matrix", xb.id),
                        f"no tier for {y.name} band '{yb.id}'",
                        f"add '{yb.id}: <tier id>'",
                    )
                elif row[yb.id] not in tier_ids:
                    yield (
                        ("aggregation", "matrix", xb.id, yb.id),
                        f"unknown tier '{row[yb.id]}'",
                        _suggest(row[yb.id], tier_ids),
                    )


def check_assessments(data: AssessmentSet, rubric: Rubric) -> Iterator[Finding]:
    ref = data.meta.rubric
    if ref.id != rubric.id:
        yield (
            ("meta", "rubric", "id"),
            f"scored against rubric '{ref.id}', but the loaded rubric is '{rubric.id}'",
            "load the rubric it was scored against, or re-score it",
        )
    elif ref.version != rubric.version:
        yield (
            ("meta", "rubric", "version"),
            f"scored against version {ref.version} of '{rubric.id}', but the loaded rubric is version {rubric.version}",
            f"review the scores against version {rubric.version} and update meta.rubric.version",
        )

    yield from _duplicates(data.sources, "id", ("sources",), "source")
    yield from _duplicates(data.technologies, "id", ("technologies",), "technology")
    source_ids = [s.id for s in data.sources]
    criteria = {c.id: c for c in rubric.criteria}
    safeguard_ids = [s.id for s in rubric.safeguards]
    floor, ceiling = rubric.scale.floor, rubric.scale.ceiling

    def cited(at: tuple[object, ...], sid: str) -> Iterator[Finding]:
        if sid not in source_ids:
            yield (at, f"source '{sid}' is cited but not in the source register", _suggest(sid, source_ids))

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
                yield (sat, f"unknown criterion '{cid}'", _suggest(cid, list(criteria)))
                continue
            yield from _check_entry(sat, entry, criterion, floor, ceiling)
            for e, ev in enumerate(entry.evidence):
                yield from cited(sat + ("evidence", e, "source"), ev.source)
        for sid, status in tech.safeguards.items():
            if sid not in safeguard_ids:
                yield (at + ("safeguards", sid), f"unknown safeguard '{sid}'", _suggest(sid, safeguard_ids))
            for e, ev in enumerate(status.evidence):
                yield from cited(at + ("safeguards", sid, "evidence", e, "source"), ev.source)


def _check_entry(
    at: tuple[object, ...], entry: ScoreEntry, criterion: Criterion, floor: float, ceiling: float
) -> Iterator[Finding]:
    if entry.level == NA:
        if not entry.reason.strip():
            yield (at + ("reason",), "'n/a' needs a reason", "say why the criterion does not apply")
        return
    if criterion.options:
        if entry.level is not None:
            yield (
                at + ("level",),
                f"criterion '{criterion.id}' is scored by answer options, not levels",
                "write 'answer: <option id>' instead of 'level:'",
            )
        answers = [entry.answer] if isinstance(entry.answer, str) else (entry.answer or [])
        if isinstance(entry.answer, list) and criterion.select == "one" and len(answers) > 1:
            yield (at + ("answer",), "several answers given for a one-answer criterion", "choose one option")
        option_ids = [o.id for o in criterion.options]
        for a in answers:
            if a not in option_ids:
                yield (at + ("answer",), f"unknown answer '{a}'", _suggest(a, option_ids))
        return
    if entry.answer is not None:
        yield (at + ("answer",), f"criterion '{criterion.id}' has no answer options", "write 'level:' instead")
    if entry.level is None:
        return  # a missing score: flagged by scoring, not an error, so drafts can be loaded
    lo, hi = (entry.level, entry.level) if not isinstance(entry.level, list) else entry.level
    if lo < floor or hi > ceiling:
        yield (
            at + ("level",),
            f"level {entry.level} is outside the scale {floor:g}..{ceiling:g}",
            f"use a level from {floor:g} to {ceiling:g}",
        )
