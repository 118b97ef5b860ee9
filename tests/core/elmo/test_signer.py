"""The template signer: byte-identical to the lxml signer, verified by xmlsec1, signxml and us."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from signxml.verifier import XMLVerifier

from gateway.core.elmo.canonical import elmo_to_canonical
from gateway.core.elmo.model import DS_NS, Elmo
from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.elmo.signature import (
    Canonicalization,
    DigestMethod,
    SignatureMethod,
    sign_elmo,
    verify_elmo,
)
from gateway.core.elmo.signer import DECLARATION, sign_canonical
from gateway.core.keys import SigningKey
from gateway.core.xml import parse_xml
from tests.core.elmo import strategies
from tests.tools import KeyFiles, Xmlsec1

DS = f"{{{DS_NS}}}"
MB = 1 << 20


def _signxml_verify(xml: bytes, key: SigningKey) -> etree._Element:
    result = XMLVerifier().verify(xml, x509_cert=key.certificate_pem, expect_references=1)
    assert not isinstance(result, list)
    assert result.signed_xml is not None
    return result.signed_xml


def test_same_bytes_as_the_lxml_signer(factory_elmo: Elmo, signing_key: SigningKey) -> None:
    """RSA PKCS#1 v1.5 is deterministic: both signers must agree to the byte."""
    canonical = elmo_to_canonical(factory_elmo)
    signed = sign_canonical(canonical, signing_key)
    assert signed == sign_elmo(canonical, signing_key)
    assert signed == sign_elmo(DECLARATION + canonical, signing_key)


def test_signed_document_is_the_emitted_one_plus_the_signature(
    factory_elmo: Elmo, signing_key: SigningKey, elmo_schema: ElmoSchema
) -> None:
    canonical = elmo_to_canonical(factory_elmo)
    signed = sign_canonical(canonical, signing_key)
    head, tail = canonical.removesuffix(b"</elmo>"), b"</ds:Signature></elmo>"
    assert signed.startswith(DECLARATION + head + b'<ds:Signature xmlns:ds="')
    assert signed.endswith(tail)
    root = parse_xml(signed)
    elmo_schema.validate(root)
    signature = root[-1]
    assert signature.tag == f"{DS}Signature"
    assert signature.prefix == "ds"
    algorithms = [e.get("Algorithm") for e in signature.iter() if e.get("Algorithm")]
    assert algorithms == [
        Canonicalization.C14N_10,
        SignatureMethod.RSA_SHA256,
        "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
        DigestMethod.SHA256,
    ]
    assert [r.get("URI") for r in signature.iter(f"{DS}Reference")] == [""]
    assert signature.findtext(f"{DS}KeyInfo/{DS}X509Data/{DS}X509Certificate")


def test_signature_verifies_with_us_xmlsec1_and_signxml(
    factory_elmo: Elmo,
    signing_key: SigningKey,
    other_signing_key: SigningKey,
    xmlsec1: Xmlsec1,
    key_files: dict[str, KeyFiles],
) -> None:
    canonical = elmo_to_canonical(factory_elmo)
    signed = sign_canonical(canonical, signing_key)

    verified = verify_elmo(signed, [other_signing_key.certificate, signing_key.certificate])
    assert verified.certificate == signing_key.certificate
    assert etree.tostring(verified.root, method="c14n") == canonical  # what was digested
    assert parse_elmo(verified.root) == factory_elmo

    done = xmlsec1.verify(signed, key_files["rsa"].cert)
    assert done.returncode == 0, done.stderr
    assert xmlsec1.verify(signed, key_files["other"].cert).returncode != 0

    assert etree.tostring(_signxml_verify(signed, signing_key), method="c14n") == canonical
    tampered = signed.replace(b"<resultLabel>A</resultLabel>", b"<resultLabel>B</resultLabel>")
    assert tampered != signed
    assert xmlsec1.verify(tampered, key_files["rsa"].cert).returncode != 0
    with pytest.raises(Exception, match="Digest mismatch"):
        _signxml_verify(tampered, signing_key)


def test_ec_signature_verifies_everywhere(
    factory_elmo: Elmo,
    ec_signing_key: SigningKey,
    xmlsec1: Xmlsec1,
    key_files: dict[str, KeyFiles],
) -> None:
    signed = sign_canonical(elmo_to_canonical(factory_elmo), ec_signing_key)
    verified = verify_elmo(signed, [ec_signing_key.certificate])
    assert verified.signature_algorithm is SignatureMethod.ECDSA_SHA256
    _signxml_verify(signed, ec_signing_key)
    done = xmlsec1.verify(signed, key_files["ec"].cert)
    assert done.returncode == 0, done.stderr


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elmo=strategies.ELMO)
def test_any_model_signs_and_verifies(
    signing_key: SigningKey, xmlsec1: Xmlsec1, key_files: dict[str, KeyFiles], elmo: Elmo
) -> None:
    canonical = elmo_to_canonical(elmo)
    signed = sign_canonical(canonical, signing_key)
    verified = verify_elmo(signed, [signing_key.certificate], max_bytes=64 * MB)
    assert etree.tostring(verified.root, method="c14n") == canonical
    assert etree.tostring(_signxml_verify(signed, signing_key), method="c14n") == canonical
    done = xmlsec1.verify(signed, key_files["rsa"].cert)
    assert done.returncode == 0, done.stderr


def test_only_emitted_elmo_is_signed(factory_elmo: Elmo, signing_key: SigningKey) -> None:
    canonical = elmo_to_canonical(factory_elmo)
    signed = sign_canonical(canonical, signing_key)
    for wrong in (
        b"<other/>",
        DECLARATION + canonical,  # not C14N: the declaration is not part of it
        signed,
        b'<elmo xmlns="urn:other"></elmo>',
    ):
        with pytest.raises(ValueError, match="only an ELMO written by elmo_to_canonical"):
            sign_canonical(wrong, signing_key)
