"""Data: upload a rubric or assessment file, edit levels and see everything rescore, download the results."""

import hashlib

import streamlit as st

from dashboard import views
from dashboard.core.editing import parse_cell, set_cells, text_grid
from dashboard.core.text import md
from dashboard.render.export import assessments_yaml, scores_csv, scores_json
from dashboard.settings import DEFAULT_DATA, MAX_BYTES
from dashboard.ui import state, workspace_session
from dashboard.words import say

s = st.session_state
st.title("Data")

st.subheader("Load files")
st.caption(
    f"Upload a rubric, an assessment file, or both (at most {MAX_BYTES / 2**20:g} MB each). They are checked against "
    "each other before anything changes: if there is a problem, it is listed below and the data you had stays loaded."
    + (
        " In the workspace an assessment file becomes a new set; the set you are on keeps its draft."
        if workspace_session.active()
        else ""
    )
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
    if result.problems:
        s.upload_problems = result.problems
    elif result.edits_at_stake:
        s.upload_confirm = result.edits_at_stake
    else:
        s.upload_message = result.message


def _back_to_bundled(discard_edits: bool = False) -> None:
    state.clear_upload_messages()
    if workspace_session.active():
        # Nothing to discard: the set being left keeps its draft in the workspace.
        workspace_session.open_set(DEFAULT_DATA.stem)
        state.reset_choices()
        s.upload_message = "Opened the bundled assessment set."
        return
    if state.unsaved_in_session() and not discard_edits:
        s.bundled_confirm = state.unsaved_in_session()
        return
    s.inputs = state._bundled()
    s.unsaved_changes, s.upload_message = 0, "Bundled files loaded."
    state.reset_choices()


if workspace_session.may("save") or workspace_session.may("create"):
    c1, c2 = st.columns(2)
    c1.file_uploader("Rubric (YAML)", type=["yaml", "yml"], key="upload_rubric", on_change=state.clear_upload_messages)
    c2.file_uploader(
        "Assessment file (YAML)", type=["yaml", "yml"], key="upload_data", on_change=state.clear_upload_messages
    )
    st.button("Check and load", type="primary", on_click=_check_and_load)
else:
    st.caption(say("access.read_only_upload"))
if s.upload_problems:
    st.error(
        f"{len(s.upload_problems)} problem(s) found; nothing was changed and the previous data is still loaded.",
        icon=":material/error:",
    )
    st.code("\n".join(p.format() for p in s.upload_problems), language=None, wrap_lines=True)
elif s.upload_confirm:
    st.warning(
        f"The files are valid. Loading them discards your {s.upload_confirm} unsaved change(s), which are not saved "
        "anywhere else: download the assessment YAML below first if you want to keep them.",
        icon=":material/warning:",
    )
    k1, k2 = st.columns(2)
    k1.button(f"Load and discard {s.upload_confirm} change(s)", on_click=_check_and_load, args=(True,))
    k2.button("Keep my edits", on_click=state.clear_upload_messages)
elif s.upload_warning:
    st.warning(s.upload_warning, icon=":material/warning:")
elif s.upload_message:
    st.success(md(s.upload_message))
st.button(
    "Open the bundled assessment set" if workspace_session.active() else "Back to the bundled rubric and dataset",
    on_click=_back_to_bundled,
)
if s.bundled_confirm:
    st.warning(
        f"Going back to the bundled files discards your {s.bundled_confirm} unsaved change(s).",
        icon=":material/warning:",
    )
    k1, k2 = st.columns(2)
    k1.button(f"Discard {s.bundled_confirm} change(s) and go back", on_click=_back_to_bundled, args=(True,))
    k2.button("Keep my edits", key="keep_bundled", on_click=state.clear_upload_messages)

rubric, original = state.loaded()
in_workspace = workspace_session.active()
where = "go into your draft in the workspace at once" if in_workspace else "stay in this browser session only"

st.subheader("Change a level")
st.caption(
    f"Choose a technology, a criterion and the new level from the rubric's scale, and say why. Changes {where}; "
    "every page rescores."
)
level_criteria = [c for c in rubric.criteria if not c.options]
if level_criteria:
    techs = {t.id: t.name for t in original.technologies}
    with st.form("change_level", clear_on_submit=True, border=True):
        c1, c2, c3 = st.columns([2, 2, 1])
        tid = c1.selectbox("Technology", list(techs), format_func=techs.__getitem__, key="change_tech")
        cid = c2.selectbox(
            "Criterion",
            [c.id for c in level_criteria],
            format_func=lambda k: rubric.criterion(k).name,
            key="change_crit",
        )
        level_names = {lv.value: f"{lv.value}: {lv.label}" for lv in rubric.scale.levels}
        new_level = c3.selectbox(
            "New level", list(level_names), format_func=level_names.__getitem__, key="change_level_value"
        )
        reason = st.text_input("Reason for the change", key="change_reason")
        if st.form_submit_button("Apply change"):
            if not reason.strip():
                st.warning("Say why the level changes: the reason goes into the rationale.")
            else:
                state.record_level_change(tid, cid, float(new_level), reason)
                st.rerun()

st.subheader("Quick level grid")
st.caption(
    "For fast changes to many levels. Type a level of the scale ("
    + ", ".join(str(lv.value) for lv in rubric.scale.levels)
    + "), a range such as 2-3 when unsure, n/a when the criterion does not apply, or clear a cell to leave it "
    f"unscored. Each change asks for the reason, which goes into the rationale with your name. Changes {where}."
)
current = state.loaded()[1]
shown = text_grid(current, rubric)
names = {t.id: t.name for t in original.technologies}
if shown.shape[1]:
    config: dict = {
        c.id: st.column_config.TextColumn(c.name, help=c.question) for c in rubric.criteria if not c.options
    }
    config["_index"] = st.column_config.TextColumn("Technology", width="large", disabled=True)
    # A new key whenever the data changes or changes are cancelled, so the grid never re-applies an old edit.
    grid_key = f"grid::{hashlib.sha256(state.inputs()[2]).hexdigest()[:16]}::{s.get('grid_round', 0)}"
    edited = st.data_editor(shown.rename(index=names), column_config=config, key=grid_key)
    edited.index = shown.index
    levels = [lv.value for lv in rubric.scale.levels]
    pending, refused = {}, []
    for tid in shown.index:
        for cid in shown.columns:
            before, after = shown.loc[tid, cid], edited.loc[tid, cid]
            after = "" if after is None or (isinstance(after, float) and after != after) else str(after)
            if after.strip() == before:
                continue
            try:
                pending[(tid, cid)] = parse_cell(after, levels)
            except ValueError as exc:
                refused.append(f"{names[tid]}, {rubric.criterion(cid).name}: {exc}.")
    if refused:
        st.error(
            "Not changed, because these cells do not hold a level of the scale:  \n"
            + "  \n".join(md(r) for r in refused),
            icon=":material/error:",
        )
    if pending:
        listed = "; ".join(
            f"{names[t]}, {rubric.criterion(c).name}: {shown.loc[t, c] or 'not scored'} to "
            + (
                "not scored"
                if v is None
                else v
                if isinstance(v, str)
                else "-".join(f"{x:g}" for x in v)
                if isinstance(v, list)
                else f"{v:g}"
            )
            for (t, c), v in pending.items()
        )
        with st.form("grid_reason"):
            st.markdown(f"**{len(pending)} change(s) to apply:** {md(listed)}")
            grid_reason = st.text_input("Reason for the change(s)", key="grid_reason_text")
            apply_grid = st.form_submit_button("Apply the change(s)", type="primary")
        if apply_grid:
            if not grid_reason.strip():
                st.warning("Say why the levels change: the reason goes into the rationale.")
            else:
                author = workspace_session.author()[0] or "unnamed analyst"
                new_data = set_cells(current, rubric, pending, grid_reason, author)
                state.replace_data(assessments_yaml(new_data), len(pending))
                st.rerun()
        if st.button("Cancel the grid changes"):
            s.grid_round = s.get("grid_round", 0) + 1
            st.rerun()
else:
    st.caption("Every criterion of this rubric is answered by options: use the Assess page.")

scores = state.scores()
provenance = workspace_session.provenance()
st.subheader("Downloads")
st.caption(
    "Scores follow the current profile, scenario, weights and changes. In the CSV, cells a spreadsheet would "
    "run as formulas are prefixed with an apostrophe."
    + (f" Each download names where it came from: {md(provenance.describe())}." if provenance else "")
)
stem = (
    f"{provenance.set_id}_v{provenance.version}{'_draft' if provenance.draft else ''}" if provenance else "assessments"
)
c1, c2, c3 = st.columns(3)
c1.download_button(
    "Assessment YAML (with changes)",
    assessments_yaml(state.loaded()[1]),
    file_name=f"{stem}.yaml",
    mime="application/x-yaml",
    on_click=workspace_session.record_export,
    args=("yaml",),
)
c2.download_button(
    "Scores CSV",
    scores_csv(scores, provenance),
    file_name="scores.csv",
    mime="text/csv",
    on_click=workspace_session.record_export,
    args=("csv",),
)
c3.download_button(
    "Scores JSON",
    scores_json(scores, provenance),
    file_name="scores.json",
    mime="application/json",
    on_click=workspace_session.record_export,
    args=("json",),
)
st.dataframe(
    views.ranking_frame(scores),
    hide_index=True,
)
