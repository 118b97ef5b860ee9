"""``x5c`` chains (RFC 7515 §4.1.6): JWS signed and verified with one, validated to trust anchors.

Chain validation is RFC 5280 path building by ``cryptography.x509.verification``; the policy on
top is HAIP 1.0's (§5, §6.1): the leaf is not self-signed, and the trust anchor is configured
here, never taken from ``x5c``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.verification import (
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)

from gateway.core import jose
from gateway.core.keys import SigningKey
from gateway.errors import ConfigError

MAX_CERTIFICATES: Final = 8
MAX_CERTIFICATE_BYTES: Final = 16 * 1024


class ChainFailure(enum.StrEnum):
    """Why an ``x5c`` was refused: stable codes for logs and stored outcomes."""

    MALFORMED = "x5c_malformed"
    SELF_SIGNED_LEAF = "x5c_self_signed_leaf"
    ANCHOR_IN_X5C = "x5c_contains_trust_anchor"
    EXPIRED = "x5c_certificate_expired"
    NOT_YET_VALID = "x5c_certificate_not_yet_valid"
    UNTRUSTED = "x5c_no_path_to_trust_anchor"


class X5cError(jose.JoseError):
    """An ``x5c`` is malformed or does not validate to a trust anchor; ``reason`` says why."""

    def __init__(self, reason: ChainFailure, message: str, *, detail: str | None = None) -> None:
        super().__init__(message, detail=detail)
        self.reason = reason


@dataclass(frozen=True)
class ValidatedChain:
    """A chain that validated: ``certificates`` as sent (leaf first), and the anchor it reached."""

    certificates: tuple[x509.Certificate, ...]
    anchor: x509.Certificate

    @property
    def leaf(self) -> x509.Certificate:
        return self.certificates[0]


@dataclass(frozen=True)
class X5cJws:
    """A JWS whose signature verified with the leaf of an ``x5c`` chain that validated."""

    jws: jose.CompactJws
    chain: ValidatedChain

    def claims(self) -> dict[str, Any]:
        return self.jws.claims()


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(Encoding.DER)


def _self_signed(cert: x509.Certificate) -> bool:
    return cert.issuer == cert.subject


def encode_x5c(certificates: Sequence[x509.Certificate]) -> list[str]:
    """``x5c`` values: standard base64 (not base64url) DER, in the order given (leaf first)."""
    return [base64.b64encode(_der(c)).decode("ascii") for c in certificates]


def x5c_chain(signing_key: SigningKey, *, include_trust_anchor: bool = False) -> list[str]:
    """``x5c`` for a signing key (leaf first).

    The self-signed trust anchor is left out unless asked for: HAIP 1.0 says the verifier
    holds it separately and must not find it in ``x5c``.
    """
    certs = [signing_key.certificate, *signing_key.chain]
    kept = [c for i, c in enumerate(certs) if i == 0 or include_trust_anchor or not _self_signed(c)]
    return encode_x5c(kept)


def decode_x5c(value: Any) -> tuple[x509.Certificate, ...]:
    """Certificates from an ``x5c`` header value; anything but a short list of DER is refused."""
    if not isinstance(value, list) or not value:
        raise X5cError(ChainFailure.MALFORMED, "x5c is not a non-empty array")
    if len(value) > MAX_CERTIFICATES:
        raise X5cError(ChainFailure.MALFORMED, "x5c holds too many certificates")
    certificates = []
    for item in value:
        if not isinstance(item, str) or len(item) > MAX_CERTIFICATE_BYTES * 4 // 3 + 4:
            raise X5cError(ChainFailure.MALFORMED, "x5c entry is not a certificate")
        try:
            der = base64.b64decode(item, validate=True)
            certificates.append(x509.load_der_x509_certificate(der))
        except (binascii.Error, ValueError):
            raise X5cError(ChainFailure.MALFORMED, "x5c entry is not base64 DER") from None
    return tuple(certificates)


def _check_dates(certificates: Sequence[x509.Certificate], at: dt.datetime) -> None:
    for cert in certificates:
        if at < cert.not_valid_before_utc:
            raise X5cError(ChainFailure.NOT_YET_VALID, "a certificate in x5c is not valid yet")
        if at > cert.not_valid_after_utc:
            raise X5cError(ChainFailure.EXPIRED, "a certificate in x5c has expired")


def validate_chain(
    certificates: Sequence[x509.Certificate],
    trust_anchors: Collection[x509.Certificate],
    *,
    at: dt.datetime,
    allow_anchor_in_x5c: bool = False,
) -> ValidatedChain:
    """Validate ``certificates`` (leaf first, as in ``x5c``) to one of ``trust_anchors`` at ``at``.

    Refused: a self-signed leaf (so also an ``x5c`` that is only an anchor), an anchor inside
    ``x5c`` (unless allowed, for pre-HAIP issuers), any certificate outside its validity at
    ``at``, and a chain that leads to no anchor (RFC 5280 path validation, CA extensions as the
    Web PKI profile requires; the leaf's extensions are the issuer ecosystem's business).
    """
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    if not trust_anchors:
        raise ConfigError("no trust anchors configured")
    if not certificates:
        raise X5cError(ChainFailure.MALFORMED, "x5c is empty")
    leaf, rest = certificates[0], list(certificates[1:])
    anchors = {_der(a) for a in trust_anchors}
    if _der(leaf) in anchors or (any(_der(c) in anchors for c in rest) and not allow_anchor_in_x5c):
        raise X5cError(ChainFailure.ANCHOR_IN_X5C, "x5c must not contain the trust anchor")
    if _self_signed(leaf):
        raise X5cError(ChainFailure.SELF_SIGNED_LEAF, "the x5c leaf certificate is self-signed")
    rest = [c for c in rest if _der(c) not in anchors]
    _check_dates(certificates, at)
    verifier = (
        PolicyBuilder()
        .store(Store(list(trust_anchors)))
        .time(at)
        .max_chain_depth(MAX_CERTIFICATES)
        .extension_policies(
            ca_policy=ExtensionPolicy.webpki_defaults_ca(), ee_policy=ExtensionPolicy.permit_all()
        )
        .build_client_verifier()
    )
    try:
        verified = verifier.verify(leaf, rest)
    except VerificationError as exc:
        raise X5cError(
            ChainFailure.UNTRUSTED, "x5c does not lead to a trusted anchor", detail=str(exc)[:300]
        ) from None
    return ValidatedChain(certificates=tuple(certificates), anchor=verified.chain[-1])


def sign_with_x5c(
    header: Mapping[str, Any],
    payload: bytes,
    signing_key: SigningKey,
    *,
    include_trust_anchor: bool = False,
) -> str:
    """ES256 JWS whose ``x5c`` header carries the signing key's chain (leaf first, no anchor)."""
    key = signing_key.private_key
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ConfigError("an x5c JWS needs an EC P-256 signing key (ES256)")
    chain = x5c_chain(signing_key, include_trust_anchor=include_trust_anchor)
    return jose.sign_compact({**header, "x5c": chain}, payload, key)


