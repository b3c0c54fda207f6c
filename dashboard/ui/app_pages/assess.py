"""Assess: write an assessment in guided forms, from a new set to every criterion scored with cited evidence.

Each form makes one edit (`dashboard/authoring.py`), checks the result with the same rules as the command line and
puts it in the workspace draft at once; a problem is shown beside the form that caused it, and nothing is written.
"""

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.models import NA
from dashboard.core.problems import InputError
from dashboard.core.text import md
from dashboard.render.export import assessments_yaml
from dashboard.ui import state, workspace_session
from dashboard.views.labels import level_text
from dashboard.views.messages import RELIABILITY, SAFEGUARD_STATUSES
from dashboard.workspace.records import WorkspaceError

s = st.session_state
rubric, data = state.loaded()
ws = workspace_session.workspace()
in_workspace = workspace_session.active()

st.title("Assess")
st.caption(
    "Write an assessment with the rubric as your guide. Every change goes "
    + (
        "into your draft in the workspace at once; *Save version* in the sidebar makes a version."
        if in_workspace
        else "into this browser session only (the workspace is not available)."
    )
)

feedback: dict[str, tuple[str, str]] = s.setdefault("assess_feedback", {})


def show(key: str) -> None:
    """The outcome of the last use of form `key`, beside it."""
    kind, text = feedback.get(key, ("", ""))
    if kind == "error":
        st.error(text, icon=":material/error:")
    elif kind == "ok":
        st.success(text, icon=":material/check:")


def doc() -> A.Doc:
    return A.parse(state.inputs()[2].decode("utf-8"))


def commit(key: str, new: A.Doc, message: str) -> bool:
    """Check `new` against the rubric and make it the draft; on a problem, say so beside the form and keep the old."""
    try:
        A.validated(new, rubric)
    except InputError as exc:
        feedback[key] = ("error", md("\n".join(p.format() for p in exc.problems)))
        return False
    state.replace_data(A.dump(new))
    feedback[key] = ("ok", md(message))
    return True


def attempt(key: str, action: Any) -> None:
    """Run a form's action; an AuthoringError is the user's to fix and is shown beside the form."""
    feedback.pop(key, None)
    try:
        action()
    except A.AuthoringError as exc:
        feedback[key] = ("error", md(str(exc)[:1].upper() + str(exc)[1:] + "."))
    except InputError as exc:
        feedback[key] = ("error", md("\n".join(p.format() for p in exc.problems)))
    except WorkspaceError as exc:
        feedback[key] = ("error", md(str(exc)))


def removable(col: Any, button_key: str, what: str, feedback_key: str, where: tuple[str, ...], index: int) -> None:
    """A remove button that asks first: the item goes only on 'Yes, remove ...'."""
    if s.get("pending_removal") == button_key:

        def _remove() -> None:
            s.pending_removal = None
            commit(feedback_key, A.remove_item(doc(), s.assess_tech, where, index), f"Removed {what}.")

        col.button(f"Yes, remove {what}", key=f"{button_key}::yes", on_click=lambda: attempt(feedback_key, _remove))
        col.button(f"Keep {what}", key=f"{button_key}::no", on_click=lambda: s.__setitem__("pending_removal", None))
    else:
        col.button(f"Remove {what}", key=button_key, on_click=lambda: s.__setitem__("pending_removal", button_key))


def author() -> str:
    return workspace_session.author()[0]


# ------------------------------------------------------------------------------------------------------ the set

