"""XML-DSig: our signer against independent verifiers, foreign dialects, and attacks refused."""

from __future__ import annotations

import base64
import copy
import logging
import re
import tomllib
from pathlib import Path

import pytest
from cryptography import x509
from lxml import etree
from signxml.algorithms import CanonicalizationMethod as SignxmlC14n
from signxml.signer import XMLSigner
from signxml.verifier import XMLVerifier

from gateway.core.elmo.model import DS_NS, ELMO_NS, Elmo
from gateway.core.elmo.pack import pack_elmo, unpack_elmo
from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.elmo.signature import (
    Canonicalization,
    DigestMethod,
    SignatureMethod,
    sign_elmo,
    verify_elmo,
)
from gateway.core.keys import SigningKey
from gateway.core.xml import parse_xml
from gateway.errors import InvalidInput, SignatureInvalid, XmlRejected
from tests.core.elmo.conftest import VECTORS
from tests.tools import KeyFiles, Xmlsec1

DS = f"{{{DS_NS}}}"
E = f"{{{ELMO_NS}}}"
CASES = sorted(p.name for p in VECTORS.iterdir() if (p / "case.toml").is_file())


def _tree(xml: bytes) -> etree._Element:
    return parse_xml(xml)


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")


def _signxml_verify(xml: bytes, key: SigningKey) -> etree._Element:
    result = XMLVerifier().verify(xml, x509_cert=key.certificate_pem, expect_references=1)
    assert not isinstance(result, list)
    assert result.signed_xml is not None
    return result.signed_xml


# ------------------------------------------------------------------------ our signer, verified


def test_signed_elmo_has_the_fixed_profile(signed_xml: bytes, elmo_xml: bytes) -> None:
    root = _tree(signed_xml)
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
    assert signature.find(f"{DS}KeyInfo/{DS}X509Data/{DS}X509Certificate") is not None
    # Nothing else changed: the unsigned document is a byte prefix of the signed one.
    assert signed_xml.startswith(elmo_xml.rstrip(b"\n").removesuffix(b"</elmo>"))
    assert signed_xml.endswith(b"</ds:Signature></elmo>")


def test_signed_elmo_still_validates(signed_xml: bytes, elmo_schema: ElmoSchema) -> None:
    elmo_schema.validate(_tree(signed_xml))


def test_our_signature_verifies_with_our_verifier(
    signed_xml: bytes, signing_key: SigningKey, other_signing_key: SigningKey, factory_elmo: Elmo
) -> None:
    verified = verify_elmo(signed_xml, [other_signing_key.certificate, signing_key.certificate])
    assert verified.certificate == signing_key.certificate
    assert verified.embedded_certificate == signing_key.certificate
    assert verified.signature_algorithm is SignatureMethod.RSA_SHA256
    assert verified.digest_algorithm is DigestMethod.SHA256
    assert verified.root.find(f"{DS}Signature") is None  # only what was signed
    assert parse_elmo(verified.root) == factory_elmo


def test_our_signature_verifies_with_xmlsec1(
    signed_xml: bytes, xmlsec1: Xmlsec1, key_files: dict[str, KeyFiles]
) -> None:
    done = xmlsec1.verify(signed_xml, key_files["rsa"].cert)
    assert done.returncode == 0, done.stderr
    assert "OK" in done.stdout + done.stderr
    tampered = signed_xml.replace(b"<resultLabel>A</resultLabel>", b"<resultLabel>B</resultLabel>")
    assert xmlsec1.verify(tampered, key_files["rsa"].cert).returncode != 0  # the oracle can fail
    assert xmlsec1.verify(signed_xml, key_files["other"].cert).returncode != 0


def test_our_signature_verifies_with_signxml(signed_xml: bytes, signing_key: SigningKey) -> None:
    signed = _signxml_verify(signed_xml, signing_key)
    assert signed.tag == f"{E}elmo"
    tampered = signed_xml.replace(b"<resultLabel>A</resultLabel>", b"<resultLabel>B</resultLabel>")
    with pytest.raises(Exception, match="Digest mismatch"):
        _signxml_verify(tampered, signing_key)


def test_ec_signature_verifies_everywhere(
    elmo_xml: bytes,
    ec_signing_key: SigningKey,
    xmlsec1: Xmlsec1,
    key_files: dict[str, KeyFiles],
) -> None:
    signed = sign_elmo(elmo_xml, ec_signing_key)
    assert SignatureMethod.ECDSA_SHA256.value.encode() in signed
    assert verify_elmo(signed, [ec_signing_key.certificate]).signature_algorithm is (
        SignatureMethod.ECDSA_SHA256
    )
    _signxml_verify(signed, ec_signing_key)
    done = xmlsec1.verify(signed, key_files["ec"].cert)
    assert done.returncode == 0, done.stderr


