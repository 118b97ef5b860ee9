"""Database fixtures: migrated with ``upgrade_database`` once per session, copied per test.

A pytest plugin: load it with ``pytest_plugins = ["tests.storage.fixtures"]`` (a test module
or the root conftest). Migrating and seeding happen once per session into templates; each test
gets its own copy, so tests stay independent and fast. The backend is SQLite files, or
PostgreSQL when ``GATEWAY_TEST_DATABASE_URL`` is set (``make test-pg``): see ``helpers``.

- ``database_backend``: where test databases live (``empty(directory)`` makes a new one)
- ``migrated_template`` / ``seeded_template`` / ``seeded_no_template``: session-wide templates
- ``db_url``: a fresh migrated, empty database for this test (a URL)
- ``db``: an open :class:`Database` on it; ``seeded_url`` / ``seeded_db``: holding dataset ``se``
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from gateway.storage.database import Database, upgrade_database
from tests.storage.helpers import (
    Backend,
    Template,
    backend_from_environment,
    close_helper_loop,
    seed,
)


@pytest.fixture(scope="session")
def database_backend() -> Iterator[Backend]:
    backend = backend_from_environment()
    yield backend
    backend.drop(list(backend.created))
    close_helper_loop()


@pytest.fixture(autouse=True)
def _drop_test_databases(request: pytest.FixtureRequest) -> Iterator[None]:
    """PostgreSQL: drop the copies a test made once it is over (templates stay)."""
    yield
    if "database_backend" in request.fixturenames:
        backend: Backend = request.getfixturevalue("database_backend")
        backend.drop(list(backend.clones))


@pytest.fixture(scope="session")
def migrated_template(
    tmp_path_factory: pytest.TempPathFactory, database_backend: Backend
) -> Template:
    return database_backend.template(tmp_path_factory.mktemp("migrated"), upgrade_database)


def _seeded(factory: pytest.TempPathFactory, template: Template, dataset: str) -> Template:
    return template.derive(factory.mktemp(f"seeded-{dataset}"), lambda url: seed(url, dataset))


@pytest.fixture(scope="session")
def seeded_template(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Template
) -> Template:
    return _seeded(tmp_path_factory, migrated_template, "se")


@pytest.fixture(scope="session")
def seeded_no_template(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Template
) -> Template:
    return _seeded(tmp_path_factory, migrated_template, "no")


@pytest.fixture
def db_url(tmp_path: Path, migrated_template: Template) -> str:
    return migrated_template.clone(tmp_path)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database.open(db_url)
    yield database
    await database.dispose()


@pytest.fixture
def seeded_url(tmp_path: Path, seeded_template: Template) -> str:
    return seeded_template.clone(tmp_path)


@pytest.fixture
async def seeded_db(seeded_url: str) -> AsyncIterator[Database]:
    database = Database.open(seeded_url)
    yield database
    await database.dispose()
