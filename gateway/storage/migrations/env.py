"""Alembic environment: runs the migrations on the async engine (SQLite or PostgreSQL).

Configured by ``gateway.storage.database.alembic_config`` (the URL is in ``attributes["url"]``).
One transaction covers the whole upgrade on both databases (SQLite DDL is transactional once
SQLAlchemy emits BEGIN). On SQLite, foreign keys are off while migrating, as table rebuilds in
batch mode require, and ``PRAGMA foreign_key_check`` must come back empty before the commit.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection

from gateway.storage.database import create_engine
from gateway.storage.metadata import metadata

config = context.config
target_metadata = metadata
URL: str = config.attributes.get("url") or config.get_main_option("sqlalchemy.url") or ""


def run_migrations_offline() -> None:
    """Write the SQL instead of running it (``alembic upgrade head --sql``)."""
    context.configure(
        url=URL,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=URL.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration leaves broken foreign keys: {broken[:5]}")


async def run_async_migrations() -> None:
    engine = create_engine(URL, foreign_keys=False)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_async_migrations())
