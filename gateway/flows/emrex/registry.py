"""The EMREX registry (TG §4.1): load, validate, cache and refresh EMREG JSON; publish our entry."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema

from gateway.core.keys import load_certificate
from gateway.core.registry import (
    MAX_REGISTRY_BYTES,
    Registry,
    emp_entry,
    emreg_document,
    manifest_entry,
    parse_registry,
)
from gateway.errors import ConfigError, GatewayError, InvalidInput, PeerError, SchemaMissingError
from gateway.flows.services import Services
from gateway.flows.transport import HttpTransport
from gateway.settings import Settings
from gateway.storage.database import Database, serialize
from gateway.storage.exchange import ExchangeRepository
from gateway.storage.repositories import RecordsRepository

log = logging.getLogger(__name__)

EMREG_SCHEMA = Path("elmo/emreg/emregjsonschema.json")
CONTACT_POINT_PATH = "/emrex"
FETCH_TIMEOUT_S = 20.0

Validator = Callable[[Any], None]


def load_emreg_validator(schema_dir: Path) -> Validator:
    """The official EMREG JSON schema (Draft 6) from the schema directory, compiled once."""
    path = schema_dir / EMREG_SCHEMA
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SchemaMissingError(
            f"EMREG JSON schema {path} is missing; run `make schemas` to fill the schema directory"
        ) from None
    validator = jsonschema.Draft6Validator(schema)
    return validator.validate


@dataclass(frozen=True)
class RegistryState:
    """What the client pages use: the registry (or None) and how fresh it is."""

    registry: Registry | None
    fetched_at: datetime | None = None
    stale: bool = False  # a refresh failed; this is the last good copy
    problem: str | None = None

    @property
    def available(self) -> bool:
        return self.registry is not None


class RegistryCache:
    """This process's parsed copy of the registry; the database keeps the last good document,
    so a restart (or another process) serves it when the source is down or invalid."""

    def __init__(self, validate: Validator) -> None:
        self.validate = validate
        self.state = RegistryState(None, problem="the registry has not been loaded yet")

    @classmethod
    def for_settings(cls, settings: Settings) -> RegistryCache:
        return cls(load_emreg_validator(settings.schemas.dir))


async def refresh_registry(services: Services, cache: RegistryCache) -> RegistryState:
    """Load the registry from ``[registry] source``; on any failure keep the last good copy
    (this process's, else the database's). Never raises: the contact point keeps serving."""
    settings = services.settings.registry
    now = services.clock()
    try:
        document = await _fetch(services, settings.source)
        registry = _parse(cache, document, settings.insecure_hosts)
    except GatewayError as exc:
        log.warning("registry refresh failed; keeping the last good copy: %s", exc.message)
        previous = cache.state
        if previous.registry is None:
            previous = await _from_snapshot(services, cache)
        cache.state = RegistryState(
            previous.registry, previous.fetched_at, stale=True, problem=exc.message
        )
        return cache.state
    async with services.db.session(write=True) as session, session.begin():
        await serialize(session, "registry-snapshot")  # N processes refresh: one copy stays
        await ExchangeRepository(session).save_registry_snapshot(settings.source, document, now)
    cache.state = RegistryState(registry, now)
    log.info("registry loaded", extra={"contact_points": len(registry.contact_points)})
    return cache.state


def _parse(cache: RegistryCache, document: bytes, insecure_hosts: Sequence[str]) -> Registry:
    return parse_registry(document, cache.validate, insecure_hosts=insecure_hosts)


async def _from_snapshot(services: Services, cache: RegistryCache) -> RegistryState:
    async with services.db.session() as session:
        snapshot = await ExchangeRepository(session).registry_snapshot()
    if snapshot is None:
        return RegistryState(None)
    _, document, fetched_at = snapshot
    try:
        registry = _parse(cache, document, services.settings.registry.insecure_hosts)
    except GatewayError as exc:
        log.warning("the stored registry copy is not usable either: %s", exc.message)
        return RegistryState(None)
    return RegistryState(registry, fetched_at)


async def _fetch(services: Services, source: str) -> bytes:
    return await read_registry_source(services.settings, services.transport, source)


async def read_registry_source(
    settings: Settings, transport: HttpTransport | None, source: str
) -> bytes:
    """A file path, or an https URL (plain http only for ``[registry] insecure_hosts``)."""
    parts = urlsplit(source)
    if parts.scheme in ("http", "https"):
        insecure = settings.registry.insecure_hosts
        if parts.scheme == "http" and parts.hostname not in insecure:
            raise ConfigError("[registry] source must be an https URL (or a file path)")
        if transport is None:
            raise RuntimeError("no HTTP transport: outbound calls need the web lifecycle")
        reply = await transport.get(source, timeout_s=FETCH_TIMEOUT_S, max_bytes=MAX_REGISTRY_BYTES)
        if reply.status != 200:
            raise PeerError(f"the registry answered HTTP {reply.status}")
        return reply.body
    return await asyncio.to_thread(_read_file, Path(source))


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_REGISTRY_BYTES + 1)
    except OSError as exc:
        raise PeerError(f"cannot read the registry file {path}: {exc.strerror}") from None
    if len(data) > MAX_REGISTRY_BYTES:
        raise InvalidInput(f"registry file is larger than {MAX_REGISTRY_BYTES} bytes")
    return data


# -- our own entry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnEntry:
    acronym: str
    country: str
    name: str
    url: str
    institutions: tuple[str, ...]


async def _institutions(db: Database) -> tuple[str, ...]:
    async with db.session() as session:
        return tuple(i.schac for i in await RecordsRepository(session).institutions())


def contact_point_url(settings: Settings) -> str:
    return settings.server.public_url.rstrip("/") + CONTACT_POINT_PATH


async def own_entry(services: Services) -> OwnEntry:
    settings = services.settings
    return OwnEntry(
        acronym=settings.emrex.acronym,
        country=settings.gateway.country,
        name=settings.gateway.name,
        url=contact_point_url(settings),
        institutions=await _institutions(services.db),
    )


async def entry_json(services: Services) -> dict[str, Any]:
    """Our EMREG entry: acronym, countryCode, institutions, url, pubKey (signing cert PEM)."""
    own = await own_entry(services)
    cert = services.signing_key.certificate
    return emp_entry(own.acronym, own.country, own.url, own.institutions, cert)


async def manifest_xml(services: Services) -> bytes:
    """Our EWP Registry manifest entry ``<emrex-data-access-point>``."""
    own = await own_entry(services)
    cert = services.signing_key.certificate
    return manifest_entry(own.url, own.name, own.country, own.institutions, [cert])


async def node_entry(settings: Settings) -> dict[str, Any]:
    """The EMREG entry of a gateway described by its settings (its database must be migrated)."""
    try:
        cert = load_certificate(settings.signing.cert.read_bytes())
    except OSError as exc:
        raise ConfigError(
            f"cannot read the signing certificate {settings.signing.cert}: {exc.strerror}"
        ) from None
    db = Database.open(settings.database.url)
    try:
        institutions = await _institutions(db)
    except Exception as exc:  # an unmigrated or unreachable database
        raise ConfigError(
            f"cannot list the institutions in {settings.config_file or 'the node'}'s database "
            f"(run `gateway db upgrade` and load its data first): {type(exc).__name__}"
        ) from None
    finally:
        await db.dispose()
    return emp_entry(
        settings.emrex.acronym,
        settings.gateway.country,
        contact_point_url(settings),
        institutions,
        cert,
    )


async def build_registry(nodes: Sequence[Settings], validate: Validator) -> dict[str, Any]:
    """An EMREG JSON document listing ``nodes`` (checked as a client would read it)."""
    if not nodes:
        raise ConfigError("name at least one node configuration")
    document = emreg_document([await node_entry(node) for node in nodes])
    hosts: set[str] = set()
    for node in nodes:
        hosts.update(node.registry.insecure_hosts)
    parse_registry(json.dumps(document).encode(), validate, insecure_hosts=sorted(hosts))
    return document
