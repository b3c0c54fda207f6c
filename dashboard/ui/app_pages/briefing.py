"""Briefing: the document a minister's office would accept (a tagged PDF, or Word to edit), built from the current
settings, edits and selection."""

import datetime as dt
import re

import streamlit as st

from dashboard.core.text import md
from dashboard.render.formats import FORMATS
from dashboard.ui import state, workspace_session
from dashboard.views.messages import SCENARIOS

s = st.session_state
scores = state.scores()
rubric, data, table = scores.rubric, scores.compiled.data, scores.table
names = dict(zip(table["id"], table["name"], strict=True))

st.title("Briefing")
st.caption(
    f"Built from what you see now: weights '{md(s.profile)}', scenario '{SCENARIOS[s.scenario]}'"
    + (f", {len(s.weights)} adjusted weight(s)" if s.weights else "")
    + ". The same builder as "
    "python -m dashboard brief. Each briefing built here is recorded in the workspace with its set, version, "
    "options and the file's SHA-256."
)
c1, c2, c3 = st.columns([3, 1, 1])
title = c1.text_input("Title", value=data.meta.title, key="brief_title")
marking = c2.text_input(
    "Protective marking",
    value="OFFICIAL",
    key="brief_marking",
    help="Printed at the top and bottom of every page, e.g. OFFICIAL or DRAFT.",
)
date = c3.date_input("Date", value=dt.date.today(), key="brief_date")
techs = st.multiselect(
    "Technologies (all when empty)", list(table["id"]), format_func=names.__getitem__, key="brief_techs"
)

last = workspace_session.last_briefing()
with_changes = st.checkbox(
    "Add 'Changes since the last briefing'",
    key="brief_changes",
    disabled=last is None,
    help="What changed since the last briefing issued from this set, and why (the version messages).",
)
if last is not None:
    st.caption(
        f"Last briefing from this set: {last.created_at:%Y-%m-%d %H:%M} UTC, version {last.version_number}"
        + (" with unsaved changes" if last.from_draft else "")
        + "."
    )
chosen = st.radio(
    "Format",
    list(FORMATS),
    format_func=lambda name: FORMATS[name].label,
    horizontal=True,
    key="brief_format",
    help="The same text, numbers, figures and citation numbers in both. Word shows each figure as an image with "
    "its data in a table below it.",
)
if st.button("Build briefing", type="primary"):
    # Each step of the build as it starts (a briefing of many technologies takes seconds): the bar goes once the
    # file is ready, and a briefing built before comes at once without it.
    bar = st.empty()

    def _step(words: str, share: float) -> None:
        bar.progress(share, text=words)

    s.briefing_file = state.briefing_file(
        title,
        marking,
        techs or list(table["id"]),
        date.isoformat(),
        with_changes=with_changes and last is not None,
        format=chosen,
        watcher=_step,
    )
    bar.empty()
    s.briefing_format = chosen
    s.briefing_name = re.sub(r"[^A-Za-z0-9]+", "_", title).strip("_")[:60].lower() or "briefing"
if s.get("briefing_file"):
    built = FORMATS[s.briefing_format]
    st.download_button(
        f"Download the {built.name.upper() if built.name == 'pdf' else 'Word document'}",
        s.briefing_file,
        file_name=f"{s.briefing_name}{built.extension}",
        mime=built.mime,
        type="primary",
    )
    st.caption(f"{len(s.briefing_file) / 1024:,.0f} KB. Rebuild after changing any setting.")
