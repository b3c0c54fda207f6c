"""Connecting to a workspace database: where it is by default, engines set up for safe concurrent writes, and
database errors in words a user can act on."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from dashboard.settings import DEFAULT_SQLITE, SQLITE_BUSY_MS, workspace_url_from_env
from dashboard.workspace.files import private_folder


def default_url() -> str:
    """`DASHBOARD_WORKSPACE` if set, else the SQLite file under `workspace/` in the project folder."""
    return workspace_url_from_env() or f"sqlite:///{DEFAULT_SQLITE}"


def describe(url: str) -> str:
    """The database URL as a user may see it: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unreadable workspace URL>"


_CONFIGURED: weakref.WeakSet[Engine] = weakref.WeakSet()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, a busy timeout and write transactions that take the lock up front."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    return prepare_engine(create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000}))


def prepare_engine(engine: Engine) -> Engine:
    """Make an engine built elsewhere (e.g. by `st.connection`) safe for the workspace; idempotent.

    For SQLite: create the file's folder, and on every new connection switch on WAL, a busy timeout and foreign
    keys, with BEGIN IMMEDIATE for every transaction. Other databases need nothing.
    """
    if engine in _CONFIGURED or engine.dialect.name != "sqlite":
        return engine
    database = engine.url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        create_private(Path(database))

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling is switched off so that BEGIN IMMEDIATE below is the only BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")  # first: every statement after it waits its turn
        switch_to_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # A deferred transaction that reads and then writes can fail at once with 'database is locked' when another
        # writer got there first; taking the write lock at BEGIN makes writers queue (busy_timeout) instead.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    _CONFIGURED.add(engine)
    return engine


def switch_to_wal(cursor: Any, busy_ms: int | None = None) -> None:
    """`PRAGMA journal_mode=WAL`, retried while SQLite says 'locked', for up to the busy timeout.

    On a brand-new file, two connections that both hold a shared lock and both want the exclusive one to switch the
    journal mode deadlock; SQLite breaks the tie by refusing one at once, without calling the busy handler. Without
    this retry, one of four first imports into a new file failed with 'the database is locked' (issue 28).
    """
    deadline = time.monotonic() + (SQLITE_BUSY_MS if busy_ms is None else busy_ms) / 1000
    pause = 0.001
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def create_private(database: Path) -> None:
    """A new SQLite file and its folder, readable by their owner only (0600, 0700): SQLite would create the file
    with the umask's mode (0644), and its -wal and -shm files take the database file's mode."""
    if database.exists():
        return
    private_folder(database.parent)
    with contextlib.suppress(FileExistsError):  # another process created it first: SQLite opens theirs
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def sqlite_file(engine: Engine) -> Path | None:
    """The SQLite file an engine writes, as an absolute path; None for an in-memory database or another server."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).resolve()


def file_identity(path: Path) -> tuple[int, int] | None:
    """What tells one file from another at the same path (device and inode); None when nothing is there."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def cause(exc: SQLAlchemyError) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    lowered = text.lower()
    if "locked" in lowered:
        return f"the database is locked by another program ({text}); try again in a moment"
    if "readonly" in lowered or "read-only" in lowered:
        return f"the database cannot be written ({text}); check that its file and folder are writable"
    if "disk is full" in lowered or "disk i/o" in lowered:
        return f"the database could not write to its disk ({text}); free some space, then try again"
    if "not a database" in lowered or "malformed" in lowered:
        return f"the file is not a usable SQLite database ({text}); restore it from a backup or point to another file"
    if "unable to open" in lowered or "connection" in lowered or "could not" in lowered or "refused" in lowered:
        return f"the database cannot be reached ({text}); check the address and that the server is running"
    return text


# What a user of the app reads about a database error, by cause: never the driver's text, which names the host, the
# user and the file (the administrator's log keeps it in full).
_PUBLIC_CAUSES = (
    (("locked",), "locked"),
    (("readonly", "read-only"), "read_only"),
    (("disk is full", "disk i/o"), "disk"),
    (("not a database", "malformed"), "not_a_database"),
    (("unable to open", "connection", "could not", "refused", "timeout", "password", "authentication"), "unreachable"),
)


def _public_cause(code: str) -> str:
    from dashboard.words import say

    return {
        "locked": say("workspace_error.locked"),
        "read_only": say("workspace_error.read_only"),
        "disk": say("workspace_error.disk"),
        "not_a_database": say("workspace_error.not_a_database"),
        "unreachable": say("workspace_error.unreachable"),
    }.get(code) or say("workspace_error.other")


def for_users(exc: BaseException, url: str | None = None) -> str:
    """`exc` as a user of the app may read it: a database error by its cause only, anything else with the workspace
    URL, host, user name and file path taken out. The full text belongs in the server's log."""

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, SQLAlchemyError):
            text = str(getattr(seen, "orig", None) or seen).lower()
            code = next((c for words, c in _PUBLIC_CAUSES if any(w in text for w in words)), "other")
            return _public_cause(code)
        seen = seen.__cause__
    return redact(str(exc), url or default_url())


def redact(text: str, url: str) -> str:
    """`text` with the workspace URL's description, host, user name, password and file path taken out."""
    from dashboard.words import say

    for secret in _identifying(url):
        text = text.replace(secret, say("workspace_error.the_database"))
    return text


def _identifying(url: str) -> list[str]:
    """The parts of a workspace URL that say where the database is and who connects: longest first."""
    parts = {url, describe(url)}
    try:
        parsed = make_url(url)
    except Exception:
        return [url]
    parts |= {parsed.host or "", parsed.username or "", parsed.password or ""}
    if parsed.database:
        parts |= {parsed.database, str(Path(parsed.database).resolve()), str(Path(parsed.database).resolve().parent)}
    return sorted((p for p in parts if len(p) >= 3 and p not in ("/", ".")), key=len, reverse=True)
