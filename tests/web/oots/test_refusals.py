"""Refused evidence requests: on the connection when unaddressable, else through the outbox."""

from __future__ import annotations

import asyncio
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from gateway.core.oots.codes import EBRS_MEDIA_TYPE, EdmVersion
from gateway.core.oots.model import Agent, Identifier, Text
from gateway.core.oots.reply import read_query_response
from gateway.core.oots.request import EdmRequestError, parse_query_request
from gateway.core.oots.validate import OotsValidator
from gateway.core.xml import parse_xml
from tests.core.oots import support as core_support
from tests.web.nodes import Node
from tests.web.oots.support import (
    EU_DIPLOMA,
    Inbox,
    build,
    karin_request,
    post_query,
)
from tests.web.oots.tls import Tls

VECTORS = Path(__file__).resolve().parents[2] / "vectors" / "oots"


def _case(name: str) -> dict[str, str]:
    return tomllib.loads((VECTORS / name / "case.toml").read_text(encoding="utf-8"))


def _addressable(body: bytes) -> bool:
    """Whether the parser can read who asked (else the refusal goes back on the connection)."""
    try:
        parse_query_request(body)
    except EdmRequestError as exc:
        return exc.context.requester is not None
    return True


def test_the_unreadable_vectors_are_the_broken_documents() -> None:
    unaddressable = {
        p.name
        for p in VECTORS.iterdir()
        if p.is_dir() and not _addressable((p / "request.xml").read_bytes())
    }
    assert {"not-well-formed", "entity-expansion", "external-entity", "wrong-root"} <= unaddressable
    assert "schema-invalid" not in unaddressable
    assert "unsupported-version" not in unaddressable


@pytest.mark.parametrize("name", sorted(p.name for p in VECTORS.iterdir() if p.is_dir()))
async def test_every_request_vector_gets_its_edm_answer(
    provider: Node, inbox: Inbox, tls: Tls, name: str
) -> None:
    case = _case(name)
    body = (VECTORS / name / "request.xml").read_bytes()
    status, content_type, answer = await post_query(
        provider.url, body, ssl_context=tls.client_context()
    )
    if not _addressable(body):
        assert status == 400
        assert content_type.startswith(EBRS_MEDIA_TYPE)
        summary = read_query_response(answer)
        assert not inbox.deliveries
    else:
        assert status == 202, answer
        (delivery,) = await inbox.wait_for(1)
        summary = delivery.summary()
    if "code" not in case:  # accepted: our own request, answered (unknown type, no such person)
        assert summary.exceptions[0].code == "EDM:ERR:0004"
        return
    (error,) = summary.exceptions
    assert error.code == case["code"]
    if "rule" in case:
        assert case["rule"] in (error.detail or "")
    assert summary.request_id is None or summary.request_id.startswith("urn:uuid:")


async def test_dtd_payloads_are_never_expanded(provider: Node, inbox: Inbox, tls: Tls) -> None:
    for name in ("entity-expansion", "external-entity"):
        body = (VECTORS / name / "request.xml").read_bytes()
        status, _, answer = await post_query(provider.url, body, ssl_context=tls.client_context())
        assert status == 400
        (error,) = read_query_response(answer).exceptions
        assert error.code == "EDM:ERR:0003"
        assert "DTD" in (error.detail or "")
        assert b"lol" not in answer  # nothing of the entities made it into the answer
    await asyncio.sleep(0.3)
    assert inbox.deliveries == []


