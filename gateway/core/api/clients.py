"""API clients and their credentials: scopes, bearer secrets (stored as SHA-256), certificate pins.

A secret is ``gwapi_<key id>_<random>``: the key id (public, 16 hex digits) finds the client, the
random part (256 bits) is the secret proper. Only its SHA-256 is stored: a secret with that much
entropy needs no slow password hash, and a copy of the database yields nothing to log in with.
Hashes are compared with ``hmac.compare_digest``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from gateway.errors import InvalidInput

SECRET_PREFIX = "gwapi_"  # noqa: S105 - the public prefix of every secret, not one
CLIENT_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")
_TOKEN = re.compile(r"^gwapi_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$")
_UNKNOWN_KEY_HASH = hashlib.sha256(b"no such client").hexdigest()


class Scope(StrEnum):
    """What a client may do: send records in, read the merits feed."""

    RECORDS_WRITE = "records:write"
    MERITS_READ = "merits:read"


@dataclass(frozen=True)
class ApiClient:
    """A registered client (what the database keeps: never the secret itself)."""

    id: int
    name: str
    key_id: str
    secret_sha256: str
    scopes: frozenset[Scope]
    created_at: datetime
    certificate_sha256: str | None = None
    revoked_at: datetime | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class NewCredentials:
    """A fresh key id and secret; ``token`` is shown once, ``secret_sha256`` is stored."""

    key_id: str
    token: str
    secret_sha256: str


def check_client_name(name: str) -> str:
    if CLIENT_NAME.match(name) is None:
        raise InvalidInput(
            f"client name {name[:70]!r} must be 1–63 lower-case letters, digits, '.', '_' or '-'"
        )
    return name


def parse_scopes(values: list[str] | tuple[str, ...]) -> frozenset[Scope]:
    """``--scope`` values as scopes (at least one, each known)."""
    if not values:
        raise InvalidInput(f"give at least one --scope ({', '.join(s.value for s in Scope)})")
    found = set()
    for value in values:
        try:
            found.add(Scope(value))
        except ValueError:
            allowed = ", ".join(s.value for s in Scope)
            raise InvalidInput(f"unknown scope {value[:40]!r}: use {allowed}") from None
    return frozenset(found)


def new_credentials() -> NewCredentials:
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    return NewCredentials(key_id, f"{SECRET_PREFIX}{key_id}_{secret}", _sha256(secret))


@dataclass(frozen=True)
class PresentedSecret:
    """A bearer token as presented: the key id to look up and the secret to compare."""

    key_id: str
    secret: str

    def matches(self, client: ApiClient | None) -> bool:
        """Constant time in the secret; an unknown client costs the same comparison."""
        stored = client.secret_sha256 if client is not None else _UNKNOWN_KEY_HASH
        same = hmac.compare_digest(_sha256(self.secret), stored)
        return same and client is not None


def parse_bearer(header: str | None) -> PresentedSecret | None:
    """``Authorization: Bearer gwapi_…`` as a presented secret; None when absent or malformed."""
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    match = _TOKEN.match(token.strip())
    if match is None:
        return None
    return PresentedSecret(match.group(1), match.group(2))


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii", "replace")).hexdigest()


def certificate_fingerprint(der: bytes) -> str:
    """The SHA-256 of a certificate's DER bytes (hex), as pinned for a client."""
    return hashlib.sha256(der).hexdigest()
