"""Wallet-side test helpers: jwcrypto keys and proofs, SD-JWT checks with the OWF library."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from jwcrypto import jwk, jws
from sd_jwt.holder import SDJWTHolder
from sd_jwt.verifier import SDJWTVerifier

from gateway.core.keys import SigningKey, issue_certificate, make_ca, new_ec_key

ISSUER = "https://gw.example.edu"
NONCE = "wKI4LT17ac15ES9bw8ac4"
NOW = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.UTC)
VECTORS = Path(__file__).resolve().parents[2] / "vectors" / "oid4vci"
DROP = object()
"""Pass as an override value to remove a header member or claim."""


@dataclass(frozen=True)
class IssuerKeys:
    ca: SigningKey
    signing: SigningKey


def make_issuer() -> IssuerKeys:
    """An ES256 credential signing key whose certificate a (test) CA issued."""
    ca = make_ca("Wallet Test CA", "emrex-gateway tests", "SE", now=NOW)
    signing = issue_certificate(ca, new_ec_key(), "Test Issuer", "emrex-gateway tests", "SE", NOW)
    return IssuerKeys(ca=ca, signing=signing)


def seeded_bytes(seed: int = 7) -> Callable[[int], bytes]:
    return random.Random(seed).randbytes


def wallet_key(kty: str = "EC", crv: str = "P-256") -> Any:
    """A wallet key made by jwcrypto (not by our jose module)."""
    return jwk.JWK.generate(kty=kty, crv=crv)


def public_jwk(key: Any) -> dict[str, Any]:
    value = json.loads(key.export_public())
    assert isinstance(value, dict)
    return value


def _apply(base: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for name, value in overrides.items():
        if value is DROP:
            out.pop(name, None)
        else:
            out[name] = value
    return out


def make_proof(
    key: Any,
    *,
    header: Mapping[str, Any] = {},
    claims: Mapping[str, Any] = {},
    signing_key: Any = None,
) -> str:
    """A `jwt` key proof signed by jwcrypto; overrides replace or (with DROP) remove members."""
    protected = _apply(
        {"typ": "openid4vci-proof+jwt", "alg": "ES256", "jwk": public_jwk(key)}, header
    )
    payload = _apply({"aud": ISSUER, "iat": int(NOW.timestamp()), "nonce": NONCE}, claims)
    token = jws.JWS(json.dumps(payload).encode())
    token.add_signature(signing_key or key, alg=None, protected=json.dumps(protected))
    return str(token.serialize(compact=True))


def unsigned_token(header: Mapping[str, Any], claims: Mapping[str, Any]) -> str:
    """A JWT with no signature at all (``alg: none``), built by hand."""

    def b64(data: Mapping[str, Any]) -> str:
        raw = json.dumps(data).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{b64(header)}.{b64(claims)}."


@dataclass(frozen=True)
class LibraryResult:
    header: dict[str, Any]
    signed_payload: dict[str, Any]
    claims: dict[str, Any]
    """The payload with every disclosure applied, as the OWF library reconstructs it."""
    disclosures: list[list[Any]]


def _check_chain(x5c: list[str], trust_anchor: x509.Certificate) -> x509.Certificate:
    certs = [x509.load_der_x509_certificate(base64.b64decode(c)) for c in x5c]
    for child, parent in zip(certs, [*certs[1:], trust_anchor], strict=True):
        if child == parent:  # the anchor itself may have been sent along
            continue
        child.verify_directly_issued_by(parent)
    return certs[0]


def _digests(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        found.update(value.get("_sd", []))
        if set(value) == {"..."}:
            found.add(value["..."])
        for member in value.values():
            found |= _digests(member)
    elif isinstance(value, list):
        for item in value:
            found |= _digests(item)
    return found


def library_verify(
    serialized: str,
    trust_anchor: x509.Certificate,
    *,
    expected_aud: str | None = None,
    expected_nonce: str | None = None,
) -> LibraryResult:
    """Verify an SD-JWT(+KB) with the OWF sd-jwt library, the key taken from the x5c leaf.

    The library ignores disclosures whose digest is nowhere in the payload, so the digest
    check is done here as well, with hashlib.
    """
    issuer_jwt, *disclosures, _kb = serialized.split("~")
    parsed = jws.JWS()
    parsed.deserialize(issuer_jwt)
    header = dict(parsed.jose_header)
    leaf = _check_chain(header["x5c"], trust_anchor)

    def issuer_key(_iss: str, _header: dict[str, Any]) -> Any:
        return jwk.JWK.from_pyca(leaf.public_key())

    verifier = SDJWTVerifier(serialized, issuer_key, expected_aud, expected_nonce)
    claims = verifier.get_verified_payload()
    signed_payload = json.loads(parsed.objects["payload"])
    decoded = [json.loads(base64.urlsafe_b64decode(d + "=" * (-len(d) % 4))) for d in disclosures]
    # a digest sits in the signed payload or, for nested disclosures, in another disclosure
    known = _digests(signed_payload).union(*(_digests(d[-1]) for d in decoded))
    for disclosure in disclosures:
        digest = base64.urlsafe_b64encode(hashlib.sha256(disclosure.encode()).digest())
        assert digest.rstrip(b"=").decode() in known, "a disclosure has no digest in the SD-JWT"
    return LibraryResult(header, signed_payload, claims, decoded)


def present(
    serialized: str, disclose: Mapping[str, Any], holder_key: Any, aud: str, nonce: str
) -> str:
    """A holder presentation with a KB-JWT, made by the OWF library."""
    holder = SDJWTHolder(serialized)
    holder.create_presentation(dict(disclose), nonce, aud, holder_key, "ES256")
    return str(holder.sd_jwt_presentation)
