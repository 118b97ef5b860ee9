"""Migrations run for real: empty → head, twice, down and up, and the schema equals the models."""

from __future__ import annotations

import io
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateTable

from gateway.storage.database import (
    Database,
    alembic_config,
    current_revision,
    head_revision,
    upgrade_database,
)
from gateway.storage.metadata import metadata
from tests.storage.helpers import dump, outside_loop, sqlite_url

_CONSTRAINT = re.compile(r"CONSTRAINT (\w+)")


def _tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


def test_upgrade_from_empty_creates_every_table(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there.sqlite3"
    url = sqlite_url(path)
    assert current_revision(url) is None
    assert not path.exists(), "asking for the revision must not create the database"

    outside_loop(upgrade_database, url)

    assert _tables(path) == {t.name for t in metadata.sorted_tables} | {"alembic_version"}
    assert current_revision(url) == head_revision()


def test_upgrading_twice_changes_nothing(db_path: Path, db_url: str) -> None:
    before = dump(db_path)
    outside_loop(upgrade_database, db_url)
    assert dump(db_path) == before


def test_downgrade_to_base_and_up_again(db_path: Path, db_url: str) -> None:
    outside_loop(command.downgrade, alembic_config(db_url), "base")
    assert _tables(db_path) == {"alembic_version"}
    assert current_revision(db_url) is None
    outside_loop(upgrade_database, db_url)
    assert _tables(db_path) == {t.name for t in metadata.sorted_tables} | {"alembic_version"}


def _diffs(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def test_models_match_the_migrated_schema(db: Database) -> None:
    async with db.engine.connect() as connection:
        assert await connection.run_sync(_diffs) == []


def test_constraint_names_match_the_models(db_path: Path) -> None:
    """compare_metadata ignores CHECK constraints and names: compare the DDL's names too."""
    with closing(sqlite3.connect(db_path)) as connection:
        stored = {
            name: set(_CONSTRAINT.findall(sql))
            for name, sql in connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
            )
        }
    for table in metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=sqlite.dialect()))
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


async def test_sqlite_connections_are_configured(db: Database) -> None:
    async with db.session() as session:
        pragmas = {
            name: (await session.execute(_pragma(name))).scalar()
            for name in ("foreign_keys", "journal_mode", "busy_timeout")
        }
    assert pragmas == {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 10_000}


def _pragma(name: str) -> Any:
    from sqlalchemy import text

    return text(f"PRAGMA {name}")
