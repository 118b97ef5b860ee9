"""Engine lifecycle: the async engine and its sessions, connection settings, migrations.

SQLite gets, on every connection: foreign keys on, WAL (file databases), a busy timeout, and
real transactions — SQLAlchemy emits ``BEGIN`` itself instead of the sqlite3 driver's legacy
mode, which starts no transaction for SELECT or DDL. A writer session (``session(write=True)``)
begins with ``BEGIN IMMEDIATE``, so a flow that reads then writes takes the write lock up front
and waits (busy timeout) rather than failing when another process wrote in between. A reader
session begins nothing: each statement is its own transaction, as on PostgreSQL below.

PostgreSQL (``postgresql+asyncpg://``) runs at READ COMMITTED and has no such database-wide
write lock: writers run side by side, each statement sees what was committed before it began,
and an ``UPDATE`` waits for a row another transaction changed, then re-checks its ``WHERE``. So
"use once" steps are conditional updates (their row count says who won), a read that decides a
write locks its row (``SELECT … FOR UPDATE``), and a read-then-insert on a natural key first
takes a transaction-scoped advisory lock on that key (``serialize``; a no-op on SQLite, whose
writers are serialised already). Lock waits end after ``LOCK_TIMEOUT_MS``, as SQLite's busy
timeout does.

Migrations are Alembic's, configured here in code (no ``alembic.ini``); the scripts ship inside
the package (``gateway/storage/migrations``).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, event, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import PoolResetState

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
LOCK_TIMEOUT_MS = SQLITE_BUSY_TIMEOUT_MS
APPLICATION_NAME = "emrex-gateway"
POSTGRES_POOL_SIZE = 20
"""Connections a process keeps open. SQLAlchemy's default (5, and 10 more that are closed
when returned) made a busy process open and close connections all the time: a PostgreSQL
backend per connection, ~0.2 of a core at 30 EMREX flows/s (bench/load.py)."""
POSTGRES_POOL_OVERFLOW = 10
_BEGIN_OPTION = "gateway_sqlite_begin"
_NO_BEGIN = "none"  # a reader: each statement is its own (implicit) transaction


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
    elif sa_url.get_backend_name() == "postgresql":
        settings = {"lock_timeout": str(LOCK_TIMEOUT_MS), "application_name": APPLICATION_NAME}
        kwargs["connect_args"] = {"server_settings": settings}
        # No pool_pre_ping: it costs a round trip per session (~4 % of a flow's CPU, measured
        # with bench/load.py). After a database restart, the requests holding a dead connection
        # fail once; SQLAlchemy then invalidates the pool and later requests reconnect.
        kwargs["pool_size"], kwargs["max_overflow"] = POSTGRES_POOL_SIZE, POSTGRES_POOL_OVERFLOW
    engine = create_async_engine(sa_url, echo=echo, pool_reset_on_return=None, **kwargs)
    event.listen(engine.sync_engine, "reset", _rollback_on_return)
    if sqlite:
        _configure_sqlite(engine.sync_engine, wal=_sqlite_file(sa_url) is not None, fk=foreign_keys)
    return engine


def _rollback_on_return(dbapi_connection: Any, _record: Any, state: PoolResetState) -> None:
    """A connection goes back to the pool with no transaction open, as SQLAlchemy's default
    reset ensures — without its unconditional ROLLBACK, a thread hop (aiosqlite) when the
    session ended its transaction already or never began one (a reader)."""
    if state.terminate_only or not state.asyncio_safe or state.transaction_was_reset:
        return
    driver = dbapi_connection.driver_connection
    # aiosqlite tells without a round trip; asyncpg's adapter knows it started nothing.
    if getattr(driver, "in_transaction", True):
        dbapi_connection.rollback()


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
        if mode != _NO_BEGIN:
            connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """The process's engine and session factories; open once, dispose at shutdown."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        # Readers see, statement by statement, what was committed before the statement began
        # (PostgreSQL at READ COMMITTED takes a snapshot per statement, in a transaction or
        # not; a SQLite statement outside BEGIN is its own transaction), so a reader's BEGIN
        # and ROLLBACK would be round trips for nothing.
        if engine.dialect.name == "postgresql":
            readers = engine.execution_options(isolation_level="AUTOCOMMIT")
        else:
            # Not isolation_level="AUTOCOMMIT": SQLAlchemy would restore the level with a
            # PRAGMA on every return to the pool.
            readers = engine.execution_options(**{_BEGIN_OPTION: _NO_BEGIN})
        self._reader_engine = readers
        self._readers = async_sessionmaker(readers, expire_on_commit=False)
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

        ``write=True`` makes SQLite take the write lock when the transaction begins. On
        PostgreSQL a writer is a READ COMMITTED transaction (see the module's docstring for
        what writers do there) and a reader runs in autocommit: it must not write.
        """
        async with (self._writers if write else self._readers)() as session:
            yield session

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[AsyncConnection]:
        """A reader's connection without an ORM session, for plain-row reads on the hot path
        (an ``AsyncSession`` around one statement costs ~0.1 ms more, bench/elmo.py)."""
        async with self._reader_engine.connect() as connection:
            yield connection

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    async def dispose(self) -> None:
        await self.engine.dispose()


def advisory_key(*parts: str) -> int:
    """A signed 64-bit key for PostgreSQL's advisory locks, stable across processes."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def serialize(session: AsyncSession, *key: str) -> None:
    """Make the other writers of ``key`` wait until this transaction ends.

    For a read-then-write on something no row stands for yet (a natural key about to be
    inserted, a table replaced whole): on PostgreSQL a transaction-scoped advisory lock, taken
    before the read; on SQLite nothing (``BEGIN IMMEDIATE`` serialised the writers already).
    Call it inside the transaction, as its first statement.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(advisory_key(*key))))


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
