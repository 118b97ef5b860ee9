"""One presentation transaction as a value (OpenID4VP 1.0 §13.3 reference design); secrets."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

SECRET_BYTES: Final = 32  # 256 bits: nonce, state, request id, response code (≥128 required)


def fresh_secret() -> str:
    """A URL-safe random value (OpenID4VP 1.0 §5.2: nonce SHOULD have at least 128 bits)."""
    return secrets.token_urlsafe(SECRET_BYTES)


def secret_hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Transaction:
    """A transaction as stored; ``encryption_key`` (private JWK JSON) is None once answered."""

    id: str
    learner_id: int
    browser_key: str
    state: str
    nonce: str
    client_id: str
    response_mode: str
    same_device: bool
    dcql_query: str
    encryption_kid: str
    step: str
    created_at: datetime
    expires_at: datetime
    encryption_key: str | None = field(default=None, repr=False)
    outcome: str | None = None
    reason: str | None = None
    detail: str | None = None
    vct: str | None = None
    issuer: str | None = None
    chain_subject: str | None = None
    status_result: str | None = None
    import_id: int | None = None
    answered_at: datetime | None = None
    response_code_hash: str | None = None

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


@dataclass(frozen=True)
class Outcome:
    """How a transaction ended: ``verified``, ``refused`` or ``declined``, with its reason."""

    outcome: str
    reason: str | None = None
    detail: str | None = None
    vct: str | None = None
    issuer: str | None = None
    chain_subject: str | None = None
    status_result: str | None = None
    credential_sha256: str | None = None
    import_id: int | None = None


@dataclass(frozen=True)
class WalletResults:
    """A credential verified for a learner, as the EMREX selection page offers it."""

    id: int
    import_id: int
    issuer: str
    vct: str
    verified_at: datetime
    result_count: int