def verify_with_x5c(
    token: str,
    trust_anchors: Collection[x509.Certificate],
    *,
    at: dt.datetime,
    allowed_algs: Collection[str],
    expected_typ: str | None = None,
    max_length: int = jose.MAX_TOKEN_LENGTH,
    allow_anchor_in_x5c: bool = False,
) -> X5cJws:
    """Parse ``token``, check ``typ`` and ``alg``, validate its ``x5c`` and its signature.

    Claims (``exp``, ``iat``, ``sub`` …) are the caller's to check, after this returned.
    """
    jws = jose.parse_compact(token, max_length=max_length)
    if expected_typ is not None and not jose.typ_matches(jws.header.get("typ"), expected_typ):
        raise jose.JoseError(f"JOSE header typ must be {expected_typ}")
    jose.check_alg(jws.alg, allowed_algs)
    if "x5c" not in jws.header:
        raise X5cError(ChainFailure.MALFORMED, "JOSE header has no x5c")
    chain = validate_chain(
        decode_x5c(jws.header["x5c"]),
        trust_anchors,
        at=at,
        allow_anchor_in_x5c=allow_anchor_in_x5c,
    )
    public = chain.leaf.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey):
        raise jose.JoseError(f"key does not match alg {jws.alg}")
    jose.verify(jws, public, allowed_algs=allowed_algs)
    return X5cJws(jws=jws, chain=chain)
