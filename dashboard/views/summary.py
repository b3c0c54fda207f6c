"""Key judgements for the executive summary, generated from the scores: every sentence carries its figures and
points to the figure, table or section that shows them. No free-floating prose.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

import numpy as np
import pandas as pd

from dashboard.core.scoring import Scores
from dashboard.core.sensitivity import Sensitivity
from dashboard.views.labels import reader_table
from dashboard.views.messages import SCENARIOS


class Refs(TypedDict):
    """Where a summary sentence points: a figure, table or annex per view, and a section per technology."""

    ranking: str
    rights: str
    safeguards: str
    robustness: str
    sources: str
    section: Callable[[str], str]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def drivers(scores: Scores, tech_id: str, n: int = 3) -> list[str]:
    """The criteria that contribute most to a technology's score (weight x normalised level)."""
    method = scores.compiled.method
    i = scores.compiled.tech_ids.index(tech_id)
    levels = scores.levels[i]
    span = method.ceiling - method.floor
    # A zero-width scale (every answer scores the same) gives every criterion the same, nil, contribution.
    contrib = scores.weights * (levels - method.floor) / np.where(span > 0, span, 1.0)
    order = [j for j in pd.Series(contrib).sort_values(ascending=False).index if not pd.isna(contrib[j])][:n]
    rubric = scores.rubric
    return [f"{rubric.criteria[j].name.lower()} (level {levels[j]:g})" for j in order]


def evidence_judgement(scores: Scores, refs: Refs) -> str:
    """How much of the ranking rests on corroborated evidence, naming every technology whose tier is cautioned."""
    table = reader_table(scores)
    table = table[table["tier"].notna()]
    policy = scores.rubric.evidence
    grades = "/".join(policy.corroborating)
    if table.empty:
        return "No technology could be scored, so no part of the ranking rests on evidence yet."
    overall = float(table["evidence_strength"].mean())
    flagged = table[table["evidence_label"] != ""]
    text = (
        f"Evidence behind the ranking: on average {overall:.0%} of a technology's weighted score rests on "
        f"corroborated evidence (a source graded {grades}); the rest rests on unconfirmed reporting or uncited "
        f"judgements ({refs['ranking']})."
    )
    if flagged.empty:
        return text + f" Every technology reaches the rubric's threshold of {policy.min_strength:.0%}."
    named = [
        f"{r.name} ({r.tier_label}, {r.evidence_strength:.0%} corroborated; {r.evidence_label})"
        for r in flagged.itertuples()
    ]
    return (
        text + f" {len(flagged)} of {len(table)} technologies fall below the rubric's threshold of "
        f"{policy.min_strength:.0%}, so their tiers are tentative: {_join(named)}."
    )


def key_judgements(scores: Scores, value: pd.DataFrame, mc: Sensitivity, refs: Refs) -> list[str]:
    """Plain sentences (not yet escaped) for the executive summary."""
    rubric, table = scores.rubric, reader_table(scores)
    out = []
    counts = [
        f"{int((table['tier'] == t.id).sum())} {t.label}"
        for t in reversed(rubric.tiers.levels)
        if (table["tier"] == t.id).any()
    ]
    out.append(
        f"{len(table)} technologies were assessed against {rubric.title} (version {rubric.version}) with "
        f"{'the base weights' if scores.profile in (None, 'default') else 'the ' + scores.profile + ' weights'} "
        f"and the scenario '{SCENARIOS[scores.scenario]}': {_join(counts)} ({refs['ranking']})."
    )
    out.append(evidence_judgement(scores, refs))
    top = table[table["tier"].notna()].head(3)
    for _, row in top.iterrows():
        out.append(
            f"Rank {row['rank']}: {row['name']} scores {row['score']:.0f} (range {row['score_low']:.0f}-"
            f"{row['score_high']:.0f}), tier {row['tier_display']}, driven by {_join(drivers(scores, row['id']))} "
            f"({refs['section'](row['id'])})."
        )
    crossed = table[table["red_lines"].map(len) > 0]
    if crossed.empty:
        out.append("No technology crosses a red line of the rubric.")
    # One sentence per red line (a rubric has few), naming at most six technologies, so the summary stays short.
    for rl in rubric.red_lines:
        hits = [tid for tid, lines in zip(table["id"], table["red_lines"], strict=True) if rl.id in lines]
        if not hits:
            continue
        shown = [
            f"{table.loc[t, 'name']} ({refs['section'](t)}"
            + (f"; {table.loc[t, 'evidence_label']}" if table.loc[t, "evidence_label"] else "")
            + ")"
            for t in hits[:6]
        ]
        if len(hits) > 6:
            shown.append(f"{len(hits) - 6} more")
        out.append(
            f"Red line - {rl.reason.rstrip('.')} ({rl.instrument}): crossed by {_join(shown)}, each placed at least in "
            f"tier {rubric.tier(rl.tier).label}."
        )
    summary = scores.rights_summary()
    if not summary.empty:
        names = dict(zip(table["id"], table["name"], strict=True))
        tops = [
            f"{r.instrument} {r.article} ({r.title.lower()}, mean exposure {r.mean:.0f}, worst "
            f"{names[r.worst]} at {r.max:.0f})"
            for r in summary.head(3).itertuples()
        ]
        out.append(f"Rights most at risk across the set: {_join(tops)} ({refs['rights']}).")
    if not value.empty:
        best = [
            f"{r.name.lower()} ({r.total:.0f} points in total across {r.technologies} technologies"
            + (f", lowering {r.tier_changes} by a tier" if r.tier_changes else "")
            + ")"
            for r in value.head(3).itertuples()
        ]
        out.append(f"The safeguards that would remove the most risk are {_join(best)} ({refs['safeguards']}).")
    else:
        out.append("Every applicable safeguard is already in place in this scenario.")
    ordered = list(table["id"])
    first = ordered[0]
    p_first = float(mc.rank_probability.loc[first, 1])
    robust = sum(1 for t in ordered if mc.tier_probability.loc[t].max() >= 0.9)
    out.append(
        f"Confidence in the ranking: over {mc.draws:,} draws varying weights by +/-{mc.weight_spread:.0%} and "
        f"levels within their ranges, {table.loc[first, 'name']} ranks first in {p_first:.0%} of draws, and "
        f"{robust} of {len(ordered)} technologies keep their tier in at least 90% of draws ({refs['robustness']})."
    )
    conf = [e.confidence for t in scores.compiled.data.technologies for e in t.scores.values() if e.confidence]
    if conf:
        low = sum(c == "low" for c in conf) / len(conf)
        out.append(
            f"Evidence base: {len(scores.compiled.data.sources)} registered sources; {low:.0%} of scores "
            f"carry low confidence ({refs['sources']})."
        )
    return out


