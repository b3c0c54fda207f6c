"""Each kind of audit finding, on an otherwise clean assessment set."""

import pytest

from builders import data_dict, rubric_dict
from conftest import ROOT
from dashboard.core.audit import audit, notes, quote_counts, quotes
from dashboard.core.models import AssessmentSet, Rubric


def findings(data):
    return [
        (".".join(map(str, p)), m)
        for p, m, _ in audit(Rubric.model_validate(rubric_dict()), AssessmentSet.model_validate(data))
    ]


def test_clean_set_has_no_findings():
    assert findings(data_dict()) == []


@pytest.mark.parametrize(
    "mutate,message",
    [
        (lambda d: d["technologies"][0]["scores"]["a"].update(rationale=""), "without a rationale"),
        (lambda d: d["technologies"][0]["scores"]["a"].update(evidence=[]), "cites no evidence"),
        (lambda d: d["technologies"][0]["scores"]["a"].pop("confidence"), "without a confidence"),
        (lambda d: d["technologies"][0]["scores"].pop("b"), "no score for 'b'"),
        (lambda d: d["technologies"][0]["scores"]["a"].update(level=[0, 3], confidence="high"), "wide"),
        (
            lambda d: d["sources"].append(
                {
                    "id": "unused",
                    "title": "U",
                    "type": "x",
                    "reliability": "C",
                    "url": "https://example.org",
                    "date": "2020",
                }
            ),
            "never cited",
        ),
        (lambda d: d["sources"][0].pop("url"), "no address"),
        (lambda d: d["sources"][0].pop("date"), "no date"),
        (lambda d: d["technologies"][0]["safeguards"].update(s1={"status": "in_place"}), "without evidence"),
        (lambda d: d["technologies"][0]["safeguards"].update(s1={"status": "not_applicable"}), "without a reason"),
        (
            lambda d: d["technologies"][0]["scores"]["a"].update(
                evidence=[{"source": d["sources"][0]["id"], "role": "standard"}], confidence="medium"
            ),
            "every source cited is a standard",
        ),
    ],
)
def test_finding(mutate, message):
    d = data_dict()
    mutate(d)
    assert any(message in m for _, m in findings(d)), findings(d)


def test_reference_counts_as_an_address_and_undated_as_a_date():
    d = data_dict()
    d["sources"][0].pop("url")
    d["sources"][0].update(reference="A/HRC/44/24", date="undated")
    assert findings(d) == []


# The check date: a source without one is a note, which never fails the audit.


def test_a_source_without_a_check_date_is_a_note_not_a_finding():
    data = AssessmentSet.model_validate(data_dict())
    assert [(p, m) for p, m, _ in notes(data)] == [(("sources", 0, "id"), "source 'src' has no check date")]
    assert findings(data_dict()) == []  # the audit itself stays clean


def test_a_checked_source_leaves_no_note():
    d = data_dict()
    d["sources"][0].update(checked="2026-11-30", check_finding="quotes found; title corrected")
    assert notes(AssessmentSet.model_validate(d)) == []


# "n of m quotes found": distinct quotes, however often each is cited.


def _citing(*quoted: str) -> AssessmentSet:
    d = data_dict()
    d["technologies"][0]["scores"]["a"]["evidence"] = [{"source": "src", "quote": q} for q in quoted]
    d["technologies"][0]["excerpts"] = [{"source": "src", "quote": q} for q in quoted[:1]]
    return AssessmentSet.model_validate(d)


@pytest.mark.parametrize(
    "quoted,expected",
    [
        (["alpha beta"], (1, 1)),  # cited twice (score and excerpt): one quote
        (["alpha beta", "alpha beta", "alpha beta", "alpha beta", "alpha beta"], (1, 1)),
        (["alpha beta", "ALPHA\n beta"], (1, 1)),  # the same words, spaced and cased
        (["alpha beta", "gamma delta"], (2, 2)),
        (["alpha beta", "zebra", "zebra", "zebra"], (1, 2)),  # one not found, cited thrice: counted once
        (["zebra", "yak"], (0, 2)),
        (["", "alpha beta"], (1, 1)),  # an empty quote (a note only) is not a quote
    ],
)
def test_quote_counts_count_each_distinct_quote_once(quoted, expected):
    copy = "Some text: alpha beta, and then gamma delta."
    assert quote_counts(_citing(*quoted), {"src": copy}) == {"src": expected}


