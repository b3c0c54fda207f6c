"""Overview: headline figures, ranking with uncertainty, heatmap, risk matrix, rights at risk."""

import pandas as pd
import streamlit as st

from dashboard import views
from dashboard.core.text import md
from dashboard.render import charts
from dashboard.ui import review, state
from dashboard.views.labels import reader_table
from dashboard.views.messages import SCENARIOS
from dashboard.views.method_rules import tier_bound_text
from dashboard.views.summary import incomplete_judgement

scores = state.scores()
rubric, data = scores.rubric, scores.compiled.data
table = reader_table(scores)

st.title(md(data.meta.title))
st.caption(
    f"{md(data.meta.scope)} Scenario: **{SCENARIOS[scores.scenario]}**; "
    f"weights: **{md(views.profile_name(rubric, scores.profile))}**."
)
if data.meta.disclaimer:
    st.info(md(data.meta.disclaimer), icon=":material/info:")
review.waiting_panel(compact=True)

cols = st.columns(4 + len(rubric.tiers.levels))
cols[0].metric("Assessed", len(table), help="Technologies assessed")
for col, tier in zip(cols[1:], rubric.tiers.levels, strict=False):
    col.metric(md(tier.label), int((table["tier"] == tier.id).sum()), help=f"Technologies in the {md(tier.label)} tier")
cols[-3].metric("Red lines", int(table["red_lines"].map(len).gt(0).sum()), help="Technologies crossing a red line")
cols[-2].metric(
    "Tentative",
    int(table["evidence_label"].ne("").sum()),
    help="Tiers that are tentative: the technology's score rests mostly on unconfirmed reporting or uncited judgements "
    f"(less than {rubric.evidence.min_strength:.0%} corroborated by a source graded "
    f"{', '.join(rubric.evidence.corroborating)})",
)
cols[-1].metric("Incomplete", int((~table["complete"]).sum()), help="Assessments with at least one unscored criterion")
for line in incomplete_judgement(table):
    st.warning(md(line), icon=":material/pending:")
tiers = st.expander("Tiers", key="overview_tiers", on_change="rerun")  # lazy: the table is built only while open
if tiers.open:
    with tiers:
        state.tier_table(
            pd.DataFrame(
                {
                    "Tier": [t.label for t in rubric.tiers.levels],
                    "Threshold": [tier_bound_text(rubric, t) for t in rubric.tiers.levels],
                    "Meaning": [t.description for t in rubric.tiers.levels],
                }
            ),
            [t.colour for t in rubric.tiers.levels],
        )

st.subheader("Ranking")
confidence = views.low_confidence(scores)
low, given = sum(v[0] for v in confidence.values()), sum(v[1] for v in confidence.values())
if given:
    st.caption(
        f"Confidence: {low} of {given} scores ({low / given:.0%}) carry low confidence; the table below gives the "
        "count for each technology beside its tier and the share of its score that is corroborated."
    )
state.show_chart(
    charts.ranked_bar(scores),
    "Risk score 0-100 per technology, highest first; bars are coloured and labelled by tier, whiskers show the "
    "low-high range from uncertain or missing levels. Red lines can lift a tier above what the score alone gives. "
    "A tier marked 'mostly unconfirmed reporting' rests mostly on sources that could not be confirmed.",
    views.ranking_frame(scores),
    "overview_rank",
    expanded=True,
)

# The views behind the ranking, one at a time: a tab is built only while it is open (Streamlit's lazy tabs), so the
# first visit draws two charts, not five, and each view stays one click away.
evidence_tab, heatmap_tab, matrix_tab, rights_tab = st.tabs(
    ["Evidence behind the ranking", "Technologies x criteria", "Risk matrix", "Rights at risk"],
    key="overview_view",
    on_change="rerun",
)
if evidence_tab.open:
    with evidence_tab:
        shares = table["evidence_strength"].dropna()
        st.caption(
            f"{int(table['evidence_label'].ne('').sum())} of {len(table)} technologies rest mostly on unconfirmed "
            f"reporting or uncited judgements; across the set, {shares.mean():.0%} of the weighted score rests on "
            "corroborated evidence."
            if len(shares)
            else "No technology could be scored yet."
        )
        state.show_chart(
            charts.evidence_bar(scores),
            "Share of each technology's weighted score that rests on corroborated scores (at least one source graded "
            f"{md(', '.join(rubric.evidence.corroborating))}), on unconfirmed reporting only, and on scores citing no "
            f"evidence. Below the dashed line ({rubric.evidence.min_strength:.0%}) the tier is labelled.",
            charts.evidence_frame(scores),
            "overview_evidence",
        )
if heatmap_tab.open:
    with heatmap_tab:
        heat = views.heatmap(scores)
        state.show_chart(
            charts.heatmap(scores, view=heat),
            views.heatmap_caption(heat) + " Hover for details.",
            views.heatmap_frame(heat),
            "overview_heatmap",
        )
if matrix_tab.open:
    with matrix_tab:
        matrix = charts.risk_matrix(scores)
        if matrix is None or not rubric.aggregation.axes:
            st.caption("This rubric defines no axes, so there is no risk matrix.")
        else:
            x, y = rubric.aggregation.axes
            state.show_chart(
                matrix,
                f"{md(x.name)} against {md(y.name)}; numbers are ranks, bubble size is scale of "
                "deployment, colour and legend give the tier. Dotted lines mark the bands.",
                views.matrix_frame(scores),
                "overview_matrix",
            )
if rights_tab.open:
    with rights_tab:
        summary = scores.rights_summary()
        if summary.empty:
            st.caption("No criteria are mapped to rights in this rubric.")
        else:
            state.show_chart(
                charts.rights_chart(scores),
                "Exposure of each right: the weighted level of the criteria that touch it, averaged over "
                "technologies (bar) and for the worst technology (diamond; named under each right).",
                views.rights_frame(scores),
                "overview_rights",
            )
