"""Chapter 3: one section per technology, in rank order: headline, deployment, radar, criteria with their
evidence basis, safeguards, recommendations, regulatory flags and the evidence cited, numbered as in the register."""

from __future__ import annotations

from dashboard.core.models import Evidence
from dashboard.render.document.blocks import (
    Block,
    Break,
    Bullets,
    Figure,
    Heading,
    KeepTogether,
    NeedSpace,
    PageBreak,
    Paragraph,
    Run,
    Table,
    bold,
    cells,
    header_row,
    para,
)
from dashboard.render.document.context import Context
from dashboard.views import alt_text
from dashboard.views.labels import reader_table
from dashboard.views.palette import RADAR_MAX_AXES
from dashboard.views.profile import profile as profile_view
from dashboard.views.technology import SCORED, technology_profile

PROFILE_ROWS = 36  # criteria per part of a profile drawn as bars, so each part fits on a page


def declare(ctx: Context) -> None:
    n = ctx.numbering
    n.chapter("technologies", "Technologies")
    for tid, name in ctx.names.items():
        key = f"tech:{tid}"
        n.section(key, name, "technologies")
        if ctx.scores.result(tid).rated:
            n.figure(f"fig:{key}", within=key)
            n.table(f"tab:{key}", within=key)


def render(ctx: Context) -> list[Block]:
    out: list[Block] = [ctx.heading("technologies", 1)]
    for tid in ctx.scores.table["id"]:
        out += _technology(ctx, tid)
    return out + [PageBreak()]


def _technology(ctx: Context, tid: str) -> list[Block]:
    scores, key = ctx.scores, f"tech:{tid}"
    sources, numbers = ctx.sources, ctx.source_numbers
    rubric, scored = scores.rubric, reader_table(scores)
    tech = scores.compiled.data.technology(tid)
    row = scored.loc[tid]
    profile = technology_profile(scores, tid)
    out: list[Block] = [NeedSpace(120), ctx.heading(key, 2)]
    if not profile.rated:
        out.append(para(bold(row["tier_label"]), ": no criterion could be scored (all n/a or unscored)."))
        return out
    reported = (
        f"; scores resting on unconfirmed reporting only: {len(row['reported_only'])} of "
        f"{len(rubric.criteria) - len(row['not_applicable'])}."
        if row["reported_only"]
        else "."
    )
    out.append(
        para(
            bold(f"Score {row['score']:.1f}"),
            f" (range {row['score_low']:.1f}-{row['score_high']:.1f}); tier ",
            Run("■", colour=profile.tier_colour),
            " ",
            bold(profile.tier_display),
            f"; rank {row['rank']} of {len(scored)}. {row['evidence_strength']:.0%} of the weighted score rests on "
            "corroborated evidence" + reported,
        )
    )
    out += [para(sentence) for sentence in profile.red_lines]
    if profile.missing_note:
        out.append(para(bold("Incomplete."), " ", profile.missing_note))
    if profile.inapplicable_note:
        out.append(para(profile.inapplicable_note))
    if tech.description:
        out.append(para(tech.description))
    d = tech.deployment
    facts = [
        ("Operators", ", ".join(d.operators)),
        ("Places", ", ".join(d.places)),
        ("Scale", d.scale),
        ("Vendors", ", ".join(d.vendors)),
        ("Status", d.status),
    ]
    parts: list[str | Run] = []
    for k, v in [(k, v) for k, v in facts if v]:
        parts += (["; "] if parts else []) + [bold(f"{k}:"), f" {v}"]
    out.append(para(*parts, role="small"))
    inherent, residual = ctx.levels["inherent"][tid], ctx.levels["residual"][tid]
    series = {"Inherent": inherent, "Residual": residual}
    ids = [c.id for c in rubric.criteria]
    # A radar fits any page; bars for a wide rubric grow with it, so they are drawn in page-sized parts.
    drawings = (
        [ids] if len(ids) <= RADAR_MAX_AXES else [ids[i : i + PROFILE_ROWS] for i in range(0, len(ids), PROFILE_ROWS)]
    )
    for number, criteria_part in enumerate(drawings, 1):
        inputs = {"series": series, "rubric": rubric} | ({"criteria": criteria_part} if len(drawings) > 1 else {})
        view = profile_view(series, rubric, criteria_part)
        out.append(Figure("radar", inputs, width=0.62, alt=alt_text.profile_alt(view, tech.name)))
        out.append(
            ctx.caption(
                f"fig:{key}",
                "Level per criterion without safeguards (solid) and in this scenario (dashed).",
                f" (part {number} of {len(drawings)})" if len(drawings) > 1 else "",
            )
        )

    # Citation numbers are the document's: one per source, the same in every section and in Annex C.
    citations: dict[str, list[Evidence]] = {}
    rows: list[tuple[Paragraph, ...]] = [
        header_row("Criterion", "Level", "Confidence; basis", "Rationale and evidence")
    ]
    for line in profile.criteria:
        entry = tech.scores.get(line.id)
        if line.state != SCORED or entry is None:
            rows.append(cells(line.name, line.level, "", line.rationale))
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
        rows.append(cells(line.name, shown, f"{line.confidence}; {line.basis}", f"{line.rationale} {' '.join(refs)}"))
    out.append(Table(tuple(rows), (36, 15, 22, None)))
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

    out.append(Heading("Safeguards", 3))
    values = ctx.value_by_technology.get(tid, [])
    reductions = {value["safeguard"]: value["reduction"] for value in values}
    rows = [header_row("Safeguard", "Status", "Points removed if in place")]
    for sg in profile.safeguards:
        gain = f"{reductions[sg.id]:.1f}" if sg.id in reductions else "-"
        rows.append(cells(sg.name, sg.status, gain))
    out.append(Table(tuple(rows), (None, 35, 40)))

    recs = list(tech.recommendations)
    # The three most valuable safeguards, largest first (a stable sort keeps the table's order among equals).
    for best in sorted(values, key=lambda value: -value["reduction"])[:3]:
        new_tier = rubric.tier(best["new_tier"]).label
        effect = f"tier stays {new_tier}" if best["new_tier"] == row["tier"] else f"new tier {new_tier}"
        recs.append(f"Put in place: {best['name']} (removes {best['reduction']:.1f} points; {effect}).")
    if recs:
        out += [Heading("Recommendations", 3), Bullets(tuple(para(r) for r in recs))]
    if tech.flags:
        out.append(Heading("Regulatory flags", 3))
        out += [para(bold(f"{f.framework}, {f.provision}:"), f" {f.note}", role="small") for f in tech.flags]
    if citations:
        out.append(Heading("Evidence", 3))
        for sid in sorted(citations, key=lambda s: numbers.get(s, 0)):
            src = sources.get(sid)
            head = (
                f"{src.title}. {src.publisher}, {src.date or 'no date'} (reliability {src.reliability})" if src else sid
            )
            lines: list[str | Break] = [f"[{numbers.get(sid, '?')}] {head}."]
            for ev in citations[sid]:
                where = f"{ev.page}: " if ev.page else ""
                quote = f'"{ev.quote}" ' if ev.quote else ""
                lines += [Break(), f"– {where}{quote}{ev.note}"]
            out.append(KeepTogether((para(*lines, role="small"),)))
    return out
