"""Integration API (issue #16): API clients, remembered idempotent answers, the merits feed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

Frozen like 0001–0005: plain SQLAlchemy types and explicit constraint names, nothing imported
from the gateway.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "api_clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("secret_sha256", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.String(length=256), nullable=False),
        sa.Column("certificate_sha256", sa.String(length=64), nullable=True),
        _when("created_at"),
        _when("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_clients")),
        sa.UniqueConstraint("name", name=op.f("uq_api_clients_name")),
        sa.UniqueConstraint("key_id", name=op.f("uq_api_clients_key_id")),
        sa.UniqueConstraint("certificate_sha256", name=op.f("uq_api_clients_certificate_sha256")),
    )
    op.create_table(
        "api_idempotency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        _when("created_at"),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["api_clients.id"],
            name=op.f("fk_api_idempotency_client_id_api_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_idempotency")),
        sa.UniqueConstraint("client_id", "key", name=op.f("uq_api_idempotency_client_id_key")),
    )
    with op.batch_alter_table("api_idempotency", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_idempotency_client_id"), ["client_id"])
        batch_op.create_index(batch_op.f("ix_api_idempotency_created_at"), ["created_at"])
    op.create_table(
        "api_merits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("source_kind", sa.String(length=16), nullable=False),
        sa.Column("external_import_id", sa.Integer(), nullable=True),
        _when("verified_at"),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("document", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_api_merits_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["external_import_id"],
            ["external_imports.id"],
            name=op.f("fk_api_merits_external_import_id_external_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_merits")),
        sa.UniqueConstraint("external_import_id", name=op.f("uq_api_merits_external_import_id")),
    )
    with op.batch_alter_table("api_merits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_merits_learner_id"), ["learner_id"])


def downgrade() -> None:
    with op.batch_alter_table("api_merits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_merits_learner_id"))
    op.drop_table("api_merits")
    with op.batch_alter_table("api_idempotency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_idempotency_created_at"))
        batch_op.drop_index(batch_op.f("ix_api_idempotency_client_id"))
    op.drop_table("api_idempotency")
    op.drop_table("api_clients")