async def test_unknown_requester_gets_403_and_nothing_is_kept(
    provider: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    stranger = Agent(
        Identifier("FR999999999", "urn:cef.eu:names:identifier:EAS:0009"),
        (Text("Unknown University", "EN"),),
        None,
        "ER",
    )
    request = karin_request(EdmVersion.V1_0, requester=stranger)
    status, content_type, answer = await post_query(
        provider.url, build(request), ssl_context=tls.client_context()
    )
    assert status == 403
    assert content_type.startswith(EBRS_MEDIA_TYPE)
    summary = read_query_response(answer)
    (error,) = summary.exceptions
    assert error.code == "EDM:ERR:0003"
    assert "not registered" in (error.detail or "")
    assert summary.request_id == request.request_id
    assert core_support.conformance_errors(oots_validator, "ERR", answer) == []
    await asyncio.sleep(0.3)
    assert inbox.deliveries == []


async def test_unsupported_version_is_answered_0007(
    provider: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    body = build(karin_request(EdmVersion.V1_2)).replace(b"oots-edm:v1.2", b"oots-edm:v3.1")
    status, _, _ = await post_query(provider.url, body, ssl_context=tls.client_context())
    assert status == 202
    (delivery,) = await inbox.wait_for(1)
    summary = delivery.summary()
    (error,) = summary.exceptions
    assert (error.code, error.exception_type) == (
        "EDM:ERR:0007",
        "rs:UnsupportedCapabilityExceptionType",
    )
    assert error.message == "Optional feature or capability is not supported"
    assert summary.specification == "oots-edm:v1.2"  # answered in the 1.x line we maintain
    assert oots_validator.xsd.errors(parse_xml(delivery.payload)) == []


async def test_schema_invalid_1_0_request_is_answered_0003_with_the_reason(
    provider: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    body = build(karin_request(EdmVersion.V1_0)).replace(b"1990-03-15", b"15.03.1990")
    status, _, _ = await post_query(provider.url, body, ssl_context=tls.client_context())
    assert status == 202
    (delivery,) = await inbox.wait_for(1)
    (error,) = delivery.summary().exceptions
    assert error.code == "EDM:ERR:0003"
    assert "XSD" in (error.detail or "")
    assert "15.03.1990" not in (error.detail or "")  # values (personal data) are not echoed
    assert core_support.conformance_errors(oots_validator, "ERR", delivery.payload) == []


async def test_unknown_evidence_type_is_answered_0004(
    provider: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    other = EU_DIPLOMA.replace("/EU/", "/FI/")
    request = karin_request(EdmVersion.V1_0, evidence_type=other)
    status, _, _ = await post_query(provider.url, build(request), ssl_context=tls.client_context())
    assert status == 202
    (delivery,) = await inbox.wait_for(1)
    summary = delivery.summary()
    assert summary.request_id == request.request_id
    assert [(e.code, e.message) for e in summary.exceptions] == [
        ("EDM:ERR:0004", "Object not found")
    ]
    assert core_support.conformance_errors(oots_validator, "ERR", delivery.payload) == []


async def test_too_large_and_wrong_media_type(provider: Node, inbox: Inbox, tls: Tls) -> None:
    context = tls.client_context()
    huge = build(karin_request()) + b"<!--" + b"x" * (1024 * 1024) + b"-->"
    status, _, answer = await post_query(provider.url, huge, ssl_context=context)
    assert status == 413
    assert read_query_response(answer).exceptions[0].code == "EDM:ERR:0003"
    status, _, _ = await post_query(
        provider.url, build(karin_request()), ssl_context=context, content_type="text/plain"
    )
    assert status == 415


async def test_without_preview_an_explicit_request_is_needed(
    provider: Node, inbox: Inbox, tls: Tls
) -> None:
    request = replace(karin_request(EdmVersion.V1_0), explicit_request_given=False)
    await post_query(provider.url, build(request), ssl_context=tls.client_context())
    (delivery,) = await inbox.wait_for(1)
    assert delivery.summary().exceptions[0].code == "EDM:ERR:0003"


async def test_2_0_error_has_the_structure_of_the_official_one(
    provider: Node, inbox: Inbox, tls: Tls, oots_dir: Path
) -> None:
    other = EU_DIPLOMA.replace("/EU/", "/FI/")
    request = karin_request(EdmVersion.V2_0, evidence_type=other)
    await post_query(provider.url, build(request), ssl_context=tls.client_context())
    (delivery,) = await inbox.wait_for(1)
    official = core_support.shape((oots_dir / core_support.FR_ERROR).read_bytes())
    # The same structure; we also say why, in the optional detail attribute.
    ours = [line.replace("'detail', ", "") for line in core_support.shape(delivery.payload)]
    assert ours == official
