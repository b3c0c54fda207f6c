"""AppTest: every page renders; widgets change what they should; bad uploads keep the previous data."""

import html
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_driver import page, start, upload
from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_pair
from dashboard.core.scoring import score
from dashboard.render.charts.base import _short
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
from dashboard.views.labels import reader_table

pytestmark = pytest.mark.app  # drives the app's pages with AppTest (see docs/testing.md)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = ["overview", "technology", "compare", "whatif", "sensitivity", "briefing", "method", "data"]
RUBRIC, DATA = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)
COMPILED = compile_dataset(RUBRIC, DATA)


def shown(markdown: str) -> str:
    """The text a reader sees for a Markdown value the app escaped with text.md()."""
    return html.unescape(markdown.replace("  \n", "\n"))


def names_in_rank_order(scores) -> list[str]:
    return list(scores.table["name"])


def ranked_names_from_chart(at: AppTest, index: int = 0) -> list[str]:
    import json

    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    return list(reversed(spec["layout"]["yaxis"]["categoryarray"]))


@pytest.fixture(scope="module")
def app() -> AppTest:
    return start()


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_without_exception(app, name):
    at = page(app, name)
    assert at.title or at.header or at.subheader


def test_overview_shows_headline_figures_the_ranking_and_one_tab_at_a_time(app):
    at = page(app, "overview")
    labels = [m.label for m in at.metric]
    assert "Assessed" in labels and "Red lines" in labels
    assert [t.label in labels for t in RUBRIC.tiers.levels] == [True] * len(RUBRIC.tiers.levels)
    cautioned = int((reader_table(score(COMPILED))["evidence_label"] != "").sum())
    assert cautioned > 0  # the bundled set has technologies resting mostly on reporting
    assert next(m for m in at.metric if m.label == "Tentative").value == str(cautioned)
    assert ranked_names_from_chart(at) == [_short(n) for n in names_in_rank_order(score(COMPILED))]
    # Below the ranking, lazy tabs: only the open one is built, and each opens its own chart.
    assert [t.label for t in at.tabs] == [
        "Evidence behind the ranking",
        "Technologies x criteria",
        "Risk matrix",
        "Rights at risk",
    ]
    assert chart_keys(at) == ["overview_rank", "overview_evidence"]
    for label, key in [
        ("Technologies x criteria", "overview_heatmap"),
        ("Risk matrix", "overview_matrix"),
        ("Rights at risk", "overview_rights"),
        ("Evidence behind the ranking", "overview_evidence"),
    ]:
        at.session_state["overview_view"] = label
        at.run()
        assert not at.exception
        assert chart_keys(at) == ["overview_rank", key]


def chart_keys(at) -> list[str]:
    return [c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")]


def test_a_charts_data_table_is_built_only_while_it_is_open():
    """Lazy expanders: a closed data table sends nothing; opening one (a rerun) shows the view's own frame. The
    ranking's table is open from the start, as a static reader's table (no data grid before the first chart)."""
    import html

    from dashboard import views

    at = page(start(), "overview")
    scores = score(COMPILED)
    assert len(at.dataframe) == 0
    ranking = at.table[0].value.map(html.unescape).rename(columns=html.unescape)
    assert ranking.reset_index(drop=True).equals(views.ranking_frame(scores).astype(str))
    at.session_state["overview_view"] = "Technologies x criteria"  # what choosing the tab does
    at.run()
    assert len(at.dataframe) == 0
    at.session_state["overview_heatmap_table"] = True  # what opening the expander does
    at.run()
    assert not at.exception
    shown = [d.value for d in at.dataframe]
    heat = views.heatmap_frame(views.heatmap(scores))
    assert len(shown) == 1 and shown[0].reset_index(drop=True).equals(heat.reset_index(drop=True))
    at.session_state["overview_tiers"] = True
    at.run()
    tiers = next(d.value for d in at.dataframe if "Threshold" in d.value.columns)
    assert list(tiers["Tier"]) == [t.label for t in RUBRIC.tiers.levels]


def test_weight_slider_changes_the_ranking_as_the_core_says():
    at = page(start(), "whatif")
    base = names_in_rank_order(score(COMPILED))
    expected = names_in_rank_order(score(COMPILED, weights={"physical_harm": 6.0}))
    assert expected != base  # the change must be one that moves the ranking
    at.slider(key="weight::default::physical_harm").set_value(6.0).run()
    assert not at.exception
    assert ranked_names_from_chart(at) == [_short(n) for n in expected]
    # every page follows the choice: the overview ranking moved too
    at = page(at, "overview")
    assert ranked_names_from_chart(at) == [_short(n) for n in expected]


def test_switching_scenario_changes_the_ranking():
    at = page(start(), "overview")
    expected = names_in_rank_order(score(COMPILED, scenario="safeguarded"))
    assert expected != names_in_rank_order(score(COMPILED))
    at.sidebar.radio[0].set_value("safeguarded").run()
    assert ranked_names_from_chart(at) == [_short(n) for n in expected]


def test_reset_restores_the_base_settings():
    at = page(start(), "overview")
    at.sidebar.radio[0].set_value("inherent").run()
    next(b for b in at.sidebar.button if b.label == "Reset what-if settings").click().run()
    assert at.session_state.scenario == "reported"
    assert ranked_names_from_chart(at) == [_short(n) for n in names_in_rank_order(score(COMPILED))]


def test_invalid_upload_lists_problems_and_keeps_previous_data():
    at = upload(start(), data=("bad.yaml", b"meta: {}\ntechnologies:\n  - id: x\n    nmae: y\n", "application/yaml"))
    assert any("nothing was changed" in e.value for e in at.error)
    report = at.code[0].value
    assert "bad.yaml" in report and "technologies[0].nmae" in report and "did you mean 'name'" in report
    assert at.session_state.set_id == DEFAULT_DATA.stem and not at.session_state.has_draft
    at = page(at, "overview")
    assert shown(at.title[0].value) == DATA.meta.title


def test_a_different_valid_rubric_and_dataset_drive_every_page():
    at = upload(
        start(),
        rubric=("owasp.yaml", (FIXTURES / "owasp_rubric.yaml").read_bytes(), "application/yaml"),
        data=("owasp_data.yaml", (FIXTURES / "owasp_example.yaml").read_bytes(), "application/yaml"),
    )
    assert at.success and "as a new assessment set" in at.success[0].value
    for name in PAGES:
        page(at, name)
    at = page(at, "overview")
    assert shown(at.title[0].value) == "OWASP worked example"
    labels = [m.label for m in at.metric]
    assert "Note" in labels and "Critical" in labels  # the OWASP rubric's own tiers


def test_one_sessions_upload_never_reaches_another():
    first = upload(
        start(),
        rubric=("owasp.yaml", (FIXTURES / "owasp_rubric.yaml").read_bytes(), "application/yaml"),
        data=("d.yaml", (FIXTURES / "owasp_example.yaml").read_bytes(), "application/yaml"),
    )
    assert first.session_state.inputs[1] == "owasp.yaml"
    second = page(start(), "overview")
    assert shown(second.title[0].value) == DATA.meta.title


def test_briefing_button_builds_a_pdf_that_reflects_a_changed_weight():
    import io

    from pypdf import PdfReader

    at = page(start(), "whatif")
    at.slider(key="weight::default::physical_harm").set_value(6.0).run()
    at = page(at, "briefing")
    at.date_input(key="brief_date").set_value(__import__("datetime").date(2026, 11, 26))
    next(b for b in at.button if b.label == "Build briefing").click().run()
    assert not at.exception
    pdf = at.session_state.briefing_file
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages[:3])
    assert "Risk of injury or death: 6" in text
    expected_first = score(COMPILED, weights={"physical_harm": 6.0}).table.iloc[0]["name"]
    assert f"Rank 1: {expected_first}" in " ".join(text.split())


