"""Every table of the gateway on one MetaData: what migrations and their tests compare against."""

from __future__ import annotations

from sqlalchemy import MetaData

from gateway.storage import (
    api_tables,
    badge_tables,
    degree_tables,
    exchange_tables,
    oots_tables,
    status_tables,
    syllabus_tables,
    tables,
    verifier_tables,
    wallet_tables,
)

metadata: MetaData = tables.Base.metadata
TABLE_MODULES = (
    tables,
    exchange_tables,
    wallet_tables,
    oots_tables,
    api_tables,
    syllabus_tables,
    degree_tables,
    badge_tables,
    verifier_tables,
    status_tables,
)
