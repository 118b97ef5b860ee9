"""ELMO unpack, parse and verify: only typed errors for whatever a peer posts."""

from __future__ import annotations

import base64
import gzip
import zlib

from hypothesis import example, given
from hypothesis import strategies as st

from gateway.core.elmo.build import elmo_from_transcript
from gateway.core.elmo.pack import pack_elmo, unpack_elmo
from gateway.core.elmo.parse import parse_elmo_bytes
from gateway.core.elmo.signature import sign_elmo, verify_elmo
from gateway.core.elmo.write import elmo_to_xml
from gateway.core.keys import SigningKey, issue_certificate, make_ca, new_rsa_key
from tests.core.elmo import factories
from tests.properties.hostile import FUZZ, mutated_bytes, mutated_xml, typed

MB = 1 << 20
ELMO = elmo_to_xml(elmo_from_transcript(factories.transcript(), generated=factories.GENERATED))
_CA = make_ca("Fuzz CA", "tests", "SE")
KEY: SigningKey = issue_certificate(_CA, new_rsa_key(), "Fuzz EMP", "tests", "SE")
SIGNED = sign_elmo(ELMO, KEY)
DS = b"http://www.w3.org/2000/09/xmldsig#"


def _unpack(data: str | bytes) -> object:
    return typed(unpack_elmo, data, max_packed_bytes=MB, max_xml_bytes=2 * MB)


@FUZZ
@given(st.binary(max_size=2000) | st.text(max_size=500))
@example(base64.b64encode(gzip.compress(b"\0" * (3 * MB))))  # a small gzip bomb
@example(base64.b64encode(zlib.compress(b"<elmo/>")))  # zlib, not gzip
@example("H4sI" + "=" * 4)
def test_unpack_takes_any_field_value(data: str | bytes) -> None:
    _unpack(data)


@FUZZ
@given(mutated_bytes(gzip.compress(SIGNED, mtime=0)))
def test_unpack_takes_damaged_gzip(raw: bytes) -> None:
    _unpack(base64.b64encode(raw))


@FUZZ
@given(mutated_xml(ELMO) | mutated_bytes(ELMO))
@example(b'<?xml version="1.0"?><!DOCTYPE elmo [<!ENTITY x "y">]><elmo>&x;</elmo>')
@example(ELMO.replace(b"<generatedDate>", b"<generatedDate>99999999-01-01T00:00:00Z", 1))
@example(ELMO.replace(b"</learner>", b"<bday>2001-02-29</bday></learner>", 1))
@example(ELMO.replace(b"</familyName>", b"</familyName><gender>" + b"9" * 4400 + b"</gender>", 1))
def test_parse_takes_mutated_elmo(xml: bytes) -> None:
    typed(parse_elmo_bytes, xml, max_bytes=2 * MB)


@FUZZ
@given(mutated_xml(SIGNED) | mutated_bytes(SIGNED))
@example(SIGNED.replace(b"<ds:SignatureValue>", b"<ds:SignatureValue>%%%", 1))
@example(SIGNED.replace(b"#rsa-sha256", b"#hmac-sha256", 1))
@example(SIGNED.replace(b"<ds:X509Certificate>", b"<ds:X509Certificate>AAAA", 1))
def test_verify_takes_mutated_signed_elmo(xml: bytes) -> None:
    typed(verify_elmo, xml, [KEY.certificate], allow_sha1=True, max_bytes=2 * MB)


def test_the_seeds_are_valid() -> None:
    """The mutations start from documents that pass: a failure above is the mutation's."""
    assert verify_elmo(SIGNED, [KEY.certificate]).certificate == KEY.certificate
    assert unpack_elmo(pack_elmo(SIGNED), max_packed_bytes=MB, max_xml_bytes=2 * MB) == SIGNED
    assert parse_elmo_bytes(ELMO, max_bytes=2 * MB).learner.family_name
    assert DS in SIGNED
