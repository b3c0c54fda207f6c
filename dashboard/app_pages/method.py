"""Method: the rubric, the safeguards catalogue, the source register and the methodology text."""

import pandas as pd
import streamlit as st

from dashboard import state

rubric, data = state.loaded()

st.title("Method")
st.caption(f"{rubric.title}, version {rubric.version} ({rubric.date}); {', '.join(rubric.authors)}; {rubric.licence}.")
with st.expander("Methodology", expanded=True):
    st.markdown(rubric.methodology)

st.subheader("Scale")
st.dataframe(
    pd.DataFrame([{"level": lv.value, "label": lv.label, "meaning": lv.meaning} for lv in rubric.scale.levels]),
    hide_index=True,
)

st.subheader("Criteria")
for group in rubric.groups:
    st.markdown(f"**{group.name}**" + (f": {group.description}" if group.description else ""))
    for c in (c for c in rubric.criteria if c.group == group.id):
        with st.expander(f"{c.name} (weight {c.weight:g})"):
            st.markdown(f"*{c.question}*")
            if c.descriptors:
                st.dataframe(
                    pd.DataFrame([{"level": k, "what it looks like": v} for k, v in c.descriptors.items()]),
                    hide_index=True,
                )
            if c.options:
                st.dataframe(pd.DataFrame([o.model_dump() for o in c.options]), hide_index=True)
            rights = [rubric.right(r) for r in c.rights]
            st.markdown(
                "Rights: "
                + "; ".join(
                    f"[{r.instrument} {r.article}]({r.url})" if r.url else f"{r.instrument} {r.article}" for r in rights
                )
            )

st.subheader("Tiers and red lines")
st.markdown(" ".join(state.tier_badge(t.label, t.colour) for t in rubric.tiers.levels), unsafe_allow_html=True)
st.dataframe(
    pd.DataFrame([{"tier": t.label, "from": t.min, "meaning": t.description} for t in rubric.tiers.levels]),
    hide_index=True,
)
if rubric.red_lines:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "red line": rl.reason,
                    "at least": rubric.tier(rl.tier).label,
                    "conditions": "; ".join(
                        f"{cd.criterion} >= {cd.min_level:g}"
                        if cd.min_level is not None
                        else f"{cd.criterion} <= {cd.max_level:g}"
                        for cd in rl.when
                    ),
                    "instrument": rl.instrument,
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
                    "weights changed": ", ".join(f"{k}={v:g}" for k, v in p.weights.items()),
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
                "address": s.url or s.reference,
            }
            for s in data.sources
        ]
    ),
    hide_index=True,
    column_config={"address": st.column_config.TextColumn(width="medium")},
)
st.caption(
    "Reliability: A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, "
    "E unreliable, F cannot be judged. Titles in [brackets] are descriptive."
)
