"""Wallet credential kinds: each dataset names its configuration, its subject and its import.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

``wallet_datasets`` gains ``configuration`` (the credential configuration id), ``subject`` (the
kind's small JSON: which report, result, course or degree the dataset is about) and
``import_id`` (the EMREX client import whose signed ELMO it is made from); ``report`` moves into
the subject. Existing datasets are transcript credentials (``elm_transcript_sd_jwt``): their
subject is ``{"source": "own"|"import", "report": n}`` (plus ``"import": id``) and an import
dataset takes its offer's import. Frozen like 0001–0004: plain SQLAlchemy types, explicit
constraint names, nothing imported from the gateway.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRANSCRIPT = "elm_transcript_sd_jwt"
IMPORT_FK = "fk_wallet_datasets_import_id_external_imports"

datasets = sa.table(
    "wallet_datasets",
    sa.column("id", sa.Integer()),
    sa.column("offer_id", sa.String()),
    sa.column("report", sa.Integer()),
    sa.column("document", sa.LargeBinary()),
    sa.column("configuration", sa.String()),
    sa.column("subject", sa.Text()),
    sa.column("import_id", sa.Integer()),
)
offers = sa.table(
    "wallet_offers", sa.column("id", sa.String()), sa.column("import_id", sa.Integer())
)


def _text(column: Any) -> Any:
    return sa.cast(column, sa.String())


def upgrade() -> None:
    with op.batch_alter_table("wallet_datasets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("configuration", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("subject", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
    # plain SQL (also rendered by `alembic upgrade --sql`): the JSON is written by concatenation
    offer_import = (
        sa.select(offers.c.import_id).where(offers.c.id == datasets.c.offer_id).scalar_subquery()
    )
    op.execute(
        datasets.update().where(datasets.c.document.is_(None)).values(import_id=offer_import)
    )
    own = sa.literal('{"report": ') + _text(datasets.c.report) + sa.literal(', "source": "own"}')
    imported = (
        sa.literal('{"import": ')
        + _text(datasets.c.import_id)
        + sa.literal(', "report": ')
        + _text(datasets.c.report)
        + sa.literal(', "source": "import"}')
    )
    op.execute(
        datasets.update().values(
            configuration=TRANSCRIPT,
            subject=sa.case((datasets.c.import_id.is_(None), own), else_=imported),
        )
    )
    with op.batch_alter_table("wallet_datasets", schema=None) as batch_op:
        batch_op.alter_column("configuration", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("subject", existing_type=sa.Text(), nullable=False)
        batch_op.create_foreign_key(
            IMPORT_FK, "external_imports", ["import_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.drop_column("report")


def downgrade() -> None:
    """Back to one report number per dataset; datasets of other kinds cannot be kept."""
    with op.batch_alter_table("wallet_datasets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("report", sa.Integer(), nullable=True))
    op.execute(datasets.delete().where(datasets.c.configuration != TRANSCRIPT))
    if op.get_context().dialect.name == "postgresql":
        report = sa.text("CAST(CAST(subject AS json) ->> 'report' AS INTEGER)")
    else:
        report = sa.text("CAST(json_extract(subject, '$.report') AS INTEGER)")
    op.execute(datasets.update().values(report=sa.func.coalesce(report, 1)))
    with op.batch_alter_table("wallet_datasets", schema=None) as batch_op:
        batch_op.alter_column("report", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(IMPORT_FK, type_="foreignkey")
        batch_op.drop_column("import_id")
        batch_op.drop_column("subject")
        batch_op.drop_column("configuration")
