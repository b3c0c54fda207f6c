"""The tamper-evident audit trail (issue 23): every step recorded with who, when, set and version, in a hash chain;
`audit-log verify` names a version or event changed, deleted or slipped in with plain SQL, on SQLite and PostgreSQL;
the workspace refuses to show an altered version; `audit-log export` writes JSON lines; on PostgreSQL the app's role
cannot UPDATE or DELETE history."""

from __future__ import annotations

import itertools
import json
import os

import pytest
from people import member
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError
from together import PG_URL, reset_postgres

from dashboard.cli.main import main
from dashboard.settings import DEFAULT_DATA
from dashboard.workspace import events as E
from dashboard.workspace import service
from dashboard.workspace import session as S
from dashboard.workspace.connection import make_engine
from dashboard.workspace.records import WorkspaceError
from dashboard.workspace.repository import Workspace, open_workspace

SET = DEFAULT_DATA.stem
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def need_postgres() -> str:
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL half: .ci/run sets DASHBOARD_TEST_POSTGRES")
        pytest.skip("no PostgreSQL server: set DASHBOARD_TEST_POSTGRES (as .ci/run does) to run this half")
    return PG_URL


@pytest.fixture(params=BACKENDS)
def ws(request, tmp_path):
    """A workspace with the bundled set at version 3 (two saves by Ann on top of the seed)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ws.db'}"
    else:
        url = need_postgres()
        reset_postgres(url)
    store = open_workspace(url)
    service.seed(store)
    content = store.version(SET, 1).content
    pk = store.latest(SET).rubric_pk
    store.save(SET, content + "# two\n", pk, base=1, author="Ann", message="second", verified=True)
    store.save(SET, content + "# three\n", pk, base=2, author="Ann", message="third")
    yield store
    store.engine.dispose()


def sql(ws: Workspace, statement: str, **params) -> None:
    """What an attacker with the database's password does: plain SQL, around the dashboard."""
    with ws.engine.begin() as conn:
        conn.execute(text(statement), params)


def actions(ws: Workspace) -> list[tuple[str, str | None, int | None, str]]:
    return [(e.action, e.set_id, e.version, e.user) for e in ws.audit_trail()]


# ------------------------------------------------------------------------------------------- recording


def test_an_untouched_workspace_verifies_and_names_its_last_hash(capsys, ws):
    code, out, err = run(capsys, "audit-log", "verify", "--workspace", ws.url)
    assert code == 0, err
    head = list(ws.audit_trail())[-1].sha256
    assert "Audit trail intact: 3 events, 3 versions in 1 sets checked" in out and head in out


def _steps(ws: Workspace, tmp_path) -> Workspace:
    """Every kind of step the trail records, taken once through the workspace (and the command line for export)."""
    ann = member(ws, "ann", "owner")  # add-user, sign-in, grant
    version = ann.version(SET, 3)
    ann.save(SET, version.content + "# four\n", version.info.rubric_pk, base=3, author="Ann", message="four")
    ann.restore(SET, 1, base=4, author="Ann")  # restore: version 5
    ann.record_briefing(SET, 5, from_draft=False, content="c", options={"format": "pdf"}, pdf=b"%PDF", author="Ann")
    assert not S.open_set(ann, SET, record=True).error
    service.import_set(ws, version.content + "# six\n", "six.yaml", set_id=SET, author="cli", message="six")
    member(ws, "bob", None)  # add-user, sign-in
    ann.grant(SET, "bob@example.org", "reader")
    ann.revoke(SET, "bob@example.org")
    ws.disable_user("bob@example.org")
    assert main(["workspace", "export", SET, "--out", str(tmp_path / "x.yaml"), "--workspace", ws.url]) == 0
    return ann


EXPECTED = [  # after the seed (import, v1) and the two saves by the local administrator (v2, v3)
    ("add-user", None, None, "admin@localhost"),
    ("sign-in", None, None, "ann@example.org"),
    ("grant", SET, None, "admin@localhost"),
    ("save", SET, 4, "ann@example.org"),
    ("restore", SET, 5, "ann@example.org"),
    ("brief", SET, 5, "ann@example.org"),
    ("open", SET, 5, "ann@example.org"),
    ("import", SET, 6, "admin@localhost"),
    ("add-user", None, None, "admin@localhost"),
    ("sign-in", None, None, "bob@example.org"),
    ("grant", SET, None, "ann@example.org"),
    ("revoke", SET, None, "ann@example.org"),
    ("disable-user", None, None, "admin@localhost"),
    ("export", SET, 6, "admin@localhost"),
]