def test_signing_refuses_a_signed_or_foreign_document(
    signed_xml: bytes, signing_key: SigningKey
) -> None:
    with pytest.raises(InvalidInput, match="already signed"):
        sign_elmo(signed_xml, signing_key)
    with pytest.raises(InvalidInput, match="root elmo"):
        sign_elmo(b"<other/>", signing_key)


# ------------------------------------------------------------------- foreign dialects accepted


@pytest.mark.parametrize("case", CASES)
def test_foreign_dialect_signed_by_xmlsec1_verifies(
    case: str,
    xmlsec1: Xmlsec1,
    key_files: dict[str, KeyFiles],
    signing_key: SigningKey,
    ec_signing_key: SigningKey,
) -> None:
    spec = tomllib.loads((VECTORS / case / "case.toml").read_text(encoding="utf-8"))
    key = ec_signing_key if spec["key"] == "ec" else signing_key
    template = (VECTORS / case / "template.xml").read_text(encoding="utf-8")
    template = template.replace("@SUBJECT@", key.certificate.subject.rfc4514_string())
    signed = xmlsec1.sign(template.encode("utf-8"), key_files[spec["key"]])

    verified = verify_elmo(signed, [key.certificate], allow_sha1=spec["allow_sha1"])
    assert verified.signature_algorithm is SignatureMethod[spec["signature_algorithm"]]
    assert verified.digest_algorithm is DigestMethod[spec["digest_algorithm"]]
    assert verified.canonicalization is Canonicalization[spec["canonicalization"]]
    learner = parse_elmo(verified.root).learner
    assert (learner.given_names, learner.family_name) == ("Kari Ørjan", "Nordmann-Åsen")
    if spec["allow_sha1"]:
        with pytest.raises(SignatureInvalid, match="algorithm rsa-sha1 refused by policy"):
            verify_elmo(signed, [key.certificate])
    tampered = signed.replace(b"<resultLabel>B</resultLabel>", b"<resultLabel>A</resultLabel>")
    with pytest.raises(SignatureInvalid, match="digest mismatch"):
        verify_elmo(tampered, [key.certificate], allow_sha1=True)


def test_sha1_acceptance_is_logged_without_personal_data(
    xmlsec1: Xmlsec1,
    key_files: dict[str, KeyFiles],
    signing_key: SigningKey,
    caplog: pytest.LogCaptureFixture,
) -> None:
    template = (VECTORS / "rsa-sha1" / "template.xml").read_bytes()
    signed = xmlsec1.sign(template, key_files["rsa"])
    with caplog.at_level(logging.WARNING, logger="gateway.core.elmo.signature"):
        verify_elmo(signed, [signing_key.certificate], allow_sha1=True)
    assert [r.getMessage() for r in caplog.records] == [
        "accepted an XML signature using SHA-1 (rsa-sha1, sha1) by policy"
    ]


@pytest.mark.parametrize(
    ("c14n", "exclude_transform"),
    [
        pytest.param(SignxmlC14n.CANONICAL_XML_1_1, False, id="defaults"),
        pytest.param(
            SignxmlC14n.EXCLUSIVE_XML_CANONICALIZATION_1_0,
            True,
            id="exclusive",
        ),
    ],
)
def test_signxml_signatures_verify(
    c14n: SignxmlC14n,
    exclude_transform: bool,
    elmo_xml: bytes,
    signing_key: SigningKey,
    factory_elmo: Elmo,
) -> None:
    signer = XMLSigner(c14n_algorithm=c14n)
    signed_root = signer.sign(
        _tree(elmo_xml),
        key=signing_key.private_key,
        cert=[signing_key.certificate],
        exclude_c14n_transform_element=exclude_transform,
    )
    signed = etree.tostring(signed_root, encoding="UTF-8")  # PEM-wrapped base64 inside
    verified = verify_elmo(signed, [signing_key.certificate])
    assert verified.canonicalization.value == c14n.value
    assert parse_elmo(verified.root) == factory_elmo


def test_wrapped_base64_with_carriage_returns_verifies(
    signed_xml: bytes, signing_key: SigningKey
) -> None:
    def wrap(match: re.Match[bytes]) -> bytes:
        value = match.group(2)
        lines = [value[i : i + 76] for i in range(0, len(value), 76)]
        return match.group(1) + b"&#13;\n".join(lines) + b"&#13;\n" + match.group(3)

    wrapped = re.sub(rb"(<ds:(?:SignatureValue|X509Certificate)>)([^<]+)(</ds:)", wrap, signed_xml)
    assert wrapped.count(b"&#13;\n") > 10
    verified = verify_elmo(wrapped, [signing_key.certificate])
    assert verified.embedded_certificate == signing_key.certificate


