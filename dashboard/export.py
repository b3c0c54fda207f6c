"""Scores as CSV and JSON for download and the command line; YAML of an edited assessment set."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import yaml

from dashboard.models import AssessmentSet
from dashboard.scoring import SCENARIOS, Scores

JUDGEMENT_NOTE = (
    "Scores are analytic judgements made against the rubric from the cited sources, not measurements; "
    "reported claims in the sources are press reporting unless stated otherwise."
)
# A spreadsheet runs a cell starting with these as a formula (CSV injection); a leading apostrophe stops it.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def flat_frame(scores: Scores) -> pd.DataFrame:
    """One row per technology with list columns joined, levels and group subscores as columns."""
    table = scores.table
    out = table[["rank", "id", "name", "score", "score_low", "score_high", "tier", "tier_label"]].copy()
    out["tiers_spanned"] = table["tiers_spanned"].map(";".join)
    out["red_lines"] = table["red_lines"].map(";".join)
    out["complete"] = table["complete"]
    out["missing"] = table["missing"].map(";".join)
    for gid, col in scores.groups.items():
        out[f"group:{gid}"] = col.reindex(out.index).round(2)
    levels = scores.levels_frame()
    for cid in scores.criterion_ids:
        out[f"level:{cid}"] = levels[cid].reindex(out.index)
    out.insert(0, "profile", scores.profile or "default")
    out.insert(1, "scenario", scores.scenario)
    return out.reset_index(drop=True)


def scores_csv(scores: Scores) -> str:
    frame = flat_frame(scores).map(neutralise)
    frame.columns = [neutralise(c) for c in frame.columns]
    return frame.to_csv(index=False)


def scores_json(scores: Scores) -> str:
    meta = scores.compiled.data.meta
    rubric = scores.rubric
    doc = {
        "note": JUDGEMENT_NOTE,
        "dataset": {"title": meta.title, "date": meta.date},
        "rubric": {"id": rubric.id, "version": rubric.version},
        "profile": scores.profile or "default",
        "scenario": scores.scenario,
        "scenario_label": SCENARIOS[scores.scenario],
        "overrides": scores.overrides,
        "technologies": scores.records(),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)


def assessments_yaml(data: AssessmentSet) -> str:
    """The assessment set as YAML in the documented format (defaults left out, so edits stay readable)."""
    payload = data.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(payload, sort_keys=False, allow_unicode=True, width=110)
