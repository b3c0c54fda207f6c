import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True, scope="session")
def session_workspace(tmp_path_factory) -> Iterator[str]:
    """Module-scoped app fixtures start before any per-test fixture: give them a fresh workspace too, never the
    developer's `workspace/workspace.db` (stale content there would make tests pass or fail by accident)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('session') / 'workspace.db'}"
    before = os.environ.get("DASHBOARD_WORKSPACE")
    os.environ["DASHBOARD_WORKSPACE"] = url
    yield url
    if before is None:
        os.environ.pop("DASHBOARD_WORKSPACE", None)
    else:
        os.environ["DASHBOARD_WORKSPACE"] = before


@pytest.fixture(autouse=True)
def own_workspace(tmp_path, monkeypatch):
    """Each test gets an empty workspace of its own (the app seeds it on first use); the project's file is untouched."""
    url = f"sqlite:///{tmp_path / 'workspace.db'}"
    monkeypatch.setenv("DASHBOARD_WORKSPACE", url)
    return url