def test_comments_are_not_signed_and_not_returned(
    signed_xml: bytes, signing_key: SigningKey
) -> None:
    commented = signed_xml.replace(b"<learner>", b"<!-- injected --><learner>", 1)
    verified = verify_elmo(commented, [signing_key.certificate])
    assert b"injected" not in etree.tostring(verified.root)


# ----------------------------------------------------------------------------- attacks refused


def _edit(xml: bytes, how: str) -> bytes:
    root = _tree(xml)
    signature = root.find(f"{DS}Signature")
    assert signature is not None
    signed_info = signature[0]
    reference = signed_info.find(f"{DS}Reference")
    assert reference is not None
    report = root.find(f"{E}report")
    assert report is not None
    courses = report.findall(f"{E}learningOpportunitySpecification")
    if how == "added-course":
        report.insert(2, copy.deepcopy(courses[1]))
    elif how == "moved-element":
        report.insert(1, courses[-1])  # FDA8001 before DA7001: same content, new order
    elif how == "duplicated-signature":
        root.append(copy.deepcopy(signature))
    elif how == "signature-in-extension":
        extension = etree.SubElement(root, f"{E}extension")
        extension.append(signature)
    elif how == "extra-reference":
        signed_info.append(copy.deepcopy(reference))
    elif how == "reference-to-id":
        reference.set("URI", "#x")
    elif how == "reference-without-uri":
        del reference.attrib["URI"]
    elif how == "xpath-transform":
        transform = etree.SubElement(
            reference[0],
            f"{DS}Transform",
            Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116",
        )
        etree.SubElement(transform, f"{DS}XPath").text = "not(ancestor-or-self::e:report)"
    elif how == "object-in-signature":
        etree.SubElement(signature, f"{DS}Object").append(copy.deepcopy(report))
    elif how == "with-comments-c14n":
        signed_info[0].set("Algorithm", f"{Canonicalization.C14N_10.value}#WithComments")
    elif how == "hmac":
        signed_info[1].set("Algorithm", "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256")
    elif how == "rsa-sha1-claimed":
        signed_info[1].set("Algorithm", SignatureMethod.RSA_SHA1.value)
    elif how == "no-signature":
        root.remove(signature)
    else:  # pragma: no cover
        raise AssertionError(how)
    return _bytes(root)


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("added-course", "digest mismatch: the signed content was changed"),
        ("moved-element", "digest mismatch: the signed content was changed"),
        ("duplicated-signature", "signature wrapping: 2 Signature elements"),
        ("signature-in-extension", "signature wrapping: the Signature is not a direct child"),
        ("extra-reference", "exactly one Reference is allowed, found 2"),
        ("reference-to-id", r'Reference URI must be "" \(the whole document\), got \'#x\''),
        ("reference-without-uri", "Reference URI must be .* got absent"),
        ("xpath-transform", "algorithm REC-xpath-19991116 refused by policy"),
        ("object-in-signature", "Signature must contain SignedInfo, SignatureValue, KeyInfo"),
        ("with-comments-c14n", "algorithm REC-xml-c14n-20010315#WithComments refused"),
        ("hmac", "algorithm hmac-sha256 refused by policy"),
        ("rsa-sha1-claimed", "algorithm rsa-sha1 refused by policy"),
        ("no-signature", "not signed: it has no Signature element"),
    ],
)
def test_tampering_and_profile_violations_are_refused(
    how: str, reason: str, signed_xml: bytes, signing_key: SigningKey
) -> None:
    with pytest.raises(SignatureInvalid, match=reason):
        verify_elmo(_edit(signed_xml, how), [signing_key.certificate])


def test_changed_grade_is_refused(signed_xml: bytes, signing_key: SigningKey) -> None:
    tampered = signed_xml.replace(b"<resultLabel>Fx</resultLabel>", b"<resultLabel>A</resultLabel>")
    assert tampered != signed_xml
    with pytest.raises(SignatureInvalid, match="digest mismatch: the signed content was changed"):
        verify_elmo(tampered, [signing_key.certificate])


def test_changed_whitespace_is_refused(signed_xml: bytes, signing_key: SigningKey) -> None:
    reindented = signed_xml.replace(b"\n  <learner>", b"\n    <learner>")
    with pytest.raises(SignatureInvalid, match="digest mismatch"):
        verify_elmo(reindented, [signing_key.certificate])


def test_signed_elmo_wrapped_in_another_root_is_refused(
    signed_xml: bytes, signing_key: SigningKey
) -> None:
    body = signed_xml.split(b"?>", 1)[1]
    wrapped = b"<envelope xmlns='urn:attacker'>" + body + b"</envelope>"
    with pytest.raises(
        SignatureInvalid, match="signature wrapping: the document root is 'envelope'"
    ):
        verify_elmo(wrapped, [signing_key.certificate])


