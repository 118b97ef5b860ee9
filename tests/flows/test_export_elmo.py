"""Every demo learner's export is schema-valid, signed, and verifies with xmlsec1 and ours."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from gateway.core.elmo.pack import unpack_elmo
from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.elmo.signature import verify_elmo
from gateway.core.keys import SigningKey, write_key_pair
from gateway.core.records import ResultStatus
from gateway.errors import InvalidInput
from gateway.flows.export_elmo import NothingToExport, export_elmo
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
