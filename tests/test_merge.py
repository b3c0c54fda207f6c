"""Three-way merge of a refused draft onto the newest version (core/authoring/merge.py): a table of cases, and a
property: merging a change with no change gives that change back."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.authoring.merge import MISSING, three_way

BASE = {
    "meta": {"title": "Set", "date": "2026-01-01"},
    "technologies": [
        {"id": "fr", "name": "Facial recognition", "scores": {"a": {"level": 2, "rationale": "r"}}},
        {"id": "lpr", "name": "Plate readers", "scores": {}},
    ],
    "sources": [{"id": "s1", "title": "One"}],
}


def changed(**edits):
    """BASE with edits by path ('technologies__fr__scores__a__level'; ids name items of lists)."""
    doc = copy.deepcopy(BASE)
    for path, value in edits.items():
        *where, last = path.split("__")
        node = doc
        for key in where:
            node = next(x for x in node if x["id"] == key) if isinstance(node, list) else node[key]
        if value is MISSING:
            del node[last]
        else:
            node[last] = value
    return doc


@pytest.mark.parametrize(
    ("mine", "theirs", "expect", "clashes", "taken"),
    [
        # only I changed a level: mine
        (changed(technologies__fr__scores__a__level=3), BASE, ("fr", "a", "level", 3), 0, 1),
        # only they changed it: theirs
        (BASE, changed(technologies__fr__scores__a__level=1), ("fr", "a", "level", 1), 0, 0),
        # different fields of one score: both kept
        (
            changed(technologies__fr__scores__a__level=3),
            changed(technologies__fr__scores__a__rationale="theirs"),
            ("fr", "a", "rationale", "theirs"),
            0,
            1,
        ),
        # the same field, differently: a clash, theirs until chosen
        (
            changed(technologies__fr__scores__a__level=3),
            changed(technologies__fr__scores__a__level=1),
            ("fr", "a", "level", 1),
            1,
            0,
        ),
        # the same change on both sides: no clash
        (
            changed(technologies__fr__scores__a__level=4),
            changed(technologies__fr__scores__a__level=4),
            ("fr", "a", "level", 4),
            0,
            0,
        ),
    ],
)
def test_each_part_takes_the_side_that_changed_it(mine, theirs, expect, clashes, taken):
    merged = three_way(BASE, mine, theirs)
    tid, cid, key, value = expect
    tech = next(t for t in merged.doc["technologies"] if t["id"] == tid)
    assert tech["scores"][cid][key] == value
    assert len(merged.clashes) == clashes and merged.taken == taken


def test_both_changes_to_different_fields_of_one_score_are_kept():
    mine = changed(technologies__fr__scores__a__level=3)
    theirs = changed(technologies__fr__scores__a__rationale="theirs")
    assert three_way(BASE, mine, theirs).doc["technologies"][0]["scores"]["a"] == {"level": 3, "rationale": "theirs"}


def test_items_added_on_both_sides_are_all_kept_in_their_order_then_mine():
    mine = copy.deepcopy(BASE)
    mine["technologies"].append({"id": "drone", "name": "Drones", "scores": {}})
    theirs = copy.deepcopy(BASE)
    theirs["technologies"].append({"id": "spy", "name": "Spyware", "scores": {}})
    merged = three_way(BASE, mine, theirs)
    assert [t["id"] for t in merged.doc["technologies"]] == ["fr", "lpr", "spy", "drone"]
    assert not merged.clashes


def test_a_technology_i_edited_and_they_removed_is_a_clash_i_can_settle_my_way():
    mine = changed(technologies__fr__scores__a__level=3)
    theirs = copy.deepcopy(BASE)
    theirs["technologies"] = [t for t in theirs["technologies"] if t["id"] != "fr"]
    merged = three_way(BASE, mine, theirs)
    assert [c.path for c in merged.clashes] == [("technologies", "fr")]
    assert [t["id"] for t in merged.doc["technologies"]] == ["lpr"]
    chosen = three_way(BASE, mine, theirs, {("technologies", "fr"): "mine"})
    assert [t["id"] for t in chosen.doc["technologies"]] == ["lpr", "fr"]
    assert chosen.doc["technologies"][1]["scores"]["a"]["level"] == 3


def test_a_field_i_removed_is_removed_when_they_left_it_alone():
    mine = changed(technologies__fr__scores__a__rationale=MISSING)
    merged = three_way(BASE, mine, BASE)
    assert "rationale" not in merged.doc["technologies"][0]["scores"]["a"]


levels = st.integers(min_value=0, max_value=4)


@given(levels, levels)
def test_merging_a_change_with_no_change_gives_the_change(a, b):
    edit = changed(technologies__fr__scores__a__level=a, technologies__lpr__name=f"name {b}")
    assert three_way(BASE, edit, BASE).doc == edit
    assert three_way(BASE, BASE, edit).doc == edit
    assert not three_way(BASE, edit, edit).clashes
