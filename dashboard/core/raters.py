"""Several raters' levels for the same technologies and criteria: their agreement, and which disagreements matter.

A rater's ratings are score entries in the assessment format, by technology and criterion. What counts toward alpha
(docs/raters.md says it to readers):
- a level is a value; an entry left blank is a missing rating (the unit has one value fewer);
- a range [low, high] is left out: it records a rater's doubt, not a level, and its midpoint would invent a level
  nobody chose (and, under the ordinal metric, a rank between two levels). Ranges are counted and shown beside alpha;
- n/a is left out too: it says the criterion does not apply, not how high the risk is. Also counted and shown;
- an answer by option (a criterion scored by answer options) is left out, as a range is.

"The disagreements that matter": each rater's levels are put into the version being rated, in place of the
criteria the round covers, and scored under the same settings (base weights, the reported scenario) through the
scoring engine. A technology whose raters' levels put it in different tiers, or past a red line for some raters and
not others, matters; the criteria on which its raters differ drive it. Every other disagreement changes nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dashboard.core.agreement import Alpha, Metric, alpha
from dashboard.core.compile import compile_dataset
from dashboard.core.loading import read_document, validate_model
from dashboard.core.models import NA, AssessmentSet, Rubric, ScoreEntry
from dashboard.core.problems import InputError, Problem, join_path
from dashboard.core.scoring import score
from dashboard.words import say

# rater -> technology id -> criterion id -> entry (a criterion the rater left blank has no entry)
Ratings = Mapping[str, Mapping[str, Mapping[str, ScoreEntry]]]


def value_of(entry: ScoreEntry | None) -> float | None:
    """The level that counts toward alpha, or None (blank, a range, n/a or an answer by option)."""
    if entry is None or entry.level is None or entry.level == NA or isinstance(entry.level, list):
        return None
    return float(entry.level)


def shown(entry: ScoreEntry | None) -> str:
    """A rating as written: '3', '[2, 3]', 'n/a' or '' (blank): how the tables show one rater's level."""
    if entry is None:
        return ""
    level = entry.level
    if level is None:
        return "" if entry.answer is None else str(entry.answer)
    if isinstance(level, list):
        return f"[{level[0]:g}, {level[1]:g}]"
    if level == NA:
        return NA
    return f"{float(level):g}"


def unit_values(ratings: Ratings, technology: str, criterion: str) -> list[float]:
    """The values the raters gave one technology's criterion that count toward alpha (one unit)."""
    values = (value_of(r.get(technology, {}).get(criterion)) for r in ratings.values())
    return [v for v in values if v is not None]


@dataclass(frozen=True)
class Agreement:
    """Alpha overall, per criterion (its technologies the units) and per technology (its criteria the units), with
    how many ratings were left out as ranges or n/a."""

    overall: Alpha
    criteria: dict[str, Alpha]
    technologies: dict[str, Alpha]
    ranges: int
    not_applicable: int


def agreement(
    ratings: Ratings, technologies: Sequence[str], criteria: Sequence[str], metric: Metric = "ordinal"
) -> Agreement:
    """Alpha under `metric` for the round's technologies x criteria, each pair one unit."""

    def unit(tid: str, cid: str) -> list[float]:
        return unit_values(ratings, tid, cid)

    entries = [r.get(t, {}).get(c) for r in ratings.values() for t in technologies for c in criteria]
    return Agreement(
        overall=alpha([unit(t, c) for t in technologies for c in criteria], metric),
        criteria={c: alpha([unit(t, c) for t in technologies], metric) for c in criteria},
        technologies={t: alpha([unit(t, c) for c in criteria], metric) for t in technologies},
        ranges=sum(1 for e in entries if e is not None and isinstance(e.level, list)),
        not_applicable=sum(1 for e in entries if e is not None and e.level == NA),
    )


@dataclass(frozen=True)
class Outcome:
    """What one rater's levels alone make of a technology."""

    rater: str
    tier: str | None  # None: unrated (nothing scorable)
    red_lines: tuple[str, ...]


@dataclass(frozen=True)
class Consequence:
    """One technology: each rater's outcome, whether they differ in tier or red lines, and the criteria driving it."""

    technology: str
    name: str
    outcomes: tuple[Outcome, ...]
    tiers_differ: bool
    red_lines_split: tuple[str, ...]  # red lines crossed for some raters and not others
    drivers: tuple[str, ...]  # criteria on which the raters' ratings differ

    @property
    def matters(self) -> bool:
        return self.tiers_differ or bool(self.red_lines_split)

    @property
    def disagreed(self) -> bool:
        return bool(self.drivers)


def with_ratings(
    data: AssessmentSet,
    rater: Mapping[str, Mapping[str, ScoreEntry]],
    technologies: Sequence[str],
    criteria: Sequence[str],
) -> AssessmentSet:
    """`data` with one rater's entries in place of the round's criteria for the round's technologies."""
    techs = []
    for tech in data.technologies:
        if tech.id in technologies:
            scores = {cid: e for cid, e in tech.scores.items() if cid not in criteria}
            scores.update({cid: e for cid, e in rater.get(tech.id, {}).items() if cid in criteria})
            tech = tech.model_copy(update={"scores": scores})
        techs.append(tech)
    return data.model_copy(update={"technologies": techs})


