"""Our SD-JWT VCs, verified with a library we did not write (OWF sd-jwt 0.10.4 + jwcrypto)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from typing import Any

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jwcrypto.jws import InvalidJWSSignature

from gateway.core import jose, sdjwt
from gateway.core.keys import issue_certificate, make_ca, new_rsa_key
from gateway.core.sdjwt import SD
from gateway.errors import ConfigError, InvalidInput
from tests.core.oid4vci.support import (
    ISSUER,
    NOW,
    IssuerKeys,
    library_verify,
    make_issuer,
    present,
    public_jwk,
    seeded_bytes,
    wallet_key,
)

VCT = "urn:eudi:elm:1"


@pytest.fixture(scope="module")
def keys() -> IssuerKeys:
    return make_issuer()


@pytest.fixture(scope="module")
def holder() -> Any:
    return wallet_key()


def _issue(keys: IssuerKeys, holder: Any, claims: dict[str, Any], **kw: Any) -> sdjwt.IssuedSdJwt:
    return sdjwt.issue_sd_jwt_vc(
        claims,
        vct=VCT,
        issuer=ISSUER,
        signing_key=keys.signing,
        holder_jwk=public_jwk(holder),
        issued_at=NOW,
        expires_at=NOW + dt.timedelta(days=365),
        random_bytes=seeded_bytes(),
        **kw,
    )


def test_rfc9901_digest_vector() -> None:
    # RFC 9901 §4.2.3: the digest is over the base64url text of the disclosure
    encoded = "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0"
    assert sdjwt.digest_of(encoded) == "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0"


def test_disclosure_shapes() -> None:
    member = sdjwt.make_disclosure(b"\x01" * 16, "family_name", "Möbius")
    element = sdjwt.make_disclosure(b"\x01" * 16, None, "FR")
    assert json.loads(jose.b64url_decode(member.encoded)) == [
        jose.b64url_encode(b"\x01" * 16),
        "family_name",
        "Möbius",
    ]
    assert json.loads(jose.b64url_decode(element.encoded)) == [
        jose.b64url_encode(b"\x01" * 16),
        "FR",
    ]
    assert member.digest == sdjwt.digest_of(member.encoded)


def test_sd_jwt_vc_verifies_with_the_owf_library(keys: IssuerKeys, holder: Any) -> None:
    claims = {
        "given_name": SD("Åsa"),
        "family_name": SD("Öberg"),
        "achievements": SD([SD("Linjär algebra"), SD("Analys I"), "Programmering"]),
        "address": SD({"country": "SE", "locality": SD("Umeå")}),
        "plain": {"kept": True},
    }
    issued = _issue(keys, holder, claims, decoys=3)
    serialized = issued.serialize()
    assert serialized.endswith("~")
    assert serialized.count("~") == len(issued.disclosures) + 1

    result = library_verify(serialized, keys.ca.certificate)

    assert result.header["typ"] == "dc+sd-jwt"
    assert result.header["alg"] == "ES256"
    assert len(result.header["x5c"]) == 1  # the trust anchor stays out of x5c (HAIP)
    leaf = x509.load_der_x509_certificate(base64.b64decode(result.header["x5c"][0]))
    assert leaf == keys.signing.certificate
    payload = result.signed_payload
    assert payload["vct"] == VCT
    assert payload["iss"] == ISSUER
    assert payload["iat"] == int(NOW.timestamp())
    assert payload["exp"] == int((NOW + dt.timedelta(days=365)).timestamp())
    assert payload["_sd_alg"] == "sha-256"
    assert payload["cnf"]["jwk"] == {k: public_jwk(holder)[k] for k in ("kty", "crv", "x", "y")}
    assert len(payload["_sd"]) == 4 + 3  # four disclosable claims, three decoys
    assert payload["_sd"] == sorted(payload["_sd"])
    assert payload["plain"] == {"kept": True}
    assert result.claims == {
        **{k: payload[k] for k in ("iss", "iat", "exp", "vct", "cnf")},
        "given_name": "Åsa",
        "family_name": "Öberg",
        "achievements": ["Linjär algebra", "Analys I", "Programmering"],
        "address": {"country": "SE", "locality": "Umeå"},
        "plain": {"kept": True},
    }
    assert len(result.disclosures) == 7


def test_holder_presentation_with_key_binding(keys: IssuerKeys, holder: Any) -> None:
    claims = {
        "given_name": SD("Åsa"),
        "family_name": SD("Öberg"),
        "achievements": SD([SD("Linjär algebra"), SD("Analys I")]),
    }
    serialized = _issue(keys, holder, claims).serialize()
    presentation = present(
        serialized,
        {"given_name": True, "achievements": [False, True]},
        holder,
        aud="https://verifier.example.org",
        nonce="n-0S6_WzA2Mj",
    )
    result = library_verify(
        presentation,
        keys.ca.certificate,
        expected_aud="https://verifier.example.org",
        expected_nonce="n-0S6_WzA2Mj",
    )
    assert result.claims["given_name"] == "Åsa"
    assert result.claims["achievements"] == ["Analys I"]
    assert "family_name" not in result.claims
    with pytest.raises(ValueError, match="nonce"):
        library_verify(
            presentation,
            keys.ca.certificate,
            expected_aud="https://verifier.example.org",
            expected_nonce="another",
        )


def test_a_different_holder_cannot_present(keys: IssuerKeys, holder: Any) -> None:
    serialized = _issue(keys, holder, {"given_name": SD("Åsa")}).serialize()
    thief = wallet_key()
    presentation = present(
        serialized, {"given_name": True}, thief, aud="https://v.example", nonce="n1"
    )
    with pytest.raises(InvalidJWSSignature):
        library_verify(
            presentation, keys.ca.certificate, expected_aud="https://v.example", expected_nonce="n1"
        )


def test_trust_anchor_can_be_included(keys: IssuerKeys, holder: Any) -> None:
    issued = _issue(keys, holder, {"a": SD(1)}, include_trust_anchor=True)
    result = library_verify(issued.serialize(), keys.ca.certificate)
    chain = [x509.load_der_x509_certificate(base64.b64decode(c)) for c in result.header["x5c"]]
    assert chain == [keys.signing.certificate, keys.ca.certificate]
    chain[0].verify_directly_issued_by(chain[1])


def test_tampering_is_detected_by_the_library(keys: IssuerKeys, holder: Any) -> None:
    serialized = _issue(keys, holder, {"given_name": SD("Åsa")}).serialize()
    head, body, sig = serialized.split("~")[0].split(".")
    claims = json.loads(jose.b64url_decode(body))
    claims["vct"] = "urn:evil"
    forged = f"{head}.{jose.b64url_encode(json.dumps(claims).encode())}.{sig}~"
    with pytest.raises(InvalidJWSSignature):
        library_verify(forged, keys.ca.certificate)
    impostor = make_ca("Wallet Test CA", "emrex-gateway tests", "SE", now=NOW)  # same name
    with pytest.raises(InvalidSignature):
        library_verify(serialized, impostor.certificate)


def test_refusals(keys: IssuerKeys, holder: Any) -> None:
    with pytest.raises(InvalidInput, match="reserved"):
        _issue(keys, holder, {"x": {"_sd": [1]}})
    with pytest.raises(InvalidInput, match="reserved"):
        _issue(keys, holder, {"...": SD(1)})
    with pytest.raises(InvalidInput, match="SD-JWT VC layer"):
        _issue(keys, holder, {"vct": "urn:evil"})
    with pytest.raises(InvalidInput):
        _issue(keys, holder, {"x": SD(SD(1))})
    with pytest.raises(InvalidInput):
        _issue(keys, holder, {"x": SD(math.nan)})
    with pytest.raises(InvalidInput):
        _issue(keys, holder, {"x": SD({1, 2})})
    with pytest.raises(InvalidInput, match="private"):
        sdjwt.issue_sd_jwt_vc(
            {},
            vct=VCT,
            issuer=ISSUER,
            signing_key=keys.signing,
            holder_jwk=json.loads(holder.export_private()),
            issued_at=NOW,
            expires_at=None,
            random_bytes=seeded_bytes(),
        )
    rsa_signing = issue_certificate(keys.ca, new_rsa_key(), "RSA", "tests", "SE", NOW)
    with pytest.raises(ConfigError):
        sdjwt.issue_sd_jwt_vc(
            {},
            vct=VCT,
            issuer=ISSUER,
            signing_key=rsa_signing,
            holder_jwk=public_jwk(holder),
            issued_at=NOW,
            expires_at=None,
            random_bytes=seeded_bytes(),
        )


def test_no_sd_claims_means_no_sd_members(keys: IssuerKeys, holder: Any) -> None:
    issued = _issue(keys, holder, {"plain": 1})
    payload = library_verify(issued.serialize(), keys.ca.certificate).signed_payload
    assert "_sd" not in payload
    assert "_sd_alg" not in payload
    assert issued.disclosures == ()


def test_salts_come_from_the_injected_source(keys: IssuerKeys, holder: Any) -> None:
    first = _issue(keys, holder, {"a": SD("x"), "b": SD([SD(1)])})
    second = _issue(keys, holder, {"a": SD("x"), "b": SD([SD(1)])})
    assert [d.encoded for d in first.disclosures] == [d.encoded for d in second.disclosures]
    salts = [json.loads(jose.b64url_decode(d.encoded))[0] for d in first.disclosures]
    assert len(set(salts)) == len(salts)
    assert all(len(jose.b64url_decode(s)) == 16 for s in salts)


_NAMES = st.text(st.characters(codec="utf-8"), max_size=12).filter(
    lambda s: s not in sdjwt.RESERVED_NAMES
)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec="utf-8"), max_size=20)
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_NAMES, inner, max_size=4),
    max_leaves=12,
)
_TOP = st.dictionaries(
    _NAMES.filter(lambda s: s not in sdjwt.VC_CLAIMS),
    _JSON,
    max_size=6,
)


def _mark(value: Any, pick: st.DrawFn) -> Any:
    """Mark a random selection of object members and array elements as disclosable."""
    if isinstance(value, dict):
        return {
            k: SD(_mark(v, pick)) if pick(st.booleans()) else _mark(v, pick)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [SD(_mark(v, pick)) if pick(st.booleans()) else _mark(v, pick) for v in value]
    return value


@st.composite
def _marked(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    plain = draw(_TOP)
    marked = {k: SD(_mark(v, draw)) for k, v in plain.items()}  # every top-level claim disclosable
    return plain, marked


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=_marked(), decoys=st.integers(min_value=0, max_value=3))
def test_any_json_object_round_trips(
    keys: IssuerKeys, holder: Any, case: tuple[dict[str, Any], dict[str, Any]], decoys: int
) -> None:
    plain, marked = case
    issued = _issue(keys, holder, marked, decoys=decoys)
    result = library_verify(issued.serialize(), keys.ca.certificate)
    envelope = {k: result.signed_payload[k] for k in ("iss", "iat", "exp", "vct", "cnf")}
    assert result.claims == {**envelope, **plain}


def test_clear_claims_are_added_in_clear_and_never_disclosable(
    keys: IssuerKeys, holder: Any
) -> None:
    status = {"status_list": {"idx": 4711, "uri": f"{ISSUER}/status/1"}}
    issued = _issue(keys, holder, {"name": SD("Åsa")}, clear_claims={"status": status})
    verified = library_verify(issued.serialize(), keys.ca.certificate)
    assert verified.signed_payload["status"] == status  # in the issuer-signed JWT itself
    assert [d[1] for d in verified.disclosures] == ["name"]
    assert verified.claims["name"] == "Åsa"
    clashes: list[dict[str, Any]] = [{"iss": "x"}, {"cnf": {}}, {"vct": "x"}, {"_sd": []}]
    for clash in [*clashes, {"name": "x"}]:
        with pytest.raises(InvalidInput, match="set otherwise"):
            _issue(keys, holder, {"name": SD("Åsa")}, clear_claims=clash)
    with pytest.raises(InvalidInput, match="never selectively disclosable"):
        _issue(keys, holder, {}, clear_claims={"status": {"status_list": SD(1)}})
