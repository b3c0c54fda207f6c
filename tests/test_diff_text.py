"""The command line's plain-text diff (`workspace diff`), word for word: every branch of the text at once."""

from __future__ import annotations

from dashboard.core.diff import Change, ScoreChange, SetDiff
from dashboard.views.diff_text import changed_parts, diff_table, format_value

DIFF = SetDiff(
    technologies_added=["drones", "lpr"],
    technologies_removed=["old"],
    changes=[
        Change("level", 4, 3, technology="frt", criterion="chilling"),
        Change("meta.title", "A", None),
        Change("added", None, {"id": "s9", "title": "New"}, source="s9"),
        Change("status", "absent", "in_place", technology="frt", safeguard="audit"),
        Change("rationale", "x" * 80 + " first", "x" * 80 + " second", technology="frt", criterion="c"),
        Change("level", [2, 3], [3, 4.5], technology="t", criterion="c"),
    ],
    scores=[
        ScoreChange("frt", "Face recog.", 61.04, 55.0, (50.0, 70.0), (45.0, 65.25), "High", "Medium", 1, 2, [], []),
        ScoreChange("same", "Same", 10.0, 10.0, None, None, None, None, 3, 3, [], []),
        ScoreChange("drones", "Drones", None, 20.0, None, (10.0, 30.0), None, "Low", None, 3, [], []),
    ],
)

EXPECTED = """\
Technologies added: drones, lpr
Technologies removed: old
6 field change(s):
  technology frt, criterion chilling: level: 4 -> 3
  set: meta.title: A -> (none)
  source s9: added: (none) -> {"id": "s9", "title": "New"}
  technology frt, safeguard audit: status: absent -> in_place
  technology frt, criterion c: rationale: …xxxxxxxxxxxxxx first -> …xxxxxxxxxxxxxx second
  technology t, criterion c: level: 2-3 -> 3-4.5
Scores under the same settings:
  Face recog.: score 61.0 -> 55.0 (range 50.0-70.0 -> 45.0-65.2), tier High -> Medium, rank 1 -> 2
  Drones: score - -> 20.0 (range - -> 10.0-30.0), tier - -> Low, rank - -> 3"""


def test_the_text_diff_says_every_kind_of_change_word_for_word():
    assert diff_table(DIFF) == EXPECTED


def test_an_empty_diff_says_no_changes():
    assert diff_table(SetDiff()) == "No changes."


def test_a_long_value_is_cut_and_two_long_texts_start_near_their_difference():
    assert format_value("a" * 100, width=10) == "a" * 9 + "…"
    assert format_value(None) == "(none)"
    before, after = changed_parts("y" * 70 + "one", "y" * 70 + "two", width=20)
    assert before.startswith("…") and before.endswith("one") and after.endswith("two")
