"""Evidence requests end to end: HTTP 202, the answer delivered to the requester's endpoint."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from dataclasses import replace
from pathlib import Path

import pytest

from gateway.core.oots.codes import EBRS_MEDIA_TYPE, STATUS_SUCCESS, EdmVersion
from gateway.core.oots.validate import OotsValidator
from gateway.core.xml import parse_xml
from tests.core.oots import support as core_support
from tests.storage.helpers import rows
from tests.web.nodes import Node
from tests.web.oots.support import (
    KARIN,
    SE_TRANSCRIPT,
    Inbox,
    build,
    karin_request,
    post_query,
)
from tests.web.oots.tls import Tls


async def test_request_without_preview_gets_elm_and_pdf_evidence(
    provider: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    request = karin_request(EdmVersion.V1_0, evidence_type=SE_TRANSCRIPT)
    status, content_type, body = await post_query(
        provider.url, build(request), ssl_context=tls.client_context()
    )
    assert status == 202, body
    assert content_type.startswith("application/json")
    receipt = json.loads(body)
    (delivery,) = await inbox.wait_for(1)
    assert delivery.headers["X-Oots-Exchange-Id"] == receipt["exchange_id"]
    assert delivery.headers["X-Oots-Action"] == "ExecuteQueryResponse"
    package = delivery.package()
    assert package is not None
    assert package.payload.media_type == EBRS_MEDIA_TYPE
    summary = delivery.summary()
    assert summary.status == STATUS_SUCCESS
    assert summary.request_id == request.request_id
    formats = [e.format for e in summary.evidences]
    assert formats[0] == "application/pdf"  # the requested format first
    assert formats.count("application/json") == 3  # one ELM credential per report
    for evidence in summary.evidences:
        part = package.attachment(evidence.href)
        assert part.media_type == evidence.format
    pdf = package.attachment(summary.evidences[0].href).data
    assert pdf.startswith(b"%PDF")
    credential = json.loads(package.attachment(summary.evidences[1].href).data)
    assert "EuropeanDigitalCredential" in credential["type"]
    assert core_support.conformance_errors(oots_validator, "RESP", package.payload.data) == []


async def test_2_0_evidence_has_the_structure_of_the_official_response(
    provider: Node, inbox: Inbox, tls: Tls, oots_dir: Path
) -> None:
    request = karin_request(EdmVersion.V2_0, evidence_type=SE_TRANSCRIPT)
    await post_query(provider.url, build(request), ssl_context=tls.client_context())
    (delivery,) = await inbox.wait_for(1)
    summary = delivery.summary()
    assert summary.specification == "oots-edm:v2.0"
    assert {e.classification_node for e in summary.evidences} == {"MainEvidence"}
    official = core_support.shape((oots_dir / core_support.FR_RESPONSE).read_bytes())
    ours = core_support.shape(delivery.payload)
    assert [line for line in official if line not in ours] == []
    extra = {line.split(" ")[0].rsplit("/", 2)[-1] for line in ours if line not in official}
    # The 1.x rules want IsConformantTo/Description; ELM JSON needs ConformsTo; PDF language.
    assert extra == {"Description", "ConformsTo", "Language"}


async def test_1_2_evidence_breaks_only_the_rules_that_pin_1_0(
    provider: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    await post_query(
        provider.url, build(karin_request(EdmVersion.V1_2)), ssl_context=tls.client_context()
    )
    (delivery,) = await inbox.wait_for(1)
    assert oots_validator.xsd.errors(parse_xml(delivery.payload)) == []
    assert core_support.failed_rules(oots_validator, "RESP", delivery.payload) <= {
        "R-EDM-RESP-C002",  # SpecificationIdentifier oots-edm:v1.0
        "R-EDM-RESP-C017",  # evidence type on sr.oots.tech.europa.eu
        "R-EDM-RESP-C022",  # ConformsTo under sr.oots.tech.europa.eu/distributions/
    }


async def test_a_person_we_do_not_know_gets_no_evidence(
    provider: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    stranger = replace(KARIN, given_name="Kerstin", family_name="Lindqvist")
    request = karin_request(EdmVersion.V1_0, person=stranger)
    await post_query(provider.url, build(request), ssl_context=tls.client_context())
    (delivery,) = await inbox.wait_for(1)
    summary = delivery.summary()
    assert (summary.status, summary.evidences) == (STATUS_SUCCESS, ())
    assert core_support.conformance_errors(oots_validator, "RESP", delivery.payload) == []


async def test_spelling_differences_still_match_and_the_disclosure_is_logged(
    provider: Node, inbox: Inbox, tls: Tls
) -> None:
    person = replace(KARIN, given_name="KARIN", family_name="Anderson")  # one edit, case
    request = karin_request(EdmVersion.V1_0, person=person)
    await post_query(provider.url, build(request), ssl_context=tls.client_context())
    (delivery,) = await inbox.wait_for(1)
    assert len(delivery.summary().evidences) == 4
    logged = rows(
        provider.database_url, "SELECT channel, recipient, document_sha256 FROM disclosures"
    )
    assert logged == [
        ("oots", "University of Amsterdam (NL)", hashlib.sha256(delivery.body).hexdigest())
    ]


async def test_no_personal_data_in_the_log(
    provider: Node, inbox: Inbox, tls: Tls, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="gateway")
    await post_query(provider.url, build(karin_request()), ssl_context=tls.client_context())
    bad = build(karin_request()).replace(b"1990-03-15", b"15.03.1990")
    await post_query(provider.url, bad, ssl_context=tls.client_context())
    await inbox.wait_for(2)
    await asyncio.sleep(0.2)  # the delivery attempts are logged after the requester answered
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "oots answer queued" in logged
    assert "oots delivery attempt" in logged
    for personal in ("Andersson", "Karin", "1990-03-15", "15.03.1990", "199003152"):
        assert personal not in logged
