"""The official example requests (TDD 1.0, TDD 1.2, OOTS-France 2.0) accepted end to end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.core.keys import SigningKey
from gateway.core.oots.codes import STATUS_SUCCESS
from gateway.core.oots.validate import OotsValidator
from gateway.core.xml import parse_xml
from tests.core.oots import support as core_support
from tests.storage.helpers import Template
from tests.web.nodes import Node, running_node
from tests.web.oots.support import (
    EU_DIPLOMA,
    KARIN_ID,
    Inbox,
    log_in_at,
    node_overrides,
    post_query,
    tls_browser,
)
from tests.web.oots.tls import Tls

DE = "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/DE/"
OFFICIAL_TYPES = {
    EU_DIPLOMA: {"delivers": "degree", "title": "EU-Wide Diploma/Bachelor's Degree"},
    DE + "ca8afed6-2dc0-422a-a931-d21c3d8d370e": {
        "delivers": "transcript",
        "title": "Birth (example)",
    },
    DE + "edf717b7-b373-40b1-b51b-cbb7c9d64de5": {
        "delivers": "transcript",
        "title": "School (example)",
    },
}


@pytest.fixture
async def node(
    tmp_path: Path,
    seeded_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
    tls: Tls,
    inbox: Inbox,
) -> AsyncIterator[Node]:
    """A provider that also serves the evidence types of the official examples."""
    overrides = node_overrides(inbox, evidence_types=OFFICIAL_TYPES)
    async with running_node(
        tmp_path / "p",
        seeded_template,
        signing_key,
        schema_dir,
        overrides,
        tls=tls.server_context(),
    ) as started:
        yield started


async def test_tdd_1_0_birth_request_is_answered_in_1_0(
    node: Node, inbox: Inbox, tls: Tls, oots_dir: Path, oots_validator: OotsValidator
) -> None:
    body = (oots_dir / core_support.BIRTH_REQUEST).read_bytes()
    status, _, _ = await post_query(node.url, body, ssl_context=tls.client_context())
    assert status == 202
    (delivery,) = await inbox.wait_for(1)
    summary = delivery.summary()
    # John Smith is not one of our learners: Success, no evidence (Projectathon TC02).
    assert (summary.status, summary.specification, summary.evidences) == (
        STATUS_SUCCESS,
        "oots-edm:v1.0",
        (),
    )
    assert summary.request_id == "urn:uuid:4ffb5281-179d-4578-adf2-39fd13ccc797"
    assert core_support.conformance_errors(oots_validator, "RESP", delivery.payload) == []


async def test_tdd_1_2_preview_flow_requests(
    node: Node, inbox: Inbox, tls: Tls, oots_dir: Path, oots_validator: OotsValidator
) -> None:
    context = tls.client_context()
    first = (oots_dir / core_support.FIRST_REQUEST_1_2).read_bytes()
    assert (await post_query(node.url, first, ssl_context=context))[0] == 202
    (preview,) = await inbox.wait_for(1)
    summary = preview.summary()
    assert summary.exceptions[0].code == "EDM:ERR:0002"
    location = summary.preview_location
    assert location is not None
    assert oots_validator.xsd.errors(parse_xml(preview.payload)) == []

    # The official second request names the example's preview space: not ours.
    second = (oots_dir / core_support.SECOND_REQUEST_1_2).read_bytes()
    assert (await post_query(node.url, second, ssl_context=context))[0] == 202
    assert (await inbox.wait_for(2))[1].summary().exceptions[0].code == "EDM:ERR:0006"

    # The same request repeating our PreviewLocation (and a fresh id) joins the exchange.
    ours = second.replace(
        b"cb6b247f-232a-4163-87ce-c3e49b148e0a", b"cb6b247f-232a-4163-87ce-000000000001"
    )
    ours = ours.replace(
        b"https://preview.space.example.com/requests?session=d36af8bc-fea6-4ee5-a32d-5bef82cdb071",
        location.encode("ascii"),
    )
    assert (await post_query(node.url, ours, ssl_context=context))[0] == 202
    async with tls_browser(context) as learner:  # Karin is not Jack Smith
        html = await log_in_at(learner, location, KARIN_ID)
        assert 'data-result="mismatch"' in html
    answer = (await inbox.wait_for(3))[2]
    assert answer.summary().request_id == "urn:uuid:cb6b247f-232a-4163-87ce-000000000001"
    assert answer.summary().exceptions[0].code == "EDM:ERR:0001"
    assert oots_validator.xsd.errors(parse_xml(answer.payload)) == []


async def test_oots_france_2_0_request_is_answered_in_2_0(
    node: Node, inbox: Inbox, tls: Tls, oots_dir: Path
) -> None:
    body = (oots_dir / core_support.FR_REQUEST).read_bytes()
    assert (await post_query(node.url, body, ssl_context=tls.client_context()))[0] == 202
    (delivery,) = await inbox.wait_for(1)
    summary = delivery.summary()
    assert (summary.status, summary.specification) == (STATUS_SUCCESS, "oots-edm:v2.0")
    official = core_support.shape((oots_dir / core_support.FR_RESPONSE).read_bytes())
    ours = core_support.shape(delivery.payload)
    # Everything we send is in the official response's structure (which also has evidence).
    assert [line for line in ours if line not in official] == []
