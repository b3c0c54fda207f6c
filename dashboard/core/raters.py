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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dashboard.core.agreement import Alpha, Metric, alpha
from dashboard.core.compile import compile_dataset
from dashboard.core.models import NA, AssessmentSet, Rubric, ScoreEntry
from dashboard.core.scoring import score

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
        values = (value_of(r.get(tid, {}).get(cid)) for r in ratings.values())
        return [v for v in values if v is not None]

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
    """One technology: each rater's outcome, whether they differ in tier or red lines, and the criteria that drive it."""

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
        crossed = [set(o.red_lines) for o in outcomes]
        split = set().union(*crossed) - set.intersection(*crossed) if crossed else set()
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
