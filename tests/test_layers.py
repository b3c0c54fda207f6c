"""The layers hold: import-linter's contracts (pyproject.toml) pass on the package, and fail on an upward import or
an import cycle, counting imports made inside functions."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # each test runs lint-imports in a subprocess


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the package under `root`, with the project's contracts."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())",
            "--no-cache",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


@pytest.fixture
def copy(tmp_path) -> Path:
    """The package and its contracts, copied so a test can break them."""
    shutil.copytree(ROOT / "dashboard", tmp_path / "dashboard", ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(module: Path, line: str, *, in_function: bool = False) -> None:
    text = module.read_text(encoding="utf-8")
    if in_function:
        line = f"\n\ndef _added() -> None:\n    {line}  # noqa\n"
        module.write_text(text + line, encoding="utf-8")
    else:
        module.write_text(text + f"\n{line}  # noqa\n", encoding="utf-8")


def test_the_package_keeps_every_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "0 broken" in result.stdout


@pytest.mark.parametrize(
    "module,line,contract",
    [
        ("core/scoring.py", "from dashboard.views import labels", "Layers"),
        ("views/ranking.py", "from dashboard.render import charts", "Layers"),
        ("render/export.py", "from dashboard.workspace import repository", "Layers"),
        ("workspace/service.py", "from dashboard.ui import state", "Layers"),
        ("core/evidence.py", "import plotly", "The core is pure"),
        ("views/palette.py", "import reportlab", "Views are renderer-neutral"),
        ("render/charts/base.py", "import streamlit", "Only the app imports streamlit"),
    ],
)
def test_an_import_against_the_layers_fails(copy, module, line, contract):
    add_import(copy / "dashboard" / module, line, in_function=True)
    result = lint(copy)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken and module.replace("/", ".").removesuffix(".py") in broken


def test_a_cycle_through_an_import_inside_a_function_fails(copy):
    # models imports text; text importing models back, even inside a function, is a cycle.
    add_import(copy / "dashboard" / "core" / "text.py", "from dashboard.core import models", in_function=True)
    result = lint(copy)
    assert result.returncode != 0
    assert "No import cycles" in result.stdout.split("Broken contracts", 1)[-1]