with st.expander("Start a new assessment set", expanded=False):
    rubrics = ws.rubrics() if ws is not None else []

    def _new_set() -> None:
        if ws is None:
            raise A.AuthoringError("the workspace is not available, so a new set cannot be kept")
        if not author():
            raise A.AuthoringError("enter your name in the sidebar first: it is recorded with the set")
        upload = s.get("new_rubric_file")
        if upload is not None:
            from dashboard.workspace import service as W

            try:
                info, model = W.add_rubric(ws, upload.getvalue(), upload.name)
            except InputError as exc:
                raise A.AuthoringError(
                    "the rubric has problems: " + "; ".join(p.format() for p in exc.problems)
                ) from None
        else:
            choice = s.get("new_rubric")
            chosen = next((r for r in rubrics if r.pk == choice), None)
            if chosen is None:
                raise A.AuthoringError("choose the rubric the set is scored against")
            info = chosen
            from dashboard.core.loading import load_rubric

            _, text = ws.rubric(info.pk)
            model = load_rubric(text.encode("utf-8"), info.file_name)
        new = A.new_set(
            title=s.get("new_title", ""),
            scope=s.get("new_scope", ""),
            authors=A.lines(s.get("new_authors", "")),
            rubric=model,
            first_technology=s.get("new_first_tech", ""),
        )
        A.validated(new, model)
        saved = workspace_session.create_set(A.dump(new), info.pk, new["meta"]["title"], "New assessment set")
        s.assess_tech = new["technologies"][0]["id"]
        feedback["new_set"] = ("ok", md(f"Created '{saved.set_id}' (version 1). It is open now."))

    with st.form("new_set_form"):
        st.text_input("Title", key="new_title")
        st.text_area("Scope", key="new_scope", help="What is assessed, for whom, and what is left out.")
        st.text_area("Authors (one per line)", key="new_authors")
        st.selectbox(
            "Rubric",
            [r.pk for r in rubrics],
            format_func=lambda pk: next(
                f"{r.title}, version {r.version} ({r.file_name})" for r in rubrics if r.pk == pk
            ),
            key="new_rubric",
        )
        st.file_uploader("Or upload a rubric to add it (YAML)", type=["yaml", "yml"], key="new_rubric_file")
        st.text_input("First technology to assess", key="new_first_tech")
        st.form_submit_button("Create set", type="primary", on_click=lambda: attempt("new_set", _new_set))
    show("new_set")

    def _duplicate_set() -> None:
        if ws is None or not s.get("set_id"):
            raise A.AuthoringError("the workspace is not available")
        if not author():
            raise A.AuthoringError("enter your name in the sidebar first")
        new = A.duplicate_set(doc(), s.get("dup_title", ""))
        saved = workspace_session.create_set(
            A.dump(new), s.rubric_pk, new["meta"]["title"], f"Duplicated from '{s.set_id}'"
        )
        feedback["dup_set"] = ("ok", md(f"Duplicated as '{saved.set_id}'. It is open now."))

    c1, c2 = st.columns([3, 1])
    c1.text_input("Title of the copy", key="dup_title", placeholder=f"Copy of {data.meta.title}")
    c2.button("Duplicate this set", on_click=lambda: attempt("dup_set", _duplicate_set), width="stretch")
    show("dup_set")

# -------------------------------------------------------------------------------------------------- technologies

techs = {t.id: t.name for t in data.technologies}
if s.get("assess_tech") not in techs:
    s.assess_tech = next(iter(techs))
st.selectbox("Technology", list(techs), format_func=techs.__getitem__, key="assess_tech")
tid = s.assess_tech
tech = data.technology(tid)

c1, c2, c3 = st.columns(3)
with c1.popover("Add technology", width="stretch"):

    def _add() -> None:
        new, new_id = A.add_technology(doc(), s.get("add_name", ""), s.get("add_id", ""))
        if commit("add_tech", new, f"Added '{new_id}'."):
            s.assess_tech = new_id
            s.add_name = s.add_id = ""

    st.text_input("Name", key="add_name")
    st.text_input("Id (optional; made from the name)", key="add_id")
    st.button("Add technology", type="primary", on_click=lambda: attempt("add_tech", _add))
    show("add_tech")


def _duplicate() -> None:
    new, new_id = A.duplicate_technology(doc(), tid)
    if commit("tech_ops", new, f"Duplicated as '{new_id}'."):
        s.assess_tech = new_id


c2.button("Duplicate technology", on_click=lambda: attempt("tech_ops", _duplicate), width="stretch")
if s.get("confirm_remove_tech") == tid:
    st.warning(f"Remove '{md(tech.name)}' and everything recorded for it from this draft?")
    k1, k2 = st.columns(2)

    def _remove() -> None:
        s.confirm_remove_tech = None
        commit("tech_ops", A.remove_technology(doc(), tid), f"Removed '{tid}'.")

    k1.button("Yes, remove the technology", type="primary", on_click=lambda: attempt("tech_ops", _remove))
    k2.button("Keep it", on_click=lambda: s.__setitem__("confirm_remove_tech", None))
