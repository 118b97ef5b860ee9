"""SD-JWT issuance (RFC 9901 §4) and SD-JWT VCs (draft-ietf-oauth-sd-jwt-vc-11 §3): issuer side."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric import ec

from gateway.core import jose
from gateway.core.keys import SigningKey
from gateway.core.x5c import x5c_chain
from gateway.errors import ConfigError, InvalidInput

SD_ALG: Final = "sha-256"
SD_JWT_VC_TYP: Final = "dc+sd-jwt"
SALT_BYTES: Final = 16  # 128 bits, RFC 9901 §9.3
SEPARATOR: Final = "~"
RESERVED_NAMES: Final = frozenset({"_sd", "...", "_sd_alg"})
"""Refused as claim names anywhere (verifiers strip ``_sd_alg`` at any depth, not only the top)."""
VC_CLAIMS: Final = frozenset(
    {"iss", "iat", "nbf", "exp", "cnf", "vct", "vct#integrity", "status", "_sd_alg"}
)
"""Claims the SD-JWT VC layer sets itself; they are never selectively disclosable."""
SET_FROM_ARGUMENTS: Final = frozenset({"iss", "iat", "exp", "vct", "cnf", "_sd", "_sd_alg"})
"""What ``issue_sd_jwt_vc`` derives from its arguments: never given as ``clear_claims``."""

RandomBytes = Callable[[int], bytes]
"""An injected source of random bytes, e.g. ``secrets.token_bytes`` (tests pass a seeded one)."""


@dataclass(frozen=True)
class SD:
    """Marks a value as selectively disclosable: an object member's value or an array element."""

    value: Any


@dataclass(frozen=True)
class Disclosure:
    """One disclosure: ``encoded`` is what travels, ``digest`` what the issuer-signed JWT holds."""

    encoded: str = field(repr=False)  # personal data: kept out of reprs and so out of logs
    digest: str
    name: str | None
    value: Any = field(repr=False)


@dataclass(frozen=True)
class IssuedSdJwt:
    """An issued SD-JWT: the issuer-signed JWT and every disclosure (both hold personal data)."""

    jwt: str = field(repr=False)
    disclosures: tuple[Disclosure, ...]

    def serialize(self) -> str:
        """Compact form ``<JWT>~<D1>~…~<Dn>~`` (no Key Binding JWT: that is the holder's)."""
        return SEPARATOR.join([self.jwt, *(d.encoded for d in self.disclosures), ""])


def digest_of(encoded: str) -> str:
    """The sha-256 digest of an encoded disclosure (over its ASCII bytes), base64url."""
    return jose.b64url_encode(hashlib.sha256(encoded.encode("ascii")).digest())


def make_disclosure(salt: bytes, name: str | None, value: Any) -> Disclosure:
    """``[salt, name, value]`` for an object member, ``[salt, value]`` for an array element."""
    salt_text = jose.b64url_encode(salt)
    array = [salt_text, value] if name is None else [salt_text, name, value]
    encoded = jose.b64url_encode(jose.json_dumps(array))
    return Disclosure(encoded=encoded, digest=digest_of(encoded), name=name, value=value)


def decoy_digest(random_bytes: RandomBytes) -> str:
    """A digest over random data, indistinguishable from a real one (RFC 9901 §4.2.5)."""
    return digest_of(jose.b64url_encode(random_bytes(SALT_BYTES)))


