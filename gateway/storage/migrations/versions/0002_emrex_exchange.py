"""EMREX exchange state: browser sessions, contact-point requests, client sessions, imports, log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Frozen like 0001: plain SQLAlchemy types and explicit constraint names, nothing imported from
the gateway.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "registry_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=2048), nullable=False),
        sa.Column("document", sa.LargeBinary(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_snapshots")),
    )
    op.create_table(
        "browser_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=True),
        sa.Column("auth_method", sa.String(length=16), nullable=True),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_browser_sessions_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_browser_sessions")),
    )
    with op.batch_alter_table("browser_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_browser_sessions_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_browser_sessions_learner_id"), ["learner_id"], unique=False
        )

    op.create_table(
        "client_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("contact_point", sa.String(length=128), nullable=False),
        sa.Column("contact_point_url", sa.String(length=2048), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "pending",
                "returned",
                name="client_state",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("return_code", sa.String(length=32), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("next_url", sa.String(length=2048), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_client_sessions_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_sessions")),
        sa.UniqueConstraint("session_id", name=op.f("uq_client_sessions_session_id")),
    )
    with op.batch_alter_table("client_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_sessions_learner_id"), ["learner_id"], unique=False
        )

    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "emrex",
                "wallet",
                "oots",
                name="disclosure_channel",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("recipient", sa.String(length=2048), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_disclosures_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    )
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosures_learner_id"), ["learner_id"], unique=False)

    op.create_table(
        "emrex_requests",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("browser_session_id", sa.String(length=64), nullable=True),
        sa.Column("session_id", sa.String(length=256), nullable=False),
        sa.Column("return_url", sa.String(length=2048), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=True),
        sa.Column("selection", sa.Text(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "started",
                "selected",
                "answered",
                name="request_state",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("return_code", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["browser_session_id"],
            ["browser_sessions.id"],
            name=op.f("fk_emrex_requests_browser_session_id_browser_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_emrex_requests_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emrex_requests")),
    )
    with op.batch_alter_table("emrex_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_emrex_requests_browser_session_id"), ["browser_session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_emrex_requests_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "external_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("client_session_id", sa.Integer(), nullable=False),
        sa.Column("contact_point", sa.String(length=128), nullable=False),
        sa.Column("contact_point_url", sa.String(length=2048), nullable=False),
        sa.Column("certificate_sha256", sa.String(length=64), nullable=False),
        sa.Column("signature_algorithm", sa.String(length=128), nullable=False),
        sa.Column("elmo_xml", sa.LargeBinary(), nullable=False),
        sa.Column("report_count", sa.Integer(), nullable=False),
        sa.Column("result_count", sa.Integer(), nullable=False),
        sa.Column("ects_total", sa.Numeric(precision=8, scale=1), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_session_id"],
            ["client_sessions.id"],
            name=op.f("fk_external_imports_client_session_id_client_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_external_imports_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_imports")),
        sa.UniqueConstraint(
            "client_session_id", name=op.f("uq_external_imports_client_session_id")
        ),
    )
    with op.batch_alter_table("external_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_external_imports_learner_id"), ["learner_id"], unique=False
        )

    op.create_table(
        "external_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("issuer_schac", sa.String(length=128), nullable=True),
        sa.Column("code", sa.String(length=128), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("result_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("grade", sa.String(length=64), nullable=True),
        sa.Column("ects", sa.Numeric(precision=8, scale=1), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["external_imports.id"],
            name=op.f("fk_external_results_import_id_external_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_results")),
    )
    with op.batch_alter_table("external_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_external_results_import_id"), ["import_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("external_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_external_results_import_id"))

    op.drop_table("external_results")
    with op.batch_alter_table("external_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_external_imports_learner_id"))

    op.drop_table("external_imports")
    with op.batch_alter_table("emrex_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emrex_requests_expires_at"))
        batch_op.drop_index(batch_op.f("ix_emrex_requests_browser_session_id"))

    op.drop_table("emrex_requests")
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosures_learner_id"))

    op.drop_table("disclosures")
    with op.batch_alter_table("client_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_sessions_learner_id"))

    op.drop_table("client_sessions")
    with op.batch_alter_table("browser_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_browser_sessions_learner_id"))
        batch_op.drop_index(batch_op.f("ix_browser_sessions_expires_at"))

    op.drop_table("browser_sessions")
    op.drop_table("registry_snapshots")
