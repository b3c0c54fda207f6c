"""What-if: weights per criterion and custom safeguards; every page and export follows these choices.

The page's body is a fragment: moving a slider reruns only the ranking and the controls, not the sidebar and the
rest of the app (see docs/serving.md). The page lists the adjusted weights itself, and the sidebar's note
leaves weights and overrides out on this page, so nothing shown goes stale.
"""

import pandas as pd
import streamlit as st

from dashboard import views
from dashboard.core import weights
from dashboard.core.text import md, md_help
from dashboard.render import charts
from dashboard.ui import state, workspace_session
from dashboard.views.labels import number
from dashboard.views.messages import SCENARIOS, SLIDER_ALL_ZERO

s = st.session_state

st.title("What-if")
st.caption(
    "Choose the profile and scenario in the sidebar; adjust single weights and safeguards here. Every page "
    "and every download uses these settings until you press Reset."
)


def _store_weight(cid: str, key: str, base: float, group: str) -> None:
    s.whatif_group = group  # the group being worked on stays open when the whole app reruns
    moved = {k: v for k, v in s.weights.items() if k != cid} | ({} if s[key] == base else {cid: s[key]})
    rubric, _ = state.loaded()
    accepted, faults = weights.check(rubric, s.profile, moved)  # the one place that decides (core/weights.py)
    if faults:  # every weight would be 0: the slider goes back, and the page says why
        s[key] = s.weights.get(cid, base)
        s.whatif_problem = SLIDER_ALL_ZERO.format(criterion=rubric.criterion(cid).name, value=s[key])
        return
    s.whatif_problem = ""
    s.weights = accepted


@st.fragment
def body() -> None:
    rubric, _ = state.loaded()
    base = rubric.profile_weights(s.profile)
    scores = state.scores()
    baseline = state.baseline_scores()
    # The result first, the controls below it: a reader sees what a change does without scrolling.
    st.subheader("Effect on the ranking")
    state.show_chart(
        charts.ranked_bar(scores),
        "Ranking under the current settings. The table compares it with the rubric's base weights and the reported "
        "scenario (positive rank change = moved up, i.e. riskier).",
        views.whatif_frame(scores, baseline),
        "whatif_rank",
    )
    if s.weights:
        st.dataframe(
            pd.DataFrame(
                [
                    {"Criterion": rubric.criterion(c).name, "Profile weight": number(base[c]), "Now": number(w)}
                    for c, w in s.weights.items()
                ]
            ),
            hide_index=True,
        )

    if s.kept_weights and s.weights:
        st.info(
            f"Your {len(s.weights)} adjusted weight{'s' if len(s.weights) != 1 else ''} stay on top of the new "
            "profile. Press 'Reset what-if settings' in the sidebar to use the profile's weights only.",
            icon=":material/info:",
        )

    st.subheader("Weights")
    if s.whatif_problem:
        st.warning(md(s.whatif_problem), icon=":material/warning:")
    top = weights.top(rubric)
    for group in rubric.groups:
        members = [c for c in rubric.criteria if c.group == group.id]
        if not members:
            continue
        with st.expander(md(group.name), expanded=group.id == s.get("whatif_group")):
            for c in members:
                key = f"weight::{s.profile}::{c.id}"
                st.slider(
                    f"{md(c.name)} (base {base[c.id]:g})",
                    0.0,
                    float(top),
                    float(s.weights.get(c.id, base[c.id])),
                    step=weights.STEP,
                    key=key,
                    on_change=_store_weight,
                    args=(c.id, key, base[c.id], group.id),
                    help=md_help(c.question),
                )

    if s.scenario == "custom":
        st.subheader("Custom safeguards")
        techs = {t.id: t.name for t in scores.compiled.data.technologies}
        scope = st.selectbox(
            "Apply to",
            ["", *techs],
            format_func=lambda t: techs.get(t, "All technologies"),
            key="override_scope",
            help="Switch a safeguard for every technology, or for one; a technology's own setting wins.",
        )
        st.caption(
            "'as reported' keeps what the sources show"
            + ("." if not scope else f" for {md(techs[scope])}, or the setting for all technologies.")
        )
        options = ["as reported", "in_place", "partial", "absent"]

        def _store_override(target: str, key: str) -> None:
            if s[key] == "as reported":
                s.overrides.pop(target, None)
            else:
                s.overrides[target] = s[key]

        cols = st.columns(2)
        for k, sg in enumerate(rubric.safeguards):
            target = f"{sg.id}@{scope}" if scope else sg.id
            key = f"override::{target}"
            with cols[k % 2]:
                st.selectbox(
                    md(sg.name),
                    options,
                    index=options.index(s.overrides.get(target, "as reported")),
                    key=key,
                    on_change=_store_override,
                    args=(target, key),
                    format_func=lambda o: o.replace("_", " "),
                    help=md_help(sg.requires),
                )
    else:
        st.caption(f"Scenario: {SCENARIOS[s.scenario]}. Choose 'Custom' in the sidebar to switch single safeguards.")

    workspace_session.sync_address()


body()