def test_each_step_is_recorded_with_who_when_which_set_and_version(ws, tmp_path):
    _steps(ws, tmp_path)
    trail = list(ws.audit_trail())
    assert actions(ws)[:3] == [("import", SET, 1, "admin@localhost"), ("save", SET, 2, "admin@localhost")] + [
        ("save", SET, 3, "admin@localhost")
    ]
    assert actions(ws)[3:] == EXPECTED
    assert [e.seq for e in trail] == list(range(1, len(trail) + 1))
    assert all(a.at <= b.at for a, b in itertools.pairwise(trail))
    assert trail[13].detail == {"email": "bob@example.org", "role": "reader"}
    assert ws.verify().problems == []


def test_the_chain_links_each_event_to_the_one_before(ws):
    trail = list(ws.audit_trail())
    assert trail[0].prev_sha256 == E.GENESIS
    assert [e.prev_sha256 for e in trail[1:]] == [e.sha256 for e in trail[:-1]]
    assert len({e.sha256 for e in trail}) == len(trail)


def test_export_writes_every_event_as_a_json_line(capsys, ws, tmp_path):
    out_file = tmp_path / "trail.jsonl"
    code, out, err = run(capsys, "audit-log", "export", "--output", str(out_file), "--workspace", ws.url)
    assert code == 0, err
    assert "Wrote 3 audit events" in out
    lines = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert [(x["seq"], x["action"], x["version"]) for x in lines] == [(1, "import", 1), (2, "save", 2), (3, "save", 3)]
    assert lines[2]["prev_sha256"] == lines[1]["sha256"] and lines[1]["at"].endswith("Z")


@pytest.mark.parametrize("command", ["verify", "export"])
def test_only_a_site_administrator_reads_or_checks_the_trail(capsys, ws, command):
    member(ws, "ann", "owner")
    code, _, err = run(capsys, "audit-log", command, "--workspace", ws.url, "--as", "ann@example.org")
    assert code == 1 and "reading or checking the audit trail is for site administrators" in err


def test_the_history_page_source_lists_who_opened_and_briefed(ws):
    ann = member(ws, "ann", "reader")
    S.open_set(ann, SET, record=True)
    ann.record_briefing(SET, 3, from_draft=False, content="c", options={}, pdf=b"%PDF", author="Ann")
    seen = [(e.action, e.user, e.version) for e in ann.events(SET, ("open", "brief"))]
    assert seen == [("brief", "ann@example.org", 3), ("open", "ann@example.org", 3)]


def _record_many(url: str, k: int) -> int:
    store = open_workspace(url)
    for n in range(10):
        store.record("export", SET, 3, writer=k, n=n)
    store.engine.dispose()
    return k


def test_writers_recording_at_once_keep_one_unbroken_chain(ws):
    """Four processes appending at the same moment: no two events name the same event before them."""
    from together import together

    results = together(_record_many, [(ws.url, k) for k in range(4)])
    assert [error for _, error, _ in results] == [None] * 4
    trail = list(ws.audit_trail())
    assert len(trail) == 3 + 40 and [e.seq for e in trail] == list(range(1, 44))
    assert ws.verify().problems == []


# ------------------------------------------------------------------------------------------- tampering

