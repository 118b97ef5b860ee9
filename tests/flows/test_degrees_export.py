"""Every demo degree exported: signed ELMO (xmlsec1, the official XSD), its PDFs (pdftotext), its
ELM credential (the official SHACL shapes); the ECTS rule on every path; withdrawn: nowhere."""

from __future__ import annotations

import base64
import dataclasses
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from gateway.core.degrees.elm import degree_credential
from gateway.core.degrees.model import AwardedDegree, DocumentKind
from gateway.core.elm import IssuerIdentity
from gateway.core.elmo.model import Elmo
from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.elmo.signature import verify_elmo
from gateway.core.keys import SigningKey, write_key_pair
from gateway.core.syllabus import QualityAssurance, QualityAssuranceType
from gateway.errors import NotFound
from gateway.flows.degrees.export import (
    export_degree,
    find_degree,
    sign_with_degrees,
    with_documents,
)
from gateway.flows.degrees.load import awarded_degrees
from gateway.flows.elmo.export import NothingToExport, export_elmo, load_transcript
from gateway.flows.services import Services
from gateway.storage.database import Database
from gateway.storage.repositories import RecordsRepository
from tests.core.elm.conformance import ElmShapes, lost_keys
from tests.degrees import (
    DIPLOMA,
    HOLDERS,
    KARIN,
    WITHDRAWN,
    WITHDRAWN_CODE,
    assert_ects_on_one_level,
    pdf_text,
)
from tests.tools import Xmlsec1, settings_for

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ISSUER = IssuerIdentity({"en": "emrex-gateway test operator"}, "SE5560000000", "SE")
GENERIC = "http://data.europa.eu/snb/credential/e34929035b"
DIPLOMA_SUPPLEMENT_PROFILE = "http://data.europa.eu/snb/credential/6dff8a0f87"


@pytest.fixture(scope="module")
def elmo_schema_once(schema_dir: Path) -> ElmoSchema:
    return ElmoSchema.load(schema_dir)


@pytest.fixture(scope="module")
def shapes(schema_dir: Path) -> ElmShapes:
    return ElmShapes.load(schema_dir)


@pytest.fixture
def services(
    seeded_db: Database, signing_key: SigningKey, elmo_schema_once: ElmoSchema, schema_dir: Path
) -> Services:
    settings = settings_for(schema_dir)
    return Services(settings, seeded_db, signing_key, elmo_schema_once, clock=lambda: NOW)


@pytest.fixture(scope="module")
def cert_file(tmp_path_factory: pytest.TempPathFactory, signing_key: SigningKey) -> Path:
    folder = tmp_path_factory.mktemp("degree-keys")
    write_key_pair(signing_key, folder / "cert.pem", folder / "key.pem")
    return folder / "cert.pem"


def _check_documents(elmo: Elmo, awarded: AwardedDegree) -> None:
    """Diploma and Diploma Supplement attachments, referenced from the degree, readable."""
    (report,) = elmo.reports
    (degree,) = report.opportunities
    by_id = {a.identifiers[0].value: a for a in report.attachments if a.identifiers}
    assert [by_id[ref].type for ref in degree.instance.attachment_refs] == [
        "Diploma",
        "Diploma Supplement",
    ]
    learner = awarded.learner
    courses = [p.result.opportunity for p in awarded.parts]
    for attachment in report.attachments:
        assert attachment.identifiers[0].type == "internal"
        for content in attachment.contents:
            head, _, data = content.value.partition(",")
            assert head == "data:application/pdf;base64"
            text = pdf_text(base64.b64decode(data, validate=True))
            lang = content.lang or "en"
            title = awarded.degree.title_sv if lang == "sv" else awarded.degree.title_en
            assert " ".join(title.split()) in text
            assert f"{learner.given_names} {learner.family_name}" in text or (
                learner.family_name in text and learner.given_names in text
            )
            for course in courses:
                name = course.title_sv if lang == "sv" else course.title_en
                assert course.code in text
                assert " ".join(name.split()) in text
    assert [c.lang for c in by_id[degree.instance.attachment_refs[0]].contents] == ["sv", "en"]


async def test_every_demo_degree_exports_as_a_signed_valid_degree_elmo(
    services: Services, signing_key: SigningKey, xmlsec1: Xmlsec1, cert_file: Path
) -> None:
    for holder in HOLDERS:
        (awarded,) = await awarded_degrees(services, holder)
        degree = awarded.degree
        export = await export_degree(services, holder, degree.code)
        checked = xmlsec1.verify(export.signed_xml, cert_file)
        assert checked.returncode == 0, checked.stderr
        verified = verify_elmo(export.signed_xml, [signing_key.certificate])
        services.elmo_schema.validate(verified.root)  # the official ELMO 1.7 XSD
        elmo = parse_elmo(verified.root)
        (report,) = elmo.reports
        assert report.issuer.identifier("schac") == degree.institution.schac
        (los,) = report.opportunities
        assert los.type == "Degree Programme"
        assert [(t.lang, t.value) for t in los.titles] == [
            ("sv", degree.title_sv),
            ("en", degree.title_en),
        ]
        assert los.isced_code == degree.isced_f
        loi = los.instance
        assert [(i.type, i.value) for i in loi.identifiers] == [("degree", degree.code)]
        assert (loi.date, loi.status, loi.academic_term) == (degree.date, "passed", None)
        assert [(lv.type, lv.value) for lv in loi.levels] == [("EQF", str(degree.eqf))]
        assert loi.language_of_instruction == degree.language
        assert loi.credits == ()  # the courses carry the ECTS
        assert loi.result_label is None  # no overall grade in Sweden
        assert {p.identifier("local") for p in los.has_part} == set(degree.included)
        assert_ects_on_one_level(elmo)
        assert sum((p.instance.ects() or Decimal(0) for p in los.has_part), Decimal(0)) >= (
            degree.credits
        )
        assert elmo.attachments[-1].type == "EMREX transcript"
        _check_documents(elmo, awarded)


