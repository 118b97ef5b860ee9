"""Engine lifecycle: the async engine and its sessions, SQLite connection settings, migrations.

SQLite gets, on every connection: foreign keys on, WAL (file databases), a busy timeout, and
real transactions — SQLAlchemy emits ``BEGIN`` itself instead of the sqlite3 driver's legacy
mode, which starts no transaction for SELECT or DDL. A writer session (``session(write=True)``)
begins with ``BEGIN IMMEDIATE``, so a flow that reads then writes takes the write lock up front
and waits (busy timeout) rather than failing when another process wrote in between.

Migrations are Alembic's, configured here in code (no ``alembic.ini``); the scripts ship inside
the package (``gateway/storage/migrations``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
_BEGIN_OPTION = "gateway_sqlite_begin"


def _sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL, or None for a memory database (or another backend)."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def create_engine(url: str, *, echo: bool = False, foreign_keys: bool = True) -> AsyncEngine:
    """An async engine for ``url``; SQLite connections are configured as the module says.

    ``foreign_keys=False`` is for migrations only: SQLite's table rebuilds (batch mode) must run
    with foreign keys off; the migration environment checks them itself afterwards.
    """
    sa_url = make_url(url)
    kwargs: dict[str, Any] = {}
    sqlite = sa_url.get_backend_name() == "sqlite"
    if sqlite:
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        path = _sqlite_file(sa_url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(sa_url, echo=echo, **kwargs)
    if sqlite:
        _configure_sqlite(engine.sync_engine, wal=_sqlite_file(sa_url) is not None, fk=foreign_keys)
    return engine


def _configure_sqlite(engine: Engine, *, wal: bool, fk: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver must not BEGIN; on_begin does
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if fk else 'OFF'}")
        if wal:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """The process's engine and session factories; open once, dispose at shutdown."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._readers = async_sessionmaker(engine, expire_on_commit=False)
        self._writers = async_sessionmaker(
            engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}), expire_on_commit=False
        )

    @classmethod
    def open(cls, url: str, *, echo: bool = False) -> Database:
        """Create the engine (no connection is made until a session needs one)."""
        return cls(create_engine(url, echo=echo))

    @asynccontextmanager
    async def session(self, *, write: bool = False) -> AsyncIterator[AsyncSession]:
        """A session; the flow owns the transaction (``async with session.begin(): …``).

        ``write=True`` makes SQLite take the write lock when the transaction begins.
        """
        async with (self._writers if write else self._readers)() as session:
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()


def alembic_config(url: str) -> Config:
    """Alembic's configuration for ``url``, built in code; the URL travels in ``attributes``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["url"] = url
    return config


def upgrade_database(url: str) -> None:
    """``alembic upgrade head`` on ``url``; a no-op when the database is already at head.

    Synchronous (it runs its own event loop): call it from the CLI, or from async code through
    ``await asyncio.to_thread(upgrade_database, url)``.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        command.upgrade(alembic_config(url), "head")
        return
    raise RuntimeError(
        "upgrade_database runs its own event loop: from async code use "
        "`await asyncio.to_thread(upgrade_database, url)`"
    )


def head_revision() -> str | None:
    """The newest revision the package ships."""
    return ScriptDirectory.from_config(alembic_config("")).get_current_head()


def _revision_of(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def current_revision(url: str) -> str | None:
    """The revision ``url`` is at; None for an empty (or, for SQLite, missing) database."""
    path = _sqlite_file(make_url(url))
    if path is not None and not path.exists():
        return None

    async def read() -> str | None:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(_revision_of)
        finally:
            await engine.dispose()

    return asyncio.run(read())


async def current_revision_async(db: Database) -> str | None:
    """The revision of an open database."""
    async with db.engine.connect() as connection:
        return await connection.run_sync(_revision_of)
