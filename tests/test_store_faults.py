"""The workspace under faults (issue 28): a database file deleted or replaced while the app runs, a connection that
cannot write, a crash right after a save, a new set's id taken meanwhile, a new SQLite file's first writers.

Nothing is reported saved unless the database that will be read again has it; nothing typed is lost.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3

import pytest
from sqlalchemy import event

from dashboard.settings import DEFAULT_DATA
from dashboard.workspace import repository, service
from dashboard.workspace import session as S
from dashboard.workspace.records import SaveConflict, WorkspaceError
from dashboard.workspace.repository import Workspace, open_workspace
from tests.people import member

SET = DEFAULT_DATA.stem
ANN = S.Author("Ann")


@pytest.fixture
def path(tmp_path):
    return tmp_path / "ws.db"


@pytest.fixture
def ws(path) -> Workspace:
    store = open_workspace(f"sqlite:///{path}")
    service.seed(store)
    return store


def _drafted(ws: Workspace) -> S.Session:
    """A session on the bundled set with one change in its draft."""
    opened = S.open_set(ws, SET).session
    assert opened is not None
    changed = opened.content.replace("level: 4\n", "level: 3\n", 1)
    drafted = S.put_draft(ws, opened, changed, ANN.name)
    assert not drafted.error and drafted.session is not None
    return drafted.session


# ------------------------------------------------------------------------ item 2: the file is the one opened


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_save_into_a_deleted_or_replaced_file_is_an_error_naming_it_and_the_draft_is_kept(ws, path, tmp_path, how):
    session = _drafted(ws)
    if how == "deleted":
        os.remove(path)
    else:
        other = open_workspace(f"sqlite:///{tmp_path / 'other.db'}")
        other.engine.dispose()
        os.replace(tmp_path / "other.db", path)
    outcome = S.save_version(ws, session, "lowered a level", ANN)
    assert outcome.version is None and "Saved" not in outcome.message
    assert str(path) in outcome.error and how in outcome.error and "draft is kept" in outcome.error
    assert outcome.session is not None and outcome.session.has_draft  # the change is still in the session
    assert outcome.session.content == session.content


def test_a_file_put_back_where_it_was_is_written_again(ws, path, tmp_path):
    session = _drafted(ws)
    os.replace(path, tmp_path / "moved.db")
    assert "deleted" in S.save_version(ws, session, "m", ANN).error
    os.replace(tmp_path / "moved.db", path)
    saved = S.save_version(ws, session, "m", ANN)
    assert saved.version is not None and saved.version.number == 2
    assert [v.number for v in open_workspace(f"sqlite:///{path}").history(SET)] == [1, 2]


# ------------------------------------------------------------------- item 3: recovery without a restart


def test_after_a_write_fails_the_next_write_uses_a_fresh_connection(ws):
    """A connection opened while the file was read-only stays read-only; once the file is writable again, the next
    save must succeed without a restart (the pool's connections are replaced after a failure)."""
    content = ws.version(SET, 1).content + "# edited\n"
    read_only = {"on": True}

    @event.listens_for(ws.engine, "connect")
    def _as_if_read_only(dbapi_connection, _record):
        if read_only["on"]:
            dbapi_connection.execute("PRAGMA query_only=ON")

    ws.engine.dispose()  # the next connection opens while the file is read-only
    with pytest.raises(WorkspaceError) as info:
        ws.save(SET, content, 1, base=1, author="Ann", message="m")
    assert "cannot be written" in str(info.value) and "ws.db" in str(info.value)
    read_only["on"] = False  # the file is writable again
    assert ws.save(SET, content, 1, base=1, author="Ann", message="m").number == 2


# -------------------------------------------------------------- item 4: the draft goes with its own save


class Killed(BaseException):
    """The server killed between two steps (not an Exception: nothing catches it)."""


def test_a_crash_right_after_a_save_does_not_leave_the_user_in_conflict_with_themselves(ws, monkeypatch):
    session = _drafted(ws)

    def killed(*_args, **_kwargs):
        raise Killed

    monkeypatch.setattr(Workspace, "discard_draft", killed)  # whatever runs after the save's transaction, dies
    with contextlib.suppress(Killed):
        S.save_version(ws, session, "lowered a level", ANN)
    monkeypatch.undo()
    assert [v.number for v in ws.history(SET)] == [1, 2]
    again = S.open_set(ws, SET).session  # the reload after the restart
    assert again is not None and not again.has_draft and again.base == 2


def test_a_save_deletes_its_draft_in_its_transaction_and_a_refused_one_keeps_it(ws):
    pk = ws.latest(SET).rubric_pk
    ann, bob = member(ws, "ann"), member(ws, "bob")
    ann.put_draft(SET, 1, pk, "mine", "Ann")
    bob.put_draft(SET, 1, pk, "theirs", "Bob")
    ann.save(SET, "mine", pk, base=1, author="Ann", message="m", discard_draft=True)
    assert ann.draft(SET) is None and bob.draft(SET) is not None
    with pytest.raises(SaveConflict):
        bob.save(SET, "theirs", pk, base=1, author="Bob", message="m", discard_draft=True)
    assert bob.draft(SET).content == "theirs"


# ------------------------------------------------------------------ item 1: a new set is the caller's own


def test_a_new_set_whose_id_was_taken_meanwhile_gets_another_and_never_appends(ws, monkeypatch):
    """Another writer took the id this import chose (simulated: the first choice is an existing set): the import
    chooses again, in a new transaction, and the other set keeps its one version."""
    real = repository._free_id
    choices = iter([SET])
    monkeypatch.setattr(repository, "_free_id", lambda s, title: next(choices, None) or real(s, title))
    info = service.import_set(ws, DEFAULT_DATA.read_bytes(), "mine.yaml", author="Ann", message="m")
    assert info.set_id != SET and info.number == 1 and info.parent is None
    assert [v.number for v in ws.history(SET)] == [1]


def test_an_import_without_a_set_never_appends_to_an_existing_set(ws):
    first = service.import_set(ws, DEFAULT_DATA.read_bytes(), "first.yaml", author="Ann", message="m")
    again = service.import_set(ws, DEFAULT_DATA.read_bytes(), "again.yaml", author="Bob", message="m")
    assert (again.set_id, again.number) == (f"{first.set_id}_2", 1)
    assert [v.number for v in ws.history(first.set_id)] == [1]


# ------------------------------------------------------------- item 10: a new file's first writers wait


class _Cursor:
    """Answers 'database is locked' `fails` times, as SQLite does to one of two first connections on a new file."""

    def __init__(self, fails: int, error: str = "database is locked") -> None:
        self.fails, self.error, self.calls = fails, error, 0

    def execute(self, sql: str) -> None:
        self.calls += 1
        if self.calls <= self.fails:
            raise sqlite3.OperationalError(self.error)


def test_switching_a_new_file_to_wal_waits_while_it_is_locked():
    from dashboard.workspace.connection import switch_to_wal

    cursor = _Cursor(fails=3)
    switch_to_wal(cursor, busy_ms=10_000)
    assert cursor.calls == 4


@pytest.mark.parametrize("error,fails", [("disk I/O error", 1), ("database is locked", 10**9)])
def test_switching_to_wal_gives_up_on_other_errors_and_after_the_busy_timeout(error, fails):
    from dashboard.workspace.connection import switch_to_wal

    cursor = _Cursor(fails=fails, error=error)
    with pytest.raises(sqlite3.OperationalError):
        switch_to_wal(cursor, busy_ms=50)


def test_the_busy_timeout_is_set_before_the_journal_mode_on_a_new_connection(path):
    from sqlalchemy import create_engine

    from dashboard.workspace.connection import prepare_engine

    traced: list[str] = []

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.set_trace_callback(traced.append)
        return conn

    engine = prepare_engine(create_engine("sqlite://", creator=connect))
    with engine.connect():
        pass
    ours = [t.split("=")[0] for t in traced if t.startswith(("PRAGMA busy_timeout", "PRAGMA journal_mode"))]
    assert ours == ["PRAGMA busy_timeout", "PRAGMA journal_mode"]