async def test_ects_stand_on_one_level_of_every_path_of_every_export(services: Services) -> None:
    """Every demo learner's transcript export and every contact-point choice with a degree."""
    async with services.db.session() as session:
        learners = await RecordsRepository(session).learners()
    checked = 0
    for learner in learners:
        try:
            export = await export_elmo(services, learner.national_id)
        except NothingToExport:
            continue
        assert_ects_on_one_level(export.elmo)
        degrees = await with_documents(
            services, await awarded_degrees(services, learner.national_id)
        )
        if degrees:  # the degree and every loose result: the contact point's "select all"
            transcript = await load_transcript(services, learner.national_id)
            both = sign_with_degrees(services, transcript.finished_only(), degrees)
            assert_ects_on_one_level(both.elmo)
            checked += 1
    assert checked == len(HOLDERS)


async def test_a_higher_education_diploma_is_eqf_6_and_a_withdrawn_degree_is_not_exported(
    services: Services,
) -> None:
    (diploma,) = await awarded_degrees(services, DIPLOMA)
    assert (diploma.degree.credits, diploma.degree.eqf) == (Decimal(120), 6)
    assert await awarded_degrees(services, WITHDRAWN) == []
    with pytest.raises(NotFound, match="no awarded degree with code 'UU-EX-2007-03390'"):
        await export_degree(services, WITHDRAWN, WITHDRAWN_CODE)
    with pytest.raises(NotFound):
        await find_degree(services, KARIN, WITHDRAWN_CODE)  # not someone else's degree either
    every = await export_elmo(services, WITHDRAWN)  # the results are still there, loose
    codes = {los.identifier("local") for los in every.elmo.specifications()}
    assert WITHDRAWN_CODE not in codes
    assert "1DL650" in codes


async def test_every_demo_degree_is_an_elm_credential_that_conforms(
    services: Services, shapes: ElmShapes
) -> None:
    qa = QualityAssurance(
        QualityAssuranceType.INSTITUTIONAL_QA,
        "Universitetskanslersämbetet",
        "Swedish Higher Education Authority",
        "SE",
        "Review of the quality assurance processes",
        "https://www.uka.se",
        date(2021, 6, 10),
        "https://www.uka.se/report/1",
    )
    for index, holder in enumerate(HOLDERS):
        (awarded,) = await awarded_degrees(services, holder)
        (item,) = await with_documents(services, [awarded])
        assert item.quality, "every demo institution has UKÄ's quality assurance"
        item = dataclasses.replace(item, quality=(qa,) if index % 2 == 0 else ())
        credential = degree_credential(item, issuer=ISSUER, issued=NOW)
        report = shapes.validate(credential)
        assert report.conforms, report.text
        assert lost_keys(credential, shapes.loader) == set()
        assert credential["credentialProfiles"][0]["id"] == GENERIC
        assert DIPLOMA_SUPPLEMENT_PROFILE not in json.dumps(credential)
        (claim,) = credential["credentialSubject"]["hasClaim"]
        spec = claim["specifiedBy"]
        degree = awarded.degree
        assert claim["type"] == "LearningAchievement"
        assert (spec["type"], spec["isPartialQualification"]) == ("Qualification", False)
        assert spec["eqfLevel"]["id"] == f"http://data.europa.eu/snb/eqf/{degree.eqf}"
        assert spec["creditPoint"][0]["point"] == f"{degree.credits.normalize():f}"
        assert spec["thematicArea"][0]["id"].endswith(f"/isced-f/{degree.isced_f}")
        assert ("accreditation" in spec) is (index % 2 == 0)
        assert claim["awardedBy"]["awardingDate"].startswith(degree.date.isoformat())
        assert {p["type"] for p in claim["hasPart"]} == {"LearningAchievement"}
        assert len(claim["hasPart"]) == len(degree.included)
        kinds = [a["attachmentType"]["prefLabel"]["en"] for a in credential["attachment"]]
        assert kinds == ["Diploma", "Diploma", "Diploma Supplement"]
        for attachment in credential["attachment"]:
            assert base64.b64decode(attachment["content"]).startswith(b"%PDF")
        assert item.documents[0].kind is DocumentKind.CERTIFICATE
