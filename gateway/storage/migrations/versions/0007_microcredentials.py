"""Micro-credential data: syllabi (outcomes, assessment forms) and institutions' quality assurance.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

Frozen like 0001/0006: plain SQLAlchemy types and explicit constraint names, nothing imported
from the gateway.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ASSESSMENT_TYPES = (
    "written-examination",
    "oral-examination",
    "practical-assessment",
    "project-work",
    "portfolio",
    "continuous-evaluation",
    "marked-assignment",
    "peer-assessment",
    "peer-review",
    "group-performance",
    "level-of-attendance",
    "quiz",
    "problem-based-learning",
    "artefact-assessment",
)
QUALITY_ASSURANCE_TYPES = (
    "institutional-qa",
    "programme-qa",
    "institutional-licence",
    "programme-licence",
)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _owned_by_syllabus(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["opportunity_id"],
        ["syllabi.opportunity_id"],
        name=op.f(f"fk_{table}_opportunity_id_syllabi"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "quality_assurances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "type", _enum("quality_assurance_type", *QUALITY_ASSURANCE_TYPES), nullable=False
        ),
        sa.Column("agent_name_sv", sa.String(length=300), nullable=False),
        sa.Column("agent_name_en", sa.String(length=300), nullable=False),
        sa.Column("agent_country", sa.String(length=2), nullable=False),
        sa.Column("agent_url", sa.String(length=500), nullable=True),
        sa.Column("title_en", sa.String(length=500), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("report_url", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_quality_assurances_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_assurances")),
        sa.UniqueConstraint(
            "institution_id",
            "position",
            name=op.f("uq_quality_assurances_institution_id_position"),
        ),
    )
    with op.batch_alter_table("quality_assurances", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_quality_assurances_institution_id"), ["institution_id"], unique=False
        )

    op.create_table(
        "syllabi",
        sa.Column("opportunity_id", sa.Integer(), nullable=False),
        sa.Column(
            "participation",
            _enum("syllabus_participation", "presential", "online", "blended"),
            nullable=True,
        ),
        sa.Column("entry_requirements_sv", sa.String(length=2000), nullable=True),
        sa.Column("entry_requirements_en", sa.String(length=2000), nullable=True),
        sa.Column("workload_hours", sa.Numeric(precision=6, scale=1), nullable=True),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunities.id"],
            name=op.f("fk_syllabi_opportunity_id_opportunities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("opportunity_id", name=op.f("pk_syllabi")),
    )
    op.create_table(
        "learning_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opportunity_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text_sv", sa.String(length=1000), nullable=True),
        sa.Column("text_en", sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "text_sv IS NOT NULL OR text_en IS NOT NULL",
            name=op.f("ck_learning_outcomes_some_text"),
        ),
        _owned_by_syllabus("learning_outcomes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_outcomes")),
        sa.UniqueConstraint(
            "opportunity_id", "position", name=op.f("uq_learning_outcomes_opportunity_id_position")
        ),
    )
    op.create_table(
        "syllabus_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opportunity_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "assessment", _enum("syllabus_assessment_type", *ASSESSMENT_TYPES), nullable=False
        ),
        _owned_by_syllabus("syllabus_assessments"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_syllabus_assessments")),
        sa.UniqueConstraint(
            "opportunity_id",
            "assessment",
            name=op.f("uq_syllabus_assessments_opportunity_id_assessment"),
        ),
        sa.UniqueConstraint(
            "opportunity_id",
            "position",
            name=op.f("uq_syllabus_assessments_opportunity_id_position"),
        ),
    )


def downgrade() -> None:
    op.drop_table("syllabus_assessments")
    op.drop_table("learning_outcomes")
    op.drop_table("syllabi")
    with op.batch_alter_table("quality_assurances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quality_assurances_institution_id"))
    op.drop_table("quality_assurances")
