"""gateway.core.statuslist: packing per the draft's examples, our token read by jwcrypto + zlib,
and each refusal of the validation rules."""

from __future__ import annotations

import datetime as dt
import json
import zlib

import pytest
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws

from gateway.core import jose
from gateway.core.keys import SigningKey, issue_certificate, make_ca, new_ec_key
from gateway.core.statuslist import (
    StatusBits,
    StatusListError,
    StatusListToken,
    StatusReference,
    parse_status_claim,
    sign_status_list_token,
    status_claim,
    validate_status_list_token,
)
from gateway.core.x5c import sign_with_x5c

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
URI = "https://gateway.example/status/1"
SIZE = 131_072


@pytest.fixture(scope="module")
def ca() -> SigningKey:
    return make_ca("Status Root", "emrex-gateway tests", "SE", now=NOW)


@pytest.fixture(scope="module")
def signer(ca: SigningKey) -> SigningKey:
    return issue_certificate(ca, new_ec_key(), "Status Lists", "emrex-gateway tests", "SE", NOW)


def _token(signer: SigningKey, statuses: StatusBits, uri: str = URI, at: dt.datetime = NOW) -> str:
    return sign_status_list_token(
        statuses,
        uri=uri,
        signing_key=signer,
        issued_at=at,
        lifetime=dt.timedelta(hours=24),
        ttl=dt.timedelta(minutes=5),
    )


def _validate(token: str, ca: SigningKey, **kw: object) -> StatusListToken:
    options: dict[str, object] = {
        "uri": URI,
        "trust_anchors": [ca.certificate],
        "at": NOW,
        "max_token_bytes": 1 << 20,
        "max_list_bytes": 1 << 20,
        **kw,
    }
    return validate_status_list_token(token, **options)  # type: ignore[arg-type]


def test_one_bit_packing_is_the_drafts_example() -> None:
    values = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]
    bits = StatusBits.with_values(16, 1, enumerate(values))
    assert bits.to_bytes() == bytes([0xB9, 0xA3])
    # the draft's lst for those two bytes, read by our decoder
    decoded = StatusBits.decompress(jose.b64url_decode("eNrbuRgAAhcBXQ"), 1, max_bytes=16)
    assert [decoded.get(i) for i in range(16)] == values


def test_two_bit_packing_is_the_drafts_example() -> None:
    values = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]
    bits = StatusBits.with_values(12, 2, enumerate(values))
    assert bits.to_bytes() == bytes([0xC9, 0x44, 0xF9])
    bits.set(3, 0)
    assert bits.get(3) == 0
    assert bits.get(2) == 0
    assert bits.get(4) == 0
    assert bits.get(1) == 2


def test_index_and_value_limits() -> None:
    bits = StatusBits(SIZE, 1)
    for index in (-1, SIZE, True):
        with pytest.raises(StatusListError) as caught:
            bits.get(index)
        assert caught.value.reason == "status_list_index_out_of_range"
    with pytest.raises(StatusListError):
        bits.set(0, 2)
    with pytest.raises(StatusListError):
        StatusBits(10, 1)  # not whole bytes
    with pytest.raises(StatusListError):
        StatusBits(16, 3)


def test_inflation_is_capped_and_streams_must_be_whole() -> None:
    bomb = zlib.compress(bytes(1 << 22), 9)
    with pytest.raises(StatusListError) as caught:
        StatusBits.decompress(bomb, 1, max_bytes=1 << 20)
    assert caught.value.reason == "status_list_too_large"
    whole = zlib.compress(bytes(64))
    for broken in (whole[:-3], whole + b"x", b"not zlib", zlib.compress(b"")):
        with pytest.raises(StatusListError):
            StatusBits.decompress(broken, 1, max_bytes=1 << 20)


