"""Helpers of the database tests: test databases on SQLite or PostgreSQL, dumps, query counts.

The backend is SQLite files unless ``GATEWAY_TEST_DATABASE_URL`` names a PostgreSQL server
(``postgresql+asyncpg://user@host:port/postgres``; ``make test-pg`` sets it): then each test
database is a database of that server, made by ``CREATE DATABASE … TEMPLATE …`` from a
session-wide template, and dropped after the test. Tests see URLs, never files.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import shutil
import sqlite3
import threading
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import TextClause, event, text
from sqlalchemy.engine import make_url

from gateway.flows.seed import seed_demo
from gateway.storage.database import Database, create_engine

T = TypeVar("T")
DB_NAME = "gateway.sqlite3"
URL_VARIABLE = "GATEWAY_TEST_DATABASE_URL"


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def outside_loop(function: Callable[..., T], *args: Any) -> T:
    """Run ``function`` in a worker thread (``upgrade_database`` runs its own event loop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


class _HelperLoop:
    """One event loop in a thread of its own for the helpers' database work, so that sync code
    (even inside a test's loop) can run a coroutine without making a loop each time (a new
    loop logs at DEBUG, which a test of the log output would see)."""

    loop: asyncio.AbstractEventLoop | None = None
    thread: threading.Thread | None = None

    @classmethod
    def run(cls, coroutine: Coroutine[Any, Any, T]) -> T:
        if cls.loop is None:
            cls.loop = asyncio.new_event_loop()
            cls.thread = threading.Thread(target=cls.loop.run_forever, daemon=True)
            cls.thread.start()
        return asyncio.run_coroutine_threadsafe(coroutine, cls.loop).result()

    @classmethod
    def close(cls) -> None:
        if cls.loop is not None and cls.thread is not None:
            cls.loop.call_soon_threadsafe(cls.loop.stop)
            cls.thread.join()
            cls.loop.close()
            cls.loop = cls.thread = None


def run_outside_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end on the helpers' own loop (from sync code, even in a loop)."""
    return _HelperLoop.run(coroutine)


def close_helper_loop() -> None:
    _HelperLoop.close()


def copy_database(template: Path, directory: Path) -> Path:
    target = directory / DB_NAME
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return target


# -- test databases --------------------------------------------------------------------------


@dataclass
class Backend:
    """Where test databases live: SQLite files, or databases of one PostgreSQL server."""

    server_url: str | None = None  # PostgreSQL: a URL of the server's maintenance database
    created: list[str] = field(default_factory=list)  # PostgreSQL databases made by this run
    clones: list[str] = field(default_factory=list)  # … of which the copies a test made
    _names: Iterator[int] = field(default_factory=itertools.count)

    @property
    def name(self) -> str:
        return "postgresql" if self.server_url else "sqlite"

    def empty(self, directory: Path) -> str:
        """The URL of a new, empty database (SQLite: a file that does not exist yet)."""
        directory.mkdir(parents=True, exist_ok=True)
        if self.server_url is None:
            return sqlite_url(directory / DB_NAME)
        return self._create(None)[1]

    def template(self, directory: Path, build: Callable[[str], None]) -> Template:
        """A session-wide database: empty, then ``build(url)`` (migrate, seed, import …)."""
        url = self.empty(directory)
        outside_loop(build, url)
        return Template(self, url)

    def _create(self, template: str | None) -> tuple[str, str]:
        """A new PostgreSQL database, a copy of ``template`` (else empty): name and URL."""
        assert self.server_url is not None
        name = f"gw_test_{os.getpid()}_{next(self._names)}"
        _admin(self.server_url, f"CREATE DATABASE {name} TEMPLATE {template or 'template1'}")
        self.created.append(name)
        url = make_url(self.server_url).set(database=name)
        return name, url.render_as_string(hide_password=False)

    def drop(self, names: list[str]) -> None:
        """Drop PostgreSQL databases of this run (connections left open are ended)."""
        if self.server_url and names:
            statements = [f"DROP DATABASE IF EXISTS {name} WITH (FORCE)" for name in names]
            _admin(self.server_url, *statements)
            self.created[:] = [name for name in self.created if name not in names]
            self.clones[:] = [name for name in self.clones if name not in names]


@dataclass(frozen=True)
class Template:
    """A migrated (and maybe seeded) database made once; tests get copies of it."""

    backend: Backend
    url: str

    def clone(self, directory: Path) -> str:
        """A copy for one test; its URL (SQLite: ``directory/gateway.sqlite3``)."""
        directory.mkdir(parents=True, exist_ok=True)
        if self.backend.server_url is None:
            return sqlite_url(copy_database(sqlite_path(self.url), directory))
        name, url = self.backend._create(make_url(self.url).database)
        self.backend.clones.append(name)
        return url

    def derive(self, directory: Path, build: Callable[[str], None]) -> Template:
        """A new template (kept for the session): a copy of this one, then ``build(url)``."""
        url = self.clone(directory)
        if self.backend.clones:
            self.backend.clones.pop()
        outside_loop(build, url)
        return Template(self.backend, url)


def backend_from_environment() -> Backend:
    """PostgreSQL when ``GATEWAY_TEST_DATABASE_URL`` is set, else SQLite files."""
    url = os.environ.get(URL_VARIABLE, "").strip()
    if not url:
        return Backend()
    if make_url(url).get_backend_name() != "postgresql":
        raise ValueError(f"{URL_VARIABLE} must be a postgresql+asyncpg:// URL, not {url!r}")
    run_outside_loop(asyncio.sleep(0))  # the helpers' loop starts now, before any test
    return Backend(url)


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        raise ValueError(f"not a SQLite file URL: {url}")
    return Path(parsed.database)


def _admin(server_url: str, *statements: str) -> None:
    """Statements that cannot run in a transaction (CREATE/DROP DATABASE), one connection."""

    async def run() -> None:
        engine = create_engine(server_url)
        try:
            async with engine.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                for statement in statements:
                    await autocommit.exec_driver_sql(statement)
        finally:
            await engine.dispose()

    run_outside_loop(run())


# -- reading a database as a test does -------------------------------------------------------

_QMARK = re.compile(r"\?")


def _named(sql: str, params: tuple[Any, ...]) -> tuple[TextClause, dict[str, Any]]:
    numbered = iter(range(len(params)))
    statement = text(_QMARK.sub(lambda _: f":p{next(numbered)}", sql))
    return statement, {f"p{n}": value for n, value in enumerate(params)}


def rows(url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Every row of ``sql`` (``?`` placeholders) on the database at ``url``, from any thread."""
    if make_url(url).get_backend_name() == "sqlite":
        with closing(sqlite3.connect(sqlite_path(url))) as connection:
            return list(connection.execute(sql, params))
    statement, values = _named(sql, params)

    async def run() -> list[tuple[Any, ...]]:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                return [tuple(row) for row in await connection.execute(statement, values)]
        finally:
            await engine.dispose()

    return run_outside_loop(run())


def execute(url: str, sql: str, *params: Any) -> int:
    """Run one changing statement (``?`` placeholders) and commit it; the rows it changed."""
    if make_url(url).get_backend_name() == "sqlite":
        with closing(sqlite3.connect(sqlite_path(url))) as connection, connection:
            return int(connection.execute(sql, params).rowcount)
    statement, values = _named(sql, params)

    async def run() -> int:
        engine = create_engine(url)
        try:
            async with engine.begin() as connection:
                return int((await connection.execute(statement, values)).rowcount)
        finally:
            await engine.dispose()

    return run_outside_loop(run())


def table_names(url: str) -> set[str]:
    """The tables of the database (SQLite's catalogue, or PostgreSQL's ``public`` schema)."""
    if make_url(url).get_backend_name() == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    else:
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    return {str(name) for (name,) in rows(url, sql)}


_PG_SCHEMA = (
    "SELECT table_name, column_name, data_type, is_nullable, column_default "
    "FROM information_schema.columns WHERE table_schema = 'public'",
    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
    "FROM pg_constraint WHERE connamespace = 'public'::regnamespace",
    "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'",
)


def dump(url: str) -> list[str]:
    """The whole database (schema and rows) as text lines, to compare states exactly.

    SQLite: its SQL dump. PostgreSQL: every column's definition, every constraint, every index,
    and every row of every table (sorted) — what "nothing changed" means there, where a
    rolled-back insert still advances a sequence.
    """
    if make_url(url).get_backend_name() == "sqlite":
        with closing(sqlite3.connect(sqlite_path(url))) as connection:
            return list(connection.iterdump())

    async def run() -> list[str]:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                lines: list[str] = []
                for sql in _PG_SCHEMA:
                    lines += sorted(repr(tuple(r)) for r in await connection.exec_driver_sql(sql))
                tables = await connection.exec_driver_sql(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
                for (table,) in list(tables):
                    every = f'SELECT * FROM "{table}"'  # noqa: S608 (a name from the catalogue)
                    found = await connection.exec_driver_sql(every)
                    lines += sorted(f"{table}: {tuple(row)!r}" for row in found)
                return lines
        finally:
            await engine.dispose()

    return run_outside_loop(run())


def seed(url: str, dataset: str) -> None:
    async def run() -> None:
        db = Database.open(url)
        try:
            await seed_demo(db, dataset)
        finally:
            await db.dispose()

    asyncio.run(run())


@contextmanager
def count_queries(db: Database) -> Iterator[list[str]]:
    """Collect every SQL statement the database runs while the block runs.

    On SQLite from the database itself (sqlite3's trace callback, set on each connection as it
    leaves the pool): some reads go to the driver directly (``storage.rows.FixedSelect``), past
    SQLAlchemy's cursor events. On PostgreSQL from those events.
    """
    statements: list[str] = []
    engine = db.engine.sync_engine
    if db.backend != "sqlite":

        def before(*args: Any) -> None:
            statements.append(args[2])

        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)
        return

    def trace(dbapi_connection: Any, callback: Callable[[str], None] | None) -> None:
        dbapi_connection.run_async(lambda driver: driver.set_trace_callback(callback))

    def on_checkout(dbapi_connection: Any, *_: Any) -> None:
        trace(dbapi_connection, statements.append)

    def on_checkin(dbapi_connection: Any, *_: Any) -> None:
        if dbapi_connection is not None:
            trace(dbapi_connection, None)

    event.listen(engine, "checkout", on_checkout)
    event.listen(engine, "checkin", on_checkin)
    try:
        yield statements
    finally:
        event.remove(engine, "checkout", on_checkout)
        event.remove(engine, "checkin", on_checkin)
