"""`python -m dashboard users ...`, `access ...` and `--as EMAIL`: what an administrator does, and what a user may not
(exit 1, a message naming the role needed, no traceback)."""

from __future__ import annotations

import json

import pytest

from dashboard.cli.main import main
from dashboard.settings import DEFAULT_DATA
from dashboard.workspace import service
from dashboard.workspace.repository import open_workspace

SET = DEFAULT_DATA.stem


@pytest.fixture
def url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'ws.db'}"
    service.seed(open_workspace(url))
    return url


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_an_administrator_adds_users_and_grants_roles(capsys, url):
    assert run(capsys, "users", "add", "ann@example.org", "--name", "Ann", "--workspace", url)[0] == 0
    assert run(capsys, "users", "add", "boss@example.org", "--admin", "--workspace", url)[0] == 0
    code, out, _ = run(capsys, "users", "list", "--format", "json", "--workspace", url)
    users = {u["email"]: u for u in json.loads(out)}
    assert code == 0 and users["boss@example.org"]["site_admin"] and not users["ann@example.org"]["site_admin"]
    code, out, _ = run(capsys, "access", "grant", SET, "ann@example.org", "--role", "analyst", "--workspace", url)
    assert code == 0 and "analyst role" in out
    code, out, _ = run(capsys, "access", "list", SET, "--format", "json", "--workspace", url)
    assert {m["email"]: m["role"] for m in json.loads(out)} == {
        "admin@localhost": "owner",
        "ann@example.org": "analyst",
    }
    assert run(capsys, "access", "revoke", SET, "ann@example.org", "--workspace", url)[0] == 0
    assert run(capsys, "users", "disable", "ann@example.org", "--workspace", url)[0] == 0
    code, out, _ = run(capsys, "users", "list", "--workspace", url)
    assert "ann@example.org   Ann  (disabled)" in out


@pytest.mark.parametrize(
    ("argv", "needed"),
    [
        (["workspace", "history", SET], "viewing the set needs the reader role"),
        (["workspace", "export", SET, "--out", "{tmp}/x.yaml"], "viewing the set needs the reader role"),
        (["score", "--set", SET], "viewing the set needs the reader role"),
        (["brief", "--set", SET, "--out", "{tmp}/b.pdf"], "viewing the set needs the reader role"),
        (["workspace", "import", str(DEFAULT_DATA), "--set", SET], "saving a version needs the analyst role"),
        (["access", "grant", SET, "rita@example.org", "--role", "owner"], "managing members needs the owner role"),
        (["users", "add", "x@example.org"], "managing users is for site administrators"),
        (["workspace", "export-all", "{tmp}/backup"], "is for site administrators"),
    ],
)
@pytest.mark.parametrize("role", [None, "reader"])
def test_a_user_is_refused_what_their_role_does_not_allow(capsys, url, tmp_path, argv, needed, role):
    run(capsys, "users", "add", "rita@example.org", "--workspace", url)
    if role:
        run(capsys, "access", "grant", SET, "rita@example.org", "--role", role, "--workspace", url)
    if role == "reader" and "viewing" in needed:
        needed = ""  # a reader may view, export, score and brief
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, _, err = run(capsys, *argv, "--workspace", url, "--as", "rita@example.org")
    if not needed:
        assert code == 0, err
        return
    assert code == 1 and needed in err and "rita@example.org" in err and "Traceback" not in err


def test_as_an_unknown_user_is_refused_and_says_how_to_add_them(capsys, url):
    code, _, err = run(capsys, "workspace", "list", "--workspace", url, "--as", "nobody@example.org")
    assert code == 1 and "users add nobody@example.org" in err


def test_a_list_shows_only_the_sets_of_the_user(capsys, url):
    run(capsys, "users", "add", "rita@example.org", "--workspace", url)
    code, out, _ = run(capsys, "workspace", "list", "--workspace", url, "--as", "rita@example.org")
    assert code == 0 and "No assessment sets" in out
    code, out, _ = run(capsys, "workspace", "list", "--workspace", url)
    assert SET in out