def test_our_token_read_by_jwcrypto_and_zlib(signer: SigningKey) -> None:
    revoked = {7, 4242, SIZE - 1}
    token = _token(signer, StatusBits.with_values(SIZE, 1, {i: 1 for i in revoked}))
    parsed = jwcrypto_jws.JWS()
    parsed.deserialize(token)
    parsed.verify(jwcrypto_jwk.JWK.from_pyca(signer.certificate.public_key()))
    header = parsed.jose_header
    assert header["typ"] == "statuslist+jwt"
    assert header["alg"] == "ES256"
    assert header["x5c"]
    claims = json.loads(parsed.payload)
    assert claims["sub"] == URI
    assert claims["iat"] == int(NOW.timestamp())
    assert claims["exp"] == claims["iat"] + 24 * 3600
    assert claims["ttl"] == 300
    assert claims["status_list"]["bits"] == 1
    lst = claims["status_list"]["lst"]
    raw = zlib.decompress(jose.b64url_decode(lst))
    assert len(raw) == SIZE // 8
    set_bits = {i for i in range(SIZE) if raw[i // 8] >> (i % 8) & 1}
    assert set_bits == revoked
    assert len(lst) < 400  # 131,072 mostly-zero entries compress to a few hundred bytes


def test_validation_reads_the_entries(signer: SigningKey, ca: SigningKey) -> None:
    token = _token(signer, StatusBits.with_values(SIZE, 2, {5: 1, 6: 2}))
    result = _validate(token, ca)
    statuses = result.statuses
    assert (statuses.get(4), statuses.get(5), statuses.get(6)) == (0, 1, 2)
    assert statuses.size == SIZE
    assert result.ttl_seconds == 300


def test_sub_must_be_the_referenced_uri(signer: SigningKey, ca: SigningKey) -> None:
    token = _token(signer, StatusBits(SIZE), uri="https://gateway.example/status/2")
    with pytest.raises(StatusListError) as caught:
        _validate(token, ca)
    assert caught.value.reason == "status_list_sub_mismatch"


def test_an_expired_token_is_refused(signer: SigningKey, ca: SigningKey) -> None:
    token = _token(signer, StatusBits(SIZE))
    with pytest.raises(StatusListError) as caught:
        _validate(token, ca, at=NOW + dt.timedelta(hours=25))
    assert caught.value.reason == "status_list_expired"


def test_a_list_from_another_ca_is_refused(signer: SigningKey) -> None:
    other = make_ca("Other Root", "someone else", "NO", now=NOW)
    with pytest.raises(StatusListError) as caught:
        _validate(_token(signer, StatusBits(SIZE)), other)
    assert caught.value.reason == "x5c_no_path_to_trust_anchor"


def _signed(signer: SigningKey, claims: dict[str, object], typ: str = "statuslist+jwt") -> str:
    return sign_with_x5c({"typ": typ}, jose.json_dumps(claims), signer)


GOOD = {
    "sub": URI,
    "iat": int(NOW.timestamp()),
    "status_list": {"bits": 1, "lst": "eNrbuRgAAhcBXQ"},
}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"iat": None}, "status_list_claims"),
        ({"iat": "yesterday"}, "status_list_claims"),
        ({"iat": int(NOW.timestamp()) + 3600}, "status_list_claims"),
        ({"ttl": 0}, "status_list_claims"),
        ({"status_list": {"bits": 3, "lst": "eNrbuRgAAhcBXQ"}}, "status_list_malformed"),
        ({"status_list": {"bits": 1, "lst": "eNrbuRgAAhcBXQ=="}}, "status_list_malformed"),
        ({"status_list": "eNrbuRgAAhcBXQ"}, "status_list_malformed"),
        ({"sub": None}, "status_list_sub_mismatch"),
    ],
)
def test_malformed_claims(
    signer: SigningKey, ca: SigningKey, change: dict[str, object], reason: str
) -> None:
    claims = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    with pytest.raises(StatusListError) as caught:
        _validate(_signed(signer, claims), ca)
    assert caught.value.reason == reason


def test_typ_and_algorithm(signer: SigningKey, ca: SigningKey) -> None:
    assert _validate(_signed(signer, GOOD), ca).statuses.get(0) == 1
    with pytest.raises(StatusListError) as caught:
        _validate(_signed(signer, GOOD, typ="JWT"), ca)
    assert caught.value.reason == "status_list_signature"
    with pytest.raises(StatusListError):
        _validate(_signed(signer, GOOD), ca, allowed_algs={"EdDSA"})


def test_status_claim_round_trip() -> None:
    claim = status_claim(StatusReference(idx=17, uri=URI))
    assert claim == {"status_list": {"idx": 17, "uri": URI}}
    assert parse_status_claim(claim) == StatusReference(17, URI)


@pytest.mark.parametrize(
    "claim",
    [
        None,
        {},
        {"status_list": {"idx": -1, "uri": URI}},
        {"status_list": {"idx": True, "uri": URI}},
        {"status_list": {"idx": "1", "uri": URI}},
        {"status_list": {"idx": 1}},
        {"status_list": {"idx": 1, "uri": "http://gateway.example/status/1"}},
        {"status_list": {"idx": 1, "uri": "https://user:pw@gateway.example/s"}},
        {"status_list": {"idx": 1, "uri": "file:///etc/passwd"}},
        {"status_list": {"idx": 1, "uri": "http://127.0.0.1:8080/status/1"}},
    ],
)
def test_malformed_references(claim: object) -> None:
    with pytest.raises(StatusListError):
        parse_status_claim(claim)


def test_loopback_http_only_when_allowed() -> None:
    claim = {"status_list": {"idx": 1, "uri": "http://127.0.0.1:8080/status/1"}}
    assert parse_status_claim(claim, allow_http_loopback=True).uri.startswith("http://")
    other = {"status_list": {"idx": 1, "uri": "http://example.org/status/1"}}
    with pytest.raises(StatusListError) as caught:
        parse_status_claim(other, allow_http_loopback=True)
    assert caught.value.reason == "status_uri_not_https"
