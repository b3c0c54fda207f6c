"""Bring a workspace database to the current schema from code: the app and the CLI call `upgrade` on opening one.

Alembic is imported only when a database is behind. An empty database is built from the models and stamped at
HEAD, as Alembic's own documentation recommends for a new database ("Building an Up to Date Database from Scratch");
a database at HEAD needs nothing. Either way a start skips importing Alembic (a third of a second), which the
first chart waits for. tests/test_store.py checks that HEAD is Alembic's head and that a database built by the
migrations equals one built from the models.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent
HEAD = "0005"  # the newest revision in versions/

# Any fixed number: the PostgreSQL advisory lock that makes first starts on an empty database take turns.
_SCHEMA_LOCK = 280_028

# Alembic's own bookkeeping table, as Alembic creates it.
_VERSION = Table("alembic_version", MetaData(), Column("version_num", String(32), primary_key=True))


def config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def current(connection: Connection) -> str | None:
    """The revision a database is at; None when it has no revision table (a new database)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(_VERSION.select()).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from dashboard.workspace.tables import Base

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Four processes creating the tables of one empty database at once collide in PostgreSQL's catalogue
            # ("duplicate key ... pg_type"); this lock, held to the end of the transaction, makes them take turns,
            # and the ones after the first find the schema at HEAD. SQLite's BEGIN IMMEDIATE does the same.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
        if revision == "head":
            at = current(connection)
            if at == HEAD:
                return
            if at is None and not inspect(connection).get_table_names():
                Base.metadata.create_all(connection)
                add_local_administrator(connection)
                _VERSION.create(connection)
                connection.execute(_VERSION.insert().values(version_num=HEAD))
                return
        from alembic import command

        command.upgrade(config(connection), revision)


def add_local_administrator(connection: Connection) -> None:
    """The local administrator every workspace has (0002 adds it to an existing one): personal mode's one user and
    the command line's user without --as."""
    import datetime as dt

    from sqlalchemy import insert

    from dashboard.workspace.tables import LOCAL_EMAIL, LOCAL_NAME, LOCAL_SUBJECT, UserRow

    row = {"subject": LOCAL_SUBJECT, "email": LOCAL_EMAIL, "name": LOCAL_NAME, "disabled": False, "site_admin": True}
    connection.execute(insert(UserRow).values(**row, created_at=dt.datetime.now(dt.UTC)))


def upgrade_with_alembic(engine: Engine, revision: str = "head") -> None:
    """The migrations themselves, for the test that compares them with the models."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(config(connection), revision)
