from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True)
def own_workspace(tmp_path, monkeypatch):
    """Each test gets an empty workspace of its own (the app seeds it on first use); the project's file is untouched."""
    url = f"sqlite:///{tmp_path / 'workspace.db'}"
    monkeypatch.setenv("DASHBOARD_WORKSPACE", url)
    return url
