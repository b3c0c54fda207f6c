"""The typed data model of the two file formats: a rubric (the method) and an assessment file (the judgements).

Models check the shape of each file; `checks.py` checks references between them. Field descriptions feed the
exported JSON Schema, so an editor can explain each key while the YAML is typed.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dashboard.core.names import check_id
from dashboard.core.text import web_address
from dashboard.words import say

Confidence = Literal["low", "medium", "high"]
SafeguardState = Literal["in_place", "partial", "absent", "unknown", "not_applicable"]
Grade = Literal["A", "B", "C", "D", "E", "F"]
NA = "n/a"


class Strict(BaseModel):
    # Unknown keys are errors (a typo must not silently drop a judgement); YAML numbers may stand for strings
    # (`version: 1.0`); `.nan` and `.inf` are refused in every number, since they would silently unscore a
    # technology or poison a total.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=False, allow_inf_nan=False)


def _web_address(value: Any) -> Any:
    # Only http(s) addresses become links; anything else (javascript:, data:, a bare word) is a located error.
    if value is None:
        return value
    if web_address(str(value)) is None:
        raise ValueError(say("model.not_web_address", value=value))
    return value


def _rubric_id(value: Any) -> Any:
    # A rubric's id names its file in a backup and appears in addresses: '/tmp/x/ESCAPED' wrote outside the folder.
    return check_id(value, "rubric id")


def _source_id(value: Any) -> Any:
    return check_id(value, "source id")


def _date_to_str(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _iso_date(value: Any) -> Any:
    # A check date is a day on the calendar, written one way (YAML's own date or 'YYYY-MM-DD'): '2026-02-30',
    # '2026' or '1 Dec 2026' would sort and compare wrongly in the register.
    if value is None:
        return value
    text = str(value)
    try:
        if len(text) != len("YYYY-MM-DD"):
            raise ValueError(text)
        dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(say("model.checked_date", value=value)) from None
    return text


# ----------------------------------------------------------------------------------------------------- rubric


class ScaleLevel(Strict):
    value: int = Field(description="The number an analyst writes, e.g. 0..4.")
    label: str
    meaning: str = ""


class Scale(Strict):
    levels: list[ScaleLevel] = Field(min_length=2, description="Ordered from lowest to highest risk.")

    @property
    def floor(self) -> int:
        return self.levels[0].value

    @property
    def ceiling(self) -> int:
        return self.levels[-1].value

    def label_of(self, value: float) -> str:
        for level in self.levels:
            if level.value == value:
                return level.label
        return ""


class AnswerOption(Strict):
    id: str
    label: str
    score: float = Field(description="The level this answer counts as.")


class Condition(Strict):
    criterion: str = Field(description="Id of the criterion whose answer decides.")
    answers: list[str] | None = Field(
        None, min_length=1, description="Option ids; the condition holds when any of them is chosen."
    )
    levels: list[float] | None = Field(
        None, min_length=1, description="Levels; the condition holds when the criterion is scored at one of them."
    )


class Criterion(Strict):
    id: str
    name: str
    question: str = Field(description="What the analyst answers when scoring this criterion.")
    group: str = Field(description="Id of a group in `groups`.")
    weight: float = Field(1.0, description="Relative weight; the default profile.")
    rights: list[str] = Field(default_factory=list, description="Ids from the `rights` catalogue.")
    descriptors: dict[int, str] = Field(
        default_factory=dict, description="What each level looks like for this criterion, keyed by level value."
    )
    options: list[AnswerOption] | None = Field(
        None, description="Scored answer options instead of bare levels (to encode an existing questionnaire)."
    )
    select: Literal["one", "many"] = Field(
        "one", description="With options: choose one (its score) or many (the sum of their scores)."
    )
    applies_if: list[Condition] = Field(
        default_factory=list,
        description="The criterion applies only when every condition holds, judged on the other answers of the same "
        "technology (a questionnaire that shows a question only after a given answer). An answer to a criterion "
        "that does not apply is flagged; aggregation.inapplicable_answers says whether it counts.",
    )


def criterion_range(criterion: Criterion, floor: float, ceiling: float) -> tuple[float, float]:
    """The lowest and highest level a criterion can take: the scale, or its answer options."""
    if not criterion.options:
        return floor, ceiling
    scores = [o.score for o in criterion.options]
    if criterion.select == "many":
        return sum(s for s in scores if s < 0), sum(s for s in scores if s > 0)
    return min(scores), max(scores)


class Group(Strict):
    id: str
    name: str
    description: str = ""
    role: Literal["risk", "control", "context"] = Field(
        "risk",
        description="'risk': its criteria make up the risk total; 'control': its criteria count only toward a "
        "control total (e.g. a mitigation score) and never change risk; 'context': answered but not scored "
        "(e.g. a project phase that other criteria depend on).",
    )


class Right(Strict):
    id: str
    instrument: str
    article: str
    title: str
    url: str | None = None

    _check_url = field_validator("url")(_web_address)


class SafeguardEffect(Strict):
    criterion: str
    reduction: float = Field(gt=0, description="Levels removed when the safeguard is fully in place.")
    partial_reduction: float | None = Field(
        None, ge=0, description="Levels removed when only partly in place (default: half of `reduction`)."
    )

    @property
    def partial(self) -> float:
        return self.reduction / 2 if self.partial_reduction is None else self.partial_reduction


class Safeguard(Strict):
    id: str
    name: str
    requires: str = Field(description="What the safeguard requires in practice.")
    standard: str = Field(description="The instrument, guidance or case law it comes from.")
    effects: list[SafeguardEffect] = Field(min_length=1)
    recommended: bool = Field(True, description="Part of the 'with all recommended safeguards' scenario.")


class Tier(Strict):
    id: str
    label: str
    colour: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="Hex colour, e.g. '#D55E00'.")
    min: float | None = Field(None, description="Lowest total in this tier, inclusive (with bound: lower).")
    max: float | None = Field(
        None, description="Highest total in this tier, inclusive (with bound: upper); the last tier may leave it out."
    )
    description: str = ""


class Tiers(Strict):
    basis: Literal["score", "fraction"] = Field(
        "score", description="'score': thresholds on the 0-100 total; 'fraction': thresholds as fractions 0-1."
    )
    bound: Literal["lower", "upper"] = Field(
        "lower",
        description="'lower': each tier gives 'min', its inclusive lower bound ('from 50'); 'upper': each tier "
        "gives 'max', its inclusive upper bound ('up to 25%').",
    )
    levels: list[Tier] = Field(min_length=1, description="Ordered from lowest to highest risk.")


class RedLineCondition(Strict):
    criterion: str
    min_level: float | None = None
    max_level: float | None = None


class RedLine(Strict):
    id: str
    name: str = Field("", description="A short name readers see, e.g. 'Biometric identification at assemblies'.")
    when: list[RedLineCondition] = Field(min_length=1, description="All conditions must hold.")
    tier: str = Field(description="The assessment is put in at least this tier.")
    reason: str
    instrument: str = Field(description="The instrument or authority that draws this line.")
    url: str | None = None

    _check_url = field_validator("url")(_web_address)


class Profile(Strict):
    id: str
    name: str
    description: str = ""
    weights: dict[str, float] = Field(
        default_factory=dict, description="Weights by criterion id; criteria not listed keep their base weight."
    )


class Band(Strict):
    id: str
    label: str
    min: float


class Axis(Strict):
    id: str
    name: str
    criteria: list[str] = Field(min_length=1)
    bands: list[Band] = Field(min_length=1, description="Ordered from lowest to highest.")


class Mitigation(Strict):
    group: str | None = Field(
        None,
        description="A group with role 'control': its points form the control total, and the reduction applies "
        "when that total reaches min_share of the group's maximum. Without it, safeguards in place are counted.",
    )
    min_share: float = Field(
        ge=0, le=1, description="Share that triggers it: of the control group's maximum, or of the safeguards in place."
    )
    reduction_pct: float = Field(gt=0, le=100, description="Percentage taken off the total.")
    partial_weight: float = Field(0.5, ge=0, le=1, description="How much a partly-in-place safeguard counts.")


class Rounding(Strict):
    rule: Literal["half_up", "half_even", "down", "up"] = Field(
        "half_up",
        description="'half_up': halves go up (2.5 -> 3); 'half_even': halves to the even number; "
        "'down' and 'up': towards lower and higher.",
    )
    places: int = Field(0, ge=0, le=6, description="Decimal places kept.")
    applies_to: Literal["raw", "score"] = Field(
        "raw",
        description="'raw': the total in the method's own units after mitigation (weighted_sum only); "
        "'score': the 0-100 score.",
    )


class Aggregation(Strict):
    method: Literal["weighted_mean", "weighted_sum"] = "weighted_mean"
    baseline: Literal["lowest", "zero"] = Field(
        "lowest",
        description="Where the 0-100 score starts: at each criterion's lowest level or option score, or at zero "
        "points (a method that reports its total as a share of the maximum).",
    )
    unanswered: Literal["leave_out", "zero"] = Field(
        "leave_out",
        description="'leave_out': an unanswered criterion drops out and the weights renormalise (its range runs "
        "floor to ceiling); 'zero': it scores 0 out of a fixed maximum, as a questionnaire that gives no points "
        "for a blank does.",
    )
    inapplicable_answers: Literal["drop", "count"] = Field(
        "drop",
        description="An answer to a criterion whose applies_if does not hold: 'drop' treats it as n/a; 'count' "
        "keeps it, as the published method does. Either way it is flagged.",
    )
    mitigation: Mitigation | None = None
    rounding: Rounding | None = Field(None, description="How the final total is rounded; none by default.")
    axes: list[Axis] | None = Field(None, description="Two axes (x then y) for a risk matrix.")
    band_basis: Literal["score", "fraction", "raw"] = Field(
        "score",
        description="Axis band thresholds on the 0-100 score, as fractions, or raw (mean level or weighted sum).",
    )
    matrix: dict[str, dict[str, str]] | None = Field(
        None, description="matrix[x_band][y_band] = tier id; when given it decides the tier."
    )


def _corroborating_default() -> list[Grade]:
    return ["A", "B", "C"]


class EvidencePolicy(Strict):
    corroborating: list[Grade] = Field(
        default_factory=_corroborating_default,
        min_length=1,
        description="Source reliability grades that corroborate a claim; a score citing only other grades rests on "
        "unconfirmed reporting.",
    )
    min_strength: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Below this share of its weighted score resting on corroborated evidence, a technology's tier "
        "is shown with the label 'mostly unconfirmed reporting'.",
    )


class ReviewPolicy(Strict):
    """What approving a version of an assessment set takes (workspace/review.py reads it)."""

    approvals: dict[str, int] = Field(
        default_factory=dict,
        description="Approvals needed from reviewers who did not author the version, by the highest tier any of its "
        "technologies is in; 'default' for the tiers not named. A tier id must be one of the rubric's tiers; 0 "
        "needs no approval. Without it, one approval.",
    )
    attestation: str | None = Field(
        None, description="The statement a reviewer accepts when approving (default: the dashboard's own)."
    )

    @field_validator("approvals")
    @classmethod
    def _counts(cls, value: dict[str, int]) -> dict[str, int]:
        for tier, count in value.items():
            if count < 0:
                raise ValueError(say("model.review_negative", tier=tier, count=count))
        return value


class Rubric(Strict):
    id: str
    title: str
    version: str

    _check_id = field_validator("id")(_rubric_id)
    date: str
    authors: list[str] = Field(min_length=1)
    licence: str
    methodology: str
    scale: Scale
    groups: list[Group] = Field(min_length=1)
    criteria: list[Criterion] = Field(min_length=1)
    rights: list[Right] = Field(default_factory=list)
    safeguards: list[Safeguard] = Field(default_factory=list)
    tiers: Tiers
    red_lines: list[RedLine] = Field(default_factory=list)
    profiles: list[Profile] = Field(default_factory=list)
    aggregation: Aggregation = Field(default_factory=lambda: Aggregation())
    evidence: EvidencePolicy = Field(
        default_factory=lambda: EvidencePolicy(), description="How the strength of the evidence is judged."
    )
    review: ReviewPolicy | None = Field(
        None, description="Review and sign-off: approvals needed by tier, and the attestation a reviewer accepts."
    )

    _normalise_date = field_validator("date", mode="before")(_date_to_str)

    # Lookups used everywhere; cheap to rebuild, so no caching state to keep in step.
    def criterion(self, cid: str) -> Criterion:
        return next(c for c in self.criteria if c.id == cid)

    def tier(self, tid: str) -> Tier:
        return next(t for t in self.tiers.levels if t.id == tid)

    def group(self, gid: str) -> Group:
        return next(g for g in self.groups if g.id == gid)

    def right(self, rid: str) -> Right:
        return next(r for r in self.rights if r.id == rid)

    def safeguard(self, sid: str) -> Safeguard:
        return next(s for s in self.safeguards if s.id == sid)

    def profile_weights(self, profile: str | None) -> dict[str, float]:
        """Weights by criterion for a named profile (None or 'default': the criteria's own weights)."""
        weights = {c.id: c.weight for c in self.criteria}
        if profile in (None, "", "default"):
            return weights
        chosen = next((p for p in self.profiles if p.id == profile), None)
        if chosen is None:
            known = ", ".join(["default"] + [p.id for p in self.profiles])
            raise ValueError(say("model.unknown_profile", profile=profile, known=known))
        weights.update(chosen.weights)
        return weights


# ------------------------------------------------------------------------------------------------ assessments


class RubricRef(Strict):
    id: str
    version: str

    _check_id = field_validator("id")(_rubric_id)


class Source(Strict):
    id: str
    title: str

    _check_id = field_validator("id")(_source_id)
    publisher: str = ""
    date: str | None = None
    url: str | None = None
    reference: str = Field(
        "", description="Document symbol, neutral citation, statute or DOI: where to find it without a URL."
    )
    type: str = Field(description="e.g. press report, UN document, statute, court judgment, NGO report.")
    reliability: Grade = Field(
        description="Admiralty-style grade: A completely reliable ... E unreliable, F cannot be judged."
    )
    notes: str = ""
    checked: str | None = Field(
        None,
        description="The day the source was last checked (YYYY-MM-DD): the quotes citing it are in it, and the "
        "register's title, publisher, date and address are right. A source without one is an audit note.",
        json_schema_extra={"format": "date"},
    )
    check_finding: str = Field(
        "", description="What that check found, in a sentence: e.g. 'all quotes found; title corrected'."
    )

    _normalise_date = field_validator("date", "checked", mode="before")(_date_to_str)
    _check_url = field_validator("url")(_web_address)
    _check_checked = field_validator("checked")(_iso_date)


class Evidence(Strict):
    source: str = Field(description="Id from the source register.")
    quote: str = Field("", description="Verbatim words from the source; paraphrase goes in `note`.")
    page: str | None = Field(None, description="Where in the source: page, paragraph, section.")
    note: str = Field("", description="What the source shows, in the analyst's words.")
    role: Literal["fact", "standard"] = Field(
        "fact",
        description="'fact' when the source shows what the score claims happens; 'standard' when it gives the rule "
        "the facts are judged against (a treaty body's comment, a court's judgment elsewhere, guidance). Only fact "
        "evidence sets a score's evidence basis: a standard graded A does not corroborate a reported fact.",
    )


class ScoreEntry(Strict):
    level: Any = Field(None, description="A level, a range [low, high] when unsure, or 'n/a' (with `reason`).")
    answer: str | list[str] | None = Field(None, description="Option id(s), for criteria scored by options.")
    reason: str = Field("", description="Why the criterion does not apply (with 'n/a').")
    rationale: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: Confidence | None = None
    basis: Literal["reported"] | None = Field(
        None,
        description="'reported' when the claim the score rests on is unconfirmed reporting, even if a standard or "
        "other corroborating source is also cited. Scores citing only sources graded below the rubric's "
        "corroborating grades are reported whatever this says.",
    )

    @field_validator("level")
    @classmethod
    def _level_shape(cls, value: Any) -> Any:
        if value is None or value == NA:
            return value
        if isinstance(value, bool):
            raise ValueError(say("model.level_bool"))
        if isinstance(value, int | float):
            if not math.isfinite(value):
                raise ValueError(say("model.level_not_finite"))
            return value
        if isinstance(value, list):
            if len(value) != 2 or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
                raise ValueError(say("model.range_shape"))
            if not all(math.isfinite(v) for v in value):
                raise ValueError(say("model.range_not_finite"))
            if value[0] > value[1]:
                raise ValueError(say("model.range_reversed", low=value[0], high=value[1]))
            return value
        raise ValueError(say("model.level_shape", value=value))


class SafeguardStatus(Strict):
    status: SafeguardState
    evidence: list[Evidence] = Field(default_factory=list)
    note: str = ""


class RegulatoryFlag(Strict):
    framework: str
    provision: str
    note: str = ""
    reference: str = ""
    source: str | None = Field(None, description="Id from the source register for the instrument.")


class Deployment(Strict):
    operators: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    scale: str = ""
    reach: int | None = Field(
        None, ge=1, le=5, description="Scale of deployment, 1 (one site) to 5 (national); sizes matrix bubbles."
    )
    vendors: list[str] = Field(default_factory=list)
    status: str = ""


class Excerpt(Strict):
    source: str
    quote: str


class Technology(Strict):
    id: str
    name: str
    category: str = ""
    description: str = ""
    deployment: Deployment = Field(default_factory=lambda: Deployment())
    excerpts: list[Excerpt] = Field(default_factory=list)
    scores: dict[str, ScoreEntry] = Field(default_factory=dict)
    safeguards: dict[str, SafeguardStatus] = Field(default_factory=dict)
    flags: list[RegulatoryFlag] = Field(default_factory=list)
    recommendations: list[str] = Field(default_factory=list)


class AssessmentMeta(Strict):
    title: str
    scope: str = ""
    date: str
    authors: list[str] = Field(min_length=1)
    rubric: RubricRef
    disclaimer: str = ""

    _normalise_date = field_validator("date", mode="before")(_date_to_str)


class AssessmentSet(Strict):
    meta: AssessmentMeta
    sources: list[Source] = Field(default_factory=list)
    technologies: list[Technology] = Field(min_length=1)

    def technology(self, tid: str) -> Technology:
        return next(t for t in self.technologies if t.id == tid)

    def source(self, sid: str) -> Source:
        return next(s for s in self.sources if s.id == sid)
