"""Method: the rubric, the safeguards catalogue, the source register and the methodology text."""

import pandas as pd
import streamlit as st

from dashboard import views
from dashboard.core.text import md, web_address
from dashboard.ui import state
from dashboard.views.method_rules import aggregation_lines, condition_text, tier_bound_text
from dashboard.views.register import checked_text
from dashboard.words import say

rubric, data = state.loaded()

st.title("Method")
st.caption(
    md(f"{rubric.title}, version {rubric.version} ({rubric.date}); {', '.join(rubric.authors)}; {rubric.licence}.")
)
with st.expander("Methodology", expanded=True):
    st.markdown(md(rubric.methodology))

st.subheader("How the total is computed")
st.markdown("\n".join(f"- {md(line)}" for line in aggregation_lines(rubric)))

st.subheader("Scale")
st.dataframe(
    pd.DataFrame([{"level": lv.value, "label": lv.label, "meaning": lv.meaning} for lv in rubric.scale.levels]),
    hide_index=True,
)

st.subheader("Criteria")
for group in rubric.groups:
    role = {"risk": "", "control": " (control total only)", "context": " (context, not scored)"}[group.role]
    st.markdown(f"**{md(group.name)}**{role}" + (f": {md(group.description)}" if group.description else ""))
    for c in (c for c in rubric.criteria if c.group == group.id):
        with st.expander(f"{md(c.name)} (weight {c.weight:g})"):
            st.markdown(f"*{md(c.question)}*")
            if c.applies_if:
                st.caption(md(condition_text(c, rubric)))
            if c.descriptors:
                st.dataframe(
                    pd.DataFrame([{"level": k, "what it looks like": v} for k, v in c.descriptors.items()]),
                    hide_index=True,
                )
            if c.options:
                st.dataframe(pd.DataFrame([o.model_dump() for o in c.options]), hide_index=True)
            rights = [rubric.right(r) for r in c.rights]
            if rights:
                st.dataframe(
                    pd.DataFrame(
                        [
                            {"right": f"{r.instrument} {r.article}: {r.title}", "address": web_address(r.url)}
                            for r in rights
                        ]
                    ),
                    hide_index=True,
                    column_config={"address": st.column_config.LinkColumn("address")},
                )

st.subheader("Tiers and red lines")
state.tier_table(
    pd.DataFrame(
        [
            {"Tier": t.label, "Threshold": tier_bound_text(rubric, t), "Meaning": t.description}
            for t in rubric.tiers.levels
        ]
    ),
    [t.colour for t in rubric.tiers.levels],
)
if rubric.red_lines:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Red line": views.red_line_name(rubric, rl.id),
                    "When": "; and ".join(
                        views.condition_text(rubric, cd.criterion, cd.min_level, cd.max_level) for cd in rl.when
                    ),
                    "At least": rubric.tier(rl.tier).label,
                    "Why": rl.reason,
                    "Instrument": rl.instrument,
                }
                for rl in rubric.red_lines
            ]
        ),
        hide_index=True,
    )

st.subheader("Safeguards catalogue")
st.dataframe(
    pd.DataFrame(
        [
            {
                "safeguard": sg.name,
                "requires": sg.requires,
                "standard": sg.standard,
                "effect": "; ".join(
                    f"{rubric.criterion(e.criterion).name} -{e.reduction:g} (partial -{e.partial:g})"
                    for e in sg.effects
                ),
            }
            for sg in rubric.safeguards
        ]
    ),
    hide_index=True,
)

if rubric.profiles:
    st.subheader("Weight profiles")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "profile": p.name,
                    "description": p.description,
                    "weights changed": ", ".join(f"{rubric.criterion(k).name} {v:g}" for k, v in p.weights.items()),
                }
                for p in rubric.profiles
            ]
        ),
        hide_index=True,
    )

st.subheader("Source register")
st.dataframe(
    pd.DataFrame(
        [
            {
                "id": s.id,
                "title": s.title,
                "publisher": s.publisher,
                "date": s.date,
                "type": s.type,
                "reliability": s.reliability,
                "address": web_address(s.url),
                "reference": s.reference,
                say("register.column_checked"): checked_text(s),
                say("register.column_finding"): s.check_finding,
            }
            for s in data.sources
        ]
    ),
    hide_index=True,
    column_config={"address": st.column_config.LinkColumn("address", width="medium")},
)
st.caption(
    "Reliability: A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, "
    "E unreliable, F cannot be judged. Titles in [brackets] are descriptive."
)
