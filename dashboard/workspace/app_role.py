"""The PostgreSQL role the app connects as: it may read everything and add rows, but never UPDATE or DELETE a
version or an audit event, so a compromised app (or anyone with its password) cannot rewrite history.

`grant_app_role` is run by the database's owner (the role that ran the migrations) after every upgrade, through
`python -m dashboard workspace grant-app-role ROLE`; docs/workspace.md gives the whole setup. The role itself is
created by a PostgreSQL administrator (`CREATE ROLE ... LOGIN`), who alone may create roles.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, inspect, text

from dashboard.workspace.records import WorkspaceError

APPEND_ONLY = ("versions", "events")  # history: the app adds rows and never changes or removes one
# Tables whose rows the app changes in the ordinary course: a user's name on sign-in, a member's role, a draft, and
# a set's row locked (SELECT ... FOR UPDATE, which PostgreSQL allows only with UPDATE) while a version is saved.
CHANGEABLE = ("users", "memberships", "drafts", "assessment_sets")
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def statements(role: str, tables: list[str]) -> list[str]:
    """The GRANT and REVOKE statements for `role` on `tables` (every table of the workspace)."""
    if not ROLE_NAME.fullmatch(role):
        raise WorkspaceError(
            f"'{role}' is not a role name this command accepts: lower-case letters, digits and '_', starting with a "
            "letter or '_' (for example dashboard_app)"
        )
    missing = [t for t in APPEND_ONLY if t not in tables]
    if missing:
        raise WorkspaceError(
            f"the workspace has no table {', '.join(missing)}: open it once with the owner's URL so it is upgraded"
        )
    out = [f"GRANT USAGE ON SCHEMA public TO {role}"]
    for table in sorted(tables):
        out.append(f"REVOKE ALL ON TABLE {table} FROM {role}")
        if table == "alembic_version":
            out.append(f"GRANT SELECT ON TABLE {table} TO {role}")  # the app checks the schema; the owner migrates
        elif table in CHANGEABLE:
            out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {table} TO {role}")
        else:
            out.append(f"GRANT SELECT, INSERT ON TABLE {table} TO {role}")
    out.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    return out


def grant_app_role(engine: Engine, role: str) -> list[str]:
    """Give `role` what the app needs on the workspace at `engine`, and no more; the statements run."""
    if engine.dialect.name != "postgresql":
        raise WorkspaceError(
            "grant-app-role is for PostgreSQL: a SQLite workspace is a file, protected by its owner and mode (0600)"
        )
    with engine.begin() as connection:
        tables = inspect(connection).get_table_names(schema="public")
        done = statements(role, tables)
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar()
        if not exists:
            raise WorkspaceError(
                f"PostgreSQL has no role '{role}': a PostgreSQL administrator creates it first, e.g. "
                f"sudo -u postgres psql -c \"CREATE ROLE {role} LOGIN PASSWORD '...'\""
            )
        for statement in done:
            connection.execute(text(statement))
    return done
