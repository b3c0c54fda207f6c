"""Every runtime setting is declared once (dashboard/settings.py) and documented (docs/settings.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard import settings

ROOT = Path(__file__).resolve().parent.parent
ENV_READ = re.compile(r"os\.environ\.get|os\.getenv|environ\[")
DOC = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented_with_its_value_and_variable(setting):
    row = next((line for line in DOC.splitlines() if line.startswith(f"| `{setting.name}` |")), None)
    assert row is not None, f"docs/settings.md has no row for {setting.name}"
    if isinstance(setting.value, int):
        assert f"`{setting.value:_}`" in row
    if setting.env:
        assert f"`{setting.env}`" in row


def test_every_declared_setting_is_in_the_table_and_has_its_value():
    names = {n for n in vars(settings) if n.isupper() and n not in ("CHECKOUT", "SETTINGS")}
    listed = {s.name for s in settings.SETTINGS}
    assert names == listed
    for s in settings.SETTINGS:
        if isinstance(s.value, int):
            assert getattr(settings, s.name) == s.value


def test_no_module_reads_an_environment_variable_of_its_own():
    # os.environ is read only through dashboard/settings.py (serve passes the environment on to its processes).
    readers = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "dashboard").rglob("*.py")
        if p.name != "settings.py" and ENV_READ.search(p.read_text(encoding="utf-8"))
    ]
    assert readers == []
