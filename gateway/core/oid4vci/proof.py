"""`jwt` key proof validation (OpenID4VCI 1.0 Appendix F.1, F.4): typ, alg, jwk, aud, iat, nonce."""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from gateway.core import jose
from gateway.core.oid4vci.errors import ErrorCode, Oid4vciError

PROOF_TYP: Final = "openid4vci-proof+jwt"
MAX_PROOF_LENGTH: Final = 8 * 1024


@dataclass(frozen=True)
class ProofPolicy:
    """What a key proof must satisfy; one value per deployment, from settings."""

    audience: str
    """The Credential Issuer Identifier the proof's ``aud`` must name."""
    allowed_algs: frozenset[str] = frozenset({"ES256"})
    max_age: dt.timedelta = dt.timedelta(minutes=5)
    """How old ``iat`` may be."""
    max_future_skew: dt.timedelta = dt.timedelta(seconds=60)
    """How far in the future ``iat`` may be (wallet clocks run fast)."""
    require_nonce: bool = True
    """True when the issuer has a Nonce Endpoint: then ``nonce`` MUST be present."""

    def __post_init__(self) -> None:
        unknown = self.allowed_algs - jose.VERIFY_ALGS
        if unknown or not self.allowed_algs:
            raise ValueError(f"unsupported proof algorithms: {sorted(unknown)}")


@dataclass(frozen=True)
class ValidProof:
    """A key proof whose signature, type and claims checked out."""

    holder_jwk: dict[str, str]
    """The proven public key (minimal members), to put into ``cnf.jwk``."""
    nonce: str | None
    """The c_nonce the wallet used: the flow MUST consume it (single use) before issuing."""
    issued_at: dt.datetime
    alg: str
    client_id: str | None
    """``iss`` of the proof (absent for anonymous pre-authorized access)."""


def _invalid(message: str, detail: str | None = None) -> Oid4vciError:
    return Oid4vciError(ErrorCode.INVALID_PROOF, message, detail=detail)


def _holder_key(header: dict[str, Any]) -> tuple[jose.PublicKey, dict[str, str]]:
    present = [name for name in ("jwk", "kid", "x5c") if name in header]
    if present != ["jwk"]:
        if len(present) > 1:
            raise _invalid("only one of jwk, kid and x5c may be in the proof header")
        raise _invalid("the proof header must carry the key as jwk (kid and x5c are not supported)")
    jwk = header["jwk"]
    if not isinstance(jwk, dict):
        raise _invalid("jwk header is not a JSON object")
    if jose.PRIVATE_JWK_MEMBERS & set(jwk):
        raise _invalid("jwk header contains private key material")
    try:
        key = jose.public_key_from_jwk(jwk)
    except jose.JoseError as exc:
        raise _invalid("jwk header is not a usable public key", exc.message) from None
    return key, jose.jwk_from_public_key(key)


def _check_audience(claims: dict[str, Any], audience: str) -> None:
    aud = claims.get("aud")
    if isinstance(aud, str):
        ok = aud == audience
    elif isinstance(aud, list):  # RFC 7519 allows an array; the issuer must be in it
        ok = audience in aud
    else:
        raise _invalid("aud is missing or malformed")
    if not ok:
        raise _invalid("aud is not this credential issuer")


def _time(claims: dict[str, Any], name: str) -> dt.datetime | None:
    value = claims.get(name)
    if value is None:
        return None
    if not jose.is_finite_json(value):
        raise _invalid(f"{name} is not a NumericDate")
    try:
        return dt.datetime.fromtimestamp(value, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise _invalid(f"{name} is out of range") from None


def _check_times(claims: dict[str, Any], policy: ProofPolicy, now: dt.datetime) -> dt.datetime:
    issued_at = _time(claims, "iat")
    if issued_at is None:
        raise _invalid("iat is missing")
    if issued_at > now + policy.max_future_skew:
        raise _invalid("iat is in the future")
    if issued_at < now - policy.max_age:
        raise _invalid("the proof is too old")
    expires = _time(claims, "exp")
    if expires is not None and expires <= now - policy.max_future_skew:
        raise _invalid("the proof has expired")
    not_before = _time(claims, "nbf")
    if not_before is not None and not_before > now + policy.max_future_skew:
        raise _invalid("the proof is not valid yet")
    return issued_at


def _check_nonce(claims: dict[str, Any], policy: ProofPolicy, expected: str | None) -> str | None:
    nonce = claims.get("nonce")
    if nonce is None:
        if policy.require_nonce or expected is not None:
            raise _invalid("nonce is missing: fetch a c_nonce from the nonce endpoint")
        return None
    if not isinstance(nonce, str) or not nonce:
        raise _invalid("nonce must be a non-empty string")
    if expected is not None and not hmac.compare_digest(nonce.encode(), expected.encode()):
        raise Oid4vciError(ErrorCode.INVALID_NONCE, "the c_nonce is not valid: fetch a new one")
    return nonce


def validate_proof(
    token: str,
    policy: ProofPolicy,
    *,
    now: dt.datetime,
    expected_nonce: str | None = None,
) -> ValidProof:
    """Check one ``jwt`` key proof; raise ``Oid4vciError`` (invalid_proof / invalid_nonce) if bad.

    The nonce is compared here only when ``expected_nonce`` is given. Otherwise the caller
    looks ``ValidProof.nonce`` up and consumes it (single use, inside its transaction) and
    answers ``invalid_nonce`` when it is unknown, expired or used — the storage layer owns
    that bookkeeping. The signature is checked before any claim is looked at.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    try:
        jws = jose.parse_compact(token, max_length=MAX_PROOF_LENGTH)
    except jose.JoseError as exc:
        raise _invalid("the proof is not a well-formed JWT", exc.message) from None
    header = dict(jws.header)
    if not jose.typ_matches(header.get("typ"), PROOF_TYP):
        raise _invalid(f"the proof typ must be {PROOF_TYP}")
    try:
        jose.check_alg(jws.alg, policy.allowed_algs)
    except jose.JoseError as exc:
        raise _invalid("the proof alg is not supported", exc.detail) from None
    key, holder_jwk = _holder_key(header)
    try:
        jose.verify(jws, key, allowed_algs=policy.allowed_algs)
        claims = jws.claims()
    except jose.JoseError as exc:
        raise _invalid("the proof signature does not verify with its jwk", exc.message) from None
    _check_audience(claims, policy.audience)
    issued_at = _check_times(claims, policy, now)
    nonce = _check_nonce(claims, policy, expected_nonce)
    client_id = claims.get("iss")
    if client_id is not None and not isinstance(client_id, str):
        raise _invalid("iss is not a string")
    return ValidProof(
        holder_jwk=holder_jwk,
        nonce=nonce,
        issued_at=issued_at,
        alg=jws.alg,
        client_id=client_id,
    )


def validate_proofs(
    tokens: Sequence[str],
    policy: ProofPolicy,
    *,
    now: dt.datetime,
    expected_nonce: str | None = None,
) -> tuple[ValidProof, ...]:
    """Validate every proof of a request (batch); one bad proof fails the request."""
    return tuple(validate_proof(t, policy, now=now, expected_nonce=expected_nonce) for t in tokens)