def consequences(
    rubric: Rubric, data: AssessmentSet, ratings: Ratings, technologies: Sequence[str], criteria: Sequence[str]
) -> list[Consequence]:
    """Per technology of the round, what each rater's levels make of it: those that matter first, then the others
    with a disagreement, then the agreed ones (each group in the round's order)."""
    results = {
        rater: score(compile_dataset(rubric, with_ratings(data, own, technologies, criteria))).results
        for rater, own in ratings.items()
    }
    out = []
    for tid in technologies:
        outcomes = []
        for rater, rows in results.items():
            row = next(r for r in rows if r.id == tid)
            outcomes.append(Outcome(rater, row.tier, row.red_lines))
        crossed = [frozenset(o.red_lines) for o in outcomes]
        split = frozenset().union(*crossed) - frozenset.intersection(*crossed) if crossed else frozenset()
        drivers = tuple(c for c in criteria if len({shown(r.get(tid, {}).get(c)) for r in ratings.values()}) > 1)
        out.append(
            Consequence(
                technology=tid,
                name=data.technology(tid).name,
                outcomes=tuple(outcomes),
                tiers_differ=len({o.tier for o in outcomes}) > 1,
                red_lines_split=tuple(sorted(split)),
                drivers=drivers,
            )
        )
    order = {tid: i for i, tid in enumerate(technologies)}
    return sorted(out, key=lambda c: (not c.matters, not c.disagreed, order[c.technology]))


# ------------------------------------------------------------------------------------------ a rater's file and choices


class _Lenient(BaseModel):
    # A rater's file is an assessment file, or just its technologies' scores: other keys are read past.
    model_config = ConfigDict(extra="ignore")


class RatedTechnology(_Lenient):
    id: str
    scores: dict[str, ScoreEntry] = Field(default_factory=dict)


class RatingsFile(_Lenient):
    technologies: list[RatedTechnology] = Field(min_length=1)


def read_ratings(
    raw: bytes, name: str, rubric: Rubric, technologies: Sequence[str], criteria: Sequence[str]
) -> dict[str, dict[str, ScoreEntry]]:
    """One rater's entries from a file in the assessment format, limited to the round's technologies and criteria;
    `InputError` lists every problem, located (a technology or criterion outside the round, a level off the scale)."""
    doc = read_document(raw, name)
    model = validate_model(doc, RatingsFile)
    problems: list[Problem] = []
    levels = [lv.value for lv in rubric.scale.levels]
    out: dict[str, dict[str, ScoreEntry]] = {}

    def problem(path: tuple[object, ...], message: str, hint: str = "") -> None:
        problems.append(Problem(name, join_path(path), message, hint, doc.line_of(path)))

    for i, tech in enumerate(model.technologies):
        if tech.id not in technologies:
            problem(
                ("technologies", i, "id"),
                say("rounds.file_no_technology", id=tech.id),
                say("rounds.file_choose_hint", names=", ".join(technologies)),
            )
            continue
        if tech.id in out:
            problem(("technologies", i, "id"), say("rounds.file_twice", id=tech.id))
            continue
        own = out.setdefault(tech.id, {})
        for cid, entry in tech.scores.items():
            where = ("technologies", i, "scores", cid)
            if cid not in criteria:
                problem(
                    where,
                    say("rounds.file_no_criterion", id=cid),
                    say("rounds.file_choose_hint", names=", ".join(criteria)),
                )
                continue
            level = entry.level
            ends = level if isinstance(level, list) else [level] if isinstance(level, int | float) else []
            if (isinstance(level, int | float) and level not in levels) or any(
                not levels[0] <= e <= levels[-1] for e in ends
            ):
                problem(
                    (*where, "level"),
                    say("rounds.file_off_scale", level=str(level)),
                    say("rounds.file_levels_hint", levels=", ".join(str(v) for v in levels)),
                )
                continue
            if level == NA and not entry.reason.strip():
                problem((*where, "reason"), say("rounds.file_na_reason"), say("rounds.file_na_reason_hint"))
                continue
            if level is not None or entry.answer is not None:
                own[cid] = entry
    if problems:
        raise InputError(problems)
    return out


@dataclass(frozen=True)
class Choice:
    """A reconciled score: the entry chosen (or adjusted) for one technology's criterion, and why."""

    technology: str
    criterion: str
    entry: ScoreEntry
    reason: str


def reconciled(doc: dict[str, Any], choices: Sequence[Choice], round_label: str) -> dict[str, Any]:
    """A copy of an assessment document with each choice in place; the chosen entry keeps the version's evidence when
    it cites none, and its rationale says the round and the reason."""
    out = copy.deepcopy(doc)
    techs = {t.get("id"): t for t in out.get("technologies", []) if isinstance(t, dict)}
    for choice in choices:
        tech = techs[choice.technology]
        scores = tech.setdefault("scores", {})
        old = scores.get(choice.criterion) or {}
        entry = choice.entry.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        if not entry.get("evidence") and old.get("evidence"):
            entry["evidence"] = old["evidence"]
        note = f"{round_label}: {choice.reason.strip()}"
        entry["rationale"] = f"{entry['rationale']}\n{note}" if entry.get("rationale") else note
        scores[choice.criterion] = entry
    return out
