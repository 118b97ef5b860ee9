"""Credential status (Token Status List): status lists, each credential's entry, carried records.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Frozen like 0004–0008: plain SQLAlchemy types and explicit constraint names, nothing
imported from the gateway.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "status_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("bits", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("token", sa.Text(), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("token_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("token_reflects", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_lists")),
        sa.UniqueConstraint("name", name=op.f("uq_status_lists_name")),
    )
    op.create_table(
        "credential_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("configuration", sa.String(length=64), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "valid",
                "revoked",
                "suspended",
                name="credential_state",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "revoked_by",
            sa.Enum(
                "import",
                "learner",
                "operator",
                name="revocation_cause",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("revoked_actor", sa.String(length=200), nullable=True),
        sa.Column("revocation_reason", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["wallet_datasets.id"],
            name=op.f("fk_credential_status_dataset_id_wallet_datasets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_credential_status_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["list_id"], ["status_lists.id"], name=op.f("fk_credential_status_list_id_status_lists")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credential_status")),
        sa.UniqueConstraint("dataset_id", name=op.f("uq_credential_status_dataset_id")),
        sa.UniqueConstraint("list_id", "idx", name=op.f("uq_credential_status_list_id_idx")),
    )
    with op.batch_alter_table("credential_status", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credential_status_learner_id"), ["learner_id"], unique=False
        )

    op.create_table(
        "credential_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status_id", sa.Integer(), nullable=False),
        sa.Column(
            "record_kind",
            sa.Enum(
                "result",
                "degree",
                name="carried_kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("carried", sa.String(length=500), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["status_id"],
            ["credential_status.id"],
            name=op.f("fk_credential_records_status_id_credential_status"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credential_records")),
        sa.UniqueConstraint(
            "status_id",
            "record_kind",
            "record_id",
            name=op.f("uq_credential_records_status_id_record_kind_record_id"),
        ),
    )
    with op.batch_alter_table("credential_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credential_records_record_id"), ["record_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_credential_records_status_id"), ["status_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("credential_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credential_records_status_id"))
        batch_op.drop_index(batch_op.f("ix_credential_records_record_id"))

    op.drop_table("credential_records")
    with op.batch_alter_table("credential_status", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credential_status_learner_id"))

    op.drop_table("credential_status")
    op.drop_table("status_lists")