else:
    c3.button("Remove technology", on_click=lambda: s.__setitem__("confirm_remove_tech", tid), width="stretch")
show("tech_ops")

if ws is not None and s.get("set_id"):
    with st.expander("Copy a technology from another set"):
        others = {x.id: x.title for x in ws.sets() if x.id != s.set_id}
        if not others:
            st.caption("There is no other set in the workspace.")
        else:
            other_id = st.selectbox("From set", list(others), format_func=others.__getitem__, key="copy_from_set")
            other_doc = A.parse(ws.version(other_id).content)
            other_techs = {t["id"]: t["name"] for t in other_doc.get("technologies", [])}
            st.selectbox("Technology to copy", list(other_techs), format_func=other_techs.__getitem__, key="copy_tech")

            def _copy_tech() -> None:
                new, new_id = A.copy_technology(doc(), other_doc, s.copy_tech)
                if commit("copy_tech", new, f"Copied as '{new_id}', with the sources it cites."):
                    s.assess_tech = new_id

            st.button("Copy technology", on_click=lambda: attempt("copy_tech", _copy_tech))
            show("copy_tech")

# ------------------------------------------------------------------------------------------------------ progress

progress = next(p for p in A.progress(data, rubric) if p.technology == tid)
st.subheader("Progress")
m1, m2, m3, m4 = st.columns(4)
m1.metric("Criteria scored", f"{progress.scored} of {progress.criteria}")
m2.metric("Without evidence", len(progress.without_evidence))
m3.metric("Without a rationale", len(progress.without_rationale))
m4.metric("Audit findings", len(progress.findings))
if progress.findings:
    with st.expander(f"Audit findings for {md(tech.name)}", expanded=False):
        known = {c.id for c in rubric.criteria}
        for k, (path, cid, message, hint) in enumerate(progress.findings):
            field = rubric.criterion(cid).name if cid in known else path
            f1, f2 = st.columns([5, 1])
            f1.markdown(f"**{md(field)}** ({md(path)}): {md(message)}. {md(hint)}.")
            if cid in known:
                f2.button(
                    f"Open {md(field)}",
                    key=f"open_finding::{tid}::{k}",
                    on_click=lambda cid=cid: s.__setitem__("assess_criterion", cid),
                    help="Opens this criterion in the Criteria tab.",
                )
        st.caption("'Open' chooses the criterion in the Criteria tab, where it can be fixed.")

tab_details, tab_criteria, tab_sources, tab_safeguards = st.tabs(
    ["Details", "Criteria", "Sources", "Safeguards and flags"]
)
sources = {x.id: x for x in data.sources}


def source_label(sid: str) -> str:
    x = sources[sid]
    return f"{x.title} ({x.publisher or 'no publisher'}; {sid}; {x.reliability})"


def register_source_form(key: str) -> None:
    """Register a new source: the same form under every place that cites one."""

    def _register() -> None:
        undated = s.get(f"{key}_undated")
        if not undated and not (s.get(f"{key}_date") or "").strip():
            raise A.AuthoringError("give the date (YYYY-MM-DD) or tick 'Undated'")
        new, sid = A.register_source(
            doc(),
            title=s.get(f"{key}_title", ""),
            publisher=s.get(f"{key}_publisher", ""),
            date=None if undated else (s.get(f"{key}_date", "") or "").strip() or None,
            url=s.get(f"{key}_url", ""),
            reference=s.get(f"{key}_reference", ""),
            type=s.get(f"{key}_type", ""),
            reliability=s.get(f"{key}_reliability", ""),
            sid=s.get(f"{key}_id", ""),
        )
        commit(key, new, f"Registered source '{sid}'.")

    with st.form(f"{key}_form", clear_on_submit=False):
        st.text_input(
            "Title",
            key=f"{key}_title",
            help="The headline or title; a description in [brackets] only where the real one cannot be found.",
        )
        c1, c2 = st.columns(2)
        c1.text_input("Publisher", key=f"{key}_publisher")
        c2.text_input("Type", key=f"{key}_type", placeholder="press report, UN document, statute, court judgment ...")
        c1.text_input("Date (YYYY-MM-DD)", key=f"{key}_date")
        c2.checkbox("Undated", key=f"{key}_undated")
        st.text_input("Address (http or https)", key=f"{key}_url")
        st.text_input("Reference (document symbol, citation, DOI)", key=f"{key}_reference")
        st.selectbox(
            "Reliability (Admiralty grade)",
            list(RELIABILITY),
            format_func=lambda g: f"{g}: {RELIABILITY[g]}",
            index=None,
            key=f"{key}_reliability",
        )
        st.text_input("Id (optional; made from the title)", key=f"{key}_id")
        st.form_submit_button("Register a source", on_click=lambda: attempt(key, _register))
    show(key)


