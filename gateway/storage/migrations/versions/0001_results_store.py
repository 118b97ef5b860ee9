"""Results store: institutions, learners, grading scales and grades, terms, opportunities, results.

Revision ID: 0001
Revises:
Create Date: 2026-11-28

Frozen: it names every type and constraint itself (``op.f``: final, whatever the naming
convention) and imports nothing from the gateway, so it creates the same schema whatever
``tables.py`` becomes later.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _names(*extra: sa.Column[object]) -> list[sa.Column[object]]:
    return [
        sa.Column("name_sv", sa.String(300), nullable=False),
        sa.Column("name_en", sa.String(300), nullable=False),
        *extra,
    ]


def _one_of(table: str, column: str, name: str, values: Sequence[str]) -> sa.CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=op.f(f"ck_{table}_{name}"))


def upgrade() -> None:
    op.create_table(
        "academic_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        *_names(),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "start_date <= end_date", name=op.f("ck_academic_terms_start_before_end")
        ),
        _pk("academic_terms"),
        sa.UniqueConstraint("code", name=op.f("uq_academic_terms_code")),
    )
    op.create_table(
        "grading_scales",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        *_names(),
        _pk("grading_scales"),
        sa.UniqueConstraint("code", name=op.f("uq_grading_scales_code")),
    )
    op.create_table(
        "institutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schac", sa.String(253), nullable=False),
        sa.Column("erasmus", sa.String(32), nullable=True),
        sa.Column("pic", sa.String(9), nullable=True),
        *_names(),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        _pk("institutions"),
        sa.UniqueConstraint("schac", name=op.f("uq_institutions_schac")),
    )
    op.create_table(
        "learners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("national_id", sa.String(64), nullable=False),
        sa.Column("id_country", sa.String(2), nullable=False),
        sa.Column("esi", sa.String(255), nullable=True),
        sa.Column("given_names", sa.String(300), nullable=False),
        sa.Column("family_name", sa.String(300), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("citizenship", sa.String(2), nullable=True),
        sa.Column("gender", sa.SmallInteger(), nullable=True),
        sa.CheckConstraint("gender IN (0, 1, 2, 9)", name=op.f("ck_learners_gender_iso5218")),
        _pk("learners"),
        sa.UniqueConstraint("national_id", name=op.f("uq_learners_national_id")),
    )
    op.create_table(
        "grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(8), nullable=False),
        sa.Column(
            "passing",
            sa.Boolean(create_constraint=True, name=op.f("ck_grades_passing_bool")),
            nullable=False,
        ),
        sa.Column("description_sv", sa.String(300), nullable=False),
        sa.Column("description_en", sa.String(300), nullable=False),
        sa.ForeignKeyConstraint(
            ["scale_id"],
            ["grading_scales.id"],
            name=op.f("fk_grades_scale_id_grading_scales"),
            ondelete="CASCADE",
        ),
        _pk("grades"),
        sa.UniqueConstraint("scale_id", "label", name=op.f("uq_grades_scale_id_label")),
        sa.UniqueConstraint("scale_id", "position", name=op.f("uq_grades_scale_id_position")),
    )
    op.create_table(
        "opportunities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title_sv", sa.String(500), nullable=False),
        sa.Column("title_en", sa.String(500), nullable=False),
        sa.Column("level", sa.String(16), nullable=True),
        sa.Column("isced_f", sa.String(4), nullable=True),
        sa.Column("credits", sa.Numeric(precision=6, scale=1), nullable=True),
        sa.Column("language", sa.String(2), nullable=True),
        sa.Column("parent_code", sa.String(64), nullable=True),
        _one_of("opportunities", "kind", "opportunity_kind", ("programme", "course", "module")),
        _one_of("opportunities", "level", "study_level", ("grundniva", "avancerad", "forskarniva")),
        sa.CheckConstraint(
            "parent_code IS NULL OR parent_code <> code",
            name=op.f("ck_opportunities_not_own_parent"),
        ),
        sa.ForeignKeyConstraint(
            ["institution_id", "parent_code"],
            ["opportunities.institution_id", "opportunities.code"],
            name=op.f("fk_opportunities_parent"),
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_opportunities_institution_id_institutions"),
        ),
        _pk("opportunities"),
        sa.UniqueConstraint(
            "institution_id", "code", name=op.f("uq_opportunities_institution_id_code")
        ),
    )
    op.create_table(
        "results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("opportunity_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("result_date", sa.Date(), nullable=True),
        sa.Column("term_id", sa.Integer(), nullable=True),
        sa.Column("grade", sa.String(8), nullable=True),
        sa.Column("scale_id", sa.Integer(), nullable=True),
        sa.Column("credits", sa.Numeric(precision=6, scale=1), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _one_of("results", "status", "result_status", ("passed", "failed", "in-progress")),
        sa.CheckConstraint(
            "grade IS NULL OR scale_id IS NOT NULL", name=op.f("ck_results_grade_has_scale")
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_results_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunities.id"],
            name=op.f("fk_results_opportunity_id_opportunities"),
        ),
        sa.ForeignKeyConstraint(
            ["scale_id"], ["grading_scales.id"], name=op.f("fk_results_scale_id_grading_scales")
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["academic_terms.id"], name=op.f("fk_results_term_id_academic_terms")
        ),
        _pk("results"),
        sa.UniqueConstraint(
            "learner_id", "opportunity_id", name=op.f("uq_results_learner_id_opportunity_id")
        ),
    )
    op.create_index(op.f("ix_results_opportunity_id"), "results", ["opportunity_id"])
    op.create_index(op.f("ix_results_scale_id"), "results", ["scale_id"])
    op.create_index(op.f("ix_results_term_id"), "results", ["term_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_results_term_id"), table_name="results")
    op.drop_index(op.f("ix_results_scale_id"), table_name="results")
    op.drop_index(op.f("ix_results_opportunity_id"), table_name="results")
    for table in (
        "results",
        "opportunities",
        "grades",
        "learners",
        "institutions",
        "grading_scales",
        "academic_terms",
    ):
        op.drop_table(table)
