"""Database fixtures: real SQLite files in temp dirs, migrated with ``upgrade_database``.

A pytest plugin: load it with ``pytest_plugins = ["tests.storage.fixtures"]`` (a test module
or the root conftest). Migrating and seeding happen once per session into template files; each
test gets its own copy, so tests stay independent and fast.

- ``migrated_template`` / ``seeded_template`` / ``seeded_no_template``: session-wide files
- ``db_url``: a fresh migrated, empty database for this test (a URL)
- ``db``: an open :class:`Database` on it; ``seeded_db``: one holding demo dataset ``se``
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.storage.database import Database, upgrade_database
from tests.storage.helpers import DB_NAME, copy_database, outside_loop, seed, sqlite_url


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("migrated") / DB_NAME
    outside_loop(upgrade_database, sqlite_url(path))
    return path


def _seeded(factory: pytest.TempPathFactory, template: Path, dataset: str) -> Path:
    path = copy_database(template, factory.mktemp(f"seeded-{dataset}"))
    outside_loop(seed, sqlite_url(path), dataset)
    return path


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    return _seeded(tmp_path_factory, migrated_template, "se")


@pytest.fixture(scope="session")
def seeded_no_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    return _seeded(tmp_path_factory, migrated_template, "no")


@pytest.fixture
def db_path(tmp_path: Path, migrated_template: Path) -> Path:
    return copy_database(migrated_template, tmp_path)


@pytest.fixture
def db_url(db_path: Path) -> str:
    return sqlite_url(db_path)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database.open(db_url)
    yield database
    await database.dispose()


@pytest.fixture
def seeded_path(tmp_path: Path, seeded_template: Path) -> Path:
    return copy_database(seeded_template, tmp_path)


@pytest.fixture
async def seeded_db(seeded_path: Path) -> AsyncIterator[Database]:
    database = Database.open(sqlite_url(seeded_path))
    yield database
    await database.dispose()
