"""What changed between two assessment sets, and what the change does to the scores under the same settings.

Pure: models in, a `SetDiff` out (ids, fields and values, no words). The History page, `workspace diff` and the
briefing's "Changes since the last briefing" all render the same `SetDiff`; its words are in views/diff_text.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from dashboard.core.compile import compile_dataset
from dashboard.core.models import AssessmentSet, Rubric, ScoreEntry, Technology
from dashboard.core.scoring import score

ENTRY_FIELDS = ("level", "answer", "reason", "rationale", "confidence", "evidence")
SAFEGUARD_FIELDS = ("status", "note", "evidence")
TECH_FIELDS = ("name", "category", "description", "deployment", "excerpts", "flags", "recommendations")
META_FIELDS = ("title", "scope", "date", "authors", "rubric", "disclaimer")


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any
    technology: str | None = None
    criterion: str | None = None
    safeguard: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class ScoreChange:
    technology: str
    name: str
    score_before: float | None
    score_after: float | None
    range_before: tuple[float, float] | None
    range_after: tuple[float, float] | None
    tier_before: str | None
    tier_after: str | None
    rank_before: int | None
    rank_after: int | None
    red_lines_before: list[str]
    red_lines_after: list[str]

    @property
    def moved(self) -> bool:
        return (
            _round(self.score_before) != _round(self.score_after)
            or _span(self.range_before) != _span(self.range_after)
            or self.tier_before != self.tier_after
            or self.rank_before != self.rank_after
            or self.red_lines_before != self.red_lines_after
        )


@dataclass
class SetDiff:
    technologies_added: list[str] = field(default_factory=list)
    technologies_removed: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    scores: list[ScoreChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.technologies_added or self.technologies_removed or self.changes)

    def tier_changes(self) -> list[ScoreChange]:
        return [s for s in self.scores if s.tier_before != s.tier_after]

    def to_json(self) -> dict[str, Any]:
        return {
            "technologies_added": self.technologies_added,
            "technologies_removed": self.technologies_removed,
            "changes": [
                {k: v for k, v in asdict(c).items() if v is not None or k in ("before", "after")} for c in self.changes
            ],
            "scores": [
                {
                    "technology": s.technology,
                    "name": s.name,
                    "score": {"before": _round(s.score_before), "after": _round(s.score_after)},
                    "range": {"before": _span(s.range_before), "after": _span(s.range_after)},
                    "tier": {"before": s.tier_before, "after": s.tier_after},
                    "rank": {"before": s.rank_before, "after": s.rank_after},
                    "red_lines": {"before": s.red_lines_before, "after": s.red_lines_after},
                }
                for s in self.scores
            ],
        }


def _span(value: tuple[float, float] | None) -> list[float | None] | None:
    return None if value is None else [_round(value[0]), _round(value[1])]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _plain(value: Any) -> Any:
    """Model values as JSON-ready data, so equal content compares equal and prints plainly."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _entry_changes(tid: str, cid: str, before: ScoreEntry | None, after: ScoreEntry | None) -> list[Change]:
    out = []
    for name in ENTRY_FIELDS:
        b = _plain(getattr(before, name)) if before is not None else None
        a = _plain(getattr(after, name)) if after is not None else None
        if b in ("", []):
            b = None
        if a in ("", []):
            a = None
        if b != a:
            out.append(Change(name, b, a, technology=tid, criterion=cid))
    return out


def _technology_changes(before: Technology, after: Technology) -> list[Change]:
    tid = after.id
    out = []
    for name in TECH_FIELDS:
        b, a = _plain(getattr(before, name)), _plain(getattr(after, name))
        if b != a:
            out.append(Change(name, b, a, technology=tid))
    for cid in list(dict.fromkeys([*before.scores, *after.scores])):
        out += _entry_changes(tid, cid, before.scores.get(cid), after.scores.get(cid))
    for sid in list(dict.fromkeys([*before.safeguards, *after.safeguards])):
        b, a = before.safeguards.get(sid), after.safeguards.get(sid)
        for name in SAFEGUARD_FIELDS:
            bv = _plain(getattr(b, name)) if b is not None else None
            av = _plain(getattr(a, name)) if a is not None else None
            if bv != av:
                out.append(Change(name, bv, av, technology=tid, safeguard=sid))
    return out


