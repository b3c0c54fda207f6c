"""History: every version of the set, what changed between any two (or the draft and the last briefing), restore."""

import pandas as pd
import streamlit as st

from dashboard.core.diff import SetDiff, diff_sets
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.text import md
from dashboard.ui import state, workspace_session
from dashboard.views.diff_text import changed_parts
from dashboard.views.labels import tier_name
from dashboard.words import say
from dashboard.words import table as words_table
from dashboard.workspace.connection import for_users
from dashboard.workspace.records import WorkspaceError

s = st.session_state
st.title("History")
maybe_ws = workspace_session.workspace()
if maybe_ws is None or not s.get("set_id"):
    st.info("The workspace is not available, so there is no history to show. The sidebar says why.")
    st.stop()
ws = maybe_ws  # the page stopped above when there is no workspace

try:
    versions = ws.history(s.set_id)
except WorkspaceError as exc:
    st.error(md(for_users(exc)))
    st.stop()
st.caption(
    f"Versions of '{md(s.set_id)}', newest first. A save never changes an old version; restoring one makes a new "
    "version with its content."
)


@st.cache_data(show_spinner=False, max_entries=256)
def _pair(rubric_text: str, rubric_name: str, content: str, label: str):
    rubric = load_rubric(rubric_text.encode("utf-8"), rubric_name)
    return rubric, load_assessments(content.encode("utf-8"), rubric, label)


def version_pair(number: int):
    v = ws.version(s.set_id, number)
    return _pair(v.rubric_content, v.rubric.file_name, v.content, f"{s.set_id} v{number}")


def _tier(label: str | None, rank: int | None, absent: str) -> str:
    """A tier in a change: the technology's tier, 'Not rated' when it had no total, or `absent` when not in the set."""
    return absent if rank is None else tier_name(label)


@st.cache_data(show_spinner=False, max_entries=256)
def _tier_changes(set_id: str, before: int, after: int, sha_before: str, sha_after: str) -> str:
    diff = diff_sets(version_pair(before), version_pair(after))
    moved = diff.tier_changes()
    parts = [
        f"{c.name}: {_tier(c.tier_before, c.rank_before, 'new')} to {_tier(c.tier_after, c.rank_after, 'removed')}"
        for c in moved
    ]
    return "; ".join(parts) if parts else "none"


by_number = {v.number: v for v in versions}
rows = []
TIER_CHANGES_FOR = 20  # each needs a diff of two versions; older rows say so rather than slow the page
newest = {v.number for v in versions[-TIER_CHANGES_FOR:]}
for v in reversed(versions):
    parent = by_number.get(v.parent) if v.parent else None
    if v.number not in newest:
        rows.append(
            {
                "version": v.number,
                "saved (UTC)": v.created_at.strftime("%Y-%m-%d %H:%M"),
                "by": v.author + ("" if v.author_verified else " (not verified)"),
                "message": v.message,
                "tier changes": "compare below",
            }
        )
        continue
    rows.append(
        {
            "version": v.number,
            "saved (UTC)": v.created_at.strftime("%Y-%m-%d %H:%M"),
            "by": v.author + ("" if v.author_verified else " (not verified)"),
            "message": v.message,
            "tier changes": _tier_changes(s.set_id, parent.number, v.number, parent.sha256, v.sha256)
            if parent
            else "first version",
        }
    )
st.dataframe(pd.DataFrame(rows), hide_index=True, column_config={"message": st.column_config.TextColumn(width="large")})

st.subheader(say("history_activity.heading"))
ACTIVITY_ROWS = 200  # the newest; `audit-log export` gives an auditor all of them
try:
    activity = ws.events(s.set_id, ("open", "brief"))
except WorkspaceError as exc:
    st.error(md(str(exc)))
    activity = []
what = words_table("history_activity_action")
if activity:
    st.caption(say("history_activity.caption", shown=min(len(activity), ACTIVITY_ROWS), total=len(activity)))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    say("history_activity.when"): e.at.strftime("%Y-%m-%d %H:%M"),
                    say("history_activity.who"): e.user,
                    say("history_activity.what"): what.get(e.action, e.action),
                    say("history_activity.version"): e.version,
                }
                for e in activity[:ACTIVITY_ROWS]
            ]
        ),
        hide_index=True,
        key="history_activity",
    )
else:
    st.caption(say("history_activity.none"))

st.subheader("Compare")
DRAFT, BRIEFING, REFUSED = "draft", "briefing", "refused"
choices: dict[str, str] = {str(v.number): f"Version {v.number}: {v.message[:60]}" for v in reversed(versions)}
if s.has_draft:
    choices = {DRAFT: f"Your draft (based on version {s.base})"} | choices
refused = workspace_session.refused_draft()
if refused is not None:
    choices = {REFUSED: f"Your refused draft (based on version {refused.base_number})"} | choices
last = workspace_session.last_briefing()
if last is not None:
    choices[BRIEFING] = f"Last briefing ({last.created_at:%Y-%m-%d %H:%M} UTC, version {last.version_number})"
