"""Registry refresh: validated, cached, the last good copy kept (in memory and in the database)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from gateway.core.elmo.schema import ElmoSchema
from gateway.core.keys import SigningKey
from gateway.core.registry import emp_entry, emreg_document
from gateway.errors import SchemaMissingError
from gateway.flows.emrex.registry import RegistryCache, load_emreg_validator, refresh_registry
from gateway.flows.services import Services
from gateway.settings import settings_from_mapping
from gateway.storage.database import Database

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def elmo_schema_once(schema_dir: Path) -> ElmoSchema:
    return ElmoSchema.load(schema_dir)


def _services(
    db: Database, key: SigningKey, schema: ElmoSchema, schema_dir: Path, source: str
) -> Services:
    settings = settings_from_mapping(
        {
            "server": {"public_url": "http://127.0.0.1:8080"},
            "database": {"url": "sqlite+aiosqlite:///unused.sqlite3"},  # the db is given below
            "signing": {"cert": "unused.crt", "key": "unused.key"},
            "schemas": {"dir": str(schema_dir)},
            "registry": {"source": source},
        }
    )
    return Services(settings, db, key, schema, clock=lambda: NOW)


def _document(key: SigningKey, acronym: str) -> dict[str, Any]:
    entry = emp_entry(acronym, "SE", "https://emp.example.se/emrex", ["uu.se"], key.certificate)
    return emreg_document([entry])


async def test_a_failed_refresh_keeps_the_last_good_copy(
    tmp_path: Path,
    db: Database,
    signing_key: SigningKey,
    elmo_schema_once: ElmoSchema,
    schema_dir: Path,
) -> None:
    source = tmp_path / "registry.json"
    services = _services(db, signing_key, elmo_schema_once, schema_dir, str(source))
    cache = RegistryCache.for_settings(services.settings)

    missing = await refresh_registry(services, cache)
    assert not missing.available
    assert "cannot read" in (missing.problem or "")

    source.write_text(json.dumps(_document(signing_key, "GOOD")), encoding="utf-8")
    good = await refresh_registry(services, cache)
    assert good.available
    assert not good.stale
    assert good.fetched_at == NOW
    assert good.registry is not None
    assert good.registry.contact_point("GOOD") is not None

    source.write_text(json.dumps({"emps": [], "countries": [], "extra": 1}), encoding="utf-8")
    services.clock = lambda: NOW + timedelta(minutes=15)
    kept = await refresh_registry(services, cache)
    assert kept.stale
    assert "EMREG JSON schema" in (kept.problem or "")
    assert kept.registry is good.registry
    assert kept.fetched_at == NOW

    restarted = RegistryCache.for_settings(services.settings)  # a new process
    from_db = await refresh_registry(services, restarted)
    assert from_db.stale
    assert from_db.registry is not None
    assert from_db.registry.contact_point("GOOD") is not None

    source.write_text(json.dumps(_document(signing_key, "NEWER")), encoding="utf-8")
    newer = await refresh_registry(services, restarted)
    assert newer.registry is not None
    assert newer.registry.contact_point("NEWER") is not None
    assert not newer.stale


async def test_plain_http_sources_only_on_loopback(
    db: Database, signing_key: SigningKey, elmo_schema_once: ElmoSchema, schema_dir: Path
) -> None:
    services = _services(
        db, signing_key, elmo_schema_once, schema_dir, "http://registry.example/emps.json"
    )
    state = await refresh_registry(services, RegistryCache.for_settings(services.settings))
    assert not state.available
    assert "https" in (state.problem or "")


def test_a_missing_emreg_schema_is_a_clear_start_up_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaMissingError, match="make schemas"):
        load_emreg_validator(tmp_path)
