"""Each activity of a log once (its touchpoint now, the one asked for at import, its events),
filled from the events already imported; and the whole log's measures kept at import (issue
13): one row per journey with an event log,
holding the unfiltered funnel, paths and counts computed by the measuring SQL, and the stages
they were computed over; and the events' index also covers the touchpoint, the channel and the
persona, so that counting cases per touchpoint and every filtered measure read the index alone.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_activities",
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("activity", sa.String(length=300), nullable=False),
        sa.Column("stage", sa.String(length=300), nullable=True),
        sa.Column("touchpoint", sa.String(length=300), nullable=True),
        sa.Column("mapped_to", sa.String(length=300), nullable=True),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journeys.id"],
            name=op.f("fk_event_activities_journey_id_journeys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("journey_id", "activity", name=op.f("pk_event_activities")),
    )
    op.execute(
        "INSERT INTO event_activities (journey_id, activity, stage, touchpoint, events) "
        "SELECT journey_id, activity, MIN(stage), MIN(touchpoint), COUNT(*) FROM events "
        "GROUP BY journey_id, activity"
    )
    op.create_table(
        "event_measures",
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column("measures", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journeys.id"],
            name=op.f("fk_event_measures_journey_id_journeys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("journey_id", name=op.f("pk_event_measures")),
    )
    op.drop_index("ix_events_stage", table_name="events")
    op.create_index(
        "ix_events_stage",
        "events",
        ["journey_id", "stage", "case_key", "at", "touchpoint", "channel", "persona"],
    )


def downgrade() -> None:
    op.drop_index("ix_events_stage", table_name="events")
    op.create_index("ix_events_stage", "events", ["journey_id", "stage", "case_key", "at"])
    op.drop_table("event_measures")
    op.drop_table("event_activities")