# ------------------------------------------------------------------------------------------------------- details

with tab_details:
    dep = tech.deployment

    def _details() -> None:
        reach = s.get(f"d_reach::{tid}")
        new, new_id = A.update_technology(
            doc(),
            tid,
            id=s.get(f"d_id::{tid}", tid),
            name=s.get(f"d_name::{tid}", ""),
            category=s.get(f"d_category::{tid}", ""),
            description=s.get(f"d_description::{tid}", ""),
            deployment=A.deployment(
                s.get(f"d_operators::{tid}", ""),
                s.get(f"d_places::{tid}", ""),
                s.get(f"d_scale::{tid}", ""),
                None if reach in (None, "not known") else int(reach),
                s.get(f"d_vendors::{tid}", ""),
                s.get(f"d_status::{tid}", ""),
            ),
        )
        if commit("details", new, "Details saved.") and new_id != tid:
            s.assess_tech = new_id

    with st.form(f"details_form::{tid}"):
        c1, c2 = st.columns([2, 1])
        c1.text_input("Name", value=tech.name, key=f"d_name::{tid}")
        c2.text_input("Id", value=tech.id, key=f"d_id::{tid}", help="Unique in the set; letters, digits, '_' and '-'.")
        st.text_input("Category", value=tech.category, key=f"d_category::{tid}")
        st.text_area("Description", value=tech.description, key=f"d_description::{tid}")
        c1, c2, c3 = st.columns(3)
        c1.text_area("Operators (one per line)", value="\n".join(dep.operators), key=f"d_operators::{tid}")
        c2.text_area("Places (one per line)", value="\n".join(dep.places), key=f"d_places::{tid}")
        c3.text_area("Vendors (one per line)", value="\n".join(dep.vendors), key=f"d_vendors::{tid}")
        c1.text_input("Scale", value=dep.scale, key=f"d_scale::{tid}")
        reach_options = ["not known", 1, 2, 3, 4, 5]
        c2.selectbox(
            "Reach (1 one site ... 5 national)",
            reach_options,
            index=reach_options.index(dep.reach) if dep.reach in reach_options else 0,
            key=f"d_reach::{tid}",
        )
        c3.text_input("Status", value=dep.status, key=f"d_status::{tid}")
        st.form_submit_button("Save details", type="primary", on_click=lambda: attempt("details", _details))
    show("details")

    st.markdown("**Source excerpts**")
    for k, ex in enumerate(tech.excerpts):
        c1, c2 = st.columns([6, 1])
        c1.text(f"“{ex.quote}” ({ex.source})")
        removable(c2, f"rm_excerpt::{tid}::{k}", f"excerpt {k + 1}", "excerpt", ("excerpts",), k)
    if sources:
        with st.form(f"excerpt_form::{tid}"):
            st.selectbox("Source", list(sources), format_func=source_label, key="ex_source")
            st.text_area("Excerpt (the source's own words)", key="ex_quote")
            st.form_submit_button(
                "Add excerpt",
                on_click=lambda: attempt(
                    "excerpt",
                    lambda: commit(
                        "excerpt", A.add_excerpt(doc(), tid, s.ex_source, s.get("ex_quote", "")), "Excerpt added."
                    ),
                ),
            )
    show("excerpt")

# ------------------------------------------------------------------------------------------------------ criteria

