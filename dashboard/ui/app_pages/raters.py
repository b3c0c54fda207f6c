"""Raters: rating rounds on the set (status), one's own blind ratings, then agreement (table and chart), the
disagreements that matter, and the reconciliation into a consensus version. Every decision is the workspace's
(workspace/rounds.py): this page only shows what it allows and says what it refuses."""

import itertools
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.core.models import NA, ScoreEntry
from dashboard.core.problems import InputError
from dashboard.core.raters import Choice, shown
from dashboard.core.text import md
from dashboard.render.charts.raters import agreement_bar
from dashboard.ui import state, workspace_session
from dashboard.views.raters import agreement_rows, alpha_text, consequence_text
from dashboard.words import say, table
from dashboard.workspace import rounds
from dashboard.workspace import service as W
from dashboard.workspace.access import AccessDenied
from dashboard.workspace.records import WorkspaceError

s = st.session_state
KINDS = table("raters_kind")
st.title(say("raters_page.title"))
maybe_ws = workspace_session.workspace()
if maybe_ws is None or not s.get("set_id"):
    st.info(say("raters_page.no_workspace"))
    st.stop()
ws = maybe_ws
set_id: str = s.set_id
me = ws.me()
my_email = me.email if me is not None else ""

try:
    found = rounds.rounds(ws, set_id)
    latest = ws.latest(set_id).number
except WorkspaceError as exc:
    st.error(md(str(exc)))
    st.stop()
if s.get("raters_message"):
    st.success(md(s.raters_message))

# -- opening a round: the set's owner
if ws.may("open-round", set_id):
    with st.expander(say("raters_page.open_heading"), expanded=not found):
        loaded = W.load(ws, set_id, latest)
        emails = [m.email for m in ws.members(set_id)]
        with st.form("open_round"):
            chosen = st.multiselect(say("raters_page.raters"), emails, key="round_raters")
            techs = st.multiselect(
                say("raters_page.technologies"),
                [t.id for t in loaded.data.technologies],
                format_func={t.id: t.name for t in loaded.data.technologies}.__getitem__,
                key="round_technologies",
            )
            crits = st.multiselect(
                say("raters_page.criteria"),
                [c.id for c in loaded.rubric.criteria],
                format_func={c.id: c.name for c in loaded.rubric.criteria}.__getitem__,
                key="round_criteria",
            )
            if st.form_submit_button(say("raters_page.open_button")):
                try:
                    info = rounds.open_round(
                        ws, set_id, version=latest, raters=chosen, technologies=techs, criteria=crits
                    )
                    s.raters_message = say("raters_page.opened", label=info.label)
                    s.raters_round = info.number
                    st.rerun()
                except (WorkspaceError, InputError) as exc:
                    st.error(md(str(exc)))

if not found:
    st.info(say("raters_page.no_rounds"))
    st.stop()

numbers = [r.number for r in found]
if s.get("raters_round") not in numbers:
    s.raters_round = numbers[0]
number = st.selectbox(
    say("raters_page.round"),
    numbers,
    format_func=lambda n: next(r for r in found if r.number == n).label,
    key="raters_round",
)
info = next(r for r in found if r.number == number)

# -- status: open to every reader of the set
round_state = say("rounds.state_open") if info.is_open else say("rounds.state_closed", by=info.closed_by or "")
st.markdown(md(say("raters_page.status", label=info.label, state=round_state, opened_by=info.opened_by)))
state.reader_table(
    pd.DataFrame(
        [
            {
                say("raters_page.col_rater"): r.email,
                say("raters_page.col_submitted"): r.submitted_at.strftime("%Y-%m-%d %H:%M UTC")
                if r.submitted_at
                else say("raters_page.not_yet"),
            }
            for r in info.raters
        ]
    )
)
if info.is_open and ws.may("close-round", set_id) and st.button(say("raters_page.close_button")):
    try:
        rounds.close(ws, set_id, number)
        s.raters_message = say("raters_page.closed", label=info.label)
        st.rerun()
    except WorkspaceError as exc:
        st.error(md(str(exc)))


def option_text(value: object) -> str:
    """A level as the rating form offers it: blank, a level, a range 'low-high', or n/a."""
    if value == "":
        return say("raters_page.blank")
    if isinstance(value, tuple):
        return say("raters_page.range", low=value[0], high=value[1])
    return str(value)


# -- one's own ratings, blind: a named rater who has not submitted
mine = next((r for r in info.raters if r.email == my_email), None)
if info.is_open and mine is not None and not mine.submitted:
    st.subheader(say("raters_page.rate_heading"))
    st.caption(say("raters_page.rate_caption"))
    loaded = W.load(ws, set_id, info.version)
    scale = [lv.value for lv in loaded.rubric.scale.levels]
    ranges = list(itertools.pairwise(scale))  # a rater unsure between two adjacent levels
    options: list[object] = ["", *scale, *ranges, NA]
    names = {t.id: t.name for t in loaded.data.technologies}
    with st.form("rate"):
        picked: dict[tuple[str, str], tuple[object, str]] = {}
        for tid in info.technologies:
            st.markdown(f"**{md(names[tid])}**")
            for cid in info.criteria:
                c1, c2 = st.columns([1, 2])
                level = c1.selectbox(
                    md(loaded.rubric.criterion(cid).name),
                    options,
                    format_func=option_text,
                    key=f"rate_{tid}_{cid}",
                )
                why = c2.text_input(say("raters_page.rationale"), key=f"rate_why_{tid}_{cid}")
                picked[(tid, cid)] = (level, why)
        confidence = st.selectbox(say("raters_page.confidence"), ["", "low", "medium", "high"], key="rate_confidence")
        if st.form_submit_button(say("raters_page.submit_button")):
            entries: dict[str, dict[str, ScoreEntry]] = {}
            missing_reason = [k for k, (lv, why) in picked.items() if lv == NA and not why.strip()]
            if missing_reason:
                st.error(say("raters_page.na_needs_reason", count=len(missing_reason)))
            else:
                for (tid, cid), (lv, why) in picked.items():
                    if lv == "":
                        continue
                    entries.setdefault(tid, {})[cid] = (
                        ScoreEntry(level=NA, reason=why.strip())
                        if lv == NA
                        else ScoreEntry(
                            level=list(lv) if isinstance(lv, tuple) else lv,
                            rationale=why.strip(),
                            confidence=confidence or None,
                        )
                    )
                try:
                    rounds.submit(ws, set_id, number, entries)
                    s.raters_message = say("raters_page.submitted", label=info.label)
                    st.rerun()
                except (WorkspaceError, InputError) as exc:
                    st.error(md(str(exc)))
    st.stop()


