"""Alembic environment: runs on the connection that `run.upgrade` hands over (never a URL from an ini file)."""

from alembic import context

from dashboard.workspace.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through dashboard.workspace.migrations.run.upgrade(engine)")
# render_as_batch lets later migrations alter tables on SQLite, which has no ALTER COLUMN.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