# Each: plain SQL an attacker runs, and what `verify` must then say (and which version the workspace refuses).
TAMPERING = [
    pytest.param(
        "UPDATE versions SET author = 'Verified Reviewer', author_verified = :yes WHERE set_id = :s AND number = 2",
        "version 2 of '{s}' was altered",
        2,
        id="update-author",
    ),
    pytest.param(
        "UPDATE versions SET content = content || '# forged', sha256 = 'x' WHERE set_id = :s AND number = 1",
        "version 1 of '{s}' was altered",
        1,
        id="update-content",
    ),
    pytest.param(
        "DELETE FROM versions WHERE set_id = :s AND number = 1", "version 1 of '{s}' is missing", None, id="delete"
    ),
    pytest.param(
        "INSERT INTO versions (set_id, number, parent, rubric_pk, content, sha256, author, author_verified, message, "
        "created_at, row_sha256) SELECT set_id, 4, 3, rubric_pk, content, sha256, 'Eve', author_verified, 'slipped "
        "in', created_at, row_sha256 FROM versions WHERE set_id = :s AND number = 3",
        "version 4 of '{s}' is not in the audit trail",
        4,
        id="insert-version",
    ),
    pytest.param(
        "UPDATE events SET \"user\" = 'someone@else' WHERE seq = 2",
        "audit event 2 (save by someone@else",
        None,
        id="update-event",
    ),
    pytest.param("DELETE FROM events WHERE seq = 2", "audit event(s) 2 missing", 2, id="delete-event"),
]


@pytest.mark.parametrize("statement,says,refused", TAMPERING)
def test_verify_names_what_plain_sql_changed_and_exits_1(capsys, ws, statement, says, refused):
    params = {"s": SET, "yes": True} if ":yes" in statement else {"s": SET}
    sql(ws, statement, **params)
    code, out, err = run(capsys, "audit-log", "verify", "--workspace", ws.url)
    assert code == 1 and "Audit trail intact" not in out
    assert says.format(s=SET) in err


@pytest.mark.parametrize("statement,says,refused", [p for p in TAMPERING if p.values[2] is not None])
def test_the_workspace_refuses_to_show_an_altered_version(capsys, ws, statement, says, refused):
    params = {"s": SET, "yes": True} if ":yes" in statement else {"s": SET}
    sql(ws, statement, **params)
    with pytest.raises(WorkspaceError, match=f"refused to show it: version {refused} of '{SET}'"):
        ws.version(SET, refused)
    with pytest.raises(WorkspaceError, match="refused to show it"):
        ws.history(SET)
    # The command line's export and the pages' opening go through the same read.
    code, _, err = run(capsys, "workspace", "export", SET, "--version", str(refused), "--out", "/dev/null",
                       "--workspace", ws.url)  # fmt: skip
    assert code == 1 and "refused to show it" in err
    code, _, err = run(capsys, "brief", "--set", SET, "--version", str(refused), "--out", "/dev/null",
                       "--workspace", ws.url)  # fmt: skip
    assert code == 1 and "refused to show it" in err
    assert "refused to show it" in (S.open_set(ws, SET, refused).error or "")


def test_content_changed_under_its_old_hash_is_refused_when_read(capsys, ws):
    """The list of versions stands on each content's hash; reading the content checks the content itself."""
    sql(ws, "UPDATE versions SET content = content || '# forged' WHERE set_id = :s AND number = 1", s=SET)
    with pytest.raises(WorkspaceError, match=f"refused to show it: version 1 of '{SET}' was altered"):
        ws.version(SET, 1)
    code, _, err = run(capsys, "audit-log", "verify", "--workspace", ws.url)
    assert code == 1 and f"version 1 of '{SET}' was altered" in err


def test_a_version_rewritten_with_its_hashes_recomputed_still_differs_from_the_trail(ws):
    """An attacker who knows the encoding recomputes both of the row's hashes: the event that added it disagrees."""
    sql(ws, "UPDATE versions SET author = 'Verified Reviewer' WHERE set_id = :s AND number = 2", s=SET)
    with ws.transaction() as s:
        from dashboard.workspace.tables import VersionRow

        row = s.query(VersionRow).filter_by(set_id=SET, number=2).one()
        row.row_sha256 = E.row_hash(row)
    assert ws.verify().problems == [f"version 2 of '{SET}' was altered after it was saved: its content or details "
                                    "no longer match the hash the audit trail recorded"]  # fmt: skip
    with pytest.raises(WorkspaceError, match="was altered"):
        ws.version(SET, 2)


