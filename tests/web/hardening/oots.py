"""Hostile evidence requests (POST /oots/query) and preview pages: refused, escaped, unchanged."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from urllib.parse import quote

import pytest

from gateway.core.oots.codes import EBRS_MEDIA_TYPE
from gateway.core.oots.model import Text
from gateway.core.oots.reply import read_query_response
from tests.web.hardening.support import (
    XSS,
    Snapshot,
    assert_escaped,
    assert_unchanged,
    shown_escaped,
    snapshot,
)
from tests.web.nodes import Node, csrf_of
from tests.web.oots.support import (
    KARIN_ID,
    REQUESTER,
    Inbox,
    build,
    karin_request,
    log_in_at,
    post_query,
    tls_browser,
)
from tests.web.oots.tls import Tls

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE q [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<query:QueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:4.0">&c;
</query:QueryRequest>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE q [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<query:QueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:4.0">&x;
</query:QueryRequest>"""


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (XXE, EBRS_MEDIA_TYPE, 400),
        (BILLION_LAUGHS, EBRS_MEDIA_TYPE, 400),
        (b"<not-xml", EBRS_MEDIA_TYPE, 400),
        (b"{}", "application/json", 415),
        (b"<q/>" + b" " * (2 << 20), EBRS_MEDIA_TYPE, 413),
    ],
    ids=["xxe", "billion-laughs", "not-well-formed", "json", "oversize"],
)
async def test_unreadable_requests_are_refused_on_the_connection(
    provider: Node, inbox: Inbox, tls: Tls, body: bytes, content_type: str, status: int
) -> None:
    before = await snapshot(provider)
    code, answer_type, answer = await post_query(
        provider.url, body, ssl_context=tls.client_context(), content_type=content_type
    )
    assert code == status
    if status != 415:
        assert answer_type.startswith(EBRS_MEDIA_TYPE)
        (error,) = read_query_response(answer).exceptions
        assert error.code == "EDM:ERR:0003"
    assert b"root:" not in answer  # nothing of /etc/passwd
    assert not inbox.deliveries
    assert_unchanged(before, await snapshot(provider))


async def test_a_repeated_request_is_one_exchange(provider: Node, inbox: Inbox, tls: Tls) -> None:
    body = build(karin_request())
    first = await post_query(provider.url, body, ssl_context=tls.client_context())
    assert first[0] == 202
    await inbox.wait_for(1)
    before = await settled(provider)
    again = await post_query(provider.url, body, ssl_context=tls.client_context())
    assert again[0] == 202
    assert b'"duplicate": true' in again[2]
    assert_unchanged(before, await snapshot(provider))
    assert len(inbox.deliveries) == 1


async def _previewed(provider: Node, inbox: Inbox, tls: Tls, name: str = "Uni") -> str:
    requester = replace(REQUESTER, names=(Text(name, "EN"),))
    request = karin_request(preview=True, requester=requester)
    status, _, _ = await post_query(provider.url, build(request), ssl_context=tls.client_context())
    assert status == 202
    (delivery,) = await inbox.wait_for(1)
    location = delivery.summary().preview_location
    assert location is not None
    return location


async def test_the_requesters_name_and_return_url_are_escaped_on_the_preview(
    provider: Node, inbox: Inbox, tls: Tls
) -> None:
    location = await _previewed(provider, inbox, tls, name=XSS)
    async with tls_browser(tls.client_context()) as learner:
        html = await log_in_at(learner, location, KARIN_ID)
        assert_escaped(html)
        assert shown_escaped(html)
        for hostile in ("javascript:alert(1)", "https://x/" + XSS, "//evil.example/"):
            page = await learner.get(location, params={"returnurl": hostile})
            text = await page.text()
            assert_escaped(text)
            assert 'href="javascript:' not in text
            assert 'href="//evil' not in text


async def test_the_preview_decision_needs_the_csrf_token(
    provider: Node, inbox: Inbox, tls: Tls
) -> None:
    location = await _previewed(provider, inbox, tls)
    async with tls_browser(tls.client_context()) as learner:
        html = await log_in_at(learner, location, KARIN_ID)
        before = await snapshot(provider)
        for csrf in (None, "forged", csrf_of(html)[1:]):
            data = [("decision", "send"), ("source", "local")]
            answer = await learner.post(
                location, data=data + ([] if csrf is None else [("csrf", csrf)])
            )
            assert answer.status == 403
    assert_unchanged(before, await snapshot(provider))
    assert len(inbox.deliveries) == 1


async def test_an_unknown_preview_token_is_not_found(
    provider: Node, inbox: Inbox, tls: Tls
) -> None:
    location = await _previewed(provider, inbox, tls)
    async with tls_browser(tls.client_context()) as learner:
        await log_in_at(learner, location, KARIN_ID)
        before = await settled(provider)
        for token in ("A" * 43, "x';--", XSS):
            page = await learner.get(provider.path("/oots/preview/") + quote(token, safe=""))
            assert page.status == 404
            assert_escaped(await page.text())
    assert_unchanged(before, await snapshot(provider))


async def settled(node: Node) -> Snapshot:
    """A snapshot once background work (the outbox recording a delivery) has come to rest."""
    previous = await snapshot(node)
    for _ in range(50):
        await asyncio.sleep(0.1)
        current = await snapshot(node)
        if current == previous:
            return current
        previous = current
    return previous
