"""Open Badges: the learners' share links (badge_shares).

Revision ID: 0010
Revises: 0009
Create Date: 2027-01-20

Frozen like 0004–0009: plain SQLAlchemy types and explicit constraint names, nothing
imported from the gateway.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "badge_shares",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=True),
        sa.Column("institution", sa.String(length=253), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title_en", sa.String(length=500), nullable=False),
        sa.Column("title_sv", sa.String(length=500), nullable=False),
        sa.Column("credential", sa.Text(), nullable=False),
        sa.Column("carried", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_badge_shares_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_badge_shares")),
    )
    with op.batch_alter_table("badge_shares", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_badge_shares_learner_id"), ["learner_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("badge_shares", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_badge_shares_learner_id"))
    op.drop_table("badge_shares")