def test_a_workspace_from_before_the_trail_is_backfilled_and_then_checked(tmp_path, capsys):
    from dashboard.workspace.migrations import run as migrations

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    migrations.upgrade_with_alembic(engine, "0003")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO rubrics VALUES (1, 'r', '1', 'R', 'r.yaml', 'h', 'x', '2026-01-01')"))
        conn.execute(text("INSERT INTO assessment_sets VALUES ('old', 'Old', '2026-01-01', 'Ann')"))
        for n in (1, 2):
            sha = E.R.sha256(f"v{n}")
            conn.execute(
                text(f"INSERT INTO versions VALUES ({n}, 'old', {n}, NULL, 1, 'v{n}', '{sha}', 'Ann', 0, 'm', "
                     "'2026-01-01 10:00:00.000000')")
            )  # fmt: skip
    engine.dispose()
    store = open_workspace(url)
    assert [(e.action, e.version) for e in store.audit_trail()] == [("backfill", 1), ("backfill", 2)]
    assert store.verify().problems == [] and store.version("old", 2).content == "v2"
    sql(store, "UPDATE versions SET content = 'forged' WHERE number = 1")
    code, _, err = run(capsys, "audit-log", "verify", "--workspace", url)
    assert code == 1 and "version 1 of 'old' was altered" in err


# ------------------------------------------------------------------------------------------- PostgreSQL role

APP_ROLE = "dashboard_app"  # .ci/run creates it (LOGIN, password dashboard_app): creating roles needs a superuser


@pytest.mark.postgres
def test_the_app_role_adds_versions_but_cannot_update_or_delete_history(capsys):
    owner_url = need_postgres()
    reset_postgres(owner_url)
    owner = open_workspace(owner_url)
    service.seed(owner)
    code, out, err = run(capsys, "workspace", "grant-app-role", APP_ROLE, "--workspace", owner_url)
    assert code == 0, err
    assert "REVOKE ALL ON TABLE versions FROM dashboard_app" in out
    app_url = make_url(owner_url).set(username=APP_ROLE, password=APP_ROLE).render_as_string(hide_password=False)
    app = open_workspace(app_url)  # the app starts as this role: the schema is at head, nothing to migrate
    latest = app.version(SET)
    app.save(SET, latest.content + "# by the app\n", latest.info.rubric_pk, base=1, author="Ann", message="two")
    S.open_set(app, SET, record=True)
    app.put_draft(SET, 2, latest.info.rubric_pk, "draft", "Ann")
    app.discard_draft(SET)
    engine = create_engine(app_url)
    for statement in (
        "UPDATE versions SET author = 'Verified Reviewer'",
        "DELETE FROM versions WHERE number = 1",
        "UPDATE events SET \"user\" = 'x'",
        "DELETE FROM events",
        "TRUNCATE events",
    ):
        with engine.connect() as conn, pytest.raises(ProgrammingError, match="permission denied"):
            conn.execute(text(statement))
    engine.dispose()
    assert app.verify().problems == [] and [v.number for v in owner.history(SET)] == [1, 2]
    app.engine.dispose()
    owner.engine.dispose()


def test_grant_app_role_refuses_a_name_that_is_not_a_plain_role():
    from dashboard.workspace.app_role import statements

    with pytest.raises(WorkspaceError, match="not a role name"):
        statements("x; DROP TABLE versions", ["versions", "events"])
    assert "GRANT SELECT, INSERT ON TABLE versions TO app" in statements("app", ["versions", "events"])


def test_review_decisions_and_rating_rounds_enter_the_trail(ws):
    """Issue 23 names review decisions among the steps recorded; rating rounds are recorded the same way."""
    from dashboard.workspace import review, rounds

    set_id = ws.sets()[0].id
    ann, rex = member(ws, "ann", "analyst"), member(ws, "rex", "reviewer")
    review.act(ann, set_id, None, "request", message="please review")
    review.act(rex, set_id, None, "request_changes", message="cite the order")
    member(ws, "bob", "analyst")
    info = rounds.open_round(ws, set_id, version=1, raters=["ann@example.org", "bob@example.org"])
    rounds.close(ws, set_id, info.number)
    latest = ws.latest(set_id).number
    found = sorted(
        (e.seq, e.user, e.action, e.version) for e in ws.events(set_id) if e.action.startswith(("review-", "round-"))
    )
    assert [x[1:] for x in found] == [
        ("ann@example.org", "review-request", latest),
        ("rex@example.org", "review-request_changes", latest),
        (str(ws.actor), "round-open", 1),
        (str(ws.actor), "round-close", 1),
    ]
    assert ws.verify().problems == []
