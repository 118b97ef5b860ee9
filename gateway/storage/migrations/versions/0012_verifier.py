"""OpenID4VP verifier: presentation transactions, the credentials verified per learner, and the
verified wallet results chosen for an EMREX answer.

Revision ID: 0012
Revises: 0011
Create Date: 2027-01-20

Frozen like 0004–0008: plain SQLAlchemy types and explicit constraint names, nothing
imported from the gateway.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "verifier_transactions",
        sa.Column("id", sa.String(length=43), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("browser_key", sa.String(length=64), nullable=False),
        sa.Column("poll_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=300), nullable=False),
        sa.Column("response_mode", sa.String(length=16), nullable=False),
        sa.Column(
            "same_device",
            sa.Boolean(
                create_constraint=True, name=op.f("ck_verifier_transactions_same_device_bool")
            ),
            nullable=False,
        ),
        sa.Column("dcql_query", sa.Text(), nullable=False),
        sa.Column("encryption_key", sa.Text(), nullable=True),
        sa.Column("encryption_kid", sa.String(length=64), nullable=False),
        sa.Column(
            "step",
            sa.Enum(
                "created",
                "fetched",
                "answered",
                name="verifier_step",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        _when("created_at"),
        _when("expires_at"),
        _when("fetched_at", True),
        _when("answered_at", True),
        sa.Column("response_code_hash", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.String(length=48), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("vct", sa.String(length=300), nullable=True),
        sa.Column("issuer", sa.String(length=2048), nullable=True),
        sa.Column("chain_subject", sa.String(length=1024), nullable=True),
        sa.Column("status_result", sa.String(length=32), nullable=True),
        sa.Column("credential_sha256", sa.String(length=64), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["external_imports.id"],
            name=op.f("fk_verifier_transactions_import_id_external_imports"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_verifier_transactions_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verifier_transactions")),
        sa.UniqueConstraint("nonce", name=op.f("uq_verifier_transactions_nonce")),
        sa.UniqueConstraint("poll_hash", name=op.f("uq_verifier_transactions_poll_hash")),
        sa.UniqueConstraint("state", name=op.f("uq_verifier_transactions_state")),
    )
    with op.batch_alter_table("verifier_transactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verifier_transactions_learner_id"), ["learner_id"])

    op.create_table(
        "verified_credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("credential_sha256", sa.String(length=64), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("vct", sa.String(length=300), nullable=False),
        sa.Column("issuer", sa.String(length=2048), nullable=False),
        sa.Column("chain_subject", sa.String(length=1024), nullable=False),
        sa.Column("status_result", sa.String(length=32), nullable=False),
        _when("verified_at"),
        sa.Column("report_index", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["external_imports.id"],
            name=op.f("fk_verified_credentials_import_id_external_imports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_verified_credentials_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verified_credentials")),
        sa.UniqueConstraint(
            "learner_id",
            "credential_sha256",
            name=op.f("uq_verified_credentials_learner_id_credential_sha256"),
        ),
    )
    with op.batch_alter_table("verified_credentials", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verified_credentials_learner_id"), ["learner_id"])

    op.create_table(
        "emrex_wallet_choices",
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["verified_credentials.id"],
            name=op.f("fk_emrex_wallet_choices_credential_id_verified_credentials"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["emrex_requests.id"],
            name=op.f("fk_emrex_wallet_choices_request_id_emrex_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "request_id", "credential_id", name=op.f("pk_emrex_wallet_choices")
        ),
    )


def downgrade() -> None:
    op.drop_table("emrex_wallet_choices")
    with op.batch_alter_table("verified_credentials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verified_credentials_learner_id"))
    op.drop_table("verified_credentials")
    with op.batch_alter_table("verifier_transactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verifier_transactions_learner_id"))
    op.drop_table("verifier_transactions")
