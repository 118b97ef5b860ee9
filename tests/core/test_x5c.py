"""gateway.core.x5c: x5c JWS checked by jwcrypto, chain validation and each of its refusals."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws

from gateway.core import jose, x5c
from gateway.core.keys import SigningKey, issue_certificate, make_ca, new_ec_key
from gateway.errors import ConfigError

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
TYP = "statuslist+jwt"
ES256 = {"ES256"}


def _intermediate(root: SigningKey) -> SigningKey:
    """A CA below ``root`` (so the chain is leaf → intermediate → root)."""
    key = new_ec_key()
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Test Intermediate")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(root.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=100))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root.certificate.public_key()),  # type: ignore[arg-type]
            False,
        )
        .sign(root.private_key, hashes.SHA256())
    )
    return SigningKey(private_key=key, certificate=cert, chain=(root.certificate,))


@pytest.fixture(scope="module")
def ca() -> SigningKey:
    return make_ca("Test Root", "emrex-gateway tests", "SE", now=NOW)


@pytest.fixture(scope="module")
def signer(ca: SigningKey) -> SigningKey:
    return issue_certificate(ca, new_ec_key(), "Status Lists", "emrex-gateway tests", "SE", NOW)


def _ec(signing: SigningKey) -> ec.EllipticCurvePrivateKey:
    key = signing.private_key
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


def _token(signer: SigningKey, **header: object) -> str:
    return x5c.sign_with_x5c({"typ": TYP, **header}, b'{"sub":"https://gw/status/1"}', signer)


def _verify(token: str, anchors: list[x509.Certificate], **kw: object) -> x5c.X5cJws:
    options: dict[str, object] = {"at": NOW, "allowed_algs": ES256, "expected_typ": TYP, **kw}
    return x5c.verify_with_x5c(token, anchors, **options)  # type: ignore[arg-type]


def _refused(reason: x5c.ChainFailure, token: str, anchors: list[x509.Certificate]) -> None:
    with pytest.raises(x5c.X5cError) as caught:
        _verify(token, anchors)
    assert caught.value.reason is reason


def test_signed_x5c_jws_verifies_in_jwcrypto(signer: SigningKey, ca: SigningKey) -> None:
    token = _token(signer)
    header = json.loads(jose.b64url_decode(token.split(".")[0]))
    assert list(header) == ["alg", "typ", "x5c"]
    leaf_der = signer.certificate.public_bytes(Encoding.DER)
    assert header["x5c"] == [base64.b64encode(leaf_der).decode()]  # no trust anchor
    parsed = jwcrypto_jws.JWS()
    parsed.deserialize(token)
    parsed.verify(jwcrypto_jwk.JWK.from_pyca(signer.certificate.public_key()))
    assert parsed.payload == b'{"sub":"https://gw/status/1"}'


def test_verify_returns_the_chain(signer: SigningKey, ca: SigningKey) -> None:
    result = _verify(_token(signer), [ca.certificate])
    assert result.chain.leaf == signer.certificate
    assert result.chain.certificates == (signer.certificate,)
    assert result.chain.anchor == ca.certificate
    assert result.claims() == {"sub": "https://gw/status/1"}


def test_chain_through_an_intermediate() -> None:
    root = make_ca("Root With Intermediates", "emrex-gateway tests", "SE", now=NOW)
    root = SigningKey(root.private_key, _root_allowing_one_intermediate(root))
    middle = _intermediate(root)
    leaf = issue_certificate(middle, new_ec_key(), "Issuer", "tests", "SE", NOW)
    leaf = SigningKey(leaf.private_key, leaf.certificate, (middle.certificate, root.certificate))
    token = _token(leaf)
    header = json.loads(jose.b64url_decode(token.split(".")[0]))
    assert len(header["x5c"]) == 2  # leaf and intermediate; the root stays out
    result = _verify(token, [root.certificate])
    assert result.chain.certificates == (leaf.certificate, middle.certificate)
    assert result.chain.anchor == root.certificate
    _refused(x5c.ChainFailure.UNTRUSTED, token, [ca_other()])
    without_intermediate = x5c.encode_x5c([leaf.certificate])
    orphan = jose.sign_compact({"typ": TYP, "x5c": without_intermediate}, b"{}", _ec(leaf))
    _refused(x5c.ChainFailure.UNTRUSTED, orphan, [root.certificate])


def _root_allowing_one_intermediate(root: SigningKey) -> x509.Certificate:
    cert = root.certificate
    builder = (
        x509.CertificateBuilder()
        .subject_name(cert.subject)
        .issuer_name(cert.subject)
        .public_key(root.private_key.public_key())
        .serial_number(cert.serial_number)
        .not_valid_before(cert.not_valid_before_utc)
        .not_valid_after(cert.not_valid_after_utc)
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
    )
    for ext in cert.extensions:
        if not isinstance(ext.value, x509.BasicConstraints):
            builder = builder.add_extension(ext.value, ext.critical)
    return builder.sign(root.private_key, hashes.SHA256())


def ca_other() -> x509.Certificate:
    return make_ca("Someone Else", "elsewhere", "FI", now=NOW).certificate


def test_a_chain_to_no_anchor_is_refused(signer: SigningKey) -> None:
    _refused(x5c.ChainFailure.UNTRUSTED, _token(signer), [ca_other()])


def test_a_self_signed_leaf_is_refused(ca: SigningKey) -> None:
    self_signed = make_ca("Self", "tests", "SE", now=NOW)
    lone = SigningKey(new_ec_key(), self_signed.certificate)
    certificates = x5c.decode_x5c(x5c.x5c_chain(lone))
    with pytest.raises(x5c.X5cError) as caught:
        x5c.validate_chain(certificates, [ca.certificate, ca_other()], at=NOW)
    assert caught.value.reason is x5c.ChainFailure.SELF_SIGNED_LEAF


def test_an_x5c_that_is_only_the_anchor_is_refused(ca: SigningKey) -> None:
    with pytest.raises(x5c.X5cError) as caught:
        x5c.validate_chain([ca.certificate], [ca.certificate], at=NOW)
    assert caught.value.reason is x5c.ChainFailure.ANCHOR_IN_X5C


def test_the_anchor_inside_x5c_is_refused_unless_allowed(
    signer: SigningKey, ca: SigningKey
) -> None:
    token = x5c.sign_with_x5c({"typ": TYP}, b"{}", signer, include_trust_anchor=True)
    _refused(x5c.ChainFailure.ANCHOR_IN_X5C, token, [ca.certificate])
    result = _verify(token, [ca.certificate], allow_anchor_in_x5c=True)
    assert result.chain.anchor == ca.certificate


@pytest.mark.parametrize(
    ("at", "reason"),
    [
        (NOW + dt.timedelta(days=366), x5c.ChainFailure.EXPIRED),
        (NOW - dt.timedelta(days=1), x5c.ChainFailure.NOT_YET_VALID),
    ],
)
def test_validity_dates(
    signer: SigningKey, ca: SigningKey, at: dt.datetime, reason: x5c.ChainFailure
) -> None:
    with pytest.raises(x5c.X5cError) as caught:
        _verify(_token(signer), [ca.certificate], at=at)
    assert caught.value.reason is reason


@pytest.mark.parametrize(
    "value",
    [
        [],
        "MIIB",
        [1],
        ["not base64!"],
        ["AAAA"],
        ["-_-_"],  # base64url is not what x5c holds
        ["AAAA"] * (x5c.MAX_CERTIFICATES + 1),
    ],
)
def test_malformed_x5c(signer: SigningKey, ca: SigningKey, value: object) -> None:
    token = x5c.sign_with_x5c({"typ": TYP}, b"{}", signer)
    head, body, _ = token.split(".")
    header = json.loads(jose.b64url_decode(head))
    forged_head = jose.b64url_encode(json.dumps({**header, "x5c": value}).encode())
    signed = jwcrypto_jws.JWS(b"{}")  # jwcrypto signs any header, even a wrong-typed x5c
    signed.add_signature(
        jwcrypto_jwk.JWK.from_pyca(signer.private_key),
        alg=None,
        protected=json.dumps({**header, "x5c": value}),
    )
    for candidate in (f"{forged_head}.{body}.AAAA", signed.serialize(compact=True)):
        with pytest.raises(jose.JoseError):
            _verify(candidate, [ca.certificate])


def test_header_and_signature_checks(signer: SigningKey, ca: SigningKey) -> None:
    anchors = [ca.certificate]
    with pytest.raises(jose.JoseError, match="typ"):
        _verify(x5c.sign_with_x5c({"typ": "JWT"}, b"{}", signer), anchors)
    with pytest.raises(jose.JoseError, match="no x5c"):
        _verify(jose.sign_compact({"typ": TYP}, b"{}", _ec(signer)), anchors)
    with pytest.raises(jose.JoseError, match="not allowed"):
        x5c.verify_with_x5c(_token(signer), anchors, at=NOW, allowed_algs={"ES384"})
    other_key = new_ec_key()  # a valid chain, but the JWS was signed by another key
    chain = x5c.x5c_chain(signer)
    forged = jose.sign_compact({"typ": TYP, "x5c": chain}, b"{}", other_key)
    with pytest.raises(jose.JoseError, match="does not verify"):
        _verify(forged, anchors)


def test_configuration_errors(signer: SigningKey) -> None:
    with pytest.raises(ConfigError):
        x5c.validate_chain([signer.certificate], [], at=NOW)
    with pytest.raises(ValueError, match="timezone"):
        x5c.validate_chain([signer.certificate], [ca_other()], at=NOW.replace(tzinfo=None))
    rsa_ca = make_ca("RSA", "tests", "SE", now=NOW)
    with pytest.raises(ConfigError):
        x5c.sign_with_x5c({}, b"{}", rsa_ca)