def incomplete_judgement(table: pd.DataFrame) -> list[str]:
    """A sentence naming the technologies whose assessment is incomplete, or none: a tier counted above must not
    read as a finished judgement when most criteria are unscored."""
    partial = table[table["completeness"] != ""]
    if partial.empty:
        return []
    named = [f"{r['name']} ({r['completeness']})" for _, r in partial.iterrows()]
    return [
        f"{len(partial)} of {len(table)} assessments are incomplete, so their tiers are provisional: {_join(named)}."
    ]


def bottom_line(scores: Scores, value: pd.DataFrame, mc: Sensitivity, refs: Refs) -> list[str]:
    """Page one: what a minister reads in 30 seconds, each sentence pointing to the figure behind it."""
    from dashboard.views import red_line_name, score_text

    rubric, table = scores.rubric, reader_table(scores)
    rated = table[table["tier"].notna()]
    out = []
    counts = [
        f"{int((rated['tier'] == t.id).sum())} {t.label}"
        for t in reversed(rubric.tiers.levels)
        if (rated["tier"] == t.id).any()
    ]
    out.append(f"{len(table)} technologies assessed: {_join(counts) or 'none could be scored'} ({refs['ranking']}).")
    out += incomplete_judgement(table)
    if not rated.empty:
        top = [
            f"{r['name']} ({r['tier_display']}, score {score_text(r['score'])}, range {score_text(r['score_low'])}-"
            f"{score_text(r['score_high'])})"
            for _, r in rated.head(3).iterrows()
        ]
        out.append(f"Highest risks: {_join(top)} ({refs['ranking']}).")
    crossed = []
    for rl in rubric.red_lines:
        hits = [
            table.loc[t, "name"] for t, lines in zip(table["id"], table["red_lines"], strict=True) if rl.id in lines
        ]
        if hits:
            crossed.append(f"{red_line_name(rubric, rl.id)} ({_join(hits)})")
    out.append(
        f"Red lines crossed: {_join(crossed)}." if crossed else "No technology crosses a red line of the rubric."
    )
    if not value.empty:
        best = value.iloc[0]
        drop = f", lowering {int(best['tier_changes'])} by a tier" if best["tier_changes"] else ""
        out.append(
            f"The safeguard that would remove the most risk: {str(best['name']).lower()} ({best['total']:.0f} points "
            f"across {int(best['technologies'])} technologies{drop}) ({refs['safeguards']})."
        )
    conf = [e.confidence for t in scores.compiled.data.technologies for e in t.scores.values() if e.level != "n/a"]
    low = sum(c in (None, "low") for c in conf) / len(conf) if conf else 0.0
    tentative = int((rated["evidence_label"] != "").sum())
    first = table.iloc[0]["id"] if len(table) else None
    holds = f"; the top rank holds in {float(mc.rank_probability.loc[first, 1]):.0%} of draws" if first else ""
    out.append(
        f"How sure: {low:.0%} of scores carry low confidence and {tentative} of {len(rated)} tiers rest mostly on "
        f"unconfirmed reporting{holds} ({refs['robustness']})."
    )
    return out
