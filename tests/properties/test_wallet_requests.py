"""OpenID4VCI token, credential and notification requests, key proofs and compact JWS."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import example, given
from hypothesis import strategies as st

from gateway.core import jose
from gateway.core.oid4vci.proof import ProofPolicy, validate_proof
from gateway.core.oid4vci.requests import (
    PRE_AUTHORIZED_GRANT,
    parse_credential_request,
    parse_form,
    parse_notification_request,
    parse_token_request,
)
from tests.properties.hostile import (
    FUZZ,
    deep_json,
    json_bytes,
    json_values,
    mutated_bytes,
    mutated_json,
    text_values,
    typed,
)

ISSUER = "https://gw.example.edu"
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
POLICY = ProofPolicy(audience=ISSUER)
HOLDER = ec.generate_private_key(ec.SECP256R1())
HOLDER_JWK = jose.jwk_from_public_key(HOLDER.public_key())
TOKEN_FORM = {
    "grant_type": PRE_AUTHORIZED_GRANT,
    "pre-authorized_code": "abc",
    "tx_code": "123456",
    "authorization_details": json.dumps(
        [{"type": "openid_credential", "credential_configuration_id": "elm"}]
    ),
}
CREDENTIAL = {"credential_configuration_id": "elm", "proofs": {"jwt": ["a.b.c"]}}
NOTIFICATION = {"notification_id": "n-1", "event": "credential_accepted", "event_description": "ok"}
HEADER = {"typ": "openid4vci-proof+jwt", "alg": "ES256", "jwk": HOLDER_JWK}
CLAIMS = {"aud": ISSUER, "iat": int(NOW.timestamp()), "nonce": "n0nce", "iss": "wallet"}


def _token_body(form: Any) -> bytes:
    if isinstance(form, dict):
        return urlencode({str(k): str(v) for k, v in form.items()}).encode("utf-8", "surrogatepass")
    return json_bytes(form)


@FUZZ
@given(mutated_json(TOKEN_FORM).map(_token_body) | mutated_bytes(_token_body(TOKEN_FORM)))
@example(b"authorization_details=" + deep_json(20_000))
@example(b"grant_type=x&grant_type=y")
@example(b"%ff%fe=1")
def test_token_request(body: bytes) -> None:
    fields = typed(parse_form, body)
    if isinstance(fields, list):
        typed(parse_token_request, fields)


@FUZZ
@given(mutated_json(CREDENTIAL).map(json_bytes) | mutated_bytes(json_bytes(CREDENTIAL)))
@example(deep_json(20_000))
@example(b'{"credential_configuration_id": ' + b"9" * 4400 + b"}")  # int digit limit
@example(b'{"a": 1, "a": 2}')
def test_credential_request(body: bytes) -> None:
    typed(parse_credential_request, body, configuration_ids=("elm",), max_proofs=2)


@FUZZ
@given(mutated_json(NOTIFICATION).map(json_bytes) | mutated_bytes(json_bytes(NOTIFICATION)))
@example(b'{"notification_id": "n", "event": "credential_accepted", "x": ' + b"1" * 4400 + b"}")
def test_notification_request(body: bytes) -> None:
    typed(parse_notification_request, body)


def _signed(header: Any, claims: Any) -> str:
    """A proof signed by the holder key with whatever header and claims were drawn."""
    if not isinstance(header, dict):
        header = {"h": header}
    try:
        return jose.sign_compact(header, json_bytes(claims), HOLDER)
    except jose.JoseError:  # not serialisable (a lone surrogate): send it unsigned
        return "e30." + jose.b64url_encode(json_bytes(claims)) + ".AAAA"


@FUZZ
@given(
    st.builds(_signed, mutated_json(HEADER), mutated_json(CLAIMS))
    | st.builds(_signed, st.just(HEADER), mutated_json(CLAIMS))
    | text_values
)
@example(_signed(HEADER, {**CLAIMS, "iat": 10**400}))
@example(_signed(HEADER, {**CLAIMS, "iat": -(10**20)}))
@example(_signed(HEADER, {**CLAIMS, "exp": 1e308}))
@example(_signed({**HEADER, "jwk": {**HOLDER_JWK, "crv": "P-384"}}, CLAIMS))
@example(_signed({**HEADER, "typ": None}, CLAIMS))
def test_key_proof(token: str) -> None:
    typed(validate_proof, token, POLICY, now=NOW)
    typed(validate_proof, token, POLICY, now=NOW, expected_nonce="n0nce")


@FUZZ
@given(
    st.lists(st.binary(max_size=60) | json_values.map(json_bytes), min_size=1, max_size=4).map(
        lambda parts: ".".join(jose.b64url_encode(p) for p in parts)
    )
    | text_values
)
@example(jose.b64url_encode(b'{"alg": "ES256", "n": ' + b"7" * 4400 + b"}") + ".e30.AA")
@example(jose.b64url_encode(deep_json(20_000)) + ".e30.AA")
def test_compact_jws(token: str) -> None:
    parsed = typed(jose.parse_compact, token)
    if isinstance(parsed, jose.CompactJws):
        typed(parsed.claims)


def test_the_seed_proof_is_valid() -> None:
    proof = validate_proof(_signed(HEADER, CLAIMS), POLICY, now=NOW, expected_nonce="n0nce")
    assert proof.holder_jwk == HOLDER_JWK
    assert parse_token_request(parse_form(_token_body(TOKEN_FORM))).tx_code == "123456"
