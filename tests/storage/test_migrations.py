"""Migrations run for real: empty → head, twice, down and up, and the schema equals the models."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateTable

from gateway.storage.database import (
    Database,
    alembic_config,
    current_revision,
    head_revision,
    upgrade_database,
)
from gateway.storage.metadata import metadata
from tests.storage.helpers import Backend, dump, outside_loop, rows, sqlite_url, table_names

_CONSTRAINT = re.compile(r"CONSTRAINT (\w+)")
EVERY_TABLE = {t.name for t in metadata.sorted_tables} | {"alembic_version"}


def test_upgrade_from_empty_creates_every_table(tmp_path: Path, database_backend: Backend) -> None:
    path = tmp_path / "not" / "yet" / "there.sqlite3"
    sqlite = database_backend.name == "sqlite"
    url = sqlite_url(path) if sqlite else database_backend.empty(tmp_path)
    assert current_revision(url) is None
    if sqlite:
        assert not path.exists(), "asking for the revision must not create the database"
    else:
        assert table_names(url) == set(), "asking for the revision must not create tables"

    outside_loop(upgrade_database, url)

    assert table_names(url) == EVERY_TABLE
    assert current_revision(url) == head_revision()


def test_upgrading_twice_changes_nothing(db_url: str) -> None:
    before = dump(db_url)
    outside_loop(upgrade_database, db_url)
    assert dump(db_url) == before


def test_downgrade_to_base_and_up_again(db_url: str) -> None:
    outside_loop(command.downgrade, alembic_config(db_url), "base")
    assert table_names(db_url) == {"alembic_version"}
    assert current_revision(db_url) is None
    outside_loop(upgrade_database, db_url)
    assert table_names(db_url) == EVERY_TABLE


def _diffs(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def test_models_match_the_migrated_schema(db: Database) -> None:
    async with db.engine.connect() as connection:
        assert await connection.run_sync(_diffs) == []


def _stored_constraint_names(url: str) -> dict[str, set[str]]:
    """Every named constraint of every table, as the database keeps them."""
    stored: dict[str, set[str]] = {}
    if make_url(url).get_backend_name() == "sqlite":
        for name, sql in rows(url, "SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
            stored[name] = set(_CONSTRAINT.findall(sql))
    else:
        sql = (
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE connamespace = 'public'::regnamespace"
        )
        for table, name in rows(url, sql):
            stored.setdefault(table, set()).add(name)
    return stored


def test_constraint_names_match_the_models(db_url: str) -> None:
    """compare_metadata ignores CHECK constraints and names: compare the DDL's names too."""
    stored = _stored_constraint_names(db_url)
    dialect = (sqlite if make_url(db_url).get_backend_name() == "sqlite" else postgresql).dialect()
    for table in metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=dialect))
        assert stored[table.name] == set(_CONSTRAINT.findall(ddl)), table.name
    assert "ck_learners_gender_iso5218" in stored["learners"]
    assert "fk_opportunities_parent" in stored["opportunities"]


def test_postgresql_sql_renders_with_the_same_names() -> None:
    config = alembic_config("postgresql+asyncpg://gateway@localhost/gateway")
    config.output_buffer = io.StringIO()
    command.upgrade(config, "head", sql=True)
    sql = config.output_buffer.getvalue()
    assert "CREATE TABLE results" in sql
    assert "TIMESTAMP WITH TIME ZONE" in sql
    assert "NUMERIC(6, 1)" in sql
    names = set(_CONSTRAINT.findall(sql))
    assert {"ck_results_result_status", "uq_opportunities_institution_id_code"} <= names
    assert not any(n.startswith("ck_ck_") or "_ck_" in n for n in names)


async def test_connections_are_configured(db: Database) -> None:
    """SQLite: foreign keys, WAL, busy timeout. PostgreSQL (foreign keys and WAL always on):
    the lock timeout standing for the busy timeout, the application name, READ COMMITTED."""
    if db.backend == "sqlite":
        names = ("foreign_keys", "journal_mode", "busy_timeout")
        expected: dict[str, Any] = {
            "foreign_keys": 1,
            "journal_mode": "wal",
            "busy_timeout": 10_000,
        }
        statement = "PRAGMA {}"
    else:
        names = ("lock_timeout", "application_name", "transaction_isolation")
        expected = {
            "lock_timeout": "10s",
            "application_name": "emrex-gateway",
            "transaction_isolation": "read committed",
        }
        statement = "SHOW {}"
    for write in (False, True):
        async with db.session(write=write) as session, session.begin():
            found = {n: (await session.execute(text(statement.format(n)))).scalar() for n in names}
        assert found == expected
