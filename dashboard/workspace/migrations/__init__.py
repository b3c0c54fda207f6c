"""Alembic migrations of the workspace schema (`dashboard/store.py`); applied on start by `run.upgrade`."""
