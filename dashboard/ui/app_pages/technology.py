"""Technology profile: inherent against residual levels, every criterion with its evidence, safeguards, flags."""

import pandas as pd
import streamlit as st

from dashboard import views
from dashboard.core.evidence import BASIS_NAMES, grades, score_basis
from dashboard.core.safeguards import safeguard_value
from dashboard.core.text import md, md_link
from dashboard.render import charts
from dashboard.ui import review, state
from dashboard.ui.raters_profile import raters_beside_consensus
from dashboard.views.labels import BASIS_TEXT, level_text, number, reader_table
from dashboard.views.method_rules import units_rows
from dashboard.views.technology import technology_profile

scores = state.scores()
rubric, data = scores.rubric, scores.compiled.data
table = reader_table(scores)
names = dict(zip(table["id"], table["name"], strict=True))

ids = list(table["id"])
if st.session_state.get("profile_tech") not in ids:
    st.session_state.profile_tech = ids[0]
tid = str(st.selectbox("Technology", ids, format_func=names.__getitem__, key="profile_tech"))
tech = data.technology(tid)
row = table.loc[tid]
review.comments_beside(tid)  # the reviewers' open comments on this technology and its scores
if pd.isna(row["tier"]):
    st.title(md(tech.name))
    st.warning("Not rated: no criterion of this technology could be scored (all n/a or not yet scored).")
    st.stop()
tier = rubric.tier(row["tier"])

st.title(md(tech.name))
state.tier_table(
    pd.DataFrame(
        [
            {
                "Tier": row["tier_display"],
                "Score": f"{row['score']:.1f}",
                "Range": f"{row['score_low']:.1f}-{row['score_high']:.1f}",
                "Rank": f"{row['rank']} of {len(table)}",
                "Corroborated": f"{row['evidence_strength']:.0%} of the score",
            }
        ]
    ),
    [tier.colour],
)
profile_view = technology_profile(scores, tid)
for sentence in profile_view.red_lines:
    st.warning(md(sentence), icon=":material/block:")
if profile_view.missing_note:
    st.warning(md(profile_view.missing_note))
if profile_view.inapplicable_note:
    st.warning(md(profile_view.inapplicable_note))
with st.expander("Totals in the method's own units"):
    st.dataframe(pd.DataFrame(units_rows(row, rubric), columns=["total", "value"]), hide_index=True)
opening, rest = views.fold(tech.description)
st.text(opening)
if rest:
    with st.expander("Full description"):
        st.text(rest)
dep = tech.deployment


def _known(values: list[str] | str) -> str:
    text = ", ".join(values) if isinstance(values, list) else values
    return md(text) if text else "not known"


st.markdown(
    f"**Operators:** {_known(dep.operators)}  \n**Places:** {_known(dep.places)}"
    f"  \n**Scale:** {_known(dep.scale)}  \n**Vendors:** {_known(dep.vendors)}"
    f"  \n**Status:** {_known(dep.status)}"
)

left, right = st.columns([1, 1])
inherent = scores.levels_frame("inherent").loc[tid].to_dict()
residual = scores.levels_frame().loc[tid].to_dict()
with left:
    series = {"Inherent (no safeguards)": inherent, "Residual (this scenario)": residual}
    profile = views.profile(series, rubric)
    state.show_chart(
        charts.radar(series, rubric, view=profile),
        "Level per criterion without safeguards (solid) and after the scenario's safeguards (dashed).",
        views.profile_frame(profile),
        "tech_radar",
    )
with right:
    st.subheader("What would reduce the risk")
    value = safeguard_value(scores)
    value = value[value["technology"] == tid]
    if value.empty:
        st.caption("No absent safeguard would lower this score further.")
    else:
        state.show_chart(
            charts.safeguard_value_bar(value),
            "Points of risk each absent or partial safeguard would remove if put fully in place, largest first.",
            views.safeguard_value_frame(value, rubric),
            "tech_value",
        )

st.subheader("Criteria")
source_grades, corroborating = grades(data), set(rubric.evidence.corroborating)


def basis_text(entry) -> str:
    code = score_basis(entry, source_grades, corroborating)
    return BASIS_TEXT.get(BASIS_NAMES.get(code, ""), "")


lines = {line.id: line for line in profile_view.criteria}


def criterion_row(cid: str) -> dict[str, str]:
    line = lines[cid]
    return {
        "Criterion": line.name,
        "Level": line.level,
        "After safeguards": line.after,
        "Confidence": line.confidence,
        "Evidence": line.basis or "n/a",
        "Rationale": line.rationale,
    }


# Static tables, so every rationale is read in full (a grid's cells would cut it at the column width); a long
# rubric folds into one part per group, each headed by its highest level.
sections = views.criteria_sections(rubric)
for group_name, members in sections:
    table_rows = pd.DataFrame([criterion_row(cid) for cid in members])
    if not group_name:
        state.reader_table(table_rows)
        continue
    top = max((residual[cid] for cid in members if residual[cid] == residual[cid]), default=None)
    summary = f"highest level after safeguards {number(top)}" if top is not None else "nothing scored"
    with st.expander(f"{md(group_name)}: {len(members)} criteria, {summary}"):
        state.reader_table(table_rows)

raters_beside_consensus(tid, data, rubric)

st.subheader("Evidence")
sources = {s.id: s for s in data.sources}
cited = 0
for c in rubric.criteria:
    entry = tech.scores.get(c.id)
    if not entry or not entry.evidence:
        continue
    with st.expander(f"{md(c.name)}: {md(level_text(entry, c))} ({basis_text(entry)})"):
        st.text(entry.rationale)
        for ev in entry.evidence:
            cited += 1
            src = sources.get(ev.source)
            title = src.title if src else ev.source
            link = md_link(title, src.url if src else None)
            detail = (
                f" ({md(src.publisher)}, {md(src.date or 'undated')}; reliability {src.reliability})" if src else ""
            )
            where = f", {md(ev.page)}" if ev.page else ""
            quote = f'\n\n  > "{md(ev.quote)}"' if ev.quote else ""
            note = f"\n\n  {md(ev.note)}" if ev.note else ""
            st.markdown(f"{cited}\\. {link}{detail}{where}{quote}{note}")

st.subheader("Safeguards")
status_rows = [
    {"Safeguard": sg.name, "Status": sg.status, "Note": sg.note or "none", "Standard": sg.standard}
    for sg in profile_view.safeguards
]
state.reader_table(pd.DataFrame(status_rows))

if tech.flags:
    st.subheader("Regulatory flags")
    for flag in tech.flags:
        st.markdown(f"- **{md(flag.framework)}, {md(flag.provision)}**: {md(flag.note)}")
if tech.excerpts:
    st.subheader("Source excerpts")
    for ex in tech.excerpts:
        src = sources.get(ex.source)
        origin = f"{src.title} ({src.type})" if src else ex.source
        st.markdown(f'> "{md(ex.quote)}"  \n> — {md(origin)}')