with tab_criteria:
    rows = []
    for c in rubric.criteria:
        entry = tech.scores.get(c.id)
        rows.append(
            {
                "criterion": c.name,
                "judgement": level_text(entry, c),
                "confidence": (entry.confidence or "") if entry else "",
                "evidence": len(entry.evidence) if entry else 0,
                "rationale": "yes" if entry and (entry.rationale or entry.reason) else "no",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    crit_ids = [c.id for c in rubric.criteria]
    if s.get("assess_criterion") not in crit_ids:
        s.assess_criterion = crit_ids[0]
    st.selectbox("Criterion", crit_ids, format_func=lambda k: rubric.criterion(k).name, key="assess_criterion")
    criterion = rubric.criterion(s.assess_criterion)
    cid = criterion.id
    entry = tech.scores.get(cid)
    st.markdown(f"**{md(criterion.question)}**")
    levels = {lv.value: lv for lv in rubric.scale.levels}
    key = f"{tid}::{cid}"
    UNSURE, NOT_APPLICABLE = "unsure", "n/a"

    if criterion.options:
        labels = {o.id: f"{o.label} (counts as {o.score:g})" for o in criterion.options}
        current = (
            [entry.answer] if entry and isinstance(entry.answer, str) else list(entry.answer or []) if entry else []
        )
        if criterion.select == "many":
            st.multiselect(
                "Answers (choose all that apply)",
                list(labels),
                default=current,
                format_func=labels.__getitem__,
                key=f"answer::{key}",
            )
        else:
            st.radio(
                "Answer",
                list(labels),
                index=list(labels).index(current[0]) if current else None,
                format_func=lambda o: md(labels[o]),
                key=f"answer::{key}",
            )
        choice: Any = "answer"
    else:

        def describe(value: Any) -> str:
            if value == UNSURE:
                return "Unsure: between two levels"
            if value == NOT_APPLICABLE:
                return "Does not apply"
            lv = levels[value]
            text = criterion.descriptors.get(value) or lv.meaning
            return md(f"{value}: {lv.label}" + (f": {text}" if text else ""))

        options: list[Any] = list(levels) + [UNSURE, NOT_APPLICABLE]
        if entry is None or entry.level is None:
            index = None
        elif entry.level == NA:
            index = options.index(NOT_APPLICABLE)
        elif isinstance(entry.level, list):
            index = options.index(UNSURE)
        else:
            index = options.index(entry.level) if entry.level in levels else None
        choice = st.radio("Level", options, index=index, format_func=describe, key=f"level::{key}")
        if choice == UNSURE:
            low0, high0 = entry.level if entry and isinstance(entry.level, list) else (None, None)
            values = list(levels)
            u1, u2 = st.columns(2)
            u1.selectbox(
                "Lowest level",
                values,
                index=values.index(low0) if low0 in values else None,
                format_func=lambda v: f"{v}: {levels[v].label}",
                key=f"low::{key}",
            )
            u2.selectbox(
                "Highest level",
                values,
                index=values.index(high0) if high0 in values else None,
                format_func=lambda v: f"{v}: {levels[v].label}",
                key=f"high::{key}",
            )
    if choice == NOT_APPLICABLE:
        st.text_area("Why it does not apply", value=entry.reason if entry else "", key=f"reason::{key}")
    else:
        st.text_area(
            "Rationale",
            value=entry.rationale if entry else "",
            key=f"rationale::{key}",
            help="Why this level, from which evidence. Mark what rests on unconfirmed reporting as reported.",
        )
        confidences = list(A.CONFIDENCE)
        st.radio(
            "Confidence",
            confidences,
            horizontal=True,
            index=confidences.index(entry.confidence) if entry and entry.confidence else None,
            key=f"confidence::{key}",
        )

    def _save_score() -> None:
        choice = s.get(f"level::{key}")  # the widget's value now, not when the page last ran
        if criterion.options:
            picked = s.get(f"answer::{key}")
            answers = tuple(picked) if isinstance(picked, list) else ((picked,) if picked else ())
            judgement = A.Judgement(
                "answer",
                answers=answers,
                rationale=s.get(f"rationale::{key}", ""),
                confidence=s.get(f"confidence::{key}"),
            )
        elif choice == NOT_APPLICABLE:
            judgement = A.Judgement("na", reason=s.get(f"reason::{key}", ""))
        elif choice == UNSURE:
            judgement = A.Judgement(
                "range",
                low=s.get(f"low::{key}"),
                high=s.get(f"high::{key}"),
                rationale=s.get(f"rationale::{key}", ""),
                confidence=s.get(f"confidence::{key}"),
            )
        elif choice is None:
            raise A.AuthoringError("choose a level")
        else:
            judgement = A.Judgement(
                "level", level=choice, rationale=s.get(f"rationale::{key}", ""), confidence=s.get(f"confidence::{key}")
            )
        commit("score", A.set_score(doc(), rubric, tid, cid, judgement), f"Saved: {criterion.name}.")

    def _next() -> None:
        s.assess_criterion = crit_ids[(crit_ids.index(cid) + 1) % len(crit_ids)]

    b1, b2 = st.columns(2)
    b1.button("Save score", type="primary", on_click=lambda: attempt("score", _save_score), width="stretch")
    b2.button("Next criterion", on_click=_next, width="stretch")
    show("score")

    st.markdown("**Evidence for this score**")
    for k, ev in enumerate(entry.evidence if entry else []):
        c1, c2 = st.columns([6, 1])
        what = " ".join(x for x in (f"“{ev.quote}”" if ev.quote else "", ev.page or "", ev.note) if x)
        c1.text(f"{ev.source}: {what}")
        removable(c2, f"rm_ev::{key}::{k}", f"evidence {k + 1}", "evidence", ("scores", cid, "evidence"), k)
    if sources:
        with st.form(f"evidence_form::{key}"):
            st.selectbox(
                "Source (type to search by title, publisher or id)",
                list(sources),
                format_func=source_label,
                index=None,
                key="ev_source",
            )
            st.text_area("Quote (verbatim)", key="ev_quote")
            c1, c2 = st.columns(2)
            c1.text_input("Page or paragraph", key="ev_page")
            c2.text_input("Note (what it shows, in your words)", key="ev_note")

            def _add_evidence() -> None:
                if not s.get("ev_source"):
                    raise A.AuthoringError("choose the source")
                item = A.evidence(s.ev_source, s.get("ev_quote", ""), s.get("ev_page", ""), s.get("ev_note", ""))
                count = len(entry.evidence) + 1 if entry else 1
                commit(
                    "evidence",
                    A.add_score_evidence(doc(), tid, cid, item),
                    f"Evidence added to {criterion.name} ({count} item(s)).",
                )

            st.form_submit_button("Add evidence", on_click=lambda: attempt("evidence", _add_evidence))
    else:
        st.caption("The register is empty: register a source below first.")
    show("evidence")
    with st.expander("Register a new source"):
        register_source_form("src_in_criteria")

# ------------------------------------------------------------------------------------------------------- sources

with tab_sources:
    if sources:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "id": x.id,
                        "title": x.title,
                        "publisher": x.publisher,
                        "date": x.date or "undated",
                        "type": x.type,
                        "reliability": f"{x.reliability}: {RELIABILITY.get(x.reliability, '')}",
                    }
                    for x in data.sources
                ]
            ),
            hide_index=True,
        )
    st.markdown("**Register a source**")
    register_source_form("src_register")
    if sources:
        st.markdown("**Remove a source**")
        st.selectbox("Source to remove", list(sources), format_func=source_label, key="rm_source")
        if s.get("confirm_rm_source") == s.rm_source:
            st.warning(f"Remove '{md(s.rm_source)}' from the register?")
            k1, k2 = st.columns(2)

            def _rm_source() -> None:
                s.confirm_rm_source = None
                commit("rm_source", A.remove_source(doc(), s.rm_source), "Source removed.")

            k1.button("Yes, remove the source", key="rm_source_yes", on_click=lambda: attempt("rm_source", _rm_source))
            k2.button("Keep it", key="rm_source_no", on_click=lambda: s.__setitem__("confirm_rm_source", None))
        else:
            st.button("Remove source", on_click=lambda: s.__setitem__("confirm_rm_source", s.rm_source))
        show("rm_source")

