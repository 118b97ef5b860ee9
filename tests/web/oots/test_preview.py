"""The preview flow: EDM:ERR:0002, the learner previews and decides, the second request (§6)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from gateway.core.keys import SigningKey
from gateway.core.oots.codes import (
    SEVERITY_PREVIEW_REQUIRED,
    SEVERITY_PREVIEW_REQUIRED_V1_0,
    STATUS_SUCCESS,
    EdmVersion,
)
from gateway.core.oots.model import QueryRequest
from gateway.core.oots.validate import OotsValidator
from gateway.core.xml import parse_xml
from tests.core.oots import support as core_support
from tests.storage.helpers import Template, rows
from tests.web.nodes import Node, running_node
from tests.web.oots.support import (
    KARIN_ID,
    SE_TRANSCRIPT,
    Delivery,
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


async def _ask(
    node: Node, inbox: Inbox, tls: Tls, version: EdmVersion = EdmVersion.V1_0
) -> tuple[QueryRequest, Delivery]:
    """Send a request allowing preview; its first answer (the preview requirement).

    The transcript type: these tests follow our own results and the EMREX imports."""
    request = karin_request(version, preview=True, evidence_type=SE_TRANSCRIPT)
    status, _, _ = await post_query(node.url, build(request), ssl_context=tls.client_context())
    assert status == 202
    deliveries = await inbox.wait_for(len(inbox.deliveries) + 1)
    return request, deliveries[-1]


async def _second(node: Node, tls: Tls, request: QueryRequest) -> None:
    status, _, body = await post_query(node.url, build(request), ssl_context=tls.client_context())
    assert status == 202, body


def _other_learner(node: Node) -> str:
    sql = "SELECT national_id FROM learners WHERE birth_date != '1990-03-15' LIMIT 1"
    ((national_id,),) = rows(node.database_url, sql)
    return str(national_id)


async def test_accepted_after_the_second_request_sends_what_was_previewed(
    provider: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    first, preview = await _ask(provider, inbox, tls)
    summary = preview.summary()
    (error,) = summary.exceptions
    assert (error.code, error.exception_type, error.message) == (
        "EDM:ERR:0002",
        "rs:AuthorizationExceptionType",
        "Missing Authorization",
    )
    assert error.severity == SEVERITY_PREVIEW_REQUIRED_V1_0
    location = summary.preview_location
    assert location is not None
    assert location.startswith(provider.url + "/oots/preview/")
    assert location.startswith("https://")
    assert core_support.conformance_errors(oots_validator, "ERR", preview.payload) == []

    second = second_request(first, location)
    await _second(provider, tls, second)  # in parallel with the redirect, as the TDD says
    await asyncio.sleep(0.3)
    assert len(inbox.deliveries) == 1  # nothing until the learner has decided

    async with tls_browser(tls.client_context()) as learner:
        html = await log_in_at(learner, location, KARIN_ID)
        assert "University of Amsterdam" in html
        assert "Uppsala" in html
        assert source_keys(html) == ["local"]
        assert f"/client?next=%2Foots%2Fpreview%2F{location.rsplit('/', 1)[1]}" in html
        links = re.findall(r'href="(/oots/preview/[^"]+/documents/(pdf[^"]+))"', html)
        (pdf_link, pdf_cid) = links[0]
        previewed = await (await learner.get(provider.url + pdf_link)).read()
        assert previewed.startswith(b"%PDF")
        done = await decide(learner, location, html, send=True, sources=["local"])
        assert 'data-result="sent"' in done
        transfers = await (await learner.get(provider.url + "/transfers")).text()
    assert "University of Amsterdam (NL)" in transfers
    assert "EU:s Once-Only-system" in transfers or "EU Once-Only system" in transfers

    deliveries = await inbox.wait_for(2)
    answer = deliveries[1]
    summary = answer.summary()
    assert (summary.status, summary.request_id) == (STATUS_SUCCESS, second.request_id)
    package = answer.package()
    assert package is not None
    sent = {part.content_id: part.data for part in package.attachments}
    assert sent[pdf_cid] == previewed  # exactly what the learner saw
    assert core_support.conformance_errors(oots_validator, "RESP", answer.payload) == []


async def test_refused_before_the_second_request_answers_it_with_no_evidence(
    provider: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    first, preview = await _ask(provider, inbox, tls, EdmVersion.V1_2)
    (error,) = preview.summary().exceptions
    assert error.severity == SEVERITY_PREVIEW_REQUIRED  # the .ec. spelling from 1.1 on
    location = preview.summary().preview_location
    assert location is not None
    back = location + "?returnurl=https%3A%2F%2Fadmissions.example.nl%2Fapplication%2F7"
    async with tls_browser(tls.client_context()) as learner:
        html = await log_in_at(learner, back, KARIN_ID)
        done = await decide(learner, back, html, send=False, sources=[])
        assert 'data-result="not_sent"' in done
        assert 'href="https://admissions.example.nl/application/7"' in done  # 1.x returnurl
    second = second_request(first, location)
    await _second(provider, tls, second)
    answer = (await inbox.wait_for(2))[1]
    summary = answer.summary()
    assert (summary.status, summary.request_id, summary.evidences) == (
        STATUS_SUCCESS,
        second.request_id,
        (),
    )
    assert answer.package() is None
    assert oots_validator.xsd.errors(parse_xml(answer.payload)) == []


async def test_no_decision_in_time_is_answered_0005(
    tmp_path: Path,
    seeded_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
    tls: Tls,
    inbox: Inbox,
    oots_validator: OotsValidator,
) -> None:
    overrides = node_overrides(inbox, preview_timeout_seconds=1, poll_seconds=0.2)
    async with running_node(
        tmp_path / "p",
        seeded_template,
        signing_key,
        schema_dir,
        overrides,
        tls=tls.server_context(),
    ) as node:
        first, preview = await _ask(node, inbox, tls)
        location = preview.summary().preview_location
        assert location is not None
        await _second(node, tls, second_request(first, location))
        answer = (await inbox.wait_for(2, seconds=5))[1]
        (error,) = answer.summary().exceptions
        assert (error.code, error.exception_type, error.message) == (
            "EDM:ERR:0005",
            "rs:TimeoutExceptionType",
            "Exceeding timeout period",
        )
        assert core_support.conformance_errors(oots_validator, "ERR", answer.payload) == []
        async with tls_browser(tls.client_context()) as learner:
            html = await log_in_at(learner, location, KARIN_ID)
            assert 'data-result="timeout"' in html
            assert 'name="decision"' not in html


async def test_someone_else_at_the_preview_is_answered_0001(
    provider: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    first, preview = await _ask(provider, inbox, tls)
    location = preview.summary().preview_location
    assert location is not None
    async with tls_browser(tls.client_context()) as stranger:
        html = await log_in_at(stranger, location, _other_learner(provider))
        assert 'data-result="mismatch"' in html
        assert "Uppsala" not in html  # nothing of Karin's is shown to anybody else
    await _second(provider, tls, second_request(first, location))
    answer = (await inbox.wait_for(2))[1]
    (error,) = answer.summary().exceptions
    assert (error.code, error.exception_type) == (
        "EDM:ERR:0001",
        "rs:AuthenticationExceptionType",
    )
    assert core_support.conformance_errors(oots_validator, "ERR", answer.payload) == []


async def test_config_can_demand_a_preview(
    tmp_path: Path,
    seeded_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
    tls: Tls,
    inbox: Inbox,
) -> None:
    overrides = node_overrides(inbox, preview="always")
    async with running_node(
        tmp_path / "p",
        seeded_template,
        signing_key,
        schema_dir,
        overrides,
        tls=tls.server_context(),
    ) as node:
        request = karin_request(EdmVersion.V1_2, preview=False)
        await post_query(node.url, build(request), ssl_context=tls.client_context())
        (delivery,) = await inbox.wait_for(1)
        assert delivery.summary().exceptions[0].code == "EDM:ERR:0002"


async def test_without_https_no_preview_is_offered(
    tmp_path: Path,
    seeded_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
    inbox: Inbox,
) -> None:
    async with running_node(
        tmp_path / "p", seeded_template, signing_key, schema_dir, node_overrides(inbox)
    ) as node:
        assert node.url.startswith("http://")
        await post_query(node.url, build(karin_request(preview=True)))
        (delivery,) = await inbox.wait_for(1)
        (error,) = delivery.summary().exceptions
        assert error.code == "EDM:ERR:0007"
        assert "https" in (error.detail or "")


async def test_a_preview_location_that_is_not_ours_is_answered_0006(
    provider: Node, inbox: Inbox, tls: Tls, oots_validator: OotsValidator
) -> None:
    for location in (
        provider.url + "/oots/preview/" + "A" * 43,
        "https://preview.space.example.com/requests?session=d36af8bc",
    ):
        request = second_request(karin_request(preview=True), location)
        await _second(provider, tls, request)
    deliveries = await inbox.wait_for(2)
    assert [d.summary().exceptions[0].code for d in deliveries] == ["EDM:ERR:0006"] * 2
    for delivery in deliveries:
        assert core_support.conformance_errors(oots_validator, "ERR", delivery.payload) == []


async def test_a_repeated_request_is_one_exchange(provider: Node, inbox: Inbox, tls: Tls) -> None:
    request = karin_request(preview=True)
    answers = [
        await post_query(provider.url, build(request), ssl_context=tls.client_context())
        for _ in range(2)
    ]
    assert [status for status, _, _ in answers] == [202, 202]
    assert answers[0][2].replace(b"false", b"true") == answers[1][2]  # same id; duplicate: true
    await inbox.wait_for(1)
    await asyncio.sleep(0.3)
    assert len(inbox.deliveries) == 1
