"""gateway.core.jwe: the OpenID4VP §8.3 vector, jwcrypto in both directions, and the refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jwcrypto import jwe as jwcrypto_jwe
from jwcrypto import jwk as jwcrypto_jwk

from gateway.core import jose, jwe

VECTOR = Path(__file__).resolve().parents[1] / "vectors" / "openid4vp" / "encrypted-response.json"
PAYLOAD = {"vp_token": {"elm": ["eyJhbGciOiJFUzI1NiJ9.e30.sig~"]}, "state": "s"}


@pytest.fixture(scope="module")
def vector() -> dict[str, Any]:
    value = json.loads(VECTOR.read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value


@pytest.fixture(scope="module")
def key() -> jwe.EncryptionKey:
    return jwe.generate_encryption_key()


def _jwcrypto_encrypt(
    public_jwk: dict[str, Any], header: dict[str, Any], plaintext: bytes | None = None
) -> str:
    """A JWE made by jwcrypto, a library we did not write (the wallet's side)."""
    body = json.dumps(PAYLOAD).encode() if plaintext is None else plaintext
    token = jwcrypto_jwe.JWE(body, protected=json.dumps(header))
    token.add_recipient(jwcrypto_jwk.JWK(**public_jwk))
    return str(token.serialize(compact=True))


def _header(key: jwe.EncryptionKey, **overrides: Any) -> dict[str, Any]:
    return {"alg": "ECDH-ES", "enc": "A128GCM", "kid": key.kid, **overrides}


def test_openid4vp_encrypted_response_example_decrypts(vector: dict[str, Any]) -> None:
    result = jwe.decrypt_compact(vector["response"], vector["private_jwk"])
    assert result.payload == vector["payload"]
    assert dict(result.header) == vector["header"]


def test_the_example_needs_its_own_key(vector: dict[str, Any], key: jwe.EncryptionKey) -> None:
    with pytest.raises(jose.JoseError, match="kid"):
        jwe.decrypt_compact(vector["response"], key.private_jwk)
    impostor = {**key.private_jwk, "kid": "ac"}  # the right kid on the wrong key
    with pytest.raises(jose.JoseError, match="does not decrypt"):
        jwe.decrypt_compact(vector["response"], impostor)


def test_generated_key_shape_and_kid(key: jwe.EncryptionKey) -> None:
    assert set(key.public_jwk) == {"kty", "crv", "x", "y", "kid", "use", "alg"}
    assert key.public_jwk["use"] == "enc"
    assert key.public_jwk["alg"] == "ECDH-ES"
    assert key.private_jwk == {**key.public_jwk, "d": key.private_jwk["d"]}
    assert key.kid == key.public_jwk["kid"] == jwcrypto_jwk.JWK(**key.public_jwk).thumbprint()
    assert "private_jwk" not in repr(key)
    assert key.private_jwk["d"] not in repr(key)
    assert jwe.generate_encryption_key().kid != key.kid


@pytest.mark.parametrize("enc", ["A128GCM", "A256GCM"])
def test_jwcrypto_encrypts_we_decrypt(key: jwe.EncryptionKey, enc: str) -> None:
    token = _jwcrypto_encrypt(key.public_jwk, _header(key, enc=enc))
    result = jwe.decrypt_compact(token, key.private_jwk)
    assert result.payload == PAYLOAD
    assert result.header["enc"] == enc


@pytest.mark.parametrize("enc", ["A128GCM", "A256GCM"])
def test_we_encrypt_jwcrypto_decrypts(key: jwe.EncryptionKey, enc: str) -> None:
    token = jwe.encrypt_compact(PAYLOAD, key.public_jwk, enc=enc)
    parsed = jwcrypto_jwe.JWE()
    parsed.deserialize(token, key=jwcrypto_jwk.JWK(**key.private_jwk))
    assert json.loads(parsed.payload) == PAYLOAD
    assert json.loads(parsed.objects["protected"])["kid"] == key.kid
    assert jwe.decrypt_compact(token, key.private_jwk).payload == PAYLOAD


def test_the_caller_narrows_enc(key: jwe.EncryptionKey) -> None:
    token = jwe.encrypt_compact(PAYLOAD, key.public_jwk, enc="A256GCM")
    with pytest.raises(jose.JoseError, match="enc not allowed"):
        jwe.decrypt_compact(token, key.private_jwk, allowed_enc={"A128GCM"})


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"alg": "ECDH-ES+A128KW"}, "alg not allowed"),
        ({"alg": "ECDH-ES+A256KW"}, "alg not allowed"),
        ({"enc": "A128CBC-HS256"}, "enc not allowed"),
        ({"enc": "A192GCM"}, "enc not allowed"),
        ({"zip": "DEF"}, "compressed"),
        ({"cty": "JWT"}, "nested"),
        ({"kid": "another-transaction"}, "kid"),
    ],
)
def test_refused_headers(key: jwe.EncryptionKey, overrides: dict[str, Any], message: str) -> None:
    token = _jwcrypto_encrypt(key.public_jwk, _header(key, **overrides))
    with pytest.raises(jose.JoseError, match=message):
        jwe.decrypt_compact(token, key.private_jwk)


