"""Convert the Government of Canada's Algorithmic Impact Assessment (AIA) into this project's formats.

The questionnaire (SurveyJS JSON, one file per release) becomes a rubric; each completed assessment (the answers
the tool saves) becomes an assessment file. Only the documented rubric format is used: the product has no code
path that knows about the AIA, which is the point of the exercise.

How the AIA scores (licences: tests/fixtures/canada_aia/LICENCES.md): a choice value ``item3-2`` is worth 2 points (no
hyphen: 0). A question counts toward the raw impact score when its name, or else its nearest panel's name, ends in
``-RS``, toward the mitigation score when it ends in ``-MS``; ``-NS`` is not scored. Checkbox questions score the
sum of the chosen items. The current score is round(0.85 x raw), halves up, when the mitigation score reaches 80%
of the maximum of one phase's mitigation questions (the design and implementation pages each carry a full set, so
that is 40% of the questionnaire's mitigation maximum), else the raw score. The impact level is the current score
as a share of the maximum raw score: up to 25% level I, up to 50% II, up to 75% III, above that IV.

How each rule is encoded, in general terms of the format:
- points per answer: criteria scored by answer options (`options`, `select: many` for checkboxes);
- raw and mitigation scores: a risk group and a `control` group, `aggregation.method: weighted_sum` with weight 1;
- unanswered questions score 0 of a fixed maximum: `aggregation.unanswered: zero`, `baseline: zero`;
- the mitigation rule: `aggregation.mitigation` with `group`, `min_share: 0.4`, `reduction_pct: 15`;
- round(), halves up, on the points: `aggregation.rounding` (`half_up`, `applies_to: raw`);
- "up to 25%": `tiers.bound: upper` with inclusive `max`, on `basis: fraction`;
- SurveyJS `visibleIf`: `applies_if` conditions; the tool's arithmetic counts saved answers to hidden questions,
  so `aggregation.inapplicable_answers: count` (each such answer is flagged).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TAG = re.compile(r"-(RS|MS|NS)$")
CHOICE_TYPES = {"radiogroup", "dropdown", "checkbox"}
# `{q} = "v"` (one answer) and `{q} contains "v"` (a checkbox answer includes v): both mean "v is chosen".
EQUALS = re.compile(r'\{([\w-]+)\}\s*(?:=|contains)\s*"([^"]*)"')
ROLE = {"RS": "risk", "MS": "control", "NS": "context"}
GROUPS = {
    "risk": ("raw_impact", "Raw impact", "Questions whose points make up the raw impact score (-RS)."),
    "control": ("mitigation", "Mitigation", "Questions whose points make up the mitigation score (-MS)."),
    "context": ("context", "Context", "Unscored answers that decide which questions apply (for example the phase)."),
}
LEVELS = [("I", "Level I", "#2C7BB6", 0.25), ("II", "Level II", "#ABD9E9", 0.5), ("III", "Level III", "#FDAE61", 0.75)]


def points(value: str) -> int:
    """The AIA's score for a choice value: the integer after its last hyphen, or 0."""
    match = re.search(r"-(\d+)$", str(value))
    return int(match.group(1)) if match else 0