# ---------------------------------------------------------------------------------------------------- safeguards

with tab_safeguards:
    statuses = list(SAFEGUARD_STATUSES)
    if not rubric.safeguards:
        st.caption("This rubric defines no safeguards.")
    else:
        with st.form(f"safeguards_form::{tid}"):
            st.caption(
                "Record what the sources show for each safeguard. 'Not applicable' needs the reason in the note."
            )
            for g in rubric.safeguards:
                record = tech.safeguards.get(g.id)
                c1, c2 = st.columns([1, 2])
                c1.selectbox(
                    md(g.name),
                    statuses,
                    index=statuses.index(record.status) if record else statuses.index("unknown"),
                    format_func=SAFEGUARD_STATUSES.__getitem__,
                    key=f"sg::{tid}::{g.id}",
                    help=md(g.requires),
                )
                c2.text_input(
                    f"Note on {md(g.name)}", value=record.note if record else "", key=f"sgnote::{tid}::{g.id}"
                )

            def _safeguards() -> None:
                new = doc()
                for g in rubric.safeguards:
                    new = A.set_safeguard(new, tid, g.id, s[f"sg::{tid}::{g.id}"], s.get(f"sgnote::{tid}::{g.id}", ""))
                commit("safeguards", new, "Safeguards saved.")

            st.form_submit_button(
                "Save safeguards", type="primary", on_click=lambda: attempt("safeguards", _safeguards)
            )
        show("safeguards")
        if sources:
            with st.form(f"sg_evidence_form::{tid}"):
                st.markdown("**Add evidence for a safeguard**")
                st.selectbox(
                    "Safeguard",
                    [g.id for g in rubric.safeguards],
                    format_func=lambda k: rubric.safeguard(k).name,
                    key="sgev_safeguard",
                )
                st.selectbox("Source", list(sources), format_func=source_label, key="sgev_source")
                st.text_area("Quote (verbatim)", key="sgev_quote")
                c1, c2 = st.columns(2)
                c1.text_input("Page or paragraph", key="sgev_page")
                c2.text_input("Note", key="sgev_note")

                def _sg_evidence() -> None:
                    item = A.evidence(
                        s.sgev_source, s.get("sgev_quote", ""), s.get("sgev_page", ""), s.get("sgev_note", "")
                    )
                    commit(
                        "sg_evidence",
                        A.add_safeguard_evidence(doc(), tid, s.sgev_safeguard, item),
                        "Safeguard evidence added.",
                    )

                st.form_submit_button("Add safeguard evidence", on_click=lambda: attempt("sg_evidence", _sg_evidence))
            show("sg_evidence")

    st.markdown("**Regulatory flags**")
    for k, flag in enumerate(tech.flags):
        c1, c2 = st.columns([6, 1])
        c1.text(f"{flag.framework}, {flag.provision}: {flag.note}")
        removable(c2, f"rm_flag::{tid}::{k}", f"flag {k + 1}", "flag", ("flags",), k)
    with st.form(f"flag_form::{tid}"):
        c1, c2 = st.columns(2)
        c1.text_input("Framework", key="fl_framework", placeholder="e.g. EU AI Act")
        c2.text_input("Provision", key="fl_provision", placeholder="e.g. Art. 5(1)(h)")
        st.text_input("Note", key="fl_note")
        c1.text_input("Reference", key="fl_reference")
        c2.selectbox(
            "Source (optional)",
            [""] + list(sources),
            format_func=lambda k: source_label(k) if k else "none",
            key="fl_source",
        )
        st.form_submit_button(
            "Add flag",
            on_click=lambda: attempt(
                "flag",
                lambda: commit(
                    "flag",
                    A.add_flag(
                        doc(),
                        tid,
                        s.get("fl_framework", ""),
                        s.get("fl_provision", ""),
                        s.get("fl_note", ""),
                        s.get("fl_reference", ""),
                        s.get("fl_source", ""),
                    ),
                    "Flag added.",
                ),
            ),
        )
    show("flag")

st.download_button(
    "Download this set as YAML",
    assessments_yaml(data),
    file_name=f"{s.get('set_id') or 'assessment'}.yaml",
    mime="application/x-yaml",
)
