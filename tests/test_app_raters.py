"""AppTest: the Raters page. A rater rates blind (no one's levels before submitting), the agreement and the
disagreements that matter show once both have submitted, and the owner's reconciliation saves a new version whose
history names the round."""

from __future__ import annotations

import html

import pytest

from app_driver import page, start, start_as
from dashboard.settings import DEFAULT_DATA
from dashboard.workspace import rounds
from dashboard.workspace.repository import open_workspace

pytestmark = pytest.mark.app

SET = DEFAULT_DATA.stem
TECHS, CRITS = ["facial_recognition", "ai_cctv"], ["intrusion_depth", "chilling_effect"]


def rate(at, levels: dict[tuple[str, str], int]):
    at = page(at, "raters")
    for (tid, cid), level in levels.items():
        at.selectbox(key=f"rate_{tid}_{cid}").set_value(level)
    next(b for b in at.button if b.label == "Submit my ratings").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at) -> str:
    shown = [*at.markdown, *at.info, *at.warning, *at.success, *at.caption]
    return html.unescape(" ".join(str(e.value) for e in shown))  # md() writes user text as entities


def test_blind_rating_then_agreement_then_reconciliation(own_workspace):
    start()  # the local administrator's session seeds the workspace
    ann = start_as("ann", role="analyst")
    bob = start_as("bob", role="analyst")
    rounds.open_round(
        open_workspace(),
        SET,
        version=1,
        raters=["ann@example.org", "bob@example.org"],
        technologies=TECHS,
        criteria=CRITS,
    )
    ann_levels: dict = {(t, c): 4 for t in TECHS for c in CRITS}
    ann_levels[("ai_cctv", "chilling_effect")] = (3, 4)  # unsure: a range, left out of alpha
    ann = rate(ann, ann_levels)
    assert "Your ratings for rating round 1 (version 1) are submitted." in texts(ann)

    bob = page(bob, "raters")
    assert [b.label for b in bob.button if b.label == "Submit my ratings"]  # Bob's form, and nothing of Ann's levels
    assert not bob.dataframe and "Agreement" not in [h.value for h in bob.subheader]  # no levels, no agreement
    status = bob.table[0].value  # who has submitted: open to every member
    assert [html.unescape(str(v)) for v in status.iloc[:, 0]] == ["ann@example.org", "bob@example.org"]
    bob = rate(bob, {("facial_recognition", "intrusion_depth"): 4, ("facial_recognition", "chilling_effect"): 4,
                     ("ai_cctv", "intrusion_depth"): 1, ("ai_cctv", "chilling_effect"): 0})  # fmt: skip
    shown = texts(bob)
    assert "Agreement" in [h.value for h in bob.subheader] and bob.get("plotly_chart")
    table = bob.dataframe[0].value  # the agreement table
    assert list(table["Over"])[:1] == ["All"] and table["Pairable values"].iloc[0] == 6  # 8 less the range's unit
    assert "Ranges (1) and n/a (0) are left out" in shown
    assert "Matters:" in shown or "changes nothing" in shown

    owner = page(start(), "raters")
    assert "Reconcile: the consensus version" in [h.value for h in owner.subheader]
    reasons = [t for t in owner.text_input if str(t.key).startswith("rec_why_")]
    assert reasons  # the contested scores: Bob and Ann differ on AI CCTV
    for box in reasons:
        box.input("agreed at the panel meeting")
    next(b for b in owner.button if b.label == "Save the consensus version").click().run()
    assert not owner.exception, [e.value for e in owner.exception]
    history = open_workspace().history(SET)
    assert history[-1].number == 2 and "rating round 1 (version 1)" in history[-1].message
    assert rounds.get_round(open_workspace(), SET, 1).reconciliation.version == 2
    # The Technology profile of the consensus version: each rater's level beside it.
    owner = page(owner, "technology")
    owner.selectbox(key="profile_tech").set_value("ai_cctv").run()
    assert "Raters" in [h.value for h in owner.subheader]
    beside = next(t.value for t in owner.table if any("ann" in str(c) for c in t.value.columns))
    assert [html.unescape(str(c)) for c in beside.columns][-2:] == ["ann@example.org", "bob@example.org"]
    assert list(beside.iloc[:, -1]) == ["1", "0"]  # Bob's levels for AI CCTV, on record
