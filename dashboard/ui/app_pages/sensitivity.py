"""Sensitivity: how far tiers and ranks depend on the weights and on uncertain levels."""

import streamlit as st

from dashboard import views
from dashboard.core.text import md
from dashboard.render import charts
from dashboard.ui import state
from dashboard.views.sensitivity import robustness_statements

scores = state.scores()
rubric = scores.rubric
table = scores.table
names = dict(zip(table["id"], table["name"], strict=True))
order = list(table["id"])

st.title("Sensitivity")
st.caption(
    "Monte Carlo: each draw varies every weight uniformly within +/- the spread around the current weights "
    "and draws every ranged level within its range (an unscored level anywhere on the scale). Seeded, so "
    "results can be reproduced."
)
c1, c2, c3 = st.columns(3)
draws = c1.select_slider("Draws", [1_000, 2_000, 5_000, 10_000, 20_000], value=5_000, key="mc_draws")
spread = c2.slider("Weight spread (+/-)", 0.0, 0.9, 0.3, 0.05, key="mc_spread")
seed = int(c3.number_input("Seed", 0, 10_000, 0, key="mc_seed"))
mc = state.sensitivity(draws, seed, spread)

st.subheader("What the draws say")
for line in robustness_statements(mc, names, order, labels={t.id: t.label for t in rubric.tiers.levels}):
    st.markdown(f"- {md(line)}")

state.show_chart(
    charts.tier_probability_chart(mc.tier_probability, names, rubric, order),
    "Share of draws in each tier, per technology (colours and legend labels from the rubric's tiers).",
    views.tier_share_frame(mc.tier_probability, names, rubric, order),
    "mc_tiers",
)
state.show_chart(
    charts.rank_distribution_chart(mc.rank_probability, names, order),
    "How often each technology takes each rank (1 = highest risk). A single dark cell per row is a robust rank.",
    views.rank_share_frame(mc.rank_probability, names, order),
    "mc_ranks",
)
st.caption(f"Score quantiles over {mc.draws:,} draws:")
st.dataframe(views.quantile_frame(mc.score_quantiles, names, order), hide_index=True)
