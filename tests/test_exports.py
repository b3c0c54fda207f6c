"""Each package that re-exports its submodules' names lists exactly those names in `__all__`, so a public function
added to a submodule cannot go silently missing from the package (and `__all__` names nothing that is gone).

A package re-exports the submodules its `__init__` imports from; the others (e.g. `views.messages`) are imported by
their full name and are not checked here.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGES = ["dashboard.views", "dashboard.core.authoring", "dashboard.render.charts"]


def _tree(module: str) -> ast.Module:
    path = importlib.import_module(module).__file__
    assert path is not None
    return ast.parse(Path(path).read_text(encoding="utf-8"))


def _reexported_modules(package: str) -> set[str]:
    """The submodules the package's `__init__` imports names from."""
    return {
        node.module
        for node in _tree(package).body
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(package + ".")
    }


def _public_names(module: str) -> set[str]:
    """The public names a module defines at its top level: functions, classes and assigned constants."""
    names: set[str] = set()
    for node in _tree(module).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_")}


@pytest.mark.parametrize("package", PACKAGES)
def test_all_lists_every_public_name_of_the_reexported_submodules(package):
    expected = set().union(*(_public_names(m) for m in _reexported_modules(package)))
    listed = set(importlib.import_module(package).__all__)
    assert sorted(expected - listed) == [], "defined in a submodule but missing from __all__ (import and list it)"
    assert sorted(listed - expected) == [], "listed in __all__ but defined by no re-exported submodule"


@pytest.mark.parametrize("package", PACKAGES)
def test_all_names_resolve_and_are_unique(package):
    mod = importlib.import_module(package)
    assert len(mod.__all__) == len(set(mod.__all__))
    for name in mod.__all__:
        assert getattr(mod, name, None) is not None, name