def test_signed_elmo_hidden_inside_a_forged_elmo_is_refused(
    signed_xml: bytes, signing_key: SigningKey
) -> None:
    forged = _tree(
        signed_xml.replace(b"<resultLabel>Fx</resultLabel>", b"<resultLabel>A</resultLabel>")
    )
    original = _tree(signed_xml)
    forged_signature = forged.find(f"{DS}Signature")
    assert forged_signature is not None
    forged.remove(forged_signature)
    etree.SubElement(forged, f"{E}extension").append(original)
    with pytest.raises(SignatureInvalid, match="signature wrapping"):
        verify_elmo(_bytes(forged), [signing_key.certificate])


def test_forged_signature_with_the_attackers_certificate_is_refused(
    elmo_xml: bytes, other_signing_key: SigningKey, signing_key: SigningKey
) -> None:
    forged = sign_elmo(elmo_xml, other_signing_key)
    assert verify_elmo(forged, [other_signing_key.certificate])  # a valid signature …
    with pytest.raises(
        SignatureInvalid,
        match=r"does not verify with any trusted certificate \(the embedded certificate is not",
    ):
        verify_elmo(forged, [signing_key.certificate])  # … but not by the trusted contact point


def test_embedded_certificate_swapped_for_the_trusted_one_is_refused(
    elmo_xml: bytes, other_signing_key: SigningKey, signing_key: SigningKey
) -> None:
    forged = sign_elmo(elmo_xml, other_signing_key)
    ours = base64.b64encode(signing_key.certificate_der)
    theirs = base64.b64encode(other_signing_key.certificate_der)
    forged = forged.replace(theirs, ours)
    with pytest.raises(SignatureInvalid, match=r"does not verify with any trusted certificate$"):
        verify_elmo(forged, [signing_key.certificate])


def test_no_trusted_certificate_is_refused(signed_xml: bytes) -> None:
    with pytest.raises(SignatureInvalid, match="no trusted certificate"):
        verify_elmo(signed_xml, [])


def test_ec_certificate_cannot_verify_rsa_signature(
    signed_xml: bytes, ec_signing_key: SigningKey
) -> None:
    with pytest.raises(SignatureInvalid, match="does not verify"):
        verify_elmo(signed_xml, [ec_signing_key.certificate])


# ------------------------------------------------------------------------------- hostile XML

HOSTILE = {
    "dtd": b'<?xml version="1.0"?><!DOCTYPE elmo [<!ELEMENT elmo ANY>]><elmo/>',
    "external-entity": (
        b'<?xml version="1.0"?><!DOCTYPE elmo [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<elmo>&x;</elmo>"
    ),
    "billion-laughs": (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
            for i in range(1, 10)
        )
        + b"]><elmo>&lol9;</elmo>"
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_refused_before_anything(name: str, signing_key: SigningKey) -> None:
    xml = HOSTILE[name]
    with pytest.raises(XmlRejected, match="DTD or entity"):
        parse_xml(xml)
    with pytest.raises(XmlRejected, match="DTD or entity"):
        verify_elmo(xml, [signing_key.certificate])
    unpacked = unpack_elmo(pack_elmo(xml), max_packed_bytes=1 << 20, max_xml_bytes=1 << 20)
    with pytest.raises(XmlRejected, match="DTD or entity"):
        verify_elmo(unpacked, [signing_key.certificate])


def test_verify_respects_the_size_limit(signed_xml: bytes, signing_key: SigningKey) -> None:
    with pytest.raises(XmlRejected, match="larger than 1000 bytes"):
        verify_elmo(signed_xml, [signing_key.certificate], max_bytes=1000)


def test_sample_signatures_from_peers_do_not_verify(schema_dir: Path) -> None:
    """The published samples were edited after signing (notes/emrex.md §1.4)."""
    packed = (schema_dir / "elmo" / "examples" / "emrex-gateway" / "sampleElmo.b64").read_text()
    xml = unpack_elmo(packed, max_packed_bytes=1 << 20, max_xml_bytes=1 << 20)
    # Trust the embedded certificate, for want of the registry's.
    cert_text = parse_xml(xml).findtext(f".//{DS}X509Certificate")
    assert cert_text is not None
    cert = x509.load_der_x509_certificate(base64.b64decode("".join(cert_text.split())))
    with pytest.raises(SignatureInvalid, match="algorithm rsa-sha1 refused by policy"):
        verify_elmo(xml, [cert])
    with pytest.raises(SignatureInvalid, match=r"does not verify|digest mismatch"):
        verify_elmo(xml, [cert], allow_sha1=True)
