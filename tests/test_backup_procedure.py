"""The backup and restore procedure docs/workspace.md gives (issue 23), performed as written: SQLite's online backup
(the sqlite3 shell's `.backup`, or Python's backup API) and PostgreSQL's pg_dump / pg_restore, each into an empty
database. Every row comes back as it was: every version with its author, verification, message and time, the audit
trail, users, roles, briefings and drafts; `audit-log verify` passes on the copy, and the copy takes new saves."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from people import member
from sqlalchemy import select
from sqlalchemy.engine import make_url
from together import PG_URL, reset_postgres

from dashboard.cli.main import main
from dashboard.settings import DEFAULT_DATA
from dashboard.workspace import service
from dashboard.workspace import session as S
from dashboard.workspace.repository import Workspace, open_workspace
from dashboard.workspace.tables import Base

SET = DEFAULT_DATA.stem


def busy(ws: Workspace) -> Workspace:
    """A workspace with history worth keeping: versions by several people (one verified), a restore, members, a
    briefing, a draft, an opening and an export in the audit trail."""
    service.seed(ws)
    ann = member(ws, "ann", "owner")
    v1 = ann.version(SET, 1)
    ann.save(SET, v1.content + "# two\n", v1.info.rubric_pk, base=1, author="Ann", message="second", verified=True)
    ann.save(SET, v1.content + "# three\n", v1.info.rubric_pk, base=2, author="Ann", message="third\nline two")
    ann.restore(SET, 1, base=3, author="Ann")
    ws.create_set("Another set", v1.content, v1.info.rubric_pk, author="Cy", message="second set")
    ann.record_briefing(SET, 4, from_draft=False, content="c", options={"format": "pdf"}, pdf=b"%PDF", author="Ann")
    ann.put_draft(SET, 4, v1.info.rubric_pk, v1.content + "# draft\n", "Ann")
    S.open_set(ann, SET, record=True)
    ann.record("export", SET, 4, format="csv")
    return ws


def every_row(ws: Workspace) -> dict[str, list[tuple]]:
    """Every row of every table, times in UTC (SQLite hands them back without a zone)."""

    def plain(value):
        if isinstance(value, dt.datetime):
            return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return value

    out = {}
    with ws.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(plain(v) for v in row) for row in rows]
    return out


def check_restored(source: Workspace, restored_url: str, capsys) -> None:
    restored = open_workspace(restored_url)
    before, after = every_row(source), every_row(restored)
    assert after == before
    assert len(after["versions"]) == 5 and len(after["events"]) == 11  # not two empty databases
    code, out, err = main(["audit-log", "verify", "--workspace", restored_url]), *capsys.readouterr()
    assert code == 0, err
    assert "Audit trail intact" in out
    # The copy is a working workspace: the next save follows on, and the trail with it.
    v = restored.version(SET)
    restored.save(SET, v.content + "# after\n", v.info.rubric_pk, base=4, author="Ann", message="after restore")
    assert restored.verify().problems == []
    restored.engine.dispose()


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have {tool} (.ci/run installs it)")
        pytest.skip(f"{tool} is not installed")
    return path


@pytest.mark.parametrize("how", ["sqlite3-shell", "python"])
def test_a_sqlite_backup_made_while_the_app_runs_restores_whole_into_an_empty_file(tmp_path, capsys, how):
    live = tmp_path / "workspace.db"
    source = busy(open_workspace(f"sqlite:///{live}"))
    backup, restored = tmp_path / "backup.db", tmp_path / "restored" / "workspace.db"
    restored.parent.mkdir()
    with source.engine.connect():  # the app still holds the database open
        if how == "sqlite3-shell":  # docs/workspace.md: sqlite3 workspace.db ".backup backup.db"
            subprocess.run([need("sqlite3"), str(live), f".backup '{backup}'"], check=True)
            subprocess.run([need("sqlite3"), str(restored), f".restore '{backup}'"], check=True)
        else:  # docs/workspace.md: the same with Python's sqlite3 module, where the sqlite3 shell is not installed
            script = "import sqlite3, sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))"
            subprocess.run([sys.executable, "-c", script, str(live), str(backup)], check=True)
            subprocess.run([sys.executable, "-c", script, str(backup), str(restored)], check=True)
    assert sqlite3.connect(backup).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check_restored(source, f"sqlite:///{restored}", capsys)


@pytest.mark.postgres
def test_a_postgresql_backup_by_pg_dump_restores_whole_into_an_empty_database(tmp_path, capsys):
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL half: .ci/run sets DASHBOARD_TEST_POSTGRES")
        pytest.skip("no PostgreSQL server: set DASHBOARD_TEST_POSTGRES (as .ci/run does) to run this half")
    url = make_url(PG_URL)
    # The restore target: an empty database beside the test database (.ci/run creates <database>_restore).
    restore_url = url.set(database=f"{url.database}_restore")
    reset_postgres(PG_URL)
    reset_postgres(restore_url.render_as_string(hide_password=False))
    source = busy(open_workspace(PG_URL))
    # libpq's own form of each address, and the password from the environment: never on a command line.
    env = {**os.environ, "PGPASSWORD": url.password or ""}

    def libpq(u) -> str:
        return u.set(drivername="postgresql", password=None).render_as_string(hide_password=False)

    dump = tmp_path / "workspace.dump"
    subprocess.run([need("pg_dump"), "--format=custom", f"--file={dump}", libpq(url)], check=True, env=env)
    subprocess.run(
        [need("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={libpq(restore_url)}",
         str(dump)],
        check=True,
        env=env,
    )  # fmt: skip
    check_restored(source, restore_url.render_as_string(hide_password=False), capsys)
    source.engine.dispose()