def test_unrated_technologies_render_on_every_page():
    import yaml

    from builders import data_dict, rubric_dict, tech

    d = data_dict([tech("allna", a="n/a", b="n/a"), tech("empty"), tech("ok", a=2, b=3)])
    at = upload(
        start(),
        rubric=("r.yaml", yaml.safe_dump(rubric_dict()).encode(), "application/yaml"),
        data=("d.yaml", yaml.safe_dump(d).encode(), "application/yaml"),
    )
    assert at.success
    for name in PAGES:
        page(at, name)
    at.session_state["profile_tech"] = "empty"
    at = page(at, "technology")
    assert any("Not rated" in w.value for w in at.warning)


def test_technology_profile_shows_the_evidence_basis_of_every_score():
    at = page(start(), "technology")
    table = reader_table(score(COMPILED))
    cautioned = table[table["evidence_label"] != ""].iloc[0]
    at.selectbox(key="profile_tech").set_value(cautioned["id"]).run()
    assert not at.exception
    frames = [d.value for d in at.dataframe]
    headline = next(f for f in frames if "Tier" in f.columns)
    assert headline["Tier"].iloc[0] == cautioned["tier_display"]
    assert "mostly unconfirmed reporting" in cautioned["tier_display"]
    assert headline["Corroborated"].iloc[0] == f"{cautioned['evidence_strength']:.0%} of the score"
    # The criteria table is static (full rationale); its cells are escaped for Markdown, so unescape to compare.
    tables = [t.value.map(html.unescape).rename(columns=html.unescape) for t in at.table]
    criteria = next(f for f in tables if "Evidence" in f.columns)
    names = {c.id: c.name for c in RUBRIC.criteria}
    shown = dict(zip(criteria["Criterion"], criteria["Evidence"], strict=True))
    full = next(t for t in RUBRIC.criteria if t.id == cautioned["reported_only"][0])
    rationale = DATA.technology(cautioned["id"]).scores[full.id].rationale
    assert rationale in set(criteria["Rationale"])  # in full, not cut at a column width
    assert {shown[names[c]] for c in cautioned["reported_only"]} == {"reported only"}
    assert any(at.expander[i].label.endswith("(reported only)") for i in range(len(at.expander)))


def test_the_method_page_register_shows_each_source_check(app):
    at = page(app, "method")
    register = next(df.value for df in at.dataframe if "reliability" in df.value.columns and "id" in df.value.columns)
    assert list(register["id"]) == [s.id for s in DATA.sources]
    # Each source's check as the register records it: the date, or "not checked" where none is; and the finding.
    expected = [s.checked or "not checked" for s in DATA.sources]
    assert list(register["checked"]) == expected and list(register["check finding"]) == [
        s.check_finding for s in DATA.sources
    ]
