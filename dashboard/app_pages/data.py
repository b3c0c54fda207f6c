"""Data: upload a rubric or assessment file, edit levels and see everything rescore, download the results."""

import streamlit as st

from dashboard import state
from dashboard.editing import edits_between, level_grid
from dashboard.export import assessments_yaml, scores_csv, scores_json
from dashboard.text import md

s = st.session_state
st.title("Data")

st.subheader("Load files")
st.caption(
    "Upload a rubric, an assessment file, or both. They are checked against each other before anything "
    "changes: if there is a problem, it is listed below and the data you had stays loaded."
)


def _check_and_load(discard_edits: bool = False) -> None:
    # A callback runs before any widget of the next run exists, so a new rubric can reset the what-if widgets.
    rubric_file, data_file = s.get("upload_rubric"), s.get("upload_data")
    state.clear_upload_messages()
    if not rubric_file and not data_file:
        s.upload_warning = (
            "Choose a rubric or an assessment file first. A file larger than the upload limit is refused by the "
            "file box itself: its message appears under the file name."
        )
        return
    result = state.accept_upload(rubric_file, data_file, discard_edits=discard_edits)
    names = " and ".join(f.name for f in (rubric_file, data_file) if f)
    if result.problems:
        s.upload_problems = result.problems
    elif result.edits_at_stake:
        s.upload_confirm = result.edits_at_stake
    else:
        s.upload_message = f"Loaded {names}."


def _back_to_bundled(discard_edits: bool = False) -> None:
    state.clear_upload_messages()
    if s.edits and not discard_edits:
        s.bundled_confirm = len(s.edits)
        return
    s.inputs = state._bundled()
    s.edits, s.upload_message = {}, "Bundled files loaded."
    state.reset_choices()


c1, c2 = st.columns(2)
c1.file_uploader("Rubric (YAML)", type=["yaml", "yml"], key="upload_rubric", on_change=state.clear_upload_messages)
c2.file_uploader(
    "Assessment file (YAML)", type=["yaml", "yml"], key="upload_data", on_change=state.clear_upload_messages
)
st.button("Check and load", type="primary", on_click=_check_and_load)
if s.upload_problems:
    st.error(
        f"{len(s.upload_problems)} problem(s) found; nothing was changed and the previous data is still loaded.",
        icon=":material/error:",
    )
    st.code("\n".join(p.format() for p in s.upload_problems), language=None, wrap_lines=True)
elif s.upload_confirm:
    st.warning(
        f"The files are valid. Loading them discards your {s.upload_confirm} level edit(s), which are not saved "
        "anywhere else: download the assessment YAML below first if you want to keep them.",
        icon=":material/warning:",
    )
    k1, k2 = st.columns(2)
    k1.button(f"Load and discard {s.upload_confirm} edit(s)", on_click=_check_and_load, args=(True,))
    k2.button("Keep my edits", on_click=state.clear_upload_messages)
elif s.upload_warning:
    st.warning(s.upload_warning, icon=":material/warning:")
elif s.upload_message:
    st.success(md(s.upload_message))
st.button("Back to the bundled rubric and dataset", on_click=_back_to_bundled)
if s.bundled_confirm:
    st.warning(
        f"Going back to the bundled files discards your {s.bundled_confirm} level edit(s).", icon=":material/warning:"
    )
    k1, k2 = st.columns(2)
    k1.button(f"Discard {s.bundled_confirm} edit(s) and go back", on_click=_back_to_bundled, args=(True,))
    k2.button("Keep my edits", key="keep_bundled", on_click=state.clear_upload_messages)

rubric, original = state.loaded()
st.subheader("Edit levels")
st.caption(
    "Change a level and every page rescores. Ranges show as their midpoint; typing a level replaces the range. "
    "Empty cells are n/a or unscored. Edits stay in this browser session only."
)
shown = level_grid(state.edited_data(), rubric)
names = {t.id: t.name for t in original.technologies}
config = {
    c.id: st.column_config.NumberColumn(
        c.name, min_value=rubric.scale.floor, max_value=rubric.scale.ceiling, step=0.5, help=c.question
    )
    for c in rubric.criteria
    if not c.options
}
config["_index"] = st.column_config.TextColumn("Technology", width="large")
edited = st.data_editor(
    shown.rename(index=names),
    column_config=config,
    key=f"editor::{hash(state.edits_key())}",
    disabled=[c.id for c in rubric.criteria if c.options],
)
edited.index = shown.index
new = edits_between(shown, edited)
if new:
    s.edits = {**s.edits, **new}
    st.rerun()
if s.edits:
    st.caption(f"{len(s.edits)} edited cell(s).")
    if st.button("Clear edits"):
        s.edits = {}
        st.rerun()

scores = state.scores()
st.subheader("Downloads")
st.caption(
    "Scores follow the current profile, scenario, weights and edits. In the CSV, cells a spreadsheet would "
    "run as formulas are prefixed with an apostrophe."
)
c1, c2, c3 = st.columns(3)
c1.download_button(
    "Assessment YAML (with edits)",
    assessments_yaml(state.edited_data()),
    file_name="assessments_edited.yaml",
    mime="application/x-yaml",
)
c2.download_button("Scores CSV", scores_csv(scores), file_name="scores.csv", mime="text/csv")
c3.download_button("Scores JSON", scores_json(scores), file_name="scores.json", mime="application/json")
st.dataframe(
    scores.table[["rank", "name", "score", "score_low", "score_high", "tier_label", "red_lines"]].round(1),
    hide_index=True,
)
