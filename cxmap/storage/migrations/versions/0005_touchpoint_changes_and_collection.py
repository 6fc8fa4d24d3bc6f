"""Touchpoints keep the target journey's decisions (change, replaces), the data-collection plan
(data collected, collection mechanism) and the event-log activities that mean them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("touchpoints") as batch:
        batch.add_column(sa.Column("change", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("replaces", sa.String(length=300), nullable=True))
        batch.add_column(
            sa.Column("data_collected", sa.JSON(), nullable=False, server_default="[]")
        )
        batch.add_column(sa.Column("collection_mechanism", sa.Text(), nullable=True))
        batch.add_column(sa.Column("events", sa.JSON(), nullable=False, server_default="[]"))
    # existing rows got "[]"; new rows are written by cxmap with their lists
    with op.batch_alter_table("touchpoints") as batch:
        batch.alter_column("data_collected", server_default=None)
        batch.alter_column("events", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("touchpoints") as batch:
        for column in ("events", "collection_mechanism", "data_collected", "replaces", "change"):
            batch.drop_column(column)
