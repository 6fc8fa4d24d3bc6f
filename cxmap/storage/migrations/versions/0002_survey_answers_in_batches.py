"""Survey answers in batches: one row per imported file (its SHA-256 makes a second import of
the same file a no-op), each answer's batch, respondent and quarter, and the tallies every
measured KPI is summed from (so answers lose their touchpoint index, which slowed imports).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "response_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.Text(), nullable=True),
        sa.Column("form", sa.String(length=8), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journeys.id"],
            name=op.f("fk_response_batches_journey_id_journeys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_batches")),
        sa.UniqueConstraint(
            "journey_id", "sha256", name=op.f("uq_response_batches_journey_id_sha256")
        ),
    )
    with op.batch_alter_table("response_batches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_response_batches_journey_id"), ["journey_id"], unique=False
        )

    op.create_table(
        "response_tallies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=300), nullable=True),
        sa.Column("touchpoint", sa.String(length=300), nullable=True),
        sa.Column("channel", sa.String(length=300), nullable=True),
        sa.Column("persona", sa.String(length=300), nullable=True),
        sa.Column("period", sa.String(length=16), nullable=True),
        sa.Column("metric", sa.String(length=8), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("promoters", sa.Integer(), nullable=False),
        sa.Column("detractors", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("squares", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["response_batches.id"],
            name=op.f("fk_response_tallies_batch_id_response_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journeys.id"],
            name=op.f("fk_response_tallies_journey_id_journeys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_tallies")),
    )
    with op.batch_alter_table("response_tallies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_response_tallies_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_response_tallies_journey_id"), ["journey_id"], unique=False
        )

    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("respondent", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("period", sa.String(length=16), nullable=True))
        batch_op.drop_index(batch_op.f("ix_responses_journey_touchpoint"))
        batch_op.create_index("ix_responses_batch", ["batch_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_responses_batch_id_response_batches"),
            "response_batches",
            ["batch_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_responses_batch_id_response_batches"), type_="foreignkey"
        )
        batch_op.drop_index("ix_responses_batch")
        batch_op.create_index(
            batch_op.f("ix_responses_journey_touchpoint"),
            ["journey_id", "touchpoint"],
            unique=False,
        )
        batch_op.drop_column("period")
        batch_op.drop_column("respondent")
        batch_op.drop_column("batch_id")

    with op.batch_alter_table("response_tallies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_tallies_journey_id"))
        batch_op.drop_index(batch_op.f("ix_response_tallies_batch_id"))

    op.drop_table("response_tallies")
    with op.batch_alter_table("response_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_batches_journey_id"))

    op.drop_table("response_batches")