def diff_sets(
    before: tuple[Rubric, AssessmentSet],
    after: tuple[Rubric, AssessmentSet],
    *,
    profile: str | None = None,
    weights: dict[str, float] | None = None,
    scenario: str = "reported",
    overrides: dict[str, str] | None = None,
) -> SetDiff:
    """Field-level changes from `before` to `after`, and their scores under the same settings.

    Each side is scored against its own rubric; a weight or profile the other rubric lacks is ignored there.
    """
    db, da = before[1], after[1]
    out = SetDiff()
    ids_b, ids_a = [t.id for t in db.technologies], [t.id for t in da.technologies]
    out.technologies_added = [t for t in ids_a if t not in ids_b]
    out.technologies_removed = [t for t in ids_b if t not in ids_a]
    for name in META_FIELDS:
        b, a = _plain(getattr(db.meta, name)), _plain(getattr(da.meta, name))
        if b != a:
            out.changes.append(Change(f"meta.{name}", b, a))
    sources_b, sources_a = {s.id: s for s in db.sources}, {s.id: s for s in da.sources}
    for sid in list(dict.fromkeys([*sources_b, *sources_a])):
        b, a = sources_b.get(sid), sources_a.get(sid)
        if b is None or a is None:
            out.changes.append(Change("added" if b is None else "removed", _plain(b), _plain(a), source=sid))
            continue
        for name in type(a).model_fields:
            bv, av = _plain(getattr(b, name)), _plain(getattr(a, name))
            if bv != av:
                out.changes.append(Change(name, bv, av, source=sid))
    techs_b = {t.id: t for t in db.technologies}
    for tech in da.technologies:
        if tech.id in techs_b:
            out.changes += _technology_changes(techs_b[tech.id], tech)
    settings = _Settings(profile, weights or {}, scenario, overrides or {})
    out.scores = _score_changes(before, after, settings)
    return out


@dataclass(frozen=True)
class _Settings:
    """The scoring settings both sides of a diff are scored under."""

    profile: str | None
    weights: Mapping[str, float]
    scenario: str
    overrides: Mapping[str, str]


def _scored(rubric: Rubric, data: AssessmentSet, settings: _Settings) -> dict[str, dict[str, Any]]:
    known = {c.id for c in rubric.criteria}
    profile = settings.profile if settings.profile in {p.id for p in rubric.profiles} else None
    safeguards = {s.id for s in rubric.safeguards}
    result = score(
        compile_dataset(rubric, data),
        profile=profile,
        weights={k: v for k, v in settings.weights.items() if k in known},
        scenario=settings.scenario,
        overrides={k: v for k, v in settings.overrides.items() if k in safeguards},
    )
    return {row["id"]: row for row in result.table.to_dict("records")}


Pair = tuple[Rubric, AssessmentSet]


def _score_changes(before: Pair, after: Pair, settings: _Settings) -> list[ScoreChange]:
    b = _scored(*before, settings)
    a = _scored(*after, settings)
    out = []
    for tid in list(dict.fromkeys([*a, *b])):
        rb, ra = b.get(tid), a.get(tid)
        out.append(
            ScoreChange(
                technology=tid,
                name=(ra or rb or {}).get("name", tid),
                score_before=_num(rb, "score"),
                score_after=_num(ra, "score"),
                range_before=_range(rb),
                range_after=_range(ra),
                tier_before=_tier(rb),
                tier_after=_tier(ra),
                rank_before=int(rb["rank"]) if rb else None,
                rank_after=int(ra["rank"]) if ra else None,
                red_lines_before=list(rb["red_lines"]) if rb else [],
                red_lines_after=list(ra["red_lines"]) if ra else [],
            )
        )
    return out


def _range(row: dict[str, Any] | None) -> tuple[float, float] | None:
    low, high = _num(row, "score_low"), _num(row, "score_high")
    return None if low is None or high is None else (low, high)


def _num(row: dict[str, Any] | None, key: str) -> float | None:
    if row is None:
        return None
    value = row.get(key)
    if value is None or value != value:  # NaN: not rated
        return None
    return float(value)


def _tier(row: dict[str, Any] | None) -> str | None:
    """A technology's tier label in a scores row; None when it is not in the set or has no tier (unrated)."""
    label = row.get("tier_label") if row else None
    return label if isinstance(label, str) and label else None
