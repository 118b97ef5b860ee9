"""Degree evidence (issue #13): the EU-wide diploma type delivers each awarded degree (ELM +
certificate + Diploma Supplement), valid against the OOTS XSD and Schematron and the ELM SHACL
shapes; no degree means "no evidence", never a transcript; a supplement type sends the DS only."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from gateway.core.keys import SigningKey
from gateway.core.oots.codes import EdmVersion
from gateway.core.oots.model import NaturalPerson
from gateway.core.oots.validate import OotsValidator
from gateway.core.xml import parse_xml
from tests.core.elm.conformance import ElmShapes
from tests.core.oots import support as core_support
from tests.degrees import pdf_text
from tests.storage.helpers import Template
from tests.web.nodes import Node, running_node
from tests.web.oots.support import (
    EU_DIPLOMA,
    KARIN,
    KARIN_ID,
    Inbox,
    build,
    decide,
    karin_request,
    log_in_at,
    node_overrides,
    post_query,
    second_request,
    source_keys,
    tls_browser,
)
from tests.web.oots.tls import Tls

STATUS_SUCCESS = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"
SUPPLEMENT = EU_DIPLOMA.replace("/EU/", "/SE/").replace("b6a49e54", "0d5e0f11")
HOLDERS = {
    "Karin Andersson": (KARIN, "Degree of Bachelor of Science with a major in Computer Science"),
    "Johan Forsberg": (
        NaturalPerson("Forsberg", "Johan", date(1981, 4, 12)),
        "Degree of Master of Science in Engineering, Engineering Physics",
    ),
    "Sara Ekström": (
        NaturalPerson("Ekström", "Sara", date(1980, 9, 3)),
        "Higher Education Diploma with specialisation in Physics",
    ),
    "Ingrid Sjöberg": (
        NaturalPerson("Sjöberg", "Ingrid", date(1979, 11, 21)),
        "Degree of Master of Science (120 credits) with a major in Economics",
    ),
}
ERIK = NaturalPerson("Nilsson", "Erik", date(1980, 2, 14))  # his one degree is withdrawn
LUKAS = NaturalPerson("Müller", "Lukas", date(1996, 5, 21))  # results, no degree


@pytest.fixture(scope="module")
def shapes(schema_dir: Path) -> ElmShapes:
    return ElmShapes.load(schema_dir)


@pytest.fixture
async def node(
    tmp_path: Path,
    seeded_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
    tls: Tls,
    inbox: Inbox,
) -> AsyncIterator[Node]:
    """The provider with the documented types and a Diploma Supplement type."""
    types = {
        EU_DIPLOMA: {"delivers": "degree", "title": "EU-Wide Diploma/Bachelor's Degree"},
        SUPPLEMENT: {"delivers": "supplement"},
    }
    overrides = node_overrides(inbox, evidence_types=types)
    async with running_node(
        tmp_path / "p",
        seeded_template,
        signing_key,
        schema_dir,
        overrides,
        tls=tls.server_context(),
    ) as started:
        yield started


async def test_every_demo_degree_is_delivered_as_valid_degree_evidence(
    node: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator, shapes: ElmShapes
) -> None:
    for count, (person, title) in enumerate(HOLDERS.values(), start=1):
        request = karin_request(EdmVersion.V1_0, person=person)
        await post_query(node.url, build(request), ssl_context=tls.client_context())
        delivery = (await inbox.wait_for(count))[-1]
        summary = delivery.summary()
        assert (summary.status, summary.request_id) == (STATUS_SUCCESS, request.request_id)
        errors = core_support.conformance_errors(oots_validator, "RESP", delivery.payload)
        assert errors == [], person
        package = delivery.package()
        assert package is not None
        formats = [e.format for e in summary.evidences]
        assert formats == ["application/pdf"] * 3 + ["application/json"]  # PDF asked for first
        titles = [e.title for e in summary.evidences]
        assert titles[:3] == [
            "Degree certificate, Swedish (PDF)",
            "Degree certificate, English (PDF)",
            "Diploma Supplement (PDF)",
        ]
        for evidence in summary.evidences[:3]:
            text = pdf_text(package.attachment(evidence.href).data)
            assert person.family_name in text
            assert person.given_name in text
            if "English" in (evidence.title or "") or "Supplement" in (evidence.title or ""):
                assert " ".join(title.split()) in text
        credential = json.loads(package.attachment(summary.evidences[3].href).data)
        report = shapes.validate(credential)
        assert report.conforms, report.text
        (claim,) = credential["credentialSubject"]["hasClaim"]
        assert claim["title"]["en"] == title
        assert credential["credentialProfiles"][0]["prefLabel"]["en"] == "Generic"


async def test_no_awarded_degree_is_no_evidence_never_a_transcript(
    node: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    for count, person in enumerate((LUKAS, ERIK), start=1):
        request = karin_request(EdmVersion.V1_0, person=person)
        await post_query(node.url, build(request), ssl_context=tls.client_context())
        delivery = (await inbox.wait_for(count))[-1]
        summary = delivery.summary()
        assert (summary.status, summary.evidences, summary.exceptions) == (STATUS_SUCCESS, (), ())
        assert core_support.conformance_errors(oots_validator, "RESP", delivery.payload) == []


async def test_a_supplement_type_sends_the_diploma_supplement_only(
    node: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    request = karin_request(EdmVersion.V1_2, evidence_type=SUPPLEMENT)
    await post_query(node.url, build(request), ssl_context=tls.client_context())
    (delivery,) = await inbox.wait_for(1)
    summary = delivery.summary()
    (evidence,) = summary.evidences
    assert (evidence.format, evidence.title) == ("application/pdf", "Diploma Supplement (PDF)")
    package = delivery.package()
    assert package is not None
    text = pdf_text(package.attachment(evidence.href).data)
    assert "Diploma Supplement" in text
    assert "8 Information on the national higher education system" in text
    assert oots_validator.xsd.errors(parse_xml(delivery.payload)) == []


async def test_the_preview_shows_the_degree_documents_then_sends_them(
    node: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    first = karin_request(EdmVersion.V1_0, preview=True)
    await post_query(node.url, build(first), ssl_context=tls.client_context())
    location = (await inbox.wait_for(1))[0].summary().preview_location
    assert location is not None
    await post_query(
        node.url, build(second_request(first, location)), ssl_context=tls.client_context()
    )
    async with tls_browser(tls.client_context()) as learner:
        html = await log_in_at(learner, location, KARIN_ID)
        (key,) = source_keys(html)
        assert key.startswith("degree-")
        assert "Degree of Bachelor of Science with a major in Computer Science" in html
        assert "/client?next=" not in html  # EMREX imports are no degrees: nothing to fetch
        for title in ("Degree certificate, Swedish (PDF)", "Diploma Supplement (PDF)"):
            assert title in html
        links = re.findall(r'href="(/oots/preview/[^"]+/documents/[^"]+)"', html)
        assert len(links) == 4  # the ELM credential, the certificate (sv, en), the Supplement
        downloaded = [await (await learner.get(node.url + link)).read() for link in links]
        assert json.loads(downloaded[0])["type"][1] == "EuropeanDigitalCredential"
        assert all(pdf.startswith(b"%PDF") for pdf in downloaded[1:])
        assert "Diploma Supplement" in pdf_text(downloaded[3])
        done = await decide(learner, location, html, send=True, sources=[key])
        assert 'data-result="sent"' in done
    answer = (await inbox.wait_for(2))[1]
    assert len(answer.summary().evidences) == 4
    assert core_support.conformance_errors(oots_validator, "RESP", answer.payload) == []


async def test_a_preview_without_a_degree_can_only_be_declined(
    node: Node, inbox: Inbox, tls: Tls
) -> None:
    first = karin_request(EdmVersion.V1_0, preview=True, person=replace(ERIK))
    await post_query(node.url, build(first), ssl_context=tls.client_context())
    location = (await inbox.wait_for(1))[0].summary().preview_location
    assert location is not None
    async with tls_browser(tls.client_context()) as learner:
        html = await log_in_at(learner, location, "19800214-1359")
        assert source_keys(html) == []
        assert "You have no awarded degree to send" in html
        assert 'value="send"' not in html
        assert "UU-EX-2007-03390" not in html
        done = await decide(learner, location, html, send=False, sources=[])
        assert 'data-result="not_sent"' in done
