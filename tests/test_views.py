"""One source for every view: the dashboard's plotly figure and the briefing's reportlab drawing of each view show
the same texts, values, order and colours, because both render `views.py`."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as hst
from reportlab.graphics.shapes import Circle, Group, Polygon, Rect, String

from dashboard import views
from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_pair
from dashboard.core.models import AssessmentSet, Rubric
from dashboard.core.scoring import score
from dashboard.core.text import plot
from dashboard.render import charts
from dashboard.render.pdf import figures
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
from variants import VARIANTS, variant

RUBRIC, DATA = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)
SCORES = score(compile_dataset(RUBRIC, DATA))


def shapes(drawing, kind):
    """Every shape of a kind in a drawing, in drawing order (groups opened)."""
    out = []
    for item in drawing.contents:
        if isinstance(item, Group):
            out += shapes(item, kind)
        elif isinstance(item, kind):
            out.append(item)
    return out


def texts(drawing) -> list[str]:
    return [s.text for s in shapes(drawing, String)]


def hexes(drawing, kind=Rect) -> list[str]:
    return [s.fillColor.hexval().upper().replace("0X", "#") for s in shapes(drawing, kind) if s.fillColor is not None]


def test_ranking_prints_the_same_labels_in_the_same_order():
    rows = views.ranking(SCORES)
    fig = charts.ranked_bar(SCORES)
    app = {y: t for trace in fig.data for y, t in zip(trace.y, trace.text, strict=True)}
    app_order = list(reversed(fig.layout.yaxis.categoryarray))
    assert [app[y] for y in app_order] == [plot(r.bar_text) for r in rows]
    pdf = texts(figures.ranked_bar(SCORES, 500))
    assert [t for t in pdf if t in {r.bar_text for r in rows}] == [r.bar_text for r in rows]
    # a number and its tier never contradict: 69.9 is not printed as '70'
    assert all(r.bar_text.startswith(views.score_text(r.score)) for r in rows if r.score is not None)


def test_heatmap_cells_match_text_value_and_colour():
    view = views.heatmap(SCORES)
    fig = charts.heatmap(SCORES)
    trace = fig.data[0]
    assert [list(r) for r in trace.text] == [[c.text for c in row] for row in view.cells]
    assert [list(r) for r in trace.z] == [[c.value for c in row] for row in view.cells]
    drawing = figures.heatmap(SCORES, 500)
    printed = texts(drawing)
    cell_texts = [c.text for row in view.cells for c in row]
    # the PDF prints every cell, in the same order, with the colour of the view
    assert [t for t in printed if t in set(cell_texts)][: len(cell_texts)] == cell_texts
    fills = hexes(drawing)
    assert fills[: len(cell_texts)] == [c.colour.upper() for row in view.cells for c in row]


def test_a_range_is_printed_as_the_range_used_in_both():
    view = views.heatmap(SCORES)
    texts_ = {c.text for row in view.cells for c in row}
    assert any("-" in t for t in texts_), "the bundled set has ranges"
    for row in view.cells:
        for cell in row:
            if cell.value is not None and "-" in cell.text:
                low, high = (float(x) for x in cell.text.split("-"))
                assert low <= cell.value <= high  # the colour (mid-point) lies within the printed range


@pytest.mark.parametrize("tid", ["facial_recognition", "riot_control_equipment"])
def test_profile_series_skip_unscored_criteria_in_both(tid):
    inherent = SCORES.levels_frame("inherent").loc[tid].to_dict()
    residual = SCORES.levels_frame().loc[tid].to_dict()
    series = {"Inherent": inherent, "Residual": residual}
    view = views.profile(series, RUBRIC)
    fig = charts.radar(series, RUBRIC)
    for trace, s in zip(fig.data, view.series, strict=True):
        assert list(trace.r)[:-1] == s.values  # None where unscored: a gap, not the floor
        assert trace.line.dash == s.dash and trace.marker.symbol == s.marker
    drawing = figures.radar(series, RUBRIC, 400)
    polygons = [p for p in shapes(drawing, Polygon) if p.strokeColor is not None and p.strokeWidth > 1]
    scored = [sum(v is not None for v in s.values) for s in view.series]
    assert [len(p.points) // 2 for p in polygons] == scored
    marked = [label for label in view.labels if label.endswith("(no level)")]
    pdf_text = " ".join(texts(drawing))
    assert all(label.split()[-1] in pdf_text for label in marked)
    if tid == "riot_control_equipment":
        assert marked, "this technology has criteria with no level"


def test_matrix_points_match():
    points = views.matrix_points(SCORES)
    fig = charts.risk_matrix(SCORES)
    app = sorted((x, y, t) for trace in fig.data for x, y, t in zip(trace.x, trace.y, trace.text, strict=True))
    assert app == sorted((p.x, p.y, str(p.rank)) for p in points)
    drawing = figures.risk_matrix(SCORES, 450)
    assert len(shapes(drawing, Circle)) == len(points)
    assert sorted(hexes(drawing, Circle)) == sorted(p.colour.upper() for p in points)


def test_profile_with_many_criteria_is_drawn_as_bars():
    rubric_doc, _ = variant("single_criterion")

    many = dict(rubric_doc)
    base = rubric_doc["criteria"][0]
    many["criteria"] = [dict(base, id=f"c{k}", name=f"Criterion {k}") for k in range(20)]
    rubric = Rubric.model_validate(many)
    view = views.profile({"A": {f"c{k}": k % 5 for k in range(20)}}, rubric)
    assert view.kind == "bars"
    fig = charts.radar({"A": {f"c{k}": k % 5 for k in range(20)}}, rubric)
    assert fig.data[0].type == "bar" and len(fig.data[0].x) == 20


@pytest.mark.parametrize("colour", ["#000000", "#FFFFFF", "#D7191C", "#FDAE61", "#2C7BB6", "#ABD9E9", "#7F0000"])
def test_text_on_a_fill_always_reaches_4_5_to_1(colour):
    text = views.text_on(colour)
    hi, lo = sorted([views.luminance(colour), views.luminance(text)], reverse=True)
    assert (hi + 0.05) / (lo + 0.05) >= 4.5


def test_variants_render_in_both():
    for name in VARIANTS:
        r, d = variant(name)
        scores = score(compile_dataset(Rubric.model_validate(r), AssessmentSet.model_validate(d)))
        assert len(views.ranking(scores)) == len(d["technologies"])
        figures.heatmap(scores, 500)
        charts.heatmap(scores)


def test_rights_name_the_worst_technology_in_both():
    rows = views.rights(SCORES)
    fig = charts.rights_chart(SCORES)
    diamonds = fig.data[1]
    assert list(diamonds.customdata)[::-1] == [plot(r.worst_name) for r in rows]
    assert list(diamonds.x)[::-1] == [r.worst for r in rows]
    pdf = " ".join(texts(figures.rights_chart(SCORES, 500)))
    top = rows[0]
    assert top.worst_name.split()[0] in pdf  # named beside its diamond in the PDF
    assert views.rights_frame(SCORES)["Worst technology"].iloc[0] == top.worst_name


def test_ranks_of_coinciding_matrix_points_never_share_a_place():
    points = views.matrix_points(SCORES)
    for i, p in enumerate(points):
        for q in points[i + 1 :]:
            if abs(p.x - q.x) < views.NEAR and abs(p.y - q.y) < views.NEAR:
                assert p.label_at != q.label_at, (p.rank, q.rank)
    fig = charts.risk_matrix(SCORES)
    shown = sorted((t, pos) for trace in fig.data for t, pos in zip(trace.text, trace.textposition, strict=True))
    assert shown == sorted((str(p.rank), p.label_at) for p in points)


def test_a_heatmap_with_many_criteria_shows_groups_in_both():
    rubric_doc, _ = variant("single_criterion")
    many = dict(rubric_doc)
    base = rubric_doc["criteria"][0]
    many["criteria"] = [dict(base, id=f"c{k}", name=f"Criterion {k}") for k in range(60)]
    many.update(safeguards=[], red_lines=[], profiles=[])  # they name criteria of the small rubric
    rubric = Rubric.model_validate(many)
    data = AssessmentSet.model_validate(
        {
            "meta": {
                "title": "M",
                "date": "2026-01-01",
                "authors": ["x"],
                "rubric": {"id": rubric.id, "version": rubric.version},
            },
            "technologies": [{"id": "t", "name": "T", "scores": {f"c{k}": {"level": k % 5} for k in range(60)}}],
        }
    )
    scores = score(compile_dataset(rubric, data))
    view = views.heatmap(scores)
    assert view.grouped and len(view.columns) == len({c["group"] for c in many["criteria"]})
    fig = charts.heatmap(scores)
    assert [list(r) for r in fig.data[0].text] == [[c.text for c in row] for row in view.cells]
    assert view.cells[0][0].text in texts(figures.heatmap(scores, 500))


# ------------------------------------------------------------------------------------------ folding long text

LONG = "First sentence is here. " * 30


@pytest.mark.parametrize(
    "text, limit, opening, rest",
    [
        ("Short.", 400, "Short.", ""),
        ("", 400, "", ""),
        ("One. Two. Three.", 10, "One. Two.", "Three."),
        ("no sentence end in this long run of words", 12, "no sentence", "end in this long run of words"),
        ("x" * 30, 10, "x" * 10, "x" * 20),
        (LONG, 100, LONG[:96].rstrip(), LONG[96:].strip()),
    ],
)
def test_fold_cuts_at_a_sentence_end_else_a_space(text, limit, opening, rest):
    assert views.fold(text, limit) == (opening, rest)


@given(hst.text(alphabet=hst.sampled_from(list("ab .?!\nچ人")), max_size=600), hst.integers(min_value=5, max_value=300))
def test_fold_loses_nothing_and_the_opening_fits(text, limit):
    opening, rest = views.fold(text, limit)
    assert len(opening) <= limit
    assert (opening + rest).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
    assert not rest or opening  # a folded text always shows an opening


def _rubric_with(n: int) -> Rubric:
    rubric_doc, _ = variant("single_criterion")
    doc = dict(rubric_doc)
    base = rubric_doc["criteria"][0]
    groups = [g["id"] for g in rubric_doc["groups"]] or ["g"]
    doc["criteria"] = [dict(base, id=f"c{k}", name=f"Criterion {k}", group=groups[k % len(groups)]) for k in range(n)]
    doc.update(safeguards=[], red_lines=[], profiles=[])
    return Rubric.model_validate(doc)


@pytest.mark.parametrize("n", [1, views.RADAR_MAX_AXES, views.RADAR_MAX_AXES + 1, 104])
def test_criteria_fold_into_groups_only_when_there_are_many(n):
    rubric = _rubric_with(n)
    sections = views.criteria_sections(rubric)
    shown = [cid for _, members in sections for cid in members]
    assert sorted(shown) == sorted(c.id for c in rubric.criteria)  # each criterion exactly once
    if n <= views.RADAR_MAX_AXES:
        assert sections == [("", [c.id for c in rubric.criteria])]
    else:
        assert [name for name, _ in sections] == [
            g.name for g in rubric.groups if any(c.group == g.id for c in rubric.criteria)
        ]


@pytest.mark.app
def test_the_technology_profile_folds_a_long_description_and_a_long_rubric():
    import yaml

    from app_driver import page, start, upload

    _, data_doc = variant("single_criterion")
    rubric = _rubric_with(30)
    doc = rubric.model_dump(mode="json", exclude_none=True)
    data_doc["meta"]["rubric"] = {"id": rubric.id, "version": rubric.version}
    for t in data_doc["technologies"]:
        t["scores"] = {f"c{k}": {"level": k % 5, "rationale": f"Reason {k}."} for k in range(30)}
        t.pop("safeguards", None)
    data_doc["technologies"][0]["description"] = LONG
    at = upload(
        start(),
        ("r.yaml", yaml.safe_dump(doc).encode(), "application/yaml"),
        ("d.yaml", yaml.safe_dump(data_doc).encode(), "application/yaml"),
    )
    at = page(at, "technology")
    labels = [e.label for e in at.expander]
    opening, rest = views.fold(LONG)
    assert rest and "Full description" in labels
    assert any(t.value == opening for t in at.text) and any(t.value == rest for t in at.text)
    groups = [name for name, _ in views.criteria_sections(rubric)]
    assert len(groups) > 1
    for name in groups:
        assert any(label.startswith(f"{name}: ") and "criteria" in label for label in labels), (name, labels)


# ------------------------------------------------------------------------------ the charts' data tables


def _reader_frames():
    from dashboard.core.safeguards import safeguard_value
    from dashboard.core.sensitivity import monte_carlo

    mc = monte_carlo(SCORES, 300, 0, 0.3)
    names = dict(zip(SCORES.table["id"], SCORES.table["name"], strict=True))
    order = list(SCORES.table["id"])
    levels = SCORES.levels_frame()
    series = {names[t]: levels.loc[t].to_dict() for t in order[:3]}
    weighted = score(SCORES.compiled, weights={RUBRIC.criteria[0].id: 5.0})
    return {
        "profile": views.profile_frame(views.profile(series, RUBRIC)),
        "whatif": views.whatif_frame(weighted, SCORES),
        "tiers": views.tier_share_frame(mc.tier_probability, names, RUBRIC, order),
        "ranks": views.rank_share_frame(mc.rank_probability, names, order),
        "quantiles": views.quantile_frame(mc.score_quantiles, names, order),
        "safeguards": views.safeguard_value_frame(safeguard_value(SCORES), RUBRIC),
        "ranking": views.ranking_frame(SCORES),
    }


READER_FRAMES = _reader_frames()


@pytest.mark.parametrize("name", sorted(READER_FRAMES))
def test_every_data_table_reads_in_words_and_rounded_numbers(name):
    frame = READER_FRAMES[name]
    assert len(frame) > 0
    for header in frame.columns:
        assert "_" not in header and not re.fullmatch(r"[a-z0-9]+", header), header  # words, not ids
    for value in frame.to_numpy().ravel():
        assert value is not None and not (isinstance(value, float) and value != value), frame  # no None or NaN
        if isinstance(value, float):
            assert round(value, 1) == value, (name, value)  # one decimal at most
        if isinstance(value, str) and value.replace(".", "", 1).isdigit():
            assert len(value.partition(".")[2]) <= 1, (name, value)


def test_a_profile_table_shows_what_the_chart_draws():
    levels = SCORES.levels_frame()
    tid = SCORES.table["id"].iloc[0]
    series = {"Residual": levels.loc[tid].to_dict()}
    view = views.profile(series, RUBRIC)
    frame = views.profile_frame(view)
    assert list(frame["Criterion"]) == [c.name for c in RUBRIC.criteria]
    assert list(frame["Residual"]) == ["n/a" if v is None else f"{v:g}" for v in view.series[0].values]
    assert list(frame["Residual"]) == [
        "n/a" if pd.isna(levels.loc[tid, c.id]) else f"{levels.loc[tid, c.id]:g}" for c in RUBRIC.criteria
    ]


def test_the_whatif_table_counts_rank_changes_against_the_base():
    frame = views.whatif_frame(SCORES, SCORES)
    assert set(frame["Rank change (+ = riskier)"]) == {0}
    weighted = READER_FRAMES["whatif"]
    assert list(weighted["Rank change (+ = riskier)"]) == list(weighted["Base rank"] - weighted["Rank"])
    assert list(weighted["Technology"]) == list(
        score(SCORES.compiled, weights={RUBRIC.criteria[0].id: 5.0}).table["name"]
    )


def test_monte_carlo_tables_name_tiers_and_add_up():
    tiers = READER_FRAMES["tiers"]
    assert [c for c in tiers.columns[1:]] == [f"{t.label} (% of draws)" for t in RUBRIC.tiers.levels]
    assert tiers.iloc[:, 1:].sum(axis=1).round(0).eq(100).all()
    assert READER_FRAMES["ranks"].iloc[:, 1:].sum(axis=1).round(0).eq(100).all()


def test_the_safeguard_table_gives_status_and_tier_in_words():
    frame = READER_FRAMES["safeguards"]
    assert set(frame["Tier after"]) <= {t.label for t in RUBRIC.tiers.levels}
    assert set(frame["Status now"]) <= {"In place", "Partly in place", "Absent", "Unknown", "Not applicable"}
