"""Alembic environment: runs on the connection cxmap.storage.store passes in, or on the URL of
CXMAP_DATABASE_URL when run from the `alembic` command line (see alembic.ini)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from cxmap.storage.schema import metadata
from cxmap.storage.store import database_url


def _run(connection) -> None:
    context.configure(
        connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    with create_engine(database_url()).begin() as conn:
        _run(conn)
