"""Scores as CSV and JSON for download and the command line; YAML of an edited assessment set."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import yaml

from dashboard.core.models import AssessmentSet
from dashboard.core.scoring import Scores
from dashboard.core.scoring import num as _num
from dashboard.views.labels import reader_table
from dashboard.views.messages import JUDGEMENT_NOTE, SCENARIOS

# A spreadsheet runs a cell starting with these as a formula (CSV injection); a leading apostrophe stops it.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def flat_frame(scores: Scores) -> pd.DataFrame:
    """One row per technology with list columns joined, levels and group subscores as columns."""
    table = reader_table(scores)
    joined = ";".join
    columns: dict[str, Any] = {
        "profile": scores.profile or "default",
        "scenario": scores.scenario,
        **{c: table[c] for c in ("rank", "id", "name", "score", "score_low", "score_high", "tier", "tier_label")},
        "tiers_spanned": table["tiers_spanned"].map(joined),
        "red_lines": table["red_lines"].map(joined),
        "complete": table["complete"],
        "completeness": table["completeness"],
        "missing": table["missing"].map(joined),
        "evidence_strength": table["evidence_strength"],
        "reported_only": table["reported_only"].map(joined),
        "uncited": table["uncited"].map(joined),
        "evidence_label": table["evidence_label"],
        # Totals in the method's own units, so a result can be checked against the method's own figures.
        "units:total": table["raw"],
        **{
            f"units:{c}": table[c]
            for c in ("raw_total", "raw_min", "raw_max", "control_points", "control_max", "control_threshold")
        },
        "units:mitigation_applied": table["mitigated"],
        "inapplicable_answered": table["inapplicable_answered"].map(joined),
    }
    columns.update({f"group:{gid}": col.reindex(table.index).round(2) for gid, col in scores.groups.items()})
    levels = scores.levels_frame()
    columns.update({f"level:{cid}": levels[cid].reindex(table.index) for cid in scores.criterion_ids})
    # Built in one go: a rubric with a hundred criteria would otherwise fragment the frame column by column.
    return pd.DataFrame(columns, index=table.index).reset_index(drop=True)


def records(scores: Scores) -> list[dict]:
    """JSON-ready rows in rank order: id, name, score, range, tier, red lines, groups and the levels used."""
    out = []
    levels = scores.levels_frame()
    groups = scores.groups
    for tid, row in reader_table(scores).iterrows():
        rec = {
            k: row[k]
            for k in (
                "rank",
                "id",
                "name",
                "score",
                "score_low",
                "score_high",
                "tier",
                "tier_label",
                "tiers_spanned",
                "red_lines",
                "complete",
                "completeness",
                "missing",
                "evidence_strength",
                "reported_only",
                "uncited",
                "evidence_label",
            )
        }
        rec["method_units"] = {
            "total": row["raw"],
            **{
                k: row[k]
                for k in (
                    "raw_total",
                    "raw_min",
                    "raw_max",
                    "control_points",
                    "control_max",
                    "control_threshold",
                )
            },
            "mitigation_applied": row["mitigated"],
        }
        if "axis_x_raw" in row:
            rec["method_units"]["axes"] = {
                "x": {"raw": row["axis_x_raw"], "score": row["axis_x"], "band": row["band_x"]},
                "y": {"raw": row["axis_y_raw"], "score": row["axis_y"], "band": row["band_y"]},
            }
        rec["inapplicable_answered"] = row["inapplicable_answered"]
        rec["groups"] = {g: _num(v) for g, v in groups.loc[tid].items()}
        rec["criteria"] = {
            cid: ("n/a" if scores.compiled.na[scores.compiled.tech_ids.index(tid), j] else _num(levels.loc[tid, cid]))
            for j, cid in enumerate(scores.criterion_ids)
        }
        out.append(_plain(rec))
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


@dataclass(frozen=True)
class Provenance:
    """Which stored set and version an output came from, and whether unsaved changes were on top."""

    set_id: str
    version: int
    draft: bool = False

    def describe(self) -> str:
        text = f"workspace set '{self.set_id}', version {self.version}"
        return text + (" with unsaved changes (draft)" if self.draft else "")

    def as_dict(self) -> dict[str, Any]:
        return {"set": self.set_id, "version": self.version, "draft": self.draft}


def scores_csv(scores: Scores, provenance: Provenance | None = None) -> str:
    frame = flat_frame(scores).map(neutralise)
    frame.columns = [neutralise(c) for c in frame.columns]
    text = frame.to_csv(index=False)
    if provenance is not None:
        # A footer, so the header stays the first line for every CSV reader.
        text += f"# From {provenance.describe()}.\n"
    return text


def scores_json(scores: Scores, provenance: Provenance | None = None) -> str:
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
        "technologies": records(scores),
    }
    if provenance is not None:
        doc["source"] = provenance.as_dict()
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)


def assessments_yaml(data: AssessmentSet) -> str:
    """The assessment set as YAML in the documented format (defaults left out, so edits stay readable)."""
    payload = data.model_dump(mode="json", exclude_defaults=True)
    # libyaml's emitter (the same text as PyYAML's own, a tenth of the time): Assess and Data build this download on
    # every run, which took half a second on the bundled set.
    return str(yaml.dump(payload, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=110))


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
