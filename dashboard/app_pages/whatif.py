"""What-if: weights per criterion and custom safeguards; every page and export follows these choices."""

import pandas as pd
import streamlit as st

from dashboard import charts, state
from dashboard.scoring import SCENARIOS
from dashboard.text import md

s = st.session_state
rubric, _ = state.loaded()
base = rubric.profile_weights(s.profile)

st.title("What-if")
st.caption(
    "Choose the profile and scenario in the sidebar; adjust single weights and safeguards here. Every page "
    "and every download uses these settings until you press Reset."
)


def _store_weight(cid: str, key: str) -> None:
    value = s[key]
    if value == base[cid]:
        s.weights.pop(cid, None)
    else:
        s.weights[cid] = value


st.subheader("Weights")
top = max(5.0, max(base.values()) * 2)
for group in rubric.groups:
    members = [c for c in rubric.criteria if c.group == group.id]
    if not members:
        continue
    with st.expander(md(group.name), expanded=False):
        for c in members:
            key = f"weight::{s.profile}::{c.id}"
            st.slider(
                md(c.name),
                0.0,
                float(top),
                float(s.weights.get(c.id, base[c.id])),
                step=0.5,
                key=key,
                on_change=_store_weight,
                args=(c.id, key),
                help=md(c.question),
            )

if s.scenario == "custom":
    st.subheader("Custom safeguards")
    st.caption("Each choice applies to every technology; 'as reported' keeps what the sources show.")
    options = ["as reported", "in_place", "partial", "absent"]

    def _store_override(sid: str, key: str) -> None:
        if s[key] == "as reported":
            s.overrides.pop(sid, None)
        else:
            s.overrides[sid] = s[key]

    cols = st.columns(2)
    for k, sg in enumerate(rubric.safeguards):
        key = f"override::{sg.id}"
        with cols[k % 2]:
            st.selectbox(
                md(sg.name),
                options,
                index=options.index(s.overrides.get(sg.id, "as reported")),
                key=key,
                on_change=_store_override,
                args=(sg.id, key),
                format_func=lambda o: o.replace("_", " "),
                help=md(sg.requires),
            )
else:
    st.caption(f"Scenario: {SCENARIOS[s.scenario]}. Choose 'Custom' in the sidebar to switch single safeguards.")

scores = state.scores()
baseline = state.baseline_scores()
st.subheader("Effect on the ranking")
current = scores.table[["rank", "name", "score", "tier_display"]].rename(columns={"tier_display": "tier"})
before = baseline.table[["rank", "score", "tier_display"]].rename(
    columns={"rank": "base rank", "score": "base score", "tier_display": "base tier"}
)
compare = current.join(before)
compare["rank change"] = compare["base rank"] - compare["rank"]
state.show_chart(
    charts.ranked_bar(scores),
    "Ranking under the current settings. The table compares it with the rubric's base weights and the reported "
    "scenario (positive rank change = moved up, i.e. riskier).",
    compare.reset_index(drop=True),
    "whatif_rank",
)
if s.weights:
    st.dataframe(
        pd.DataFrame(
            [{"criterion": rubric.criterion(c).name, "profile weight": base[c], "now": w} for c, w in s.weights.items()]
        ),
        hide_index=True,
    )
