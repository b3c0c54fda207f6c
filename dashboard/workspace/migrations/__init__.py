"""Alembic migrations of the workspace schema (`dashboard/workspace/tables.py`); applied on start by `run.upgrade`."""
