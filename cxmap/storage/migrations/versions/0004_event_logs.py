"""Event logs: one batch per imported file (the same file twice is a no-op) and one row per
event, with the stage and touchpoint its activity counts for and its time in UTC milliseconds.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.Text(), nullable=True),
        sa.Column("form", sa.String(length=8), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journeys.id"],
            name=op.f("fk_event_batches_journey_id_journeys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_batches")),
        sa.UniqueConstraint(
            "journey_id", "sha256", name=op.f("uq_event_batches_journey_id_sha256")
        ),
    )
    with op.batch_alter_table("event_batches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_batches_journey_id"), ["journey_id"], unique=False
        )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("case_key", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.String(length=300), nullable=False),
        sa.Column("activity", sa.String(length=300), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("stage", sa.String(length=300), nullable=True),
        sa.Column("touchpoint", sa.String(length=300), nullable=True),
        sa.Column("channel", sa.String(length=300), nullable=True),
        sa.Column("persona", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["event_batches.id"],
            name=op.f("fk_events_batch_id_event_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journeys.id"],
            name=op.f("fk_events_journey_id_journeys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_events_stage", ["journey_id", "stage", "case_key", "at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_stage")
    op.drop_table("events")
    with op.batch_alter_table("event_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_batches_journey_id"))
    op.drop_table("event_batches")
