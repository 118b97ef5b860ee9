"""Degrees (examen): degrees, their included opportunities, supplied PDFs; EMREX degree choices.

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-15

Frozen like 0004–0006: plain SQLAlchemy types and explicit constraint names, nothing
imported from the gateway.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def _when(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "degrees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            _enum("degree_kind", "general", "professional", "fine-arts", "research"),
            nullable=False,
        ),
        sa.Column("title_sv", sa.String(length=500), nullable=False),
        sa.Column("title_en", sa.String(length=500), nullable=False),
        sa.Column("main_field_sv", sa.String(length=500), nullable=True),
        sa.Column("main_field_en", sa.String(length=500), nullable=True),
        sa.Column(
            "level", _enum("degree_level", "grundniva", "avancerad", "forskarniva"), nullable=False
        ),
        sa.Column("credits", sa.Numeric(precision=6, scale=1), nullable=False),
        sa.Column("requirements_met", sa.Date(), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("status", _enum("degree_status", "awarded", "withdrawn"), nullable=False),
        sa.Column("isced_f", sa.String(length=4), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=True),
        _when("created_at"),
        _when("updated_at"),
        sa.CheckConstraint("credits > 0", name=op.f("ck_degrees_credits_positive")),
        sa.CheckConstraint(
            "issue_date >= requirements_met", name=op.f("ck_degrees_issued_after_met")
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_degrees_institution_id_institutions"),
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_degrees_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_degrees")),
        sa.UniqueConstraint("institution_id", "code", name=op.f("uq_degrees_institution_id_code")),
    )
    with op.batch_alter_table("degrees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_degrees_learner_id"), ["learner_id"], unique=False)

    op.create_table(
        "degree_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("degree_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("opportunity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["degree_id"],
            ["degrees.id"],
            name=op.f("fk_degree_parts_degree_id_degrees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunities.id"],
            name=op.f("fk_degree_parts_opportunity_id_opportunities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_degree_parts")),
        sa.UniqueConstraint(
            "degree_id", "position", name=op.f("uq_degree_parts_degree_id_position")
        ),
        sa.UniqueConstraint(
            "degree_id", "opportunity_id", name=op.f("uq_degree_parts_degree_id_opportunity_id")
        ),
    )
    with op.batch_alter_table("degree_parts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_degree_parts_opportunity_id"), ["opportunity_id"], unique=False
        )

    op.create_table(
        "degree_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("degree_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind", _enum("degree_document_kind", "certificate", "supplement"), nullable=False
        ),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["degree_id"],
            ["degrees.id"],
            name=op.f("fk_degree_documents_degree_id_degrees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_degree_documents")),
        sa.UniqueConstraint("degree_id", "kind", name=op.f("uq_degree_documents_degree_id_kind")),
    )

    with op.batch_alter_table("emrex_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("degree_selection", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("emrex_requests", schema=None) as batch_op:
        batch_op.drop_column("degree_selection")
    op.drop_table("degree_documents")
    with op.batch_alter_table("degree_parts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_degree_parts_opportunity_id"))
    op.drop_table("degree_parts")
    with op.batch_alter_table("degrees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_degrees_learner_id"))
    op.drop_table("degrees")
