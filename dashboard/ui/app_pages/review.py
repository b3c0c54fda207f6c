"""Review: a version's review state, its approvals (bound to the exact content approved), the comments and verdicts,
and the forms to request review, comment, judge a technology, approve or request changes. The workspace decides each
step (workspace/review.py); the page shows every form and the reason when a step is refused."""

import streamlit as st

from dashboard.core.diff import diff_sets
from dashboard.core.loading import load_assessments, load_rubric
from dashboard.core.text import md
from dashboard.ui import review, workspace_session
from dashboard.views.diff_text import diff_table
from dashboard.words import say
from dashboard.workspace import review as W
from dashboard.workspace.records import WorkspaceError

s = st.session_state
st.title("Review")
maybe_ws = workspace_session.workspace()
if maybe_ws is None or not s.get("set_id"):
    st.info("The workspace is not available, so there is nothing to review. The sidebar says why.")
    st.stop()
ws = maybe_ws
try:
    versions = [v.number for v in ws.history(s.set_id)]
except WorkspaceError as exc:
    st.error(md(str(exc)))
    st.stop()
review.waiting_panel()
number = st.selectbox("Version", list(reversed(versions)), format_func=lambda n: f"Version {n}", key="review_version")
status = review.status(number)


def _pair(n: int):
    v = ws.version(s.set_id, n)
    rubric = load_rubric(v.rubric_content.encode("utf-8"), v.rubric.file_name)
    return rubric, load_assessments(v.content.encode("utf-8"), rubric, f"{s.set_id} v{n}")


if status is None:
    st.error("The review status of this version cannot be read.")
    st.stop()

if status.state == W.APPROVED and status.approvals:
    st.success(md(W.status_line(status)))
else:
    st.info(md(W.status_line(status)))
st.caption(f"Approvals: {len(status.approvals)} of {status.required} needed.")
for a in status.approvals:
    st.markdown(
        f"- Approved by **{md(a.name)}** ({md(a.role)}, {md(a.email)}) at {a.created_at:%Y-%m-%d %H:%M} UTC; "
        f"content SHA-256 `{a.content_sha256[:16]}…`, rubric SHA-256 `{a.rubric_sha256[:16]}…`"
    )

if status.approved_version is not None and not status.covers_latest:
    st.warning(md(say("review.not_covering", approved=status.approved_version, latest=status.latest)))
    with st.expander(f"What changed since the approved version {status.approved_version}"):
        st.code(diff_table(diff_sets(_pair(status.approved_version), _pair(status.latest))), language=None)

if s.get("review_error"):
    st.error(md(s.review_error))
if s.get("review_message"):
    st.success(md(s.review_message))

st.subheader("Comments")
shown = [c for c in status.comments if c.version <= number]
if not shown:
    st.caption("No comments yet.")
for c in shown:
    where = " / ".join(x for x in (c.technology, c.criterion) if x) or "the whole set"
    col1, col2 = st.columns([5, 1])
    state_word = "open" if c.open else f"resolved by {md(c.resolved_by)}"
    col1.markdown(f"**{md(where)}** (version {c.version}, {md(c.author)}, {state_word}): {md(c.text)}")
    if c.open:
        col2.button("Resolve", key=f"review_resolve_{c.pk}", on_click=review.take, args=("resolve", number),
                    kwargs={"comment": c.pk})  # fmt: skip
if status.verdicts:
    st.markdown(
        "**Verdicts:** "
        + md(
            ", ".join(f"{t}: {'to correct' if v == W.TO_CORRECT else 'acceptable'}" for t, v in status.verdicts.items())
        )
    )

rubric, data = _pair(number)
techs = {t.id: t.name for t in data.technologies}
criteria = {c.id: c.name for c in rubric.criteria}
# The buttons read their fields when pressed (`fields`: parameter -> widget key), not as bound at the run before.

st.subheader("Request review")
st.text_input("Message to the reviewers", key="review_request_message")
REQUEST = {"message": "review_request_message"}
st.button("Request review", on_click=review.take, args=("request", number), kwargs={"fields": REQUEST})

st.subheader("Comment")
c1, c2 = st.columns(2)
c1.selectbox("On", [""] + list(techs), format_func=lambda t: techs.get(t, "The whole set"), key="review_comment_tech")
c2.selectbox(
    "Criterion", [""] + list(criteria), format_func=lambda c: criteria.get(c, "The whole technology"),
    key="review_comment_criterion",
)  # fmt: skip
st.text_area("Comment", key="review_comment_text")
COMMENT = {"technology": "review_comment_tech", "criterion": "review_comment_criterion", "text": "review_comment_text"}
st.button("Add comment", on_click=review.take, args=("comment", number), kwargs={"fields": COMMENT})

st.subheader("Verdict on a technology")
v1, v2 = st.columns(2)
v1.selectbox("Technology", list(techs), format_func=techs.__getitem__, key="review_verdict_tech")
v2.radio(
    "Verdict", list(W.VERDICTS), format_func=lambda v: "To correct" if v == W.TO_CORRECT else "Acceptable",
    key="review_verdict", horizontal=True,
)  # fmt: skip
VERDICT = {"technology": "review_verdict_tech", "verdict": "review_verdict"}
st.button("Give verdict", on_click=review.take, args=("verdict", number), kwargs={"fields": VERDICT})

st.subheader("Decide")
st.caption(md(status.attestation))
st.checkbox("I accept the statement above", key="review_attest")
st.text_input("Message (why)", key="review_decide_message")
DECIDE = {"attested": "review_attest", "message": "review_decide_message"}
d1, d2, d3 = st.columns(3)
d1.button("Approve", on_click=review.take, args=("approve", number), kwargs={"fields": DECIDE})
d2.button(
    "Request changes", on_click=review.take, args=("request_changes", number),
    kwargs={"fields": {"message": "review_decide_message"}},
)  # fmt: skip
d3.button("Withdraw my approval", on_click=review.take, args=("withdraw", number))