def level_labels(by_level: dict[int, list[str]]) -> Any:
    """A consensus level as offered: the level and the raters who gave it."""
    return lambda v: say("raters_page.level_by", level=v, who=", ".join(by_level[v]) or "-")


# -- agreement and the disagreements that matter: once the levels may be read
try:
    report = rounds.report(ws, set_id, number)
except AccessDenied as exc:
    st.info(md(str(exc)))
    st.stop()
except WorkspaceError as exc:
    st.error(md(str(exc)))
    st.stop()

ag = report.agreement
st.subheader(say("raters_page.agreement_heading"))
st.caption(say("raters_page.agreement_caption", ranges=ag.ranges, na=ag.not_applicable))
rows = agreement_rows(ag.overall, ag.criteria, ag.technologies, {**report.criterion_names, **report.names})
if ag.overall.pairable >= 2:  # nothing to draw before two ratings of one score exist: the table says why
    st.plotly_chart(agreement_bar(rows), key="agreement_chart")
st.dataframe(
    pd.DataFrame(
        [
            {
                say("raters_page.col_what"): KINDS[r.kind],
                say("raters_page.col_name"): r.name,
                say("raters_page.col_alpha"): r.alpha,
                say("raters_page.col_pairable"): r.pairable,
                say("raters_page.col_reading"): r.text,
            }
            for r in rows
        ]
    ),
    hide_index=True,
)
st.caption(
    md(say("raters_page.other_metrics", nominal=alpha_text(report.nominal), interval=alpha_text(report.interval)))
)

st.subheader(say("raters_page.matters_heading"))
for c in report.consequences:
    line = md(
        consequence_text(
            c, report.names[c.technology], report.criterion_names, report.tier_labels, report.red_line_names
        )
    )
    if c.matters:
        st.warning(line)
    else:
        st.markdown("- " + line)

st.subheader(say("raters_page.levels_heading"))
level_rows = []
for tid in info.technologies:
    for cid in info.criteria:
        row = {
            say("raters_page.col_technology"): report.names[tid],
            say("raters_page.col_criterion"): report.criterion_names[cid],
        }
        row.update({email: shown(r.get(tid, {}).get(cid)) for email, r in report.ratings.items()})
        level_rows.append(row)
st.dataframe(pd.DataFrame(level_rows), hide_index=True)

# -- reconciliation: the owner or a reviewer, once the round is closed
if info.reconciliation is not None:
    st.success(md(say("raters_page.reconciled", version=info.reconciliation.version, by=info.reconciliation.by)))
elif not info.is_open and ws.may("reconcile", set_id):
    contested = [(c.technology, d) for c in report.consequences for d in c.drivers]
    st.subheader(say("raters_page.reconcile_heading"))
    if not contested:
        st.info(say("raters_page.nothing_contested"))
    else:
        st.caption(say("raters_page.reconcile_caption", version=latest))
        loaded = W.load(ws, set_id, info.version)
        scale = [lv.value for lv in loaded.rubric.scale.levels]
        with st.form("reconcile"):
            picks: dict[tuple[str, str], tuple[Any, str]] = {}
            for tid, cid in contested:
                given = {email: r.get(tid, {}).get(cid) for email, r in report.ratings.items()}
                by_level = {lv: [e for e, entry in given.items() if shown(entry) == f"{lv:g}"] for lv in scale}
                common = max(scale, key=lambda lv: len(by_level[lv]))
                st.markdown(f"**{md(report.names[tid])}**: {md(report.criterion_names[cid])}")
                c1, c2 = st.columns([1, 2])
                lv = c1.selectbox(
                    say("raters_page.consensus_level"),
                    scale,
                    index=scale.index(common),
                    format_func=level_labels(by_level),
                    key=f"rec_{tid}_{cid}",
                )
                reason = c2.text_input(say("raters_page.reason"), key=f"rec_why_{tid}_{cid}")
                picks[(tid, cid)] = (lv, reason)
            if st.form_submit_button(say("raters_page.reconcile_button")):
                choices = []
                for (tid, cid), (lv, reason) in picks.items():
                    rater_entry = next(
                        (
                            e
                            for e in (r.get(tid, {}).get(cid) for r in report.ratings.values())
                            if shown(e) == f"{lv:g}"
                        ),
                        None,
                    )
                    choices.append(Choice(tid, cid, rater_entry or ScoreEntry(level=lv), reason))
                try:
                    who = workspace_session.author().name or str(ws.actor)
                    saved = rounds.reconcile(ws, set_id, number, choices, base=latest, author=who)
                    s.raters_message = say("raters_page.saved", version=saved.number, message=saved.message)
                    workspace_session.open_set(set_id, saved.number)
                    st.rerun()
                except (WorkspaceError, InputError) as exc:
                    st.error(md(str(exc)))
