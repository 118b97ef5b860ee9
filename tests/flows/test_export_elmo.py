"""Every demo learner's export is schema-valid, signed, and verifies with xmlsec1 and ours."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from signxml.verifier import XMLVerifier

from gateway.core.elmo.canonical import elmo_to_canonical
from gateway.core.elmo.model import Attachment, Text
from gateway.core.elmo.pack import unpack_elmo
from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.elmo.signature import sign_elmo, verify_elmo
from gateway.core.elmo.signer import DECLARATION
from gateway.core.elmo.write import elmo_to_xml
from gateway.core.keys import SigningKey, write_key_pair
from gateway.core.records import ResultStatus
from gateway.errors import InvalidInput, SchemaInvalid
from gateway.flows.elmo import export as export_flow
from gateway.flows.elmo.export import (
    NothingToExport,
    export_elmo,
    load_transcript,
    sign_transcript,
)
from gateway.flows.services import Services
from gateway.storage.database import Database
from gateway.storage.repositories import RecordsRepository
from tests.tools import Xmlsec1, settings_for

KARIN = "19900315-2389"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def elmo_schema_once(schema_dir: Path) -> ElmoSchema:
    return ElmoSchema.load(schema_dir)


@pytest.fixture
def services(
    seeded_db: Database, signing_key: SigningKey, elmo_schema_once: ElmoSchema, schema_dir: Path
) -> Services:
    settings = settings_for(schema_dir)
    return Services(settings, seeded_db, signing_key, elmo_schema_once, clock=lambda: NOW)


@pytest.fixture(scope="module")
def cert_file(tmp_path_factory: pytest.TempPathFactory, signing_key: SigningKey) -> Path:
    folder = tmp_path_factory.mktemp("export-keys")
    write_key_pair(signing_key, folder / "cert.pem", folder / "key.pem")
    return folder / "cert.pem"


async def test_every_demo_learner_exports_valid_signed_elmo(
    services: Services, signing_key: SigningKey, xmlsec1: Xmlsec1, cert_file: Path
) -> None:
    async with services.db.session() as session:
        learners = await RecordsRepository(session).learners()
    assert len(learners) >= 30
    exported = 0
    for learner in learners:
        try:
            result = await export_elmo(services, learner.national_id)
        except NothingToExport:
            continue
        exported += 1
        verified = verify_elmo(result.signed_xml, [signing_key.certificate])
        services.elmo_schema.validate(verified.root)
        checked = xmlsec1.verify(result.signed_xml, cert_file)
        assert checked.returncode == 0, checked.stderr
        elmo = parse_elmo(verified.root)
        assert elmo.learner.identifier("nationalIdentifier") == learner.national_id
        assert elmo.learner.bday == learner.birth_date
        assert elmo.attachments[-1].type == "EMREX transcript"
        for los in elmo.specifications():
            if los.instance.status != ResultStatus.PASSED.value:
                # only as the structure holding passed parts, never as a result on its own
                assert any(p.instance.status == "passed" for p in los.walk()[1:])
        round_trip = unpack_elmo(
            result.packed(), max_packed_bytes=10_000_000, max_xml_bytes=20_000_000
        )
        assert round_trip == result.signed_xml
    assert exported >= 30


async def test_karin_has_reports_from_all_three_institutions(
    services: Services, signing_key: SigningKey
) -> None:
    result = await export_elmo(services, KARIN)
    elmo = parse_elmo(verify_elmo(result.signed_xml, [signing_key.certificate]).root)
    schacs = {report.issuer.identifier("schac") for report in elmo.reports}
    assert schacs == {"uu.se", "umu.se", "su.se"}
    kinds = {los.type for los in elmo.specifications()}
    assert {"Degree Programme", "Course", "Class"} <= kinds


async def test_selection_narrows_and_unknown_ids_are_refused(
    services: Services, signing_key: SigningKey
) -> None:
    async with services.db.session() as session:
        transcript = await RecordsRepository(session).transcript(KARIN)
    passed = [r for r in transcript.results() if r.status is ResultStatus.PASSED]
    failed = [r for r in transcript.results() if r.status is ResultStatus.FAILED]
    course = next(r for r in passed if r.opportunity.kind.value == "course")
    result = await export_elmo(services, KARIN, select=[course.id])
    elmo = parse_elmo(verify_elmo(result.signed_xml, [signing_key.certificate]).root)
    codes = {los.identifier("local") for los in elmo.specifications()}
    assert course.opportunity.code in codes
    assert len(elmo.reports) == 1
    with pytest.raises(InvalidInput, match="not among the learner's offered results"):
        await export_elmo(services, KARIN, select=[failed[0].id])
    with pytest.raises(InvalidInput):
        await export_elmo(services, KARIN, select=[999_999])


async def test_exports_are_the_bytes_the_lxml_writer_and_signer_give(
    services: Services, signing_key: SigningKey
) -> None:
    """The canonical pipeline ships exactly what writing with lxml then ``sign_elmo`` ships (RSA
    PKCS#1 v1.5 is deterministic), signxml verifies it too, and the shipped document without
    its signature is, byte for byte, the canonical form that was digested."""
    async with services.db.session() as session:
        learners = await RecordsRepository(session).learners()
    exported = 0
    for learner in learners:
        try:
            result = await export_elmo(services, learner.national_id)
        except NothingToExport:
            continue
        exported += 1
        assert result.signed_xml == sign_elmo(elmo_to_xml(result.elmo), signing_key)
        verified = verify_elmo(result.signed_xml, [signing_key.certificate])
        body = result.signed_xml.removeprefix(DECLARATION)
        shipped_unsigned = body[: body.index(b"<ds:Signature ")] + b"</elmo>"
        assert etree.tostring(verified.root, method="c14n") == shipped_unsigned
        assert shipped_unsigned == elmo_to_canonical(result.elmo)
        signxml = XMLVerifier().verify(
            result.signed_xml, x509_cert=signing_key.certificate_pem, expect_references=1
        )
        assert not isinstance(signxml, list)
        assert signxml.signed_xml is not None
        assert etree.tostring(signxml.signed_xml, method="c14n") == shipped_unsigned
    assert exported >= 30


async def test_an_invalid_elmo_is_refused_before_anything_is_signed(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    transcript = await load_transcript(services, KARIN)
    signed: list[object] = []
    monkeypatch.setattr(export_flow, "sign_canonical", lambda *args: signed.append(args))
    bogus = Attachment(titles=(Text("Bilaga", "sv"),), type="Not an attachment type")
    with pytest.raises(SchemaInvalid, match=r"v1\.7\.0 schema"):
        sign_transcript(services, transcript, (bogus,), with_pdf=False)
    assert signed == []
    sign_transcript(services, transcript, with_pdf=False)
    assert len(signed) == 1  # the same transcript without the bogus attachment goes through


async def test_a_value_xml_cannot_carry_is_our_error_not_the_clients(services: Services) -> None:
    transcript = await load_transcript(services, KARIN)
    broken = Attachment(titles=(Text("Bilaga\ufffe", "sv"),), type="Other")
    with pytest.raises(ValueError, match="not well-formed XML") as caught:
        sign_transcript(services, transcript, (broken,), with_pdf=False)
    assert not isinstance(caught.value, InvalidInput)
