"""Varied valid rubric and assessment pairs: every output must handle each one, not only the bundled pair.

Each variant stresses one thing the bundled data never does: answer options (one and many), a weighted sum, n/a
everywhere, a single criterion, a zero-width scale, unscored technologies, text full of Markdown and HTML, and the
rules a published questionnaire needs (control and context groups, conditions, upper tier bounds, rounding, blanks
scored zero).
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from builders import data_dict, rubric_dict, tech

HOSTILE = [
    "**bold** _it_ `code`",
    "[link](javascript:alert(1))",
    "&amp; &lt;b&gt;",
    "<b>x</b><img src=x onerror=alert(1)>",
    ":red[red] :material/home: $x^2$",
    "<style>h1{color:#ff00ff !important}</style>Amber",
    "%{y} # heading",
]


def _options(select: str) -> dict:
    return {
        "id": "opt",
        "name": "Answered by options",
        "question": "Which apply?",
        "group": "g1",
        "weight": 2,
        "select": select,
        "options": [
            {"id": "none", "label": "None of these", "score": 0},
            {"id": "some", "label": "Some", "score": 1},
            {"id": "most", "label": "Most", "score": 2},
        ],
    }


def _scored(**fields) -> dict:
    return {"rationale": "because", "confidence": "medium", "evidence": [{"source": "src"}], **fields}


def options_one() -> tuple[dict, dict]:
    r = rubric_dict()
    r["criteria"].append(_options("one"))
    t1, t2 = tech("t1", a=2, b=3), tech("t2", a=1, b=1)
    t1["scores"]["opt"] = _scored(answer="most")
    t2["scores"]["opt"] = _scored(answer=["some"])
    return r, data_dict([t1, t2])


def options_many() -> tuple[dict, dict]:
    r = rubric_dict()
    r["criteria"].append(_options("many"))
    t1, t2, t3 = tech("t1", a=2, b=3), tech("t2", a=1, b=1), tech("t3", a=4, b=0)
    t1["scores"]["opt"] = _scored(answer=["some", "most"])
    t2["scores"]["opt"] = _scored(answer=["most"])  # a one-item list is an answer, not a range
    t3["scores"]["opt"] = _scored(answer=["none", "some", "most"])
    return r, data_dict([t1, t2, t3])


def weighted_sum() -> tuple[dict, dict]:
    r = rubric_dict(aggregation={"method": "weighted_sum"})
    return r, data_dict([tech("t1", a=2, b=[1, 3]), tech("t2", a=4, b=4), tech("t3", a=0, b=0)])


def na_everywhere() -> tuple[dict, dict]:
    return rubric_dict(), data_dict([tech("t1", a="n/a", b="n/a"), tech("t2", a="n/a", b=2), tech("t3", a=1, b="n/a")])


def single_criterion() -> tuple[dict, dict]:
    r = rubric_dict(
        criteria=[{"id": "a", "name": "A", "question": "A?", "group": "g1", "weight": 1}],
        safeguards=[
            {
                "id": "s2",
                "name": "S2",
                "requires": "x",
                "standard": "y",
                "effects": [{"criterion": "a", "reduction": 1}],
            }
        ],
        profiles=[],
    )
    return r, data_dict([tech("t1", a=3, safeguards={"s2": "partial"})])


def zero_span() -> tuple[dict, dict]:
    r = rubric_dict(
        criteria=[
            {
                "id": "a",
                "name": "A",
                "question": "A?",
                "group": "g1",
                "options": [{"id": "x", "label": "X", "score": 0}, {"id": "y", "label": "Y", "score": 0}],
            }
        ],
        safeguards=[],
        red_lines=[],
        profiles=[],
    )
    t = {"id": "t1", "name": "T1", "scores": {"a": _scored(answer="x")}}
    return r, data_dict([t])


def unscored() -> tuple[dict, dict]:
    return rubric_dict(), data_dict([tech("empty"), tech("half", a=2), tech("full", a=3, b=1)])


def hostile_text() -> tuple[dict, dict]:
    r = rubric_dict()
    r["title"] = HOSTILE[0]
    for i, c in enumerate(r["criteria"]):
        c["name"] = HOSTILE[i + 1]
        c["question"] = HOSTILE[i + 3]
    for i, t in enumerate(r["tiers"]["levels"]):
        t["label"] = f"{HOSTILE[(i + 4) % len(HOSTILE)]} {i}"
    r["groups"][0]["name"] = HOSTILE[6]
    r["safeguards"][0]["name"] = HOSTILE[3]
    r["red_lines"][0]["reason"] = HOSTILE[1]
    d = data_dict([tech("t1", a=4, b=3), tech("t2", a=1, b=2)], title=HOSTILE[5], scope=HOSTILE[2])
    for i, t in enumerate(d["technologies"]):
        t["name"] = f"{HOSTILE[3 * i]} {i}"
        t["description"] = HOSTILE[3]
        for entry in t["scores"].values():
            entry["rationale"] = HOSTILE[4]
            entry["evidence"][0]["quote"] = HOSTILE[1]
    d["sources"][0]["title"] = HOSTILE[1]
    return r, d


def method_rules() -> tuple[dict, dict]:
    r = rubric_dict()
    r["groups"] += [
        {"id": "g3", "name": "Mitigation", "role": "control"},
        {"id": "g4", "name": "Context", "role": "context"},
    ]
    yes_no = [{"id": "yes", "label": "Yes", "score": 2}, {"id": "no", "label": "No", "score": 0}]
    phase = [{"id": "design", "label": "Design", "score": 0}, {"id": "live", "label": "Live", "score": 0}]
    r["criteria"] += [
        {"id": "phase", "name": "Phase", "question": "Which phase?", "group": "g4", "options": phase},
        {
            "id": "m1",
            "name": "Tested for bias",
            "question": "Was it tested?",
            "group": "g3",
            "options": yes_no,
            "applies_if": [{"criterion": "phase", "answers": ["live"]}],
        },
        {
            "id": "c",
            "name": "Design review",
            "question": "Reviewed in design?",
            "group": "g1",
            "options": yes_no,
            "applies_if": [{"criterion": "phase", "answers": ["design"]}],
        },
    ]
    r["tiers"] = {
        "basis": "fraction",
        "bound": "upper",
        "levels": [
            {"id": "low", "label": "Low", "max": 0.25, "colour": "#2C7BB6"},
            {"id": "high", "label": "High", "max": 0.75, "colour": "#FDAE61"},
            {"id": "critical", "label": "Critical", "colour": "#D7191C"},
        ],
    }
    r["aggregation"] = {
        "method": "weighted_sum",
        "baseline": "zero",
        "unanswered": "zero",
        "inapplicable_answers": "count",
        "mitigation": {"group": "g3", "min_share": 0.5, "reduction_pct": 15},
        "rounding": {"rule": "half_up", "places": 0, "applies_to": "raw"},
    }
    t1, t2 = tech("t1", a=4, b=3), tech("t2", a=1)
    t1["scores"].update(phase=_scored(answer="live"), m1=_scored(answer="yes"), c=_scored(answer="yes"))
    t2["scores"].update(phase=_scored(answer="design"), m1=_scored(answer="no"))
    return r, data_dict([t1, t2])


VARIANTS: dict[str, Callable[[], tuple[dict, dict]]] = {
    f.__name__: f
    for f in (
        options_one,
        options_many,
        weighted_sum,
        na_everywhere,
        single_criterion,
        zero_span,
        unscored,
        hostile_text,
        method_rules,
    )
}


def variant(name: str) -> tuple[dict, dict]:
    return copy.deepcopy(VARIANTS[name]())