def text(value: Any) -> str:
    """A SurveyJS text: the English ('default') text of a translated string."""
    if isinstance(value, dict):
        return str(value.get("default") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def conditions(expression: str | None) -> list[dict]:
    """SurveyJS `visibleIf` as `applies_if` conditions: alternatives ('or') on one question become one condition
    with several answers; anything else (another operator, 'or' across questions) is refused, never guessed."""
    if not expression:
        return []
    parts = re.split(r"\s+or\s+", expression.strip())
    matches = [EQUALS.fullmatch(p.strip()) for p in parts]
    if not all(matches) or len({m.group(1) for m in matches if m}) != 1:
        raise ValueError(f"condition not supported by the converter: {expression!r}")
    return [{"criterion": matches[0].group(1), "answers": [m.group(2) for m in matches if m]}]


@dataclass
class Question:
    name: str
    kind: str
    title: str
    choices: list[tuple[str, str]]
    tag: str | None
    applies_if: list[dict] = field(default_factory=list)


def questions(survey: dict) -> list[Question]:
    """Every choice question with its nearest tag and the conditions of its page, panels and itself."""
    out: list[Question] = []

    def walk(element: dict, tag: str | None, inherited: list[dict]) -> None:
        for child in element.get("elements") or []:
            name = child.get("name", "")
            match = TAG.search(name)
            own_tag = match.group(1) if match else tag
            if child.get("type") == "panel":
                walk(child, own_tag, inherited + conditions(child.get("visibleIf")))
            elif child.get("type") in CHOICE_TYPES:
                conds = inherited + conditions(child.get("visibleIf"))
                choices = [
                    (c["value"], text(c.get("text")) or c["value"]) if isinstance(c, dict) else (str(c), str(c))
                    for c in child.get("choices", [])
                ]
                out.append(Question(name, child["type"], text(child.get("title")) or name, choices, own_tag, conds))

    for page in survey["pages"]:
        walk(page, None, conditions(page.get("visibleIf")))
    return out


def rubric(survey: dict, version: str) -> dict:
    """The questionnaire as a rubric in this project's format."""
    every = {q.name: q for q in questions(survey)}
    scored = [q for q in every.values() if q.tag in ("RS", "MS")]
    # Unscored questions that others depend on are kept as context criteria, so conditions can be judged.
    needed = {c["criterion"] for q in scored for c in q.applies_if}
    needed |= {c["criterion"] for name in list(needed) if name in every for c in every[name].applies_if}
    context = [every[name] for name in sorted(needed) if name in every and every[name].tag not in ("RS", "MS")]
    top = max([points(v) for q in scored for v, _ in q.choices] + [1])
    criteria = []
    for q in scored + context:
        role = ROLE[q.tag] if q.tag in ("RS", "MS") else "context"
        title = " ".join(q.title.split())
        criteria.append(
            {
                "id": q.name,
                "name": title if len(title) <= 90 else title[:89] + "…",
                "question": title,
                "group": GROUPS[role][0],
                "weight": 1,
                "options": [{"id": v, "label": label, "score": points(v)} for v, label in q.choices],
                "select": "many" if q.kind == "checkbox" else "one",
                "applies_if": q.applies_if,
            }
        )
    mitigation_max = sum(
        sum(points(v) for v, _ in q.choices) if q.kind == "checkbox" else max([points(v) for v, _ in q.choices] + [0])
        for q in scored
        if q.tag == "MS"
    )
    return {
        "id": "canada_aia",
        "title": f"Algorithmic Impact Assessment, questionnaire {version} (converted)",
        "version": version,
        "date": "2026-11-26",
        "authors": ["Converted by tests/external/aia.py from the Government of Canada's questionnaire"],
        "licence": "MIT (Crown copyright, Government of Canada); see tests/fixtures/canada_aia/LICENCES.md",
        "methodology": (
            "Each answer carries the points the questionnaire gives it. The raw impact score is the sum of the "
            "points of the impact questions; the mitigation score the sum of the mitigation questions. When the "
            f"mitigation score reaches 40% of its maximum ({mitigation_max} here, so 80% of one phase's half), the "
            "current score is 85% of the raw score, rounded half up; otherwise it is the raw score. The impact level "
            "is the current score as a share of the maximum raw score: up to 25% I, 50% II, 75% III, else IV."
        ),
        "scale": {"levels": [{"value": v, "label": str(v)} for v in range(top + 1)]},
        "groups": [
            {"id": gid, "name": name, "description": desc, "role": role} for role, (gid, name, desc) in GROUPS.items()
        ],
        "criteria": criteria,
        "tiers": {
            "basis": "fraction",
            "bound": "upper",
            "levels": [{"id": i, "label": label, "colour": colour, "max": limit} for i, label, colour, limit in LEVELS]
            + [{"id": "IV", "label": "Level IV", "colour": "#D7191C"}],
        },
        "aggregation": {
            "method": "weighted_sum",
            "baseline": "zero",
            "unanswered": "zero",
            "inapplicable_answers": "count",
            "mitigation": {"group": "mitigation", "min_share": 0.4, "reduction_pct": 15},
            "rounding": {"rule": "half_up", "places": 0, "applies_to": "raw"},
        },
    }


def assessment(saved: dict, rubric_doc: dict, package: dict) -> dict:
    """A completed assessment (the tool's saved JSON) as an assessment file with one technology."""
    options = {c["id"]: {o["id"] for o in c["options"]} for c in rubric_doc["criteria"]}
    select = {c["id"]: c["select"] for c in rubric_doc["criteria"]}
    scores: dict[str, dict] = {}
    for cid in options:
        if cid not in saved["data"]:
            continue
        given = saved["data"][cid]
        values = [str(v) for v in given] if isinstance(given, list) else [str(given)]
        known = [v for v in values if v in options[cid]]
        dropped = [v for v in values if v not in options[cid]]
        if not known:
            continue
        entry: dict[str, Any] = {
            "answer": known if select[cid] == "many" else known[0],
            "rationale": "As answered in the published assessment.",
            "evidence": [{"source": "published"}],
            "confidence": "high" if package.get("source") == "published" else "medium",
        }
        if dropped:
            # An answer this questionnaire version does not offer is worth 0 points in the AIA's own arithmetic.
            entry["rationale"] += f" Saved answer(s) {', '.join(dropped)} are not choices of this version; left out."
        scores[cid] = entry
    title = package.get("package_title_en") or text(saved["data"].get("projectDetailsTitle")) or "AIA"
    return {
        "meta": {
            "title": title,
            "date": (package.get("publication_date") or "undated")[:10],
            "authors": [package.get("organization_en") or "Government of Canada"],
            "rubric": {"id": rubric_doc["id"], "version": rubric_doc["version"]},
        },
        "sources": [
            {
                "id": "published",
                "title": title,
                "publisher": package.get("organization_en", ""),
                "url": package.get("resource_url") or None,
                "type": "completed algorithmic impact assessment",
                "reliability": "A" if package.get("source") == "published" else "C",
            }
        ],
        "technologies": [{"id": "system", "name": title, "scores": scores}],
    }


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