keys = list(choices)
conflict = s.get("save_conflict")
if conflict:
    default_from, default_to = str(conflict["latest"]), DRAFT
elif refused is not None:
    default_from, default_to = (DRAFT if s.has_draft else str(s.base)), REFUSED
elif s.has_draft:
    default_from, default_to = str(s.base), DRAFT
elif len(versions) > 1:
    default_from, default_to = str(versions[-2].number), str(versions[-1].number)
else:
    default_from = default_to = str(versions[-1].number)
c1, c2 = st.columns(2)
left = c1.selectbox("From", keys, index=keys.index(default_from), format_func=choices.__getitem__, key="history_from")
right = c2.selectbox("To", keys, index=keys.index(default_to), format_func=choices.__getitem__, key="history_to")
if conflict:
    st.warning(
        f"Your save was refused because version {conflict['latest']} was saved meanwhile. Below: what your draft "
        "changes compared with it. Re-apply what you still need on top of the newest version."
    )


def side(key: str):
    if key == DRAFT:
        return state.loaded()
    if key == BRIEFING:
        return workspace_session.briefed_pair(last)
    if key == REFUSED:
        rubric_text = ws.rubric(refused.rubric_pk)[1]
        return _pair(rubric_text, "rubric.yaml", refused.content, "refused draft")
    return version_pair(int(key))


pairs = (side(left), side(right))
diff: SetDiff = diff_sets(*pairs, profile=s.profile, weights=s.weights, scenario=s.scenario, overrides=s.overrides)
names: dict[str, str] = {}
labels: dict[str, str] = {}
for rubric_side, data_side in pairs:
    names |= {t.id: t.name for t in data_side.technologies}
    labels |= {c.id: c.name for c in rubric_side.criteria} | {g.id: g.name for g in rubric_side.safeguards}
if diff.empty:
    st.success("No differences.")
else:
    if diff.technologies_added:
        st.markdown("**Added:** " + md(", ".join(names.get(t, t) for t in diff.technologies_added)))
    if diff.technologies_removed:
        st.markdown("**Removed:** " + md(", ".join(names.get(t, t) for t in diff.technologies_removed)))
    if diff.changes:
        table = []
        for c in diff.changes:
            before, after = changed_parts(c.before, c.after, width=200)
            table.append(
                {
                    "technology": names.get(c.technology or "", c.technology or ""),
                    "criterion / safeguard / source": labels.get(c.criterion or c.safeguard or "", "")
                    or c.criterion
                    or c.safeguard
                    or (f"source {c.source}" if c.source else ""),
                    "field": c.field,
                    "before": before,
                    "after": after,
                }
            )
        st.caption(f"{len(diff.changes)} field change(s).")
        st.dataframe(
            pd.DataFrame(table),
            hide_index=True,
            column_config={
                "before": st.column_config.TextColumn(width="large"),
                "after": st.column_config.TextColumn(width="large"),
            },
        )
moved = [c for c in diff.scores if c.moved]
st.subheader("Effect on the scores")
st.caption("Both sides scored with the current profile, weights and scenario.")
if moved:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "technology": c.name,
                    "score before": None if c.score_before is None else round(c.score_before, 1),
                    "score after": None if c.score_after is None else round(c.score_after, 1),
                    "range before": ""
                    if c.range_before is None
                    else f"{c.range_before[0]:.1f}-{c.range_before[1]:.1f}",
                    "range after": "" if c.range_after is None else f"{c.range_after[0]:.1f}-{c.range_after[1]:.1f}",
                    "tier before": "" if c.rank_before is None else tier_name(c.tier_before),
                    "tier after": "" if c.rank_after is None else tier_name(c.tier_after),
                    "rank before": c.rank_before,
                    "rank after": c.rank_after,
                    "red lines after": ", ".join(c.red_lines_after),
                }
                for c in moved
            ]
        ),
        hide_index=True,
    )
else:
    st.caption("No score, tier, rank or red line changes.")

st.subheader("Restore")
st.caption("Restoring makes a new version with the content of the one you choose; nothing is deleted.")
older = [v.number for v in reversed(versions) if v.number != versions[-1].number]
if not workspace_session.may("restore"):
    st.caption(say("access.read_only_restore"))
elif older:
    c1, c2 = st.columns([3, 1])
    number = c1.selectbox("Version to restore", older, format_func=lambda n: choices[str(n)], key="restore_choice")
    c2.button(
        f"Restore version {number}",
        on_click=workspace_session.restore_version,
        args=(number,),
        width="stretch",
    )
else:
    st.caption("There is only one version.")
if refused is not None:
    st.subheader("Refused draft")
    st.caption(
        "Kept after a refused save so you can re-apply its changes on top of the newest version. Remove it once "
        "you have."
    )
    st.button("Discard the refused draft", on_click=workspace_session.discard_refused_draft)
if s.get("save_problem"):
    st.warning(md(s.save_problem))
if s.get("ws_message"):
    st.success(md(s.ws_message))
