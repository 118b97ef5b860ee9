"""The Status List Token in JWT format (Token Status List §5.1): signed with x5c, validated.

Signing: ES256 with the issuer's ``x5c`` chain (HAIP 1.0 §6.1: no trust anchor in it).
Validation follows the draft's rules in order: JWS ``typ`` and signature via ``x5c`` to a
configured trust anchor, ``sub`` equal to the referenced ``uri``, ``iat`` present, ``exp`` not
passed, ``status_list`` well formed; the entry is read by the caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Final

from cryptography import x509

from gateway.core import jose
from gateway.core.keys import SigningKey
from gateway.core.statuslist.bits import ALLOWED_BITS, StatusBits, StatusListError
from gateway.core.x5c import ValidatedChain, X5cError, sign_with_x5c, verify_with_x5c

STATUS_LIST_TYP: Final = "statuslist+jwt"
STATUS_LIST_MEDIA_TYPE: Final = "application/statuslist+jwt"
STATUS_LIST_ALGS: Final = frozenset({"ES256"})
"""HAIP 1.0 §7: ES256 for status list signatures (a caller may widen within jose's allow-list)."""


@dataclass(frozen=True)
class StatusListToken:
    """A status list token whose signature, chain and claims validated."""

    uri: str
    issued_at: dt.datetime
    expires_at: dt.datetime | None
    ttl_seconds: int | None
    statuses: StatusBits
    chain: ValidatedChain | None
    issuer: str | None = None


def _numeric_date(value: int | float) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(value), dt.UTC)


def sign_status_list_token(
    statuses: StatusBits,
    *,
    uri: str,
    signing_key: SigningKey,
    issued_at: dt.datetime,
    lifetime: dt.timedelta,
    ttl: dt.timedelta,
    issuer: str | None = None,
) -> str:
    """The compact JWS of a status list token for ``uri`` (its ``sub``), valid for ``lifetime``."""
    iat = int(issued_at.timestamp())
    claims: dict[str, Any] = {
        "sub": uri,
        "iat": iat,
        "exp": iat + int(lifetime.total_seconds()),
        "ttl": int(ttl.total_seconds()),
        "status_list": {
            "bits": statuses.bits,
            "lst": jose.b64url_encode(statuses.compressed()),
        },
    }
    if issuer:
        claims["iss"] = issuer
    return sign_with_x5c({"typ": STATUS_LIST_TYP}, jose.json_dumps(claims), signing_key)


def _time_claim(claims: dict[str, Any], name: str, *, required: bool) -> dt.datetime | None:
    value = claims.get(name)
    if value is None and not required:
        return None
    if value is None or not jose.is_finite_json(value) or not 0 <= value <= 1 << 40:
        raise StatusListError("status_list_claims", f"status list token {name} is not a date")
    return _numeric_date(value)


def validate_status_list_token(
    token: str,
    *,
    uri: str,
    trust_anchors: Collection[x509.Certificate],
    at: dt.datetime,
    max_token_bytes: int,
    max_list_bytes: int,
    allowed_algs: Collection[str] = STATUS_LIST_ALGS,
    leeway: dt.timedelta = dt.timedelta(seconds=60),
) -> StatusListToken:
    """Validate a fetched token for the reference ``uri``; StatusListError (with a reason) if not.

    The entry itself is the caller's to read (``statuses.get(idx)``: out of range is refused).
    """
    try:
        verified = verify_with_x5c(
            token,
            trust_anchors,
            at=at,
            allowed_algs=allowed_algs,
            expected_typ=STATUS_LIST_TYP,
            max_length=max_token_bytes,
        )
        claims = verified.claims()
    except X5cError as exc:
        raise StatusListError(str(exc.reason), exc.message, detail=exc.detail) from None
    except jose.JoseError as exc:
        raise StatusListError("status_list_signature", exc.message, detail=exc.detail) from None
    if claims.get("sub") != uri:
        raise StatusListError("status_list_sub_mismatch", "status list token sub is not its uri")
    issued_at = _time_claim(claims, "iat", required=True)
    assert issued_at is not None
    if issued_at > at + leeway:
        raise StatusListError("status_list_claims", "status list token issued in the future")
    expires_at = _time_claim(claims, "exp", required=False)
    if expires_at is not None and expires_at <= at - leeway:
        raise StatusListError("status_list_expired", "status list token has expired")
    ttl = claims.get("ttl")
    if ttl is not None and (not jose.is_finite_json(ttl) or ttl <= 0):
        raise StatusListError("status_list_claims", "status list token ttl is not positive")
    issuer = claims.get("iss")
    if issuer is not None and not isinstance(issuer, str):
        raise StatusListError("status_list_claims", "status list token iss is not a string")
    return StatusListToken(
        uri=uri,
        issued_at=issued_at,
        expires_at=expires_at,
        ttl_seconds=None if ttl is None else max(1, int(ttl)),
        statuses=_status_list(claims.get("status_list"), max_list_bytes),
        chain=verified.chain,
        issuer=issuer,
    )


def _status_list(value: Any, max_list_bytes: int) -> StatusBits:
    if not isinstance(value, dict):
        raise StatusListError("status_list_malformed", "status_list is not an object")
    bits, lst = value.get("bits"), value.get("lst")
    if isinstance(bits, bool) or bits not in ALLOWED_BITS:
        raise StatusListError("status_list_malformed", "status_list bits is not 1, 2, 4 or 8")
    if not isinstance(lst, str):
        raise StatusListError("status_list_malformed", "status_list lst is not a string")
    try:
        compressed = jose.b64url_decode(lst)
    except jose.JoseError:
        raise StatusListError("status_list_malformed", "status_list lst is not base64url") from None
    return StatusBits.decompress(compressed, bits, max_bytes=max_list_bytes)
