"""Answers identified by what they are: each answer given by a known respondent keeps a key of
(respondent, stage, touchpoint, channel, metric, date), so a wave re-exported or re-saved adds
only the answers not already there.  Answers saved before keep no key (they were never compared).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("responses") as batch:
        batch.add_column(sa.Column("answer_key", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("responses") as batch:
        batch.drop_column("answer_key")
