"""Operational checks: is a running gateway ready, and is a deployment configuration sound."""

from __future__ import annotations

import asyncio
import ipaddress
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509

from gateway.core.elmo.schema import ElmoSchema
from gateway.core.keys import SigningKey, load_signing_key
from gateway.core.registry import parse_registry
from gateway.errors import GatewayError
from gateway.flows.emrex.registry import RegistryState, load_emreg_validator, read_registry_source
from gateway.flows.oots.config import oots_config
from gateway.flows.schema_dir import missing_files, require_schema_dir
from gateway.flows.services import Services, utc_now
from gateway.flows.transport import HttpTransport
from gateway.flows.wallet.issuer import load_wallet_issuer, operator_identity
from gateway.settings import Settings, load_settings
from gateway.storage.database import current_revision, current_revision_async, head_revision


@dataclass(frozen=True)
class Check:
    """One named check; ``detail`` is for operators (the CLI, the log), never for /readyz."""

    name: str
    ok: bool
    detail: str = ""


def _problem(exc: BaseException) -> str:
    if isinstance(exc, GatewayError):
        return exc.message
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"


def _revision_check(revision: str | None) -> Check:
    head = head_revision()
    if revision != head:
        at = revision or "an empty database"
        return Check("database", False, f"at {at}, head is {head}: run `gateway db upgrade`")
    return Check("database", True, f"reachable, at head {head}")


def certificate_check(name: str, key: SigningKey, now: datetime) -> Check:
    certificate = key.certificate
    subject = certificate.subject.rfc4514_string()
    if now < certificate.not_valid_before_utc:
        return Check(
            name, False, f"{subject} is not valid before {certificate.not_valid_before_utc}"
        )
    if now >= certificate.not_valid_after_utc:
        return Check(name, False, f"{subject} expired on {certificate.not_valid_after_utc}")
    return Check(name, True, f"{subject}, valid until {certificate.not_valid_after_utc.date()}")


def schema_check(schema_dir: Path) -> Check:
    missing = missing_files(schema_dir)
    if missing:
        return Check("schemas", False, f"{len(missing)} file(s) missing, first {missing[0]}")
    return Check("schemas", True, f"{schema_dir} complete")


async def readiness(
    services: Services, registry: RegistryState, wallet_key: SigningKey | None
) -> list[Check]:
    """What ``/readyz`` reports: database at head, keys valid, schemas complete, registry."""
    try:
        database = _revision_check(await current_revision_async(services.db))
    except Exception as exc:  # an unreachable database is an answer here, not a crash
        database = Check("database", False, _problem(exc))
    now = services.clock()
    checks = [database, certificate_check("signing_key", services.signing_key, now)]
    if wallet_key is None:
        checks.append(Check("wallet_key", False, "not loaded"))
    else:
        checks.append(certificate_check("wallet_key", wallet_key, now))
    checks.append(schema_check(services.settings.schemas.dir))
    if registry.available:
        checks.append(Check("registry", True, "stale copy" if registry.stale else "loaded"))
    else:
        checks.append(Check("registry", False, registry.problem or "not loaded"))
    return checks


# --- `gateway check-config FILE` ----------------------------------------------------------------

Step = Callable[[Settings], Awaitable[str]]


async def check_deployment(path: Path, transport: HttpTransport | None) -> list[Check]:
    """Every check of a deployment configuration; the first failure of one does not hide others."""
    try:
        settings = load_settings(path)
    except GatewayError as exc:
        return [Check("configuration", False, exc.message)]
    checks = [Check("configuration", True, f"{path} loads")]
    steps: list[tuple[str, Step]] = [
        ("production", _production),
        ("signing_key", _signing_key),
        ("wallet_key", _wallet_key),
        ("issuer", _issuer),
        ("schemas", _schemas),
        ("database", _database),
        ("registry", lambda s: _registry(s, transport)),
        ("oots", _oots),
        ("auth", _auth),
        ("metrics", _metrics),
        ("api", _api),
    ]
    for name, step in steps:
        try:
            checks.append(Check(name, True, await step(settings)))
        except Exception as exc:
            checks.append(Check(name, False, _problem(exc)))
    return checks


class _Failed(GatewayError):
    """A check that failed for a reason stated in its message."""