class _Concealer:
    """Walks the claims once, replacing ``SD`` values by digests and collecting disclosures."""

    def __init__(self, random_bytes: RandomBytes) -> None:
        self.random_bytes = random_bytes
        self.disclosures: list[Disclosure] = []

    def disclose(self, name: str | None, value: Any) -> str:
        inner = self.walk(value)
        disclosure = make_disclosure(self.random_bytes(SALT_BYTES), name, inner)
        self.disclosures.append(disclosure)
        return disclosure.digest

    def walk(self, value: Any) -> Any:
        if isinstance(value, SD):
            raise InvalidInput("SD must mark an object member or an array element")
        if isinstance(value, Mapping):
            return self.walk_object(value, decoys=0)
        if isinstance(value, list | tuple):
            return [
                {"...": self.disclose(None, item.value)}
                if isinstance(item, SD)
                else self.walk(item)
                for item in value
            ]
        if value is None or isinstance(value, str | bool | int):
            return value
        if isinstance(value, float) and math.isfinite(value):
            return value
        raise InvalidInput(f"not a JSON value: {type(value).__name__}")

    def walk_object(self, claims: Mapping[str, Any], *, decoys: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        digests: list[str] = []
        for name, value in claims.items():
            if not isinstance(name, str):
                raise InvalidInput("JSON member names must be strings")
            if name in RESERVED_NAMES:
                raise InvalidInput(f"the claim name {name!r} is reserved by SD-JWT")
            if isinstance(value, SD):
                digests.append(self.disclose(name, value.value))
            else:
                out[name] = self.walk(value)
        digests.extend(decoy_digest(self.random_bytes) for _ in range(decoys))
        if digests:
            out["_sd"] = sorted(digests)  # sorted: hides the original order (RFC 9901 §4.2.4.1)
        return out


def conceal(
    claims: Mapping[str, Any], *, random_bytes: RandomBytes, decoys: int = 0
) -> tuple[dict[str, Any], tuple[Disclosure, ...]]:
    """The SD-JWT payload for ``claims`` (values marked ``SD`` become digests) and its disclosures.

    ``decoys`` decoy digests are added to the top-level ``_sd`` (e.g. to hide which optional
    claims are absent); disclosures nested in disclosed values are supported.
    """
    if decoys < 0:
        raise ValueError("decoys must be >= 0")
    concealer = _Concealer(random_bytes)
    payload = concealer.walk_object(claims, decoys=decoys)
    if payload.get("_sd"):
        payload["_sd_alg"] = SD_ALG
    return payload, tuple(concealer.disclosures)


def issue_sd_jwt(
    claims: Mapping[str, Any],
    *,
    key: ec.EllipticCurvePrivateKey,
    header: Mapping[str, Any],
    random_bytes: RandomBytes,
    decoys: int = 0,
) -> IssuedSdJwt:
    """Conceal ``claims`` and sign the result with ES256 under the given JOSE ``header``."""
    payload, disclosures = conceal(claims, random_bytes=random_bytes, decoys=decoys)
    token = jose.sign_compact(header, jose.json_dumps(payload), key)
    return IssuedSdJwt(jwt=token, disclosures=disclosures)


def _numeric_date(moment: dt.datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return int(moment.timestamp())


def _has_sd(value: Any) -> bool:
    if isinstance(value, SD):
        return True
    if isinstance(value, Mapping):
        return any(_has_sd(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_sd(v) for v in value)
    return False


def _clear(clear_claims: Mapping[str, Any], claims: Mapping[str, Any]) -> dict[str, Any]:
    """The claims to add in clear, checked: none set from arguments, none also disclosable."""
    clash = (SET_FROM_ARGUMENTS | RESERVED_NAMES | set(claims)) & set(clear_claims)
    if clash:
        raise InvalidInput(f"clear claims that are set otherwise: {sorted(clash)}")
    if _has_sd(clear_claims):
        raise InvalidInput("clear claims are never selectively disclosable")
    return dict(clear_claims)


def issue_sd_jwt_vc(
    claims: Mapping[str, Any],
    *,
    vct: str,
    issuer: str,
    signing_key: SigningKey,
    holder_jwk: Mapping[str, Any],
    issued_at: dt.datetime,
    expires_at: dt.datetime | None,
    random_bytes: RandomBytes,
    decoys: int = 0,
    clear_claims: Mapping[str, Any] | None = None,
    include_trust_anchor: bool = False,
) -> IssuedSdJwt:
    """An SD-JWT VC: ``typ: dc+sd-jwt``, ES256, ``x5c``; iss, iat, exp, vct, cnf in clear.

    ``holder_jwk`` is the wallet key proven in the key proof; only its public members go into
    ``cnf.jwk``. ``claims`` hold the credential's own claims with ``SD`` marks.
    ``clear_claims`` are added to the payload as they are, never disclosable (e.g. ``status``
    with a Token Status List reference, ``nbf``); they may not carry ``SD`` marks.
    """
    key = signing_key.private_key
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ConfigError("the credential signing key must be an EC P-256 key (ES256)")
    clash = VC_CLAIMS & set(claims)
    if clash:
        raise InvalidInput(f"claims set by the SD-JWT VC layer: {sorted(clash)}")
    if not vct:
        raise InvalidInput("vct must not be empty")
    holder = jose.jwk_from_public_key(jose.public_key_from_jwk(holder_jwk))
    if expires_at is not None and expires_at <= issued_at:
        raise ValueError("expires_at must be after issued_at")
    envelope: dict[str, Any] = {"iss": issuer, "iat": _numeric_date(issued_at)}
    if expires_at is not None:
        envelope["exp"] = _numeric_date(expires_at)
    envelope["vct"] = vct
    envelope["cnf"] = {"jwk": holder}
    envelope.update(_clear(clear_claims or {}, claims))
    header = {
        "typ": SD_JWT_VC_TYP,
        "x5c": x5c_chain(signing_key, include_trust_anchor=include_trust_anchor),
    }
    return issue_sd_jwt(
        {**envelope, **claims},
        key=key,
        header=header,
        random_bytes=random_bytes,
        decoys=decoys,
    )