# Stored copies: every quote citing a source with a copy is checked against the copy's text.

BUNDLED = ROOT / "data" / "pakistan_china_policing.yaml"
ARTICLE = ROOT.parent / "shared" / "source" / "article.txt"  # beside the checkout, as CI clones it; press text


def _bundled():
    from dashboard.core.loading import load_pair

    return load_pair(ROOT / "rubrics" / "civil_liberties.yaml", BUNDLED)


def _article_copy(data):
    """A copy of the article made from the set's own quotes with filler between them, set as a copy would be: line
    breaks, a word hyphenated at a line end, typographic quotes and dashes."""
    quoted = [q for _, s, q in quotes(data) if s == "article" and q.strip()]
    typographic = str.maketrans({"'": "\u2019", "-": "\u2014"})
    parts = ["Home \u00bb News", "Filler paragraph about something else entirely."]
    for i, q in enumerate(dict.fromkeys(quoted)):
        words = q.translate(typographic).split(" ")
        if len(words) > 3 and len(words[1]) > 4:
            words[1] = words[1][:3] + "-\n" + words[1][3:]  # hyphenated at a line end
        parts += ["\n".join(" ".join(words[j : j + 7]) for j in range(0, len(words), 7)), f"Filler number {i}."]
    return "\n\n".join(parts)


def _copy_findings(rubric, data, copies):
    return [(p, m) for p, m, _ in audit(rubric, data, copies) if "stored copy" in m]


def test_article_copy_verifies_every_article_quote_and_a_changed_quote_is_named():
    rubric, data = _bundled()
    copy = _article_copy(data)
    assert len([1 for _, s, q in quotes(data) if s == "article" and q.strip()]) > 10
    assert _copy_findings(rubric, data, {"article": copy}) == []
    assert quote_counts(data, {"article": copy})["article"][0] == quote_counts(data, {"article": copy})["article"][1]

    doc = data.model_dump(mode="json")
    where = next(
        (t, k, c)
        for t, tech in enumerate(doc["technologies"])
        for k, entry in tech["scores"].items()
        for c, e in enumerate(entry["evidence"])
        if e["source"] == "article" and len(e["quote"].split()) > 4
    )
    t, k, c = where
    original = doc["technologies"][t]["scores"][k]["evidence"][c]["quote"]
    changed = original.replace(original.split()[2], "zebras", 1)
    doc["technologies"][t]["scores"][k]["evidence"][c]["quote"] = changed
    found = _copy_findings(rubric, AssessmentSet.model_validate(doc), {"article": copy})
    assert len(found) == 1, found
    path, message = found[0]
    assert path == ("technologies", t, "scores", k, "evidence", c, "quote")
    assert changed in message and "'article'" in message
    assert "nearest passage" in message and original.split()[-1].lower() in message


def test_without_copies_the_audit_is_unchanged():
    rubric, data = _bundled()
    assert audit(rubric, data) == audit(rubric, data, {}) == audit(rubric, data, None)


def test_copy_of_another_source_checks_nothing_of_the_article():
    rubric, data = _bundled()
    assert _copy_findings(rubric, data, {"no-such-source": "text"}) == []


@pytest.mark.skipif(not ARTICLE.exists(), reason="the article text lives beside the checkout (../shared)")
def test_the_article_itself_verifies_its_quotes():
    rubric, data = _bundled()
    assert _copy_findings(rubric, data, {"article": ARTICLE.read_text(encoding="utf-8")}) == []
