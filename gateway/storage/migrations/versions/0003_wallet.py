"""Wallet bridge state (OpenID4VCI): offers, datasets, access tokens, nonces, credentials, events.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

Frozen like 0001 and 0002: plain SQLAlchemy types and explicit constraint names, nothing
imported from the gateway.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def upgrade() -> None:
    op.create_table(
        "wallet_nonces",
        sa.Column("nonce_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("nonce_hash", name=op.f("pk_wallet_nonces")),
    )
    with op.batch_alter_table("wallet_nonces", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wallet_nonces_expires_at"), ["expires_at"])

    op.create_table(
        "wallet_offers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("tx_code_hash", sa.String(length=64), nullable=True),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("source", _enum("wallet_offer_source", "own", "import"), nullable=False),
        sa.Column("selection", sa.Text(), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["external_imports.id"],
            name=op.f("fk_wallet_offers_import_id_external_imports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_wallet_offers_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wallet_offers")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_wallet_offers_code_hash")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_wallet_offers_token_hash")),
    )
    with op.batch_alter_table("wallet_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wallet_offers_learner_id"), ["learner_id"])

    op.create_table(
        "wallet_access_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("offer_id", sa.String(length=32), nullable=False),
        sa.Column(
            "identifiers",
            sa.Boolean(
                create_constraint=True, name=op.f("ck_wallet_access_tokens_identifiers_bool")
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["wallet_offers.id"],
            name=op.f("fk_wallet_access_tokens_offer_id_wallet_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_wallet_access_tokens")),
    )
    with op.batch_alter_table("wallet_access_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wallet_access_tokens_offer_id"), ["offer_id"])

    op.create_table(
        "wallet_datasets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("report", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("document", sa.LargeBinary(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["wallet_offers.id"],
            name=op.f("fk_wallet_datasets_offer_id_wallet_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wallet_datasets")),
        sa.UniqueConstraint(
            "offer_id", "position", name=op.f("uq_wallet_datasets_offer_id_position")
        ),
    )

    op.create_table(
        "wallet_credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.String(length=64), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("configuration", sa.String(length=64), nullable=False),
        sa.Column("holder_thumbprint", sa.String(length=64), nullable=False),
        sa.Column("credential_sha256", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["wallet_datasets.id"],
            name=op.f("fk_wallet_credentials_dataset_id_wallet_datasets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_wallet_credentials_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wallet_credentials")),
        sa.UniqueConstraint("dataset_id", name=op.f("uq_wallet_credentials_dataset_id")),
        sa.UniqueConstraint("notification_id", name=op.f("uq_wallet_credentials_notification_id")),
    )
    with op.batch_alter_table("wallet_credentials", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wallet_credentials_learner_id"), ["learner_id"])

    op.create_table(
        "wallet_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=False),
        sa.Column("event", _enum("wallet_event", "accepted", "failure", "deleted"), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["wallet_credentials.id"],
            name=op.f("fk_wallet_notifications_credential_id_wallet_credentials"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wallet_notifications")),
    )
    with op.batch_alter_table("wallet_notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wallet_notifications_credential_id"), ["credential_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("wallet_notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wallet_notifications_credential_id"))
    op.drop_table("wallet_notifications")
    with op.batch_alter_table("wallet_credentials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wallet_credentials_learner_id"))
    op.drop_table("wallet_credentials")
    op.drop_table("wallet_datasets")
    with op.batch_alter_table("wallet_access_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wallet_access_tokens_offer_id"))
    op.drop_table("wallet_access_tokens")
    with op.batch_alter_table("wallet_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wallet_offers_learner_id"))
    op.drop_table("wallet_offers")
    with op.batch_alter_table("wallet_nonces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wallet_nonces_expires_at"))
    op.drop_table("wallet_nonces")