def test_missing_kid_is_refused(key: jwe.EncryptionKey) -> None:
    header = _header(key)
    del header["kid"]
    with pytest.raises(jose.JoseError, match="kid"):
        jwe.decrypt_compact(_jwcrypto_encrypt(key.public_jwk, header), key.private_jwk)


def test_a_jwe_for_another_transaction_is_refused(key: jwe.EncryptionKey) -> None:
    other = jwe.generate_encryption_key()
    token = jwe.encrypt_compact(PAYLOAD, other.public_jwk)
    with pytest.raises(jose.JoseError, match="kid"):
        jwe.decrypt_compact(token, key.private_jwk)


@pytest.mark.parametrize(
    ("plaintext", "message"),
    [
        (b"eyJhbGciOiJFUzI1NiJ9.e30.c2ln", "malformed JSON"),  # a nested JWS without cty
        (b'["vp_token"]', "not a JSON object"),
        (b'{"state":"a","state":"b"}', "duplicate"),
        (b"\xff", "malformed JSON"),
    ],
)
def test_refused_payloads(key: jwe.EncryptionKey, plaintext: bytes, message: str) -> None:
    token = _jwcrypto_encrypt(key.public_jwk, _header(key), plaintext)
    with pytest.raises(jose.JoseError, match=message):
        jwe.decrypt_compact(token, key.private_jwk)


def test_tampering_is_detected(key: jwe.EncryptionKey) -> None:
    parts = jwe.encrypt_compact(PAYLOAD, key.public_jwk).split(".")
    ciphertext = bytearray(jose.b64url_decode(parts[3]))
    ciphertext[0] ^= 1
    parts[3] = jose.b64url_encode(bytes(ciphertext))
    with pytest.raises(jose.JoseError, match="does not decrypt"):
        jwe.decrypt_compact(".".join(parts), key.private_jwk)


def _with_header(token: str, header: bytes) -> str:
    return ".".join([jose.b64url_encode(header), *token.split(".")[1:]])


def test_malformed_serialisations(key: jwe.EncryptionKey) -> None:
    token = jwe.encrypt_compact(PAYLOAD, key.public_jwk)
    header = json.loads(jose.b64url_decode(token.split(".")[0]))
    duplicate = json.dumps(header)[:-1].encode() + b',"alg":"ECDH-ES"}'
    other_curve = jwcrypto_jwk.JWK.generate(kty="EC", crv="P-384").export_public(as_dict=True)
    private_epk = {**header["epk"], "d": key.private_jwk["d"]}
    bad = [
        token + ".x",
        token.rsplit(".", 1)[0],
        token.replace(".", ".AAAA", 1),  # a non-empty encrypted key
        token[:-2] + "==",
        "é" + token,
        _with_header(token, duplicate),
        _with_header(token, json.dumps({**header, "crit": ["exp"], "exp": 1}).encode()),
        _with_header(token, json.dumps({**header, "epk": other_curve}).encode()),
        _with_header(token, json.dumps({**header, "epk": private_epk}).encode()),
        _with_header(token, b"[]"),
    ]
    for item in bad:
        with pytest.raises(jose.JoseError):
            jwe.decrypt_compact(item, key.private_jwk)


def test_size_limit(key: jwe.EncryptionKey) -> None:
    big = {"vp_token": {"elm": ["x" * 200_000]}}
    token = jwe.encrypt_compact(big, key.public_jwk)
    assert jwe.decrypt_compact(token, key.private_jwk).payload == big  # past joserfc's 64 KB
    with pytest.raises(jose.JoseError, match="too large"):
        jwe.decrypt_compact(token, key.private_jwk, max_length=100_000)


def test_decryption_key_must_be_a_private_p256_jwk(key: jwe.EncryptionKey) -> None:
    token = jwe.encrypt_compact(PAYLOAD, key.public_jwk)
    p384 = jwcrypto_jwk.JWK.generate(kty="EC", crv="P-384").export_private(as_dict=True)
    mismatched = {**key.private_jwk, "d": jwe.generate_encryption_key().private_jwk["d"]}
    for bad in (key.public_jwk, {**p384, "kid": key.kid}, mismatched):
        with pytest.raises(jose.JoseError):
            jwe.decrypt_compact(token, bad)


def test_encryption_refuses_what_decryption_refuses(key: jwe.EncryptionKey) -> None:
    with pytest.raises(jose.JoseError):
        jwe.encrypt_compact(PAYLOAD, key.public_jwk, enc="A128CBC-HS256")
    with pytest.raises(jose.JoseError, match="private"):
        jwe.encrypt_compact(PAYLOAD, key.private_jwk)
    p384 = jwcrypto_jwk.JWK.generate(kty="EC", crv="P-384").export_public(as_dict=True)
    with pytest.raises(jose.JoseError, match="P-256"):
        jwe.encrypt_compact(PAYLOAD, p384)
