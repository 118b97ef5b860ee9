"""gateway.core.jose against jwcrypto: both directions, and the refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from jwcrypto import jwk, jws

from gateway.core import jose
from gateway.errors import ConfigError, InvalidInput


def _jwcrypto_token(key: Any, alg: str, payload: bytes = b'{"a":1}') -> str:
    token = jws.JWS(payload)
    token.add_signature(key, alg=None, protected=json.dumps({"alg": alg}))
    return str(token.serialize(compact=True))


def test_b64url_round_trip_and_strictness() -> None:
    for data in (b"", b"\x00", b"\xff\xfe", bytes(range(256))):
        assert jose.b64url_decode(jose.b64url_encode(data)) == data
    for bad in ("ab=", "a+b/", "a", "ab cd", "YQ==", "YR"):  # YR: non-canonical trailing bits
        with pytest.raises(jose.JoseError):
            jose.b64url_decode(bad)


def test_b64url_check_refuses_what_the_decoder_refuses() -> None:
    for data in (b"", b"\x00", b"\xff\xfe", bytes(range(256))):
        jose.require_b64url(jose.b64url_encode(data))
    for bad in ("ab=", "a+b/", "a", "ab cd", "YQ==", "YR", "ab\ncd", "abc\x00", "ab.c"):
        with pytest.raises(jose.JoseError):
            jose.b64url_decode(bad)
        with pytest.raises(jose.JoseError):
            jose.require_b64url(bad)


def test_json_is_strict() -> None:
    assert jose.json_loads(b'{"a":[1,2.5,"\xc3\xa5"]}') == {"a": [1, 2.5, "å"]}
    for bad in (b'{"a":1,"a":2}', b'{"a":NaN}', b"\xff", b"{", b'{"a":Infinity}'):
        with pytest.raises(jose.JoseError):
            jose.json_loads(bad)
    with pytest.raises(InvalidInput):
        jose.json_dumps({"a": "\ud800"})


def test_json_noting_member_names_is_as_strict_and_sees_escapes() -> None:
    names = frozenset({"_sd", "..."})
    assert jose.json_loads_noting(b'["s","n",{"a":["_sd","..."]}]', names) == (
        ["s", "n", {"a": ["_sd", "..."]}],
        False,  # the names as values are not members
    )
    assert jose.json_loads_noting(b'[{"b":[{"...":"d"}]}]', names)[1]
    assert jose.json_loads_noting(b'{"x":{"\\u005fsd":[]}}', names) == ({"x": {"_sd": []}}, True)
    for bad in (b'{"a":1,"a":2}', b'[{"_sd":1,"_sd":2}]', b'{"a":NaN}', b"\xff", b"{"):
        with pytest.raises(jose.JoseError):
            jose.json_loads_noting(bad, names)


def test_our_es256_signature_verifies_in_jwcrypto() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    token = jose.sign_compact({"typ": "JWT", "alg": "HS256"}, b'{"sub":"x"}', key)
    parsed = jws.JWS()
    parsed.deserialize(token)
    parsed.verify(jwk.JWK.from_pyca(key.public_key()))
    assert parsed.jose_header == {"alg": "ES256", "typ": "JWT"}  # our alg wins
    assert parsed.payload == b'{"sub":"x"}'


@pytest.mark.parametrize(
    ("kty", "crv", "alg"),
    [("EC", "P-256", "ES256"), ("EC", "P-384", "ES384"), ("OKP", "Ed25519", "EdDSA")],
)
def test_jwcrypto_signatures_verify_here(kty: str, crv: str, alg: str) -> None:
    key = jwk.JWK.generate(kty=kty, crv=crv)
    token = _jwcrypto_token(key, alg)
    public = jose.public_key_from_jwk(json.loads(key.export_public()))
    parsed = jose.parse_compact(token)
    jose.verify(parsed, public, allowed_algs={alg})
    assert parsed.claims() == {"a": 1}
    with pytest.raises(jose.JoseError):
        jose.verify(parsed, public, allowed_algs=jose.VERIFY_ALGS - {alg})


def test_tampered_payload_and_wrong_key_fail() -> None:
    key = jwk.JWK.generate(kty="EC", crv="P-256")
    token = _jwcrypto_token(key, "ES256")
    head, _, sig = token.split(".")
    body = jose.b64url_encode(b'{"a":2}')
    forged = jose.parse_compact(f"{head}.{body}.{sig}")
    public = jose.public_key_from_jwk(json.loads(key.export_public()))
    with pytest.raises(jose.JoseError, match="does not verify"):
        jose.verify(forged, public, allowed_algs={"ES256"})
    other = ec.generate_private_key(ec.SECP256R1()).public_key()
    with pytest.raises(jose.JoseError):
        jose.verify(jose.parse_compact(token), other, allowed_algs={"ES256"})


def test_key_and_alg_must_match() -> None:
    key = jwk.JWK.generate(kty="EC", crv="P-384")
    token = jose.parse_compact(_jwcrypto_token(key, "ES384"))
    p256 = ec.generate_private_key(ec.SECP256R1()).public_key()
    with pytest.raises(jose.JoseError, match="does not match"):
        jose.verify(token, p256, allowed_algs={"ES384"})
    ed = ed25519.Ed25519PrivateKey.generate().public_key()
    with pytest.raises(jose.JoseError, match="does not match"):
        jose.verify(token, ed, allowed_algs={"ES384"})


@pytest.mark.parametrize(
    "alg", ["none", "HS256", "RS256", "PS256", "ES256K", "ES512", "Ed25519", "Ed448", ""]
)
def test_refused_algorithms(alg: str) -> None:
    with pytest.raises(jose.JoseError):
        jose.check_alg(alg, {"ES256", alg})


def test_alg_none_and_hmac_confusion_are_refused() -> None:
    key = jwk.JWK.generate(kty="EC", crv="P-256")
    public_pem = key.export_to_pem()
    hmac_key = jwk.JWK(kty="oct", k=jose.b64url_encode(public_pem))
    token = jose.parse_compact(_jwcrypto_token(hmac_key, "HS256"))
    public = jose.public_key_from_jwk(json.loads(key.export_public()))
    with pytest.raises(jose.JoseError):
        jose.verify(token, public, allowed_algs={"ES256", "HS256"})
    unsigned = jose.b64url_encode(b'{"alg":"none"}') + "." + jose.b64url_encode(b"{}") + "."
    with pytest.raises(jose.JoseError):
        jose.verify(jose.parse_compact(unsigned), public, allowed_algs={"none"})


@pytest.mark.parametrize(
    "token",
    [
        "",
        "a.b",
        "a.b.c.d",
        "e30.e30.",  # header without alg
        "W10.e30.",  # header is an array
        jose.b64url_encode(b'{"alg":"ES256","crit":["b64"],"b64":false}') + ".e30.",
        "é.e30.",
    ],
)
def test_malformed_compact_serialisations(token: str) -> None:
    with pytest.raises(jose.JoseError):
        jose.parse_compact(token)


def test_size_limit() -> None:
    with pytest.raises(jose.JoseError, match="too large"):
        jose.parse_compact("a" * 100 + ".b.c", max_length=50)


def test_jwk_round_trip_and_thumbprint_match_jwcrypto() -> None:
    for kty, crv in (("EC", "P-256"), ("EC", "P-384"), ("OKP", "Ed25519")):
        key = jwk.JWK.generate(kty=kty, crv=crv)
        public = json.loads(key.export_public())
        ours = jose.jwk_from_public_key(jose.public_key_from_jwk(public))
        assert ours == {k: public[k] for k in ours}
        assert jose.jwk_thumbprint(public) == key.thumbprint()


def test_jwk_refusals() -> None:
    private = json.loads(jwk.JWK.generate(kty="EC", crv="P-256").export_private())
    with pytest.raises(jose.JoseError, match="private"):
        jose.public_key_from_jwk(private)
    public = {k: private[k] for k in ("kty", "crv", "x", "y")}
    off_curve = {**public, "y": jose.b64url_encode(b"\x01" * 32)}
    short = {**public, "x": jose.b64url_encode(b"\x01" * 31)}
    for bad in (
        off_curve,
        short,
        {**public, "crv": "P-521"},
        {"kty": "RSA", "n": "AQAB", "e": "AQAB"},
        {"kty": "oct", "k": "AAAA"},
    ):
        with pytest.raises(jose.JoseError):
            jose.public_key_from_jwk(bad)


def test_only_p256_keys_sign() -> None:
    with pytest.raises(ConfigError):
        jose.sign_compact({}, b"{}", ec.generate_private_key(ec.SECP384R1()))


def _raw_es256(header: bytes, payload: bytes, key: ec.EllipticCurvePrivateKey) -> str:
    """A validly signed JWS over exactly these header bytes (no library in between)."""
    signing_input = f"{jose.b64url_encode(header)}.{jose.b64url_encode(payload)}"
    r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return f"{signing_input}.{jose.b64url_encode(signature)}"


@pytest.mark.parametrize(
    "header",
    [
        b'{"alg":"none","alg":"ES256"}',  # json.loads keeps the last member
        b'{"alg":"ES256","typ":"kb+jwt","typ":"dc+sd-jwt"}',
        b'{"alg":"ES256","kid":"k","crit":["kid"]}',  # crit naming a member joserfc knows
        b'{"alg":"ES256","b64":false,"crit":["b64"]}',  # RFC 7797 unencoded payload
    ],
)
def test_validly_signed_but_refused_headers(header: bytes) -> None:
    """Refusals that are ours: joserfc alone would verify each of these signatures."""
    key = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(jose.JoseError):
        jose.verify(
            jose.parse_compact(_raw_es256(header, b"{}", key)),
            key.public_key(),
            allowed_algs={"ES256"},
        )


def test_duplicate_claims_are_refused() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    token = jose.parse_compact(_raw_es256(b'{"alg":"ES256"}', b'{"aud":"a","aud":"b"}', key))
    jose.verify(token, key.public_key(), allowed_algs={"ES256"})
    with pytest.raises(jose.JoseError, match="duplicate"):
        token.claims()


def test_our_limit_not_the_librarys() -> None:
    """joserfc's own defaults (512-byte header, 128 kB payload) would refuse our credentials."""
    key = ec.generate_private_key(ec.SECP256R1())
    header = {"typ": "dc+sd-jwt", "x5c": ["A" * 2000]}
    payload = b'{"elm":"' + b"x" * 200_000 + b'"}'
    token = jose.sign_compact(header, payload, key)
    parsed = jose.parse_compact(token, max_length=len(token))
    jose.verify(parsed, key.public_key(), allowed_algs={"ES256"})
    assert parsed.token == token
    with pytest.raises(jose.JoseError, match="too large"):
        jose.parse_compact(token)


def test_signing_refuses_crit_and_wrongly_typed_members() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    for header in ({"crit": ["exp"], "exp": 1}, {"typ": 1}, {"x5c": "MIIB"}):
        with pytest.raises(jose.JoseError):
            jose.sign_compact(header, b"{}", key)


@pytest.mark.parametrize(
    ("typ", "expected", "matches"),
    [
        ("dc+sd-jwt", "dc+sd-jwt", True),
        ("application/DC+SD-JWT", "dc+sd-jwt", True),
        ("statuslist+jwt", "application/statuslist+jwt", True),
        ("vc+sd-jwt", "dc+sd-jwt", False),
        ("text/dc+sd-jwt", "dc+sd-jwt", False),
        (None, "kb+jwt", False),
        (["kb+jwt"], "kb+jwt", False),
    ],
)
def test_typ_matching(typ: Any, expected: str, matches: bool) -> None:
    assert jose.typ_matches(typ, expected) is matches
