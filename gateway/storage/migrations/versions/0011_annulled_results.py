"""Annulled results: the results' status CHECK admits ``annulled`` (a result annulled by decision).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

Frozen like 0004–0010: plain SQLAlchemy types and explicit constraint names, nothing imported
from the gateway. SQLite cannot alter a CHECK constraint: batch mode copies the table (its
other constraints are reflected and kept); PostgreSQL drops and adds the named constraint.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONSTRAINT = "ck_results_result_status"
BEFORE = ("passed", "failed", "in-progress")
AFTER = (*BEFORE, "annulled")


def _status_in(values: Sequence[str]) -> str:
    return "status IN ({})".format(", ".join(f"'{v}'" for v in values))


def _replace_check(values: Sequence[str]) -> None:
    with op.batch_alter_table("results", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CONSTRAINT), type_="check")
        batch_op.create_check_constraint(op.f(CONSTRAINT), _status_in(values))


def upgrade() -> None:
    _replace_check(AFTER)


def downgrade() -> None:
    """Back to three statuses: an annulled result cannot be kept there, so it is deleted (the
    credentials that carried it were revoked when it was annulled; their records stay)."""
    results = sa.table("results", sa.column("status", sa.String()))
    op.execute(results.delete().where(results.c.status == "annulled"))
    _replace_check(BEFORE)
