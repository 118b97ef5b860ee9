"""Helpers of the database tests: URLs, running sync code off the loop, dumps, query counts."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event

from gateway.flows.seed import seed_demo
from gateway.storage.database import Database

T = TypeVar("T")
DB_NAME = "gateway.sqlite3"


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def outside_loop(function: Callable[..., T], *args: Any) -> T:
    """Run ``function`` in a worker thread (``upgrade_database`` runs its own event loop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def copy_database(template: Path, directory: Path) -> Path:
    target = directory / DB_NAME
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return target


def dump(path: Path) -> list[str]:
    """The whole database (schema and rows) as SQL, to compare states exactly."""
    with closing(sqlite3.connect(path)) as connection:
        return list(connection.iterdump())


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
    """Collect every SQL statement the engine sends while the block runs."""
    statements: list[str] = []

    def before(*args: Any) -> None:
        statements.append(args[2])

    event.listen(db.engine.sync_engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", before)