async def _production(settings: Settings) -> str:
    if settings.gateway.is_development:
        return f"environment {settings.gateway.environment}: production rules not applied"
    if not settings.server.is_https:
        raise _Failed("[server] public_url must be https in production")
    if settings.auth.mode == "dev":
        raise _Failed('[auth] mode = "dev" (the development login) is refused in production')
    return "https public_url, no development login"


def _valid_now(name: str, key: SigningKey) -> str:
    check = certificate_check(name, key, utc_now())
    if not check.ok:
        raise _Failed(check.detail)
    return check.detail


async def _signing_key(settings: Settings) -> str:
    key = load_signing_key(settings.signing.cert, settings.signing.key)
    return "key and certificate match; " + _valid_now("signing_key", key)


async def _wallet_key(settings: Settings) -> str:
    wallet = load_wallet_issuer(settings)
    return "ES256 key and certificate match; " + _valid_now("wallet_key", wallet.signing_key)


async def _issuer(settings: Settings) -> str:
    operator_identity(settings)
    return f"ELM issuer {settings.issuer.eidas_identifier}"


async def _schemas(settings: Settings) -> str:
    require_schema_dir(settings.schemas.dir)
    ElmoSchema.load(settings.schemas.dir)
    load_emreg_validator(settings.schemas.dir)
    return f"{settings.schemas.dir} complete; ELMO XSD and EMREG schema compile"


async def _database(settings: Settings) -> str:
    check = _revision_check(await asyncio.to_thread(current_revision, settings.database.url))
    if not check.ok:
        raise _Failed(check.detail)
    return check.detail


async def _registry(settings: Settings, transport: HttpTransport | None) -> str:
    source = settings.registry.source
    document = await read_registry_source(settings, transport, source)
    registry = parse_registry(
        document,
        load_emreg_validator(settings.schemas.dir),
        insecure_hosts=settings.registry.insecure_hosts,
    )
    return f"{source}: {len(registry.contact_points)} contact point(s)"


async def _oots(settings: Settings) -> str:
    config = oots_config(settings)
    for key, endpoint in config.requesters.items():
        if urlsplit(endpoint).scheme != "https" and not settings.gateway.is_development:
            raise _Failed(f'[oots.requesters."{key}"] endpoint must be https')
    return f"{len(config.requesters)} requester(s), {len(config.evidence_types)} evidence type(s)"


def _networks(values: tuple[str, ...], key: str) -> None:
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise _Failed(f"{key}: {value!r} is not an address or CIDR") from None


async def _auth(settings: Settings) -> str:
    _networks(settings.auth.trusted_proxies, "[auth] trusted_proxies")
    if settings.auth.mode == "header" and not settings.auth.header.strip():
        raise _Failed("[auth] header is empty")
    return f"mode {settings.auth.mode}"


async def _metrics(settings: Settings) -> str:
    _networks(settings.metrics.allow, "[metrics] allow")
    directory = settings.metrics.multiprocess_dir
    if directory is None:
        return "single-process counts"
    if not directory.is_dir() or not os.access(directory, os.W_OK):
        raise _Failed(f"[metrics] multiprocess_dir {directory} is not a writable directory")
    return f"multi-process counts in {directory}"


async def _api(settings: Settings) -> str:
    api = settings.api
    if not api.enabled:
        return "disabled"
    limits = f"bodies up to {api.max_body_bytes} bytes, pages up to {api.max_page_size}"
    if api.tls_client_ca is None:
        return f"Bearer secrets; {limits}"
    if settings.server.tls_cert is None:
        # Client certificates are only asked for when this process terminates TLS itself.
        raise _Failed(
            "[api] tls_client_ca is set but [server] tls_cert is not: no TLS handshake "
            "would ever ask a client for its certificate"
        )
    try:
        pem = api.tls_client_ca.read_bytes()
        authorities = x509.load_pem_x509_certificates(pem)
    except (OSError, ValueError) as exc:
        raise _Failed(
            f"[api] tls_client_ca ({api.tls_client_ca}) cannot be read as PEM certificates: {exc}"
        ) from None
    return f"Bearer secrets or client certificates from {len(authorities)} CA(s); {limits}"
