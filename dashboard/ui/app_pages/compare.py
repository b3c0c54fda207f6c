"""Compare two to four technologies side by side."""

import pandas as pd
import streamlit as st

from dashboard import views
from dashboard.render import charts
from dashboard.ui import state

scores = state.scores()
rubric = scores.rubric
table = scores.table
names = dict(zip(table["id"], table["name"], strict=True))

st.title("Compare technologies")
ids = list(table["id"])
default = [t for t in st.session_state.get("compare_techs", ids[:2]) if t in ids] or ids[:2]
chosen = st.multiselect(
    "Technologies (two to four)",
    ids,
    default=default,
    format_func=names.__getitem__,
    max_selections=4,
    key="compare_select",
)
st.session_state.compare_techs = chosen
if len(chosen) < 2:
    st.info("Choose at least two technologies.")
    st.stop()

levels = scores.levels_frame()
series = {names[t]: levels.loc[t].to_dict() for t in chosen}
profile = views.profile(series, rubric)
state.show_chart(
    charts.radar(series, rubric, view=profile),
    "Residual level per criterion under the current scenario, one outline per technology.",
    views.profile_frame(profile),
    "compare_radar",
)

st.subheader("Scores")
st.dataframe(
    views.ranking_frame(scores, chosen),
    hide_index=True,
)
st.subheader("Group subscores (0-100)")
st.dataframe(scores.groups.loc[chosen].rename(index=names, columns={g.id: g.name for g in rubric.groups}))

st.subheader("Where they differ most")
sub = levels.loc[chosen]
spread = (sub.max() - sub.min()).sort_values(ascending=False)
rows = []
for cid, gap in spread.items():
    if pd.isna(gap) or gap == 0:
        continue
    hi, lo = sub[cid].idxmax(), sub[cid].idxmin()
    rows.append(
        {
            "criterion": rubric.criterion(cid).name,
            "gap (levels)": gap,
            "highest": f"{names[hi]} ({sub.loc[hi, cid]:g})",
            "lowest": f"{names[lo]} ({sub.loc[lo, cid]:g})",
        }
    )
if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True)
else:
    st.caption("The chosen technologies have the same level on every criterion.")
