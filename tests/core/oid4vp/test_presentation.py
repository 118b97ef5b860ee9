"""core/oid4vp/presentation.py on credentials issued by the OWF sd-jwt library (not ours) and
presented by it: what verifies, and each check's own reason when something is off."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)
from jwcrypto import jwk, jws
from sd_jwt.common import SDObj
from sd_jwt.holder import SDJWTHolder
from sd_jwt.issuer import SDJWTIssuer

from gateway.core.keys import SigningKey, issue_certificate, make_ca, new_ec_key
from gateway.core.oid4vp.presentation import Policy, verify_presentation
from gateway.core.oid4vp.reasons import PresentationRefused, Reason

NOW = dt.datetime.now(dt.UTC)
AUD = "x509_hash:abc"
NONCE = "n-0S6_WzA2Mj"


@pytest.fixture(scope="module")
def ca() -> SigningKey:
    return make_ca("Presentation test CA", "emrex-gateway tests", "SE")


@pytest.fixture(scope="module")
def issuer(ca: SigningKey) -> SigningKey:
    return issue_certificate(
        ca, new_ec_key(), "Issuer", "emrex-gateway tests", "SE", uris=("https://issuer.example",)
    )  # its URI SAN is the iss of the credentials below (checklist item 13)


@pytest.fixture(scope="module")
def holder_key() -> Any:
    return jwk.JWK.generate(kty="EC", crv="P-256")


def library_key(key: SigningKey) -> Any:
    pem = key.private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    return jwk.JWK.from_pem(pem)


def issue(issuer: SigningKey, holder_key: Any, **claims: Any) -> str:
    user_claims: dict[Any, Any] = {
        "iss": "https://issuer.example",
        "iat": int(NOW.timestamp()),
        "exp": int(NOW.timestamp()) + 3600,
        "vct": "urn:eudi:elm:1",
        SDObj("given_name"): "Karin",
        SDObj("elm"): {"credentialSubject": {"id": "urn:x"}, "nested": [SDObj("one"), "two"]},
    }
    user_claims.update(claims)
    x5c = [base64.b64encode(issuer.certificate.public_bytes(Encoding.DER)).decode()]
    made = SDJWTIssuer(
        user_claims,
        library_key(issuer),
        holder_key,
        "ES256",
        extra_header_parameters={"typ": "dc+sd-jwt", "x5c": x5c},
    )
    return str(made.sd_jwt_issuance)


def present(issued: str, holder_key: Any, *, aud: str = AUD, nonce: str = NONCE) -> str:
    holder = SDJWTHolder(issued)
    holder.create_presentation(
        {"given_name": True, "elm": {"nested": [True, True]}}, nonce, aud, holder_key, "ES256"
    )
    return str(holder.sd_jwt_presentation)


def policy(ca: SigningKey, **changes: Any) -> Policy:
    values: dict[str, Any] = {
        "trust_anchors": (ca.certificate,),
        "vct_values": ("urn:eudi:elm:1",),
        "nonce": NONCE,
        "client_id": AUD,
        "now": NOW,
    }
    values.update(changes)
    return Policy(**values)


def refused(presentation: str, checks: Policy) -> Reason:
    with pytest.raises(PresentationRefused) as caught:
        verify_presentation(presentation, checks)
    return caught.value.reason


def test_a_library_issued_presentation_verifies(
    ca: SigningKey, issuer: SigningKey, holder_key: Any
) -> None:
    verified = verify_presentation(present(issue(issuer, holder_key), holder_key), policy(ca))
    assert verified.vct == "urn:eudi:elm:1"
    assert verified.claims["given_name"] == "Karin"
    assert verified.claims["elm"]["nested"] == ["one", "two"]  # nested disclosure resolved
    assert "_sd" not in verified.claims["elm"]
    assert verified.chain.anchor == ca.certificate


def test_each_check_has_its_reason(ca: SigningKey, issuer: SigningKey, holder_key: Any) -> None:
    good = present(issue(issuer, holder_key), holder_key)
    assert refused(good, policy(ca, nonce="other")) is Reason.KB_WRONG_NONCE
    assert refused(good, policy(ca, client_id="x509_san_dns:a")) is Reason.KB_WRONG_AUD
    assert refused(good, policy(ca, vct_values=("urn:x",))) is Reason.WRONG_VCT
    other_ca = make_ca("Other CA", "elsewhere", "NO")
    assert refused(good, policy(other_ca)) is Reason.ISSUER_UNTRUSTED
    assert refused(good, policy(ca, trust_anchors=())) is Reason.ISSUER_UNTRUSTED
    late = NOW + dt.timedelta(hours=2)
    assert refused(good, policy(ca, now=late)) is Reason.CREDENTIAL_EXPIRED
    stale = NOW + dt.timedelta(minutes=10)
    expired = issue(issuer, holder_key, exp=int(NOW.timestamp()) + 100000)
    assert refused(present(expired, holder_key), policy(ca, now=stale)) is (
        Reason.KB_IAT_OUT_OF_WINDOW
    )
    future = issue(issuer, holder_key, nbf=int(NOW.timestamp()) + 3600)
    assert refused(present(future, holder_key), policy(ca)) is Reason.CREDENTIAL_NOT_YET_VALID
    assert refused(good, policy(ca, typs=frozenset({"vc+sd-jwt"}))) is (
        Reason.ISSUER_TYP_NOT_ALLOWED
    )
    assert refused(good, policy(ca, max_length=100)) is Reason.PRESENTATION_MALFORMED


def test_disclosures_are_never_silently_dropped(
    ca: SigningKey, issuer: SigningKey, holder_key: Any
) -> None:
    good = present(issue(issuer, holder_key), holder_key)
    parts = good.split("~")
    kb = parts[-1]
    # a disclosure sent twice
    doubled = "~".join([*parts[:-1], parts[1], kb])
    assert refused(doubled, policy(ca)) is Reason.DISCLOSURE_DUPLICATE
    # a disclosure no digest references (a made-up one), with a fresh KB-JWT over the set
    salt = base64.urlsafe_b64encode(b"0123456789abcdef").rstrip(b"=").decode()
    extra = base64.urlsafe_b64encode(json.dumps([salt, "admin", True]).encode()).rstrip(b"=")
    presented = "~".join([*parts[:-1], extra.decode()]) + "~"
    assert refused(presented + kb_jwt(holder_key, presented), policy(ca)) is (
        Reason.DISCLOSURE_UNREFERENCED
    )
    # the issuer JWT's KB over another set: sd_hash differs
    presented = "~".join(parts[:2]) + "~"
    assert refused(presented + kb, policy(ca)) is Reason.KB_SD_HASH_MISMATCH
    # no key binding at all
    assert refused("~".join(parts[:-1]) + "~", policy(ca)) is Reason.MISSING_KEY_BINDING
    # a key-binding JWT by another key
    other = jwk.JWK.generate(kty="EC", crv="P-256")
    presented = "~".join(parts[:-1]) + "~"
    assert refused(presented + kb_jwt(other, presented), policy(ca)) is Reason.KB_INVALID
    assert refused(presented + kb_jwt(holder_key, presented, typ="JWT"), policy(ca)) is (
        Reason.KB_INVALID
    )


def test_no_holder_key_means_no_presentation(ca: SigningKey, issuer: SigningKey) -> None:
    x5c = [base64.b64encode(issuer.certificate.public_bytes(Encoding.DER)).decode()]
    claims = {"iss": "https://issuer.example", "vct": "urn:eudi:elm:1", SDObj("a"): 1}
    made = SDJWTIssuer(
        claims,
        library_key(issuer),
        None,
        "ES256",
        extra_header_parameters={"typ": "dc+sd-jwt", "x5c": x5c},
    )
    assert refused(str(made.sd_jwt_issuance), policy(ca)) is Reason.MISSING_HOLDER_KEY


def kb_jwt(key: Any, presented: str, typ: str = "kb+jwt") -> str:
    sd_hash = base64.urlsafe_b64encode(hashlib.sha256(presented.encode()).digest()).rstrip(b"=")
    claims = {"iat": int(NOW.timestamp()), "aud": AUD, "nonce": NONCE, "sd_hash": sd_hash.decode()}
    token = jws.JWS(json.dumps(claims).encode())
    token.add_signature(key, alg=None, protected=json.dumps({"typ": typ, "alg": "ES256"}))
    return str(token.serialize(compact=True))


def test_vc_sd_jwt_only_when_configured(
    ca: SigningKey, issuer: SigningKey, holder_key: Any
) -> None:
    """DC4EU-era credentials carry typ vc+sd-jwt: refused by default, accepted when listed."""
    x5c = [base64.b64encode(issuer.certificate.public_bytes(Encoding.DER)).decode()]
    claims = {"iss": "https://issuer.example", "vct": "urn:eudi:elm:1", SDObj("elm"): {"a": 1}}
    made = SDJWTIssuer(
        claims,
        library_key(issuer),
        holder_key,
        "ES256",
        extra_header_parameters={"typ": "vc+sd-jwt", "x5c": x5c},
    )
    legacy = present(str(made.sd_jwt_issuance), holder_key)
    assert refused(legacy, policy(ca)) is Reason.ISSUER_TYP_NOT_ALLOWED
    both = frozenset({"dc+sd-jwt", "vc+sd-jwt"})
    assert verify_presentation(legacy, policy(ca, typs=both)).claims["elm"] == {"a": 1}
