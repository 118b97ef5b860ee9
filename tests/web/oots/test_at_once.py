"""Requests that arrive at the same moment: a repeated evidence request is still one exchange."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.web.nodes import Node
from tests.web.oots.support import Inbox, build, karin_request, post_query
from tests.web.oots.tls import Tls


@pytest.mark.parametrize("preview", [False, True], ids=["evidence", "preview"])
async def test_a_request_repeated_at_once_is_one_exchange_answered_once(
    provider: Node, inbox: Inbox, tls: Tls, preview: bool
) -> None:
    body = build(karin_request(preview=preview))
    context = tls.client_context()
    answers = await asyncio.gather(
        *(post_query(provider.url, body, ssl_context=context) for _ in range(4))
    )
    assert [status for status, _, _ in answers] == [202] * 4
    receipts = [json.loads(text) for _, _, text in answers]
    assert len({r["exchange_id"] for r in receipts}) == 1
    assert sorted(r["duplicate"] for r in receipts) == [False, True, True, True]
    await inbox.wait_for(1)
    await asyncio.sleep(0.3)
    assert len(inbox.deliveries) == 1
