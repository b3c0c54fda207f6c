"""The PDF briefing: cover, executive summary, overview figures, one section per technology, annexes.

A fresh document per call; returns bytes. With a fixed `date`, the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from dataclasses import dataclass

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from dashboard import evidence, views
from dashboard.briefing import figures
from dashboard.briefing.changes import ChangesSince, change_lines
from dashboard.briefing.fonts import BASE, BOLD, ITALIC, markup, register
from dashboard.briefing.summary import Refs, bottom_line, key_judgements
from dashboard.labels import BASIS_TEXT, level_text
from dashboard.messages import JUDGEMENT_NOTE
from dashboard.method_rules import tier_bound_text
from dashboard.models import NA
from dashboard.scoring import SCENARIOS, Scores, safeguard_value, safeguard_value_summary, subset
from dashboard.sensitivity import monte_carlo

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
TEXT_W = PAGE_W - 2 * MARGIN
CHART_ROWS = 30  # technologies per ranked-bar or heatmap drawing, so each fits on a page


@dataclass
class BriefingOptions:
    title: str | None = None
    marking: str = "OFFICIAL"
    technologies: list[str] | None = None  # ids to include; None = all
    date: str | None = None  # YYYY-MM-DD; None = today
    author: str | None = None
    draws: int = 2_000
    seed: int = 0
    provenance: str | None = None  # "set X, version N" (and "with unsaved changes"): printed on the cover, in metadata
    changes: ChangesSince | None = None  # the optional "Changes since the last briefing"


def _styles() -> dict[str, ParagraphStyle]:
    register()
    base = ParagraphStyle("body", fontName=BASE, fontSize=9, leading=12.5, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.6, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", parent=base, fontName=BOLD, fontSize=7.5, leading=9.6, spaceAfter=0),
        "caption": ParagraphStyle(
            "caption",
            parent=base,
            fontName=ITALIC,
            fontSize=7.5,
            leading=10,
            textColor=colors.HexColor("#444444"),
            spaceAfter=10,
        ),
        "H1": ParagraphStyle(
            "H1",
            parent=base,
            fontName=BOLD,
            fontSize=15,
            leading=19,
            spaceBefore=6,
            spaceAfter=8,
            textColor=colors.HexColor("#1A1A1A"),
        ),
        "H2": ParagraphStyle("H2", parent=base, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=5),
        "H3": ParagraphStyle("H3", parent=base, fontName=BOLD, fontSize=9.5, leading=13, spaceBefore=6, spaceAfter=3),
        # A cover heading: looks like H2, sits at the top level of the outline.
        "Hc": ParagraphStyle("Hc", parent=base, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=5),
        "cover_mark": ParagraphStyle(
            "cm",
            parent=base,
            fontName=BOLD,
            fontSize=14,
            alignment=TA_CENTER,
            textColor=colors.HexColor("#B00020"),
            spaceAfter=30,
        ),
        "cover_title": ParagraphStyle("ct", parent=base, fontName=BOLD, fontSize=22, leading=28, spaceAfter=16),
    }


class _Doc(BaseDocTemplate):
    """Adds bookmarks and the outline for every heading."""

    def afterFlowable(self, flowable) -> None:
        name = flowable.style.name if isinstance(flowable, Paragraph) else ""
        if name in ("H1", "Hc", "H2"):
            level = 1 if name == "H2" else 0
            key = f"h{self.seq.nextf('heading')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)


def _stamp(date: str) -> TimeStamp:
    """The briefing date (midnight UTC) as the PDF's creation date: deterministic for a given --date."""
    stamp = TimeStamp(invariant=1)
    day = dt.datetime.fromisoformat(date).replace(tzinfo=dt.UTC)
    stamp.t = day.timestamp()
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def _numbered_canvas(marking: str, title: str, date: str):
    class NumberedCanvas(Canvas):
        """Draws header and footer after layout, so each page can say 'page x of y'."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _stamp(date)
            self._states: list[dict] = []

        def showPage(self):
            self._states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._states)
            for state in self._states:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            self.saveState()
            # Marking centred at top and bottom; the title and page number on a line of their own above it.
            self.setFont(BOLD, 8)
            self.setFillColor(colors.HexColor("#B00020"))
            self.drawCentredString(PAGE_W / 2, PAGE_H - 9 * mm, marking)
            self.drawCentredString(PAGE_W / 2, 6 * mm, marking)
            self.setFillColor(colors.HexColor("#555555"))
            self.setFont(BASE, 7)
            short = title if len(title) <= 80 else title[:77] + "..."
            self.drawString(MARGIN, 11 * mm, short)
            self.drawRightString(PAGE_W - MARGIN, 11 * mm, f"Page {self._pageNumber} of {total}")
            self.drawRightString(PAGE_W - MARGIN, PAGE_H - 9 * mm, "Scores are analytic judgements")
            self.restoreState()

    return NumberedCanvas


def _table(rows, widths, header=True, zebra=True) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EDF3")))
    if zebra:
        style += [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F7F8FA")) for r in range(2, len(rows), 2)]
    t.setStyle(TableStyle(style))
    return t


def build_briefing(scores: Scores, options: BriefingOptions | None = None) -> bytes:
    options = options or BriefingOptions()
    total = len(scores.compiled.tech_ids)
    if options.technologies:
        scores = subset(scores, options.technologies)
    st = _styles()
    rubric, data, table = scores.rubric, scores.compiled.data, scores.table
    date = options.date or dt.date.today().isoformat()
    title = options.title or data.meta.title
    value_set = safeguard_value_summary(scores)
    value_tech = safeguard_value(scores)
    mc = monte_carlo(scores, draws=options.draws, seed=options.seed)
    names = dict(zip(table["id"], table["name"], strict=True))
    section_no = {tid: f"section 3.{k + 1}" for k, tid in enumerate(table["id"])}
    has_matrix = bool(rubric.aggregation.axes)
    fig_no = {
        "ranking": "Figure 1",
        "heatmap": "Figure 2",
        "matrix": "Figure 3" if has_matrix else "",
        "rights": "Figure 4" if has_matrix else "Figure 3",
    }
    refs: Refs = {
        "ranking": fig_no["ranking"],
        "rights": fig_no["rights"],
        "safeguards": "Table 1",
        "robustness": "Table 2",
        "sources": "Annex C",
        "section": lambda tid: section_no[tid],
    }

    def P(text: str, style: str = "body") -> Paragraph:
        return Paragraph(text, st[style])

    story: list = []

    # Cover: the bottom line first, then what the briefing is based on.
    story += [Spacer(1, 10 * mm), P(markup(options.marking), "cover_mark"), P(markup(title), "cover_title")]
    story.append(P("Bottom line", "Hc"))
    story.append(
        ListFlowable(
            [ListItem(P(markup(s)), leftIndent=10) for s in bottom_line(scores, value_set, mc, refs)],
            bulletType="bullet",
            start="•",
            leftIndent=10,
            bulletFontName=BASE,
        )
    )
    story.append(P("About this briefing", "H3"))
    weights_changed = {
        cid: w for cid, w in zip(scores.criterion_ids, scores.weights, strict=True) if w != rubric.criterion(cid).weight
    }
    cover_rows = [
        ("Date", date),
        ("Scope", data.meta.scope or data.meta.title),
        ("Rubric", f"{rubric.title}, version {rubric.version} ({rubric.date})"),
        ("Dataset", f"{data.meta.title} ({data.meta.date}); rubric {data.meta.rubric.id} {data.meta.rubric.version}"),
        ("Weight profile", views.profile_name(rubric, scores.profile)),
        (
            "Weights differing from the base",
            ", ".join(f"{rubric.criterion(c).name}: {w:g}" for c, w in weights_changed.items()) or "none",
        ),
        ("Scenario", SCENARIOS[scores.scenario] + (f"; overrides: {scores.overrides}" if scores.overrides else "")),
        (
            "Technologies",
            f"{len(table)} of the {total} assessed are covered by this briefing",
        ),
        ("Status of the scores", JUDGEMENT_NOTE),
    ]
    if options.provenance:
        cover_rows.insert(4, ("Workspace", options.provenance))
    story.append(
        _table(
            [[P(markup(k), "cellb"), P(markup(v), "cell")] for k, v in cover_rows],
            [45 * mm, TEXT_W - 45 * mm],
            header=False,
            zebra=False,
        )
    )
    if data.meta.disclaimer:
        story += [Spacer(1, 6 * mm), P(markup(data.meta.disclaimer), "small")]
    story.append(PageBreak())

    # 1 Executive summary
    story.append(P("1 Executive summary", "H1"))
    story.append(
        P(
            "Key judgements, generated from the scores in this document; each points to where its figures are shown.",
            "small",
        )
    )
    items = [ListItem(P(markup(s)), leftIndent=10) for s in key_judgements(scores, value_set, mc, refs)]
    story.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=10, bulletFontName=BASE))
    if options.changes is not None:
        labels = {c.id: c.name for c in rubric.criteria} | {g.id: g.name for g in rubric.safeguards}
        story += _changes_section(options.changes, names, labels, P)
    story.append(PageBreak())

    # 2 Overview
    story.append(P("2 Overview", "H1"))
    story.append(P("2.1 Ranking", "H2"))
    chunks = [list(table["id"])[i : i + CHART_ROWS] for i in range(0, len(table), CHART_ROWS)]

    def chunked(draw, label: str, caption: str) -> None:
        # Long lists of technologies are drawn in page-sized parts, each with its caption.
        for k, ids in enumerate(chunks):
            story.append(draw(scores, TEXT_W, ids))
            more = f" (part {k + 1} of {len(chunks)})" if len(chunks) > 1 else ""
            story.append(P(f"{label}{more}. {caption}", "caption"))

    chunked(
        figures.ranked_bar,
        fig_no["ranking"],
        "Risk score per technology, highest first, coloured and "
        "labelled by tier; whiskers show the low-high range from uncertain or missing levels.",
    )
    story.append(CondPageBreak(90 * mm))
    story.append(P("2.2 Technologies by criterion", "H2"))
    chunked(
        figures.heatmap,
        fig_no["heatmap"],
        views.heatmap_caption(views.heatmap(scores, [])),
    )
    if has_matrix and rubric.aggregation.axes:
        x, y = rubric.aggregation.axes
        story.append(CondPageBreak(110 * mm))
        story.append(P("2.3 Risk matrix", "H2"))
        story.append(figures.risk_matrix(scores, TEXT_W * 0.8))
        story.append(
            P(
                f"{fig_no['matrix']}. {x.name} against {y.name}; numbers are ranks, bubble size is scale of "
                "deployment, colour the tier; dotted lines mark the bands.",
                "caption",
            )
        )
    summary = scores.rights_summary()
    if not summary.empty:
        story.append(CondPageBreak(90 * mm))
        story.append(P("2.4 Rights at risk", "H2"))
        story.append(figures.rights_chart(scores, TEXT_W))
        story.append(
            P(
                f"{fig_no['rights']}. Mean exposure of each right across the technologies (bar) and the "
                "worst technology (diamond), 0-100.",
                "caption",
            )
        )
    story.append(CondPageBreak(60 * mm))
    story.append(P("2.5 Safeguards that remove the most risk", "H2"))
    rows = [[P(h, "cellb") for h in ("Safeguard", "Points removed (total)", "Technologies", "Tier changes")]]
    rows += [
        [
            P(markup(r.name), "cell"),
            P(f"{r.total:.1f}", "cell"),
            P(str(r.technologies), "cell"),
            P(str(r.tier_changes), "cell"),
        ]
        for r in value_set.itertuples()
    ]
    story.append(_table(rows, [TEXT_W - 75 * mm, 30 * mm, 25 * mm, 20 * mm]))
    story.append(
        P(
            "Table 1. For each safeguard not yet fully in place: points of risk it would remove across the "
            "technologies if put in place, and how many technologies would drop a tier.",
            "caption",
        )
    )
    story.append(CondPageBreak(60 * mm))
    story.append(P("2.6 How robust is the ranking", "H2"))
    rows = [
        [
            P(h, "cellb")
            for h in ("Technology", "Most likely tier", "Share of draws", "Rank (90% of draws)", "Score p5-p95")
        ]
    ]
    for tid in table["id"]:
        probs = mc.tier_probability.loc[tid]
        lo, hi = mc.rank_interval(tid)
        q = mc.score_quantiles.loc[tid]
        rows.append(
            [
                P(markup(names[tid]), "cell"),
                P(markup(rubric.tier(str(probs.idxmax())).label if probs.sum() else "Not rated"), "cell"),
                P(f"{probs.max():.0%}" if probs.sum() else "-", "cell"),
                P(f"{lo}" if lo == hi else f"{lo}-{hi}", "cell"),
                P("-" if q.isna().any() else f"{q['p5']:.0f}-{q['p95']:.0f}", "cell"),
            ]
        )
    story.append(_table(rows, [TEXT_W - 100 * mm, 27 * mm, 22 * mm, 28 * mm, 23 * mm]))
    story.append(
        P(
            f"Table 2. Monte Carlo over {mc.draws:,} draws (seed {mc.seed}): weights varied by "
            f"+/-{mc.weight_spread:.0%}, ranged levels drawn within their ranges.",
            "caption",
        )
    )

    # 3 Technologies
    story.append(PageBreak())
    story.append(P("3 Technologies", "H1"))
    sources = {s.id: s for s in data.sources}
    numbers = views.source_numbers(scores)
    for k, tid in enumerate(table["id"]):
        story += _technology_section(scores, tid, k + 1, value_tech, (sources, numbers), P, st)

    # Annexes
    story.append(PageBreak())
    story.append(P("Annex A Methodology", "H1"))
    for para in rubric.methodology.strip().split("\n\n"):
        story.append(P(markup(" ".join(para.split()))))
    story.append(P("Annex B The rubric", "H1"))
    story.append(P("Scale", "H3"))
    story.append(
        _table(
            [[P(h, "cellb") for h in ("Level", "Label", "Meaning")]]
            + [
                [P(str(lv.value), "cell"), P(markup(lv.label), "cell"), P(markup(lv.meaning), "cell")]
                for lv in rubric.scale.levels
            ],
            [15 * mm, 25 * mm, TEXT_W - 40 * mm],
        )
    )
    story.append(P("Criteria", "H3"))
    rows = [[P(h, "cellb") for h in ("Criterion", "Group", "Weight", "Question and rights")]]
    for c in rubric.criteria:
        rights = "; ".join(f"{rubric.right(r).instrument} {rubric.right(r).article}" for r in c.rights)
        rows.append(
            [
                P(markup(c.name), "cell"),
                P(markup(rubric.group(c.group).name), "cell"),
                P(f"{c.weight:g}", "cell"),
                P(markup(f"{c.question} Rights: {rights}."), "cell"),
            ]
        )
    story.append(_table(rows, [38 * mm, 32 * mm, 13 * mm, TEXT_W - 83 * mm]))
    story.append(P("Tiers and red lines", "H3"))
    rows = [[P(h, "cellb") for h in ("Tier", "Threshold", "Meaning")]]
    rows += [
        [
            P(markup(t.label), "cell"),
            P(markup(tier_bound_text(rubric, t)), "cell"),
            P(markup(t.description), "cell"),
        ]
        for t in rubric.tiers.levels
    ]
    story.append(_table(rows, [25 * mm, 15 * mm, TEXT_W - 40 * mm]))
    if rubric.red_lines:
        rows = [[P(h, "cellb") for h in ("Red line", "At least", "Instrument")]]
        rows += [
            [
                P(markup(rl.reason), "cell"),
                P(markup(rubric.tier(rl.tier).label), "cell"),
                P(markup(rl.instrument), "cell"),
            ]
            for rl in rubric.red_lines
        ]
        story.append(_table(rows, [TEXT_W - 85 * mm, 20 * mm, 65 * mm]))
    if rubric.safeguards:
        story.append(P("Safeguards catalogue", "H3"))
        rows = [[P(h, "cellb") for h in ("Safeguard", "Requires", "Standard")]]
        rows += [
            [P(markup(sg.name), "cell"), P(markup(sg.requires), "cell"), P(markup(sg.standard), "cell")]
            for sg in rubric.safeguards
        ]
        story.append(_table(rows, [38 * mm, TEXT_W - 98 * mm, 60 * mm]))
    story.append(P("Annex C Source register", "H1"))
    rows = [[P(h, "cellb") for h in ("No.", "Source", "Type", "Grade", "Address")]]
    numbers = views.source_numbers(scores)
    rows += [
        [
            P(f"[{numbers[s.id]}]", "cell"),
            P(markup(f"{s.title}. {s.publisher}, {s.date or 'no date'}."), "cell"),
            P(markup(s.type), "cell"),
            P(markup(s.reliability), "cell"),
            P(markup(s.url or s.reference), "cell"),
        ]
        for s in sorted(data.sources, key=lambda s: numbers[s.id])
    ]
    story.append(_table(rows, [14 * mm, TEXT_W - 106 * mm, 30 * mm, 16 * mm, 46 * mm]))
    story.append(
        P(
            "Reliability: A completely reliable, B usually reliable, C fairly reliable, D not usually "
            "reliable, E unreliable, F cannot be judged. Titles in [brackets] are descriptive.",
            "caption",
        )
    )

    buf = io.BytesIO()
    doc = _Doc(
        buf,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=options.author or ", ".join(data.meta.authors),
        subject=f"Civil-liberties risk briefing: {data.meta.title}"
        + (f" ({options.provenance})" if options.provenance else ""),
        creator="civil-liberties dashboard",
        keywords=f"{rubric.id} {rubric.version}; {options.marking}",
        invariant=1,
        lang="en",
    )
    frame = Frame(MARGIN, 18 * mm, TEXT_W, PAGE_H - 34 * mm, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=_numbered_canvas(options.marking, title, date))
    return buf.getvalue()


def _changes_section(changes: ChangesSince, names: dict[str, str], labels: dict[str, str], P) -> list:
    why, scores, fields = change_lines(changes, names, labels)
    out = [P("Changes since the last briefing", "H2"), P(markup(f"Compared with {changes.since}."), "small")]
    for heading, lines in (("Why (version messages)", why), ("Effect on the scores", scores), ("What changed", fields)):
        if not lines:
            continue
        out.append(P(markup(heading), "cellb"))
        items = [ListItem(P(markup(line), "small"), leftIndent=10) for line in lines]
        out.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=10, bulletFontName=BASE))
    return out


def _technology_section(scores: Scores, tid: str, number: int, value_tech, register, P, st) -> list:
    sources, numbers = register
    rubric, table = scores.rubric, scores.table
    tech = scores.compiled.data.technology(tid)
    row = table.loc[tid]
    out: list = [CondPageBreak(120 * mm), P(f"3.{number} {markup(tech.name)}", "H2")]
    if pd.isna(row["tier"]):
        out.append(P(f"<b>{markup(row['tier_label'])}</b>: no criterion could be scored (all n/a or unscored)."))
        return out
    tier = rubric.tier(row["tier"])
    out.append(
        P(
            f"<b>Score {row['score']:.1f}</b> (range {row['score_low']:.1f}-{row['score_high']:.1f}); tier "
            f"<font color='{tier.colour}'>■</font> <b>{markup(row['tier_display'])}</b>; rank {row['rank']} of "
            f"{len(table)}. {row['evidence_strength']:.0%} of the weighted score rests on corroborated evidence"
            + (
                f"; scores resting on unconfirmed reporting only: {len(row['reported_only'])} of "
                f"{len(rubric.criteria) - len(row['not_applicable'])}."
                if row["reported_only"]
                else "."
            )
        )
    )
    for rl in scores.red_line_details(tid):
        out.append(P(f"<b>Red line:</b> {markup(rl['reason'])} ({markup(rl['instrument'])})."))
    if not row["complete"]:
        out.append(P(f"<b>Incomplete:</b> not scored on {markup(', '.join(row['missing']))}."))
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
        P(
            f"Figure 3.{number}. Level per criterion without safeguards (solid) and in this scenario (dashed).",
            "caption",
        )
    )

    # Citation numbers are the document's: one per source, the same in every section and in Annex C.
    citations: dict[str, list] = {}
    rows = [[P(h, "cellb") for h in ("Criterion", "Level", "Confidence; basis", "Rationale and evidence")]]
    source_grades, corroborating = evidence.grades(scores.compiled.data), set(rubric.evidence.corroborating)
    for c in rubric.criteria:
        entry = tech.scores.get(c.id)
        if entry is None or (entry.level is None and entry.answer is None):
            rows.append(
                [
                    P(markup(c.name), "cell"),
                    P("not scored", "cell"),
                    P("", "cell"),
                    P("Missing: never counted as zero.", "cell"),
                ]
            )
            continue
        if entry.level == NA:
            rows.append([P(markup(c.name), "cell"), P("n/a", "cell"), P("", "cell"), P(markup(entry.reason), "cell")])
            continue
        refs: list[str] = []
        for ev in entry.evidence:
            items = citations.setdefault(ev.source, [])
            if all((e.page, e.quote, e.note) != (ev.page, ev.quote, ev.note) for e in items):
                items.append(ev)
            ref = f"[{numbers.get(ev.source, '?')}]"
            if ref not in refs:
                refs.append(ref)
        shown = level_text(entry, c)
        basis = BASIS_TEXT[evidence.BASIS_NAMES[evidence.score_basis(entry, source_grades, corroborating)]]
        if residual[c.id] == residual[c.id] and residual[c.id] != inherent[c.id]:
            shown += f" → {residual[c.id]:g}"
        rows.append(
            [
                P(markup(c.name), "cell"),
                P(markup(shown), "cell"),
                P(markup(f"{entry.confidence or 'no confidence'}; {basis}"), "cell"),
                P(markup(entry.rationale) + " " + " ".join(refs), "cell"),
            ]
        )
    out.append(_table(rows, [36 * mm, 15 * mm, 22 * mm, TEXT_W - 73 * mm]))
    out.append(
        P(
            f"Table 3.{number}. Levels (inherent → residual where safeguards change them), confidence, evidence "
            "basis (corroborated: a source graded "
            f"{'/'.join(rubric.evidence.corroborating)}; reported only: unconfirmed reporting) and rationale; "
            "numbers in brackets are the sources below, numbered as in the source register (Annex C).",
            "caption",
        )
    )

    out.append(P("Safeguards", "H3"))
    value = value_tech[value_tech["technology"] == tid].set_index("safeguard")
    rows = [[P(h, "cellb") for h in ("Safeguard", "Status", "Points removed if in place")]]
    for sg in rubric.safeguards:
        rec = tech.safeguards.get(sg.id)
        status = (rec.status if rec else "unknown").replace("_", " ")
        gain = f"{value.loc[sg.id, 'reduction']:.1f}" if sg.id in value.index else "-"
        rows.append([P(markup(sg.name), "cell"), P(markup(status), "cell"), P(gain, "cell")])
    out.append(_table(rows, [TEXT_W - 75 * mm, 35 * mm, 40 * mm]))

    recs = list(tech.recommendations)
    for r in value.sort_values("reduction", ascending=False).head(3).itertuples():
        new_tier = rubric.tier(r.new_tier).label
        effect = f"tier stays {new_tier}" if r.new_tier == row["tier"] else f"new tier {new_tier}"
        recs.append(f"Put in place: {r.name} (removes {r.reduction:.1f} points; {effect}).")
    if recs:
        out.append(P("Recommendations", "H3"))
        out.append(
            ListFlowable(
                [ListItem(P(markup(r)), leftIndent=10) for r in recs],
                bulletType="bullet",
                start="•",
                leftIndent=10,
                bulletFontName=BASE,
            )
        )
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
