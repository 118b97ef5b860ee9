"""API clients (issue #16): add, list and revoke them; authenticate a request and check its scope.

A request authenticates with ``Authorization: Bearer <secret>`` or, when the gateway serves TLS
itself, with the client certificate pinned for the client. Unknown, revoked or wrong credentials
are one refusal (401: the caller learns nothing about which); a missing scope is 403.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from gateway.core.api.clients import (
    ApiClient,
    Scope,
    certificate_fingerprint,
    check_client_name,
    new_credentials,
    parse_bearer,
    parse_scopes,
)
from gateway.errors import AuthenticationRequired, Forbidden, InvalidInput, NotFound
from gateway.storage.api import ApiRepository
from gateway.storage.database import Database

log = logging.getLogger(__name__)
INVALID_CREDENTIALS = "The credentials are not valid: unknown or revoked client, or a wrong secret."


@dataclass(frozen=True)
class AddedClient:
    client: ApiClient
    token: str  # shown once; only its hash is kept


def pinned_certificate(pem: bytes) -> str:
    """The SHA-256 pin of a client's PEM certificate."""
    try:
        certificate = x509.load_pem_x509_certificate(pem)
    except ValueError:
        raise InvalidInput("--tls-cert: not a PEM certificate") from None
    return certificate_fingerprint(certificate.public_bytes(Encoding.DER))


async def add_client(
    db: Database,
    name: str,
    scopes: list[str],
    now: datetime,
    *,
    certificate_pem: bytes | None = None,
) -> AddedClient:
    credentials = new_credentials()
    client = ApiClient(
        id=0,
        name=check_client_name(name),
        key_id=credentials.key_id,
        secret_sha256=credentials.secret_sha256,
        scopes=parse_scopes(scopes),
        created_at=now,
        certificate_sha256=None if certificate_pem is None else pinned_certificate(certificate_pem),
    )
    async with db.session(write=True) as session, session.begin():
        repo = ApiRepository(session)
        if await repo.client_named(client.name) is not None:
            raise InvalidInput(f"there is already a client named {client.name!r}")
        pin = client.certificate_sha256
        if pin is not None and await repo.client_with_certificate(pin) is not None:
            raise InvalidInput("that certificate is pinned for another client already")
        stored = await repo.add_client(client)
    log.info("api client added", extra={"client": stored.name})
    return AddedClient(stored, credentials.token)


async def list_clients(db: Database) -> list[ApiClient]:
    async with db.session() as session:
        return await ApiRepository(session).clients()


async def revoke_client(db: Database, name: str, now: datetime) -> ApiClient:
    async with db.session(write=True) as session, session.begin():
        repo = ApiRepository(session)
        found = await repo.client_named(name)
        if found is None:
            raise NotFound(f"there is no client named {name[:64]!r}")
        if not await repo.revoke(name, now):
            raise InvalidInput(f"client {name!r} was revoked already")
        revoked = await repo.client_named(name)
    assert revoked is not None
    log.info("api client revoked", extra={"client": name})
    return revoked


class Unauthenticated(AuthenticationRequired):
    """No usable API credentials: missing, malformed, unknown, revoked or wrong (one answer)."""


class MissingScope(Forbidden):
    """The client is known but was not given the scope this endpoint needs."""


async def authenticate(
    db: Database, authorization: str | None, certificate_der: bytes | None
) -> ApiClient:
    """The (active) client a request comes from."""
    async with db.session() as session:
        repo = ApiRepository(session)
        by_certificate = None
        if certificate_der is not None:
            by_certificate = await repo.client_with_certificate(
                certificate_fingerprint(certificate_der)
            )
        presented = parse_bearer(authorization)
        by_secret = None
        if presented is not None:
            candidate = await repo.client_with_key(presented.key_id)
            by_secret = candidate if presented.matches(candidate) else None
            if by_secret is None:
                raise Unauthenticated(INVALID_CREDENTIALS)
    client = by_secret or by_certificate
    if client is None:
        raise Unauthenticated(
            "Authenticate with Authorization: Bearer and the client's secret, or with the "
            "client's TLS certificate."
        )
    if by_secret is not None and by_certificate is not None and by_secret.id != by_certificate.id:
        raise Unauthenticated("The bearer secret and the TLS certificate name different clients.")
    if client.revoked:
        raise Unauthenticated(INVALID_CREDENTIALS)
    return client


def require_scope(client: ApiClient, scope: Scope) -> None:
    if scope not in client.scopes:
        raise MissingScope(f"This client may not use this endpoint (it needs scope {scope.value}).")
