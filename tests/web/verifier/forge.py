"""Credentials made for refusal tests: right shape, wrong issuer, type or dates."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID

from gateway.core.keys import SigningKey, issue_certificate, make_ca, new_ec_key
from gateway.core.sdjwt import SD, issue_sd_jwt_vc


def self_signed_ec() -> SigningKey:
    key = new_ec_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Self-signed issuer")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return SigningKey(private_key=key, certificate=cert)


def untrusted_key() -> SigningKey:
    ca = make_ca("Unknown CA", "somewhere else", "NO")
    return issue_certificate(ca, new_ec_key(), "Unknown issuer", "somewhere else", "NO")


def forged(
    key: SigningKey,
    holder_jwk: dict[str, Any],
    *,
    vct: str = "urn:eudi:elm:1",
    expired: bool = False,
    issuer: str = "https://issuer.example",
) -> str:
    now = dt.datetime.now(dt.UTC)
    issued = now - dt.timedelta(days=2) if expired else now
    expires = now - dt.timedelta(days=1) if expired else now + dt.timedelta(days=30)
    elm = {"type": "VerifiableCredential", "credentialSubject": {"givenName": {"en": "Karin"}}}
    return issue_sd_jwt_vc(
        {"elm": SD(elm)},
        vct=vct,
        issuer=issuer,
        signing_key=key,
        holder_jwk=holder_jwk,
        issued_at=issued,
        expires_at=expires,
        random_bytes=secrets.token_bytes,
    ).serialize()
