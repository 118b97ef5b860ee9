"""ELM → ELMO on every demo learner: what the gateway issues converts back to the same results.

Each learner's signed ELMO export goes through the forward converter (one ELM credential per
report) and back through ``elm_to_elmo``; the ELMO is valid against the official v1.7.0 XSD and
states the same results (codes, titles, status, grades, ECTS, levels) as the export. The demo
degrees (DC4EU diploma layout) and complete micro-credentials convert to valid ELMO too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from gateway.core.degrees.elm import degree_credential
from gateway.core.degrees.wallet import DIPLOMA_VCT
from gateway.core.elm import convert_elmo
from gateway.core.elm.to_elmo import elm_to_elmo
from gateway.core.elmo.model import Elmo
from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.keys import SigningKey
from gateway.core.microcredentials import elm_micro_credential
from gateway.flows.degrees.export import with_documents
from gateway.flows.degrees.load import awarded_degrees
from gateway.flows.elmo.export import NothingToExport, export_elmo
from gateway.flows.microcredentials.store import learner_micro_credentials
from gateway.flows.services import Services
from gateway.storage.database import Database
from gateway.storage.repositories import RecordsRepository
from tests.core.elm import fixtures
from tests.core.elm.roundtrip import results
from tests.storage.helpers import Template
from tests.tools import settings_for

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def elmo_schema_once(schema_dir: Path) -> ElmoSchema:
    return ElmoSchema.load(schema_dir)


def _valid(xml: bytes, schema: ElmoSchema) -> Elmo:
    root = etree.fromstring(xml)
    schema.validate(root)
    return parse_elmo(root)


async def _every_learner(services: Services, schema: ElmoSchema) -> int:
    async with services.db.session() as session:
        learners = await RecordsRepository(session).learners()
    checked = 0
    for learner in learners:
        try:
            export = await export_elmo(services, learner.national_id, with_pdf=False)
        except NothingToExport:
            continue
        elmo = parse_elmo(etree.fromstring(export.signed_xml))
        forward = convert_elmo(
            elmo, issuer=fixtures.ISSUER, signed_elmo=export.signed_xml, issued=NOW
        )
        for report, credential in zip(elmo.reports, forward.credentials, strict=True):
            back = _valid(elm_to_elmo(credential, generated=NOW).xml, schema)
            assert back.learner == elmo.learner
            assert [r.issuer for r in back.reports] == [report.issuer]
            expected = Elmo(elmo.generated_date, elmo.learner, (report,))
            assert results(back) == results(expected), learner.national_id
            checked += 1
    return checked


@pytest.mark.parametrize("dataset", ["se", "no"])
async def test_every_demo_learner_round_trips(
    dataset: str,
    tmp_path: Path,
    seeded_template: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    elmo_schema_once: ElmoSchema,
    schema_dir: Path,
) -> None:
    template = seeded_template if dataset == "se" else seeded_no_template
    db = Database.open(template.clone(tmp_path))
    services = Services(
        settings_for(schema_dir), db, signing_key, elmo_schema_once, clock=lambda: NOW
    )
    try:
        checked = await _every_learner(services, elmo_schema_once)
    finally:
        await db.dispose()
    assert checked >= 10


async def test_demo_degrees_and_micro_credentials_convert(
    seeded_db: Database, signing_key: SigningKey, elmo_schema_once: ElmoSchema, schema_dir: Path
) -> None:
    services = Services(
        settings_for(schema_dir), seeded_db, signing_key, elmo_schema_once, clock=lambda: NOW
    )
    async with seeded_db.session() as session:
        learners = await RecordsRepository(session).learners()
    degrees = micro = 0
    for learner in learners:
        for item in await with_documents(
            services, await awarded_degrees(services, learner.national_id)
        ):
            credential = degree_credential(item, issuer=fixtures.ISSUER, issued=NOW)
            payload = dict(credential, iss="https://gw.example", vct=DIPLOMA_VCT)
            back = _valid(elm_to_elmo(payload).xml, elmo_schema_once)
            degree = item.awarded.degree
            (report,) = back.reports
            (programme,) = report.opportunities
            assert programme.type == "Degree Programme"
            assert programme.instance.ects() == degree.credits
            levels = {(level.type, level.value) for level in programme.instance.levels}
            assert ("EQF", str(degree.eqf)) in levels
            assert len(programme.has_part) == len(item.awarded.parts)
            assert {a.type for a in report.attachments} == {"Diploma", "Diploma Supplement"}
            degrees += 1
        found = await learner_micro_credentials(seeded_db, learner.national_id)
        for course in found.eligible:
            achievement = course.candidate.achievement
            candidate = course.candidate
            credential = elm_micro_credential(candidate, issuer=fixtures.ISSUER, issued=NOW)
            back = _valid(elm_to_elmo({"elm": credential}).xml, elmo_schema_once)
            (los,) = back.reports[0].opportunities
            assert los.identifier("local") == achievement.code
            credits = achievement.received or achievement.credits
            assert los.instance.ects() == (None if credits is None else Decimal(credits))
            micro += 1
    assert degrees >= 1
    assert micro >= 1
