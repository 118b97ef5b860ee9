"""Key proof validation: wallet proofs made with jwcrypto, each refusal with its exact code."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from jwcrypto import jwk

from gateway.core import jose
from gateway.core.oid4vci.errors import ErrorCode, Oid4vciError
from gateway.core.oid4vci.proof import ProofPolicy, validate_proof, validate_proofs
from tests.core.oid4vci.support import (
    DROP,
    ISSUER,
    NONCE,
    NOW,
    make_proof,
    public_jwk,
    unsigned_token,
    wallet_key,
)

POLICY = ProofPolicy(audience=ISSUER)


def _code(token: str, policy: ProofPolicy = POLICY, **kw: Any) -> ErrorCode:
    with pytest.raises(Oid4vciError) as caught:
        validate_proof(token, policy, now=NOW, **kw)
    assert caught.value.http_status == 400
    return caught.value.code


def test_valid_proof(wallet: Any) -> None:
    proof = validate_proof(make_proof(wallet), POLICY, now=NOW, expected_nonce=NONCE)
    assert proof.holder_jwk == {k: public_jwk(wallet)[k] for k in ("kty", "crv", "x", "y")}
    assert proof.nonce == NONCE
    assert proof.issued_at == NOW
    assert proof.alg == "ES256"
    assert proof.client_id is None


def test_nonce_is_returned_for_the_flow_to_consume(wallet: Any) -> None:
    proof = validate_proof(make_proof(wallet, claims={"nonce": "fresh-1"}), POLICY, now=NOW)
    assert proof.nonce == "fresh-1"


@pytest.mark.parametrize(
    ("kty", "crv", "alg"), [("EC", "P-384", "ES384"), ("OKP", "Ed25519", "EdDSA")]
)
def test_other_algorithms_when_allowed(kty: str, crv: str, alg: str) -> None:
    key = wallet_key(kty, crv)
    token = make_proof(key, header={"alg": alg})
    assert _code(token) is ErrorCode.INVALID_PROOF  # not in the default allow-list
    policy = ProofPolicy(audience=ISSUER, allowed_algs=frozenset({"ES256", alg}))
    assert validate_proof(token, policy, now=NOW).alg == alg


def test_iat_window_edges(wallet: Any) -> None:
    old = int((NOW - POLICY.max_age).timestamp())
    soon = int((NOW + POLICY.max_future_skew).timestamp())
    validate_proof(make_proof(wallet, claims={"iat": old}), POLICY, now=NOW)
    validate_proof(make_proof(wallet, claims={"iat": soon}), POLICY, now=NOW)
    validate_proof(make_proof(wallet, claims={"iat": NOW.timestamp() + 0.5}), POLICY, now=NOW)


def test_audience_may_be_an_array(wallet: Any) -> None:
    token = make_proof(wallet, claims={"aud": ["https://other.example", ISSUER]})
    validate_proof(token, POLICY, now=NOW)


@pytest.mark.parametrize(
    "typ", ["openid4vci-proof+jwt", "application/openid4vci-proof+jwt", "OpenID4VCI-Proof+JWT"]
)
def test_typ_is_a_media_type(wallet: Any, typ: str) -> None:
    validate_proof(make_proof(wallet, header={"typ": typ}), POLICY, now=NOW)


def test_iss_is_returned(wallet: Any) -> None:
    proof = validate_proof(make_proof(wallet, claims={"iss": "wallet-client"}), POLICY, now=NOW)
    assert proof.client_id == "wallet-client"


def _name(value: object) -> str:
    """Stable test ids (pytest-xdist workers must collect the same names)."""
    return "DROP" if value is DROP else str(value)


def _later(seconds: float) -> int:
    return int(NOW.timestamp() + seconds)


@pytest.mark.parametrize(
    ("header", "claims", "code"),
    [
        ({"typ": "JWT"}, {}, ErrorCode.INVALID_PROOF),
        ({"typ": DROP}, {}, ErrorCode.INVALID_PROOF),
        ({"typ": "application/jwt"}, {}, ErrorCode.INVALID_PROOF),
        ({"typ": "text/openid4vci-proof+jwt"}, {}, ErrorCode.INVALID_PROOF),
        ({"typ": ["openid4vci-proof+jwt"]}, {}, ErrorCode.INVALID_PROOF),
        ({}, {"aud": "https://evil.example"}, ErrorCode.INVALID_PROOF),
        ({}, {"aud": ISSUER + "/"}, ErrorCode.INVALID_PROOF),
        ({}, {"aud": DROP}, ErrorCode.INVALID_PROOF),
        ({}, {"aud": 42}, ErrorCode.INVALID_PROOF),
        ({}, {"iat": _later(-301)}, ErrorCode.INVALID_PROOF),
        ({}, {"iat": _later(-86400)}, ErrorCode.INVALID_PROOF),
        ({}, {"iat": _later(61)}, ErrorCode.INVALID_PROOF),
        ({}, {"iat": DROP}, ErrorCode.INVALID_PROOF),
        ({}, {"iat": "1748865600"}, ErrorCode.INVALID_PROOF),
        ({}, {"iat": True}, ErrorCode.INVALID_PROOF),
        ({}, {"iat": 1e300}, ErrorCode.INVALID_PROOF),
        ({}, {"exp": _later(-120)}, ErrorCode.INVALID_PROOF),
        ({}, {"nbf": _later(3600)}, ErrorCode.INVALID_PROOF),
        ({}, {"nonce": DROP}, ErrorCode.INVALID_PROOF),
        ({}, {"nonce": ""}, ErrorCode.INVALID_PROOF),
        ({}, {"nonce": 12345}, ErrorCode.INVALID_PROOF),
        ({}, {"nonce": "stale-or-foreign"}, ErrorCode.INVALID_NONCE),
        ({}, {"iss": 7}, ErrorCode.INVALID_PROOF),
        ({"kid": "did:example:123#key-1"}, {}, ErrorCode.INVALID_PROOF),
        ({"x5c": ["MIIB"]}, {}, ErrorCode.INVALID_PROOF),
        ({"jwk": DROP, "kid": "key-1"}, {}, ErrorCode.INVALID_PROOF),
        ({"jwk": DROP}, {}, ErrorCode.INVALID_PROOF),
        ({"jwk": "not-an-object"}, {}, ErrorCode.INVALID_PROOF),
        ({"crit": ["b64"], "b64": True}, {}, ErrorCode.INVALID_PROOF),
    ],
    ids=lambda v: json.dumps(v, default=_name)[:40] if not isinstance(v, ErrorCode) else v.value,
)
def test_refused_proofs(
    wallet: Any, header: dict[str, Any], claims: dict[str, Any], code: ErrorCode
) -> None:
    assert _code(make_proof(wallet, header=header, claims=claims), expected_nonce=NONCE) is code


def test_nonce_required_even_without_an_expected_value(wallet: Any) -> None:
    assert _code(make_proof(wallet, claims={"nonce": DROP})) is ErrorCode.INVALID_PROOF
    relaxed = ProofPolicy(audience=ISSUER, require_nonce=False)
    assert (
        validate_proof(make_proof(wallet, claims={"nonce": DROP}), relaxed, now=NOW).nonce is None
    )


def test_alg_none_is_refused(wallet: Any) -> None:
    token = unsigned_token(
        {"typ": "openid4vci-proof+jwt", "alg": "none", "jwk": public_jwk(wallet)},
        {"aud": ISSUER, "iat": int(NOW.timestamp()), "nonce": NONCE},
    )
    assert _code(token) is ErrorCode.INVALID_PROOF


def test_hmac_with_the_public_key_as_secret_is_refused(wallet: Any) -> None:
    """The classic alg confusion: HS256 keyed with the (public) jwk of the header."""
    secret = jwk.JWK(kty="oct", k=jose.b64url_encode(wallet.export_to_pem()))
    token = make_proof(wallet, header={"alg": "HS256"}, signing_key=secret)
    assert _code(token) is ErrorCode.INVALID_PROOF
    lenient = ProofPolicy(audience=ISSUER)
    object.__setattr__(lenient, "allowed_algs", frozenset({"ES256", "HS256"}))
    assert _code(token, lenient) is ErrorCode.INVALID_PROOF  # refused by jose, whatever policy says


def test_private_key_in_jwk_is_refused(wallet: Any) -> None:
    token = make_proof(wallet, header={"jwk": json.loads(wallet.export_private())})
    with pytest.raises(Oid4vciError, match="private") as caught:
        validate_proof(token, POLICY, now=NOW)
    assert caught.value.code is ErrorCode.INVALID_PROOF


def test_signature_by_another_key_than_the_header_jwk(wallet: Any, other_wallet: Any) -> None:
    token = make_proof(wallet, signing_key=other_wallet)  # header carries wallet's public key
    with pytest.raises(Oid4vciError, match="signature") as caught:
        validate_proof(token, POLICY, now=NOW)
    assert caught.value.code is ErrorCode.INVALID_PROOF


def test_key_of_the_wrong_curve_for_alg() -> None:
    p384 = wallet_key("EC", "P-384")
    token = make_proof(
        p384, header={"alg": "ES384", "jwk": public_jwk(wallet_key())}, signing_key=p384
    )
    policy = ProofPolicy(audience=ISSUER, allowed_algs=frozenset({"ES256", "ES384"}))
    assert _code(token, policy) is ErrorCode.INVALID_PROOF


@pytest.mark.parametrize(
    "token",
    ["", "not-a-jwt", "a.b.c", "eyJ.eyJ.", "x" * 10_000, "é.é.é", "a.b.c.d.e"],
)
def test_malformed_jwt(token: str) -> None:
    assert _code(token) is ErrorCode.INVALID_PROOF


def test_tampered_payload(wallet: Any) -> None:
    head, body, sig = make_proof(wallet).split(".")
    claims = json.loads(jose.b64url_decode(body))
    claims["aud"] = "https://evil.example"
    assert (
        _code(f"{head}.{jose.b64url_encode(json.dumps(claims).encode())}.{sig}")
        is ErrorCode.INVALID_PROOF
    )


def test_batch_fails_on_one_bad_proof(wallet: Any, other_wallet: Any) -> None:
    good = make_proof(wallet)
    proofs = validate_proofs([good, make_proof(other_wallet)], POLICY, now=NOW)
    assert [p.holder_jwk["x"] for p in proofs] == [
        public_jwk(wallet)["x"],
        public_jwk(other_wallet)["x"],
    ]
    with pytest.raises(Oid4vciError):
        validate_proofs([good, make_proof(wallet, claims={"aud": "x"})], POLICY, now=NOW)


def test_policy_and_clock_are_checked() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        ProofPolicy(audience=ISSUER, allowed_algs=frozenset({"HS256"}))
    with pytest.raises(ValueError, match="timezone"):
        validate_proof("a.b.c", POLICY, now=dt.datetime(2025, 1, 1))
