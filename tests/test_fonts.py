"""The fonts the app ships reach every renderer: the theme, the charts and the briefing name the same files."""

import tomllib
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from dashboard.render.charts import FONT
from dashboard.render.pdf.fonts import ARABIC_CANDIDATES, CJK_CANDIDATES, SHIPPED

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
FACES = CONFIG["theme"]["fontFaces"]


def test_static_serving_is_on_so_the_faces_come_from_the_apps_own_host():
    assert CONFIG["server"]["enableStaticServing"] is True
    assert all(face["url"].startswith("/app/static/") for face in FACES)


@pytest.mark.parametrize("face", FACES, ids=[f"{f['family']} {f.get('weight', '')}" for f in FACES])
def test_each_face_is_a_shipped_file_that_the_briefing_uses_too(face):
    path = SHIPPED.parent / face["url"].removeprefix("/app/static/")
    assert path.is_file(), path
    if "Bold" not in path.name:  # the bold face serves the app's headings; the briefing's bold is DejaVu
        assert str(path) in ARABIC_CANDIDATES + [c for c, _ in CJK_CANDIDATES]
    # the family named in the theme is the font's own, so DevTools and the charts find it by that name
    names = {r.toUnicode() for r in TTFont(path)["name"].names if r.nameID == 1}
    assert any(face["family"] in n or n.startswith(face["family"]) for n in names), names


@pytest.mark.parametrize("setting", ["font", "headingFont"])
def test_the_theme_falls_back_to_the_shipped_faces_before_any_system_font(setting):
    families = [f.strip() for f in CONFIG["theme"][setting].split(",")]
    shipped = {face["family"] for face in FACES}
    assert families[0] == "Source Sans"
    assert set(families[1 : 1 + len(shipped)]) == shipped  # straight after Streamlit's face, before generic ones


def test_the_charts_name_the_same_faces_in_the_same_order():
    families = [f.strip().strip('"') for f in FONT.split(",")]
    assert (
        families[: 1 + len({f["family"] for f in FACES})]
        == [f.strip() for f in CONFIG["theme"]["font"].split(",")][: 1 + len({f["family"] for f in FACES})]
    )


@pytest.mark.parametrize(
    "face_family, text",
    [("Noto Naskh Arabic", "چہرے کی شناخت"), ("Briefing CJK", "人脸识别系统华为")],
)
def test_the_unicode_range_covers_the_script_and_the_file_has_every_glyph(face_family, text):
    face = next(f for f in FACES if f["family"] == face_family)
    ranges = []
    for part in face["unicodeRange"].split(","):
        lo, _, hi = part.strip().removeprefix("U+").partition("-")
        ranges.append((int(lo, 16), int(hi or lo, 16)))
    cmap = TTFont(SHIPPED.parent / face["url"].removeprefix("/app/static/")).getBestCmap()
    for ch in text.replace(" ", ""):
        assert any(lo <= ord(ch) <= hi for lo, hi in ranges), ch
        assert ord(ch) in cmap, ch
