"""OOTS evidence-provider state: exchanges, previewed sources and documents, the delivery outbox.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

Frozen like 0001/0002: plain SQLAlchemy types and explicit constraint names, nothing imported
from the gateway.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def upgrade() -> None:
    op.create_table(
        "oots_exchanges",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("requester_key", sa.String(length=512), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("version", sa.String(length=16), nullable=True),
        sa.Column("evidence_type", sa.String(length=512), nullable=True),
        sa.Column("request_xml", sa.LargeBinary(), nullable=True),
        sa.Column(
            "state",
            _enum(
                "oots_exchange_state",
                "preview_required",
                "accepted",
                "refused",
                "mismatched",
                "timed_out",
                "answered",
            ),
            nullable=False,
        ),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("preview_key", sa.String(length=64), nullable=True),
        _when("preview_expires_at", nullable=True),
        sa.Column("learner_id", sa.Integer(), nullable=True),
        sa.Column("followup_request_id", sa.String(length=64), nullable=True),
        sa.Column("followup_xml", sa.LargeBinary(), nullable=True),
        sa.Column("sources", sa.Text(), nullable=True),
        _when("created_at"),
        _when("decided_at", nullable=True),
        _when("answered_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_oots_exchanges_learner_id_learners"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oots_exchanges")),
        sa.UniqueConstraint("preview_key", name=op.f("uq_oots_exchanges_preview_key")),
        sa.UniqueConstraint(
            "requester_key", "request_id", name=op.f("uq_oots_exchanges_requester_key_request_id")
        ),
    )
    with op.batch_alter_table("oots_exchanges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oots_exchanges_learner_id"), ["learner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oots_exchanges_preview_expires_at"), ["preview_expires_at"], unique=False
        )

    op.create_table(
        "oots_outbox",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("exchange_id", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("response_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("answer", sa.String(length=32), nullable=False),
        sa.Column("endpoint", sa.String(length=2048), nullable=False),
        sa.Column("content_type", sa.String(length=256), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column(
            "state", _enum("oots_outbox_state", "pending", "delivered", "failed"), nullable=False
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _when("next_attempt_at"),
        _when("lease_until", nullable=True),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        _when("created_at"),
        _when("delivered_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["exchange_id"],
            ["oots_exchanges.id"],
            name=op.f("fk_oots_outbox_exchange_id_oots_exchanges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oots_outbox")),
        sa.UniqueConstraint("response_id", name=op.f("uq_oots_outbox_response_id")),
    )
    with op.batch_alter_table("oots_outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oots_outbox_exchange_id"), ["exchange_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oots_outbox_next_attempt_at"), ["next_attempt_at"], unique=False
        )

    op.create_table(
        "oots_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exchange_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("elmo_xml", sa.LargeBinary(), nullable=False),
        sa.Column("issuing_date", sa.Date(), nullable=False),
        _when("prepared_at"),
        sa.ForeignKeyConstraint(
            ["exchange_id"],
            ["oots_exchanges.id"],
            name=op.f("fk_oots_sources_exchange_id_oots_exchanges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oots_sources")),
        sa.UniqueConstraint("exchange_id", "key", name=op.f("uq_oots_sources_exchange_id_key")),
    )
    with op.batch_alter_table("oots_sources", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oots_sources_exchange_id"), ["exchange_id"], unique=False
        )

    op.create_table(
        "oots_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("registry_object_id", sa.String(length=45), nullable=False),
        sa.Column("evidence_id", sa.String(length=36), nullable=False),
        sa.Column("content_id", sa.String(length=128), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("conforms_to", sa.String(length=512), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["oots_sources.id"],
            name=op.f("fk_oots_documents_source_id_oots_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oots_documents")),
        sa.UniqueConstraint(
            "source_id", "position", name=op.f("uq_oots_documents_source_id_position")
        ),
    )
    with op.batch_alter_table("oots_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oots_documents_source_id"), ["source_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("oots_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oots_documents_source_id"))
    op.drop_table("oots_documents")
    with op.batch_alter_table("oots_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oots_sources_exchange_id"))
    op.drop_table("oots_sources")
    with op.batch_alter_table("oots_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oots_outbox_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_oots_outbox_exchange_id"))
    op.drop_table("oots_outbox")
    with op.batch_alter_table("oots_exchanges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oots_exchanges_preview_expires_at"))
        batch_op.drop_index(batch_op.f("ix_oots_exchanges_learner_id"))
    op.drop_table("oots_exchanges")
