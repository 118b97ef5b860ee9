"""Checklist item 13: a credential's ``iss`` must be consistent with its ``x5c`` leaf."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from gateway.core.keys import (
    SigningKey,
    issue_certificate,
    issue_leaf,
    load_certificates,
    new_ec_key,
)
from gateway.core.oid4vp.presentation import Policy, check_issuer_identifier
from gateway.core.oid4vp.reasons import INVALID_REQUEST, PresentationRefused, Reason, wallet_error
from gateway.core.x5c import ValidatedChain
from gateway.settings import load_settings
from tests.test_check_config import deployment


def _chain(leaf: SigningKey, ca: SigningKey) -> ValidatedChain:
    return ValidatedChain((leaf.certificate,), ca.certificate)


def _policy(**options: object) -> Policy:
    return Policy((), ("VerifiableMicroCredential",), "n", "c", dt.datetime.now(dt.UTC), **options)  # type: ignore[arg-type]


def _with_san(ca: SigningKey, *names: x509.GeneralName) -> SigningKey:
    subject = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Issuer")])
    return issue_leaf(ca, new_ec_key(), subject, ((x509.SubjectAlternativeName(names), False),))


def test_dns_and_uri_sans_match_and_others_are_refused(dev_ca: SigningKey) -> None:
    dns = _chain(_with_san(dev_ca, x509.DNSName("issuer.example.org")), dev_ca)
    check_issuer_identifier("https://issuer.example.org/path", dns, _policy())
    check_issuer_identifier(None, dns, _policy())  # no iss: nothing to compare
    uri = _chain(_with_san(dev_ca, x509.UniformResourceIdentifier("http://127.0.0.1:9")), dev_ca)
    check_issuer_identifier("http://127.0.0.1:9", uri, _policy())
    for iss, chain in (
        ("http://issuer.example.org", dns),  # a dNSName covers https only
        ("https://other.example.org", dns),
        ("https://evil.issuer.example.org", dns),
        ("http://127.0.0.1:9/", uri),  # a URI SAN is compared exactly
        (42, dns),
    ):
        with pytest.raises(PresentationRefused) as refused:
            check_issuer_identifier(iss, chain, _policy())
        assert refused.value.reason is Reason.ISSUER_MISMATCH
    assert wallet_error(Reason.ISSUER_MISMATCH) == INVALID_REQUEST


def test_allow_list_and_our_own_certificate_without_san(dev_ca: SigningKey) -> None:
    old = issue_certificate(dev_ca, new_ec_key(), "Our issuer", "tests", "SE")  # no SAN
    chain = _chain(old, dev_ca)
    allowed = _policy(issuer_allow_list=frozenset({"https://listed.example"}))
    check_issuer_identifier("https://listed.example", chain, allowed)
    own = _policy(own_issuer=("http://127.0.0.1:8080", old.certificate.public_bytes(Encoding.DER)))
    check_issuer_identifier("http://127.0.0.1:8080", chain, own)
    other = _chain(issue_certificate(dev_ca, new_ec_key(), "Another", "tests", "SE"), dev_ca)
    with pytest.raises(PresentationRefused):  # our iss on a certificate that is not ours
        check_issuer_identifier("http://127.0.0.1:8080", other, own)
    with pytest.raises(PresentationRefused):
        check_issuer_identifier("https://listed.example", chain, own)


def test_new_issuer_certificates_carry_the_identifier(dev_ca: SigningKey) -> None:
    made = issue_certificate(dev_ca, new_ec_key(), "I", "t", "SE", uris=("https://gw.example",))
    check_issuer_identifier("https://gw.example", _chain(made, dev_ca), _policy())


def test_gateway_certs_gives_our_issuer_its_identifier(tmp_path: Path, schema_dir: Path) -> None:
    """``ensure_dev_certificates`` (gateway certs): the wallet issuer certificate names our
    ``iss`` (the public URL) as a URI SAN, so our credentials pass on any verifier."""
    config = deployment(tmp_path, f"sqlite+aiosqlite:///{tmp_path}/g.db", schema_dir)
    settings = load_settings(config, environ={})
    (leaf, *_) = load_certificates(settings.wallet.signing_cert.read_bytes())
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.UniformResourceIdentifier) == ["http://127.0.0.1:8080"]
    chain = ValidatedChain((leaf,), leaf)
    check_issuer_identifier("http://127.0.0.1:8080", chain, _policy())
