"""Chapter 3: one section per technology, in rank order: headline, deployment, radar, criteria with their
evidence basis, safeguards, recommendations, regulatory flags and the evidence cited, numbered as in the register."""

from __future__ import annotations

import pandas as pd
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak

from dashboard.render.pdf import figures
from dashboard.render.pdf.context import Context
from dashboard.render.pdf.fonts import markup
from dashboard.render.pdf.layout import TEXT_W, bullets, table
from dashboard.views.labels import reader_table
from dashboard.views.technology import SCORED, technology_profile


def declare(ctx: Context) -> None:
    n = ctx.numbering
    n.chapter("technologies", "Technologies")
    for tid, name in ctx.names.items():
        key = f"tech:{tid}"
        n.section(key, name, "technologies")
        if not pd.isna(ctx.scores.table.loc[tid, "tier"]):
            n.figure(f"fig:{key}", within=key)
            n.table(f"tab:{key}", within=key)


def render(ctx: Context) -> list[Flowable]:
    out: list[Flowable] = [ctx.heading("technologies", "H1")]
    for tid in ctx.scores.table["id"]:
        out += _technology(ctx, tid)
    return out + [PageBreak()]


def _technology(ctx: Context, tid: str) -> list[Flowable]:
    scores, P, key = ctx.scores, ctx.P, f"tech:{tid}"
    sources, numbers = ctx.sources, ctx.source_numbers
    rubric, scored = scores.rubric, reader_table(scores)
    tech = scores.compiled.data.technology(tid)
    row = scored.loc[tid]
    out: list[Flowable] = [CondPageBreak(120 * mm), ctx.heading(key, "H2")]
    if pd.isna(row["tier"]):
        out.append(P(f"<b>{markup(row['tier_label'])}</b>: no criterion could be scored (all n/a or unscored)."))
        return out
    tier = rubric.tier(row["tier"])
    out.append(
        P(
            f"<b>Score {row['score']:.1f}</b> (range {row['score_low']:.1f}-{row['score_high']:.1f}); tier "
            f"<font color='{tier.colour}'>■</font> <b>{markup(row['tier_display'])}</b>; rank {row['rank']} of "
            f"{len(scored)}. {row['evidence_strength']:.0%} of the weighted score rests on corroborated evidence"
            + (
                f"; scores resting on unconfirmed reporting only: {len(row['reported_only'])} of "
                f"{len(rubric.criteria) - len(row['not_applicable'])}."
                if row["reported_only"]
                else "."
            )
        )
    )
    profile = technology_profile(scores, tid)
    for sentence in profile.red_lines:
        out.append(P(markup(sentence)))
    if profile.missing_note:
        out.append(P(f"<b>Incomplete.</b> {markup(profile.missing_note)}"))
    if profile.inapplicable_note:
        out.append(P(markup(profile.inapplicable_note)))
    if tech.description:
        out.append(P(markup(tech.description)))
    d = tech.deployment
    facts = [
        ("Operators", ", ".join(d.operators)),
        ("Places", ", ".join(d.places)),
        ("Scale", d.scale),
        ("Vendors", ", ".join(d.vendors)),
        ("Status", d.status),
    ]
    out.append(P("; ".join(f"<b>{k}:</b> {markup(v)}" for k, v in facts if v), "small"))
    inherent = scores.levels_frame("inherent").loc[tid].to_dict()
    residual = scores.levels_frame().loc[tid].to_dict()
    out.append(figures.radar({"Inherent": inherent, "Residual": residual}, rubric, TEXT_W * 0.62))
    out.append(
        ctx.caption(f"fig:{key}", "Level per criterion without safeguards (solid) and in this scenario (dashed).")
    )

    # Citation numbers are the document's: one per source, the same in every section and in Annex C.
    citations: dict[str, list] = {}
    rows = [[P(h, "cellb") for h in ("Criterion", "Level", "Confidence; basis", "Rationale and evidence")]]
    for line in profile.criteria:
        entry = tech.scores.get(line.id)
        if line.state != SCORED or entry is None:
            cells = [line.name, line.level, "", line.rationale]
            rows.append([P(markup(text), "cell") for text in cells])
            continue
        refs: list[str] = []
        for ev in entry.evidence:
            items = citations.setdefault(ev.source, [])
            if all((e.page, e.quote, e.note) != (ev.page, ev.quote, ev.note) for e in items):
                items.append(ev)
            ref = f"[{numbers.get(ev.source, '?')}]"
            if ref not in refs:
                refs.append(ref)
        shown = line.level + (f" → {line.after}" if line.changed else "")
        rows.append(
            [
                P(markup(line.name), "cell"),
                P(markup(shown), "cell"),
                P(markup(f"{line.confidence}; {line.basis}"), "cell"),
                P(markup(line.rationale) + " " + " ".join(refs), "cell"),
            ]
        )
    out.append(table(rows, [36 * mm, 15 * mm, 22 * mm, TEXT_W - 73 * mm]))
    out.append(
        ctx.caption(
            f"tab:{key}",
            "Levels (inherent → residual where safeguards change them), confidence, evidence "
            "basis (corroborated: a source graded "
            f"{'/'.join(rubric.evidence.corroborating)}; reported only: unconfirmed reporting) and rationale; "
            "numbers in brackets are the sources below, numbered as in the source register "
            f"({ctx.numbering.ref('annex:sources')}).",
        )
    )

    out.append(P("Safeguards", "H3"))
    value = ctx.value_tech[ctx.value_tech["technology"] == tid].set_index("safeguard")
    rows = [[P(h, "cellb") for h in ("Safeguard", "Status", "Points removed if in place")]]
    for sg in profile.safeguards:
        gain = f"{value.loc[sg.id, 'reduction']:.1f}" if sg.id in value.index else "-"
        rows.append([P(markup(sg.name), "cell"), P(markup(sg.status), "cell"), P(gain, "cell")])
    out.append(table(rows, [TEXT_W - 75 * mm, 35 * mm, 40 * mm]))

    recs = list(tech.recommendations)
    for r in value.sort_values("reduction", ascending=False).head(3).itertuples():
        new_tier = rubric.tier(r.new_tier).label
        effect = f"tier stays {new_tier}" if r.new_tier == row["tier"] else f"new tier {new_tier}"
        recs.append(f"Put in place: {r.name} (removes {r.reduction:.1f} points; {effect}).")
    if recs:
        out.append(P("Recommendations", "H3"))
        out.append(bullets([P(markup(r)) for r in recs]))
    if tech.flags:
        out.append(P("Regulatory flags", "H3"))
        for f in tech.flags:
            out.append(P(f"<b>{markup(f.framework)}, {markup(f.provision)}:</b> {markup(f.note)}", "small"))
    if citations:
        out.append(P("Evidence", "H3"))
        for sid in sorted(citations, key=lambda s: numbers.get(s, 0)):
            src = sources.get(sid)
            head = (
                f"{src.title}. {src.publisher}, {src.date or 'no date'} (reliability {src.reliability})" if src else sid
            )
            parts = [f"[{numbers.get(sid, '?')}] {markup(head)}."]
            for ev in citations[sid]:
                where = f"{ev.page}: " if ev.page else ""
                quote = f'"{ev.quote}" ' if ev.quote else ""
                parts.append(f"– {markup(where)}{markup(quote)}{markup(ev.note)}")
            out.append(KeepTogether(P("<br/>".join(parts), "small")))
    return out
