"""Helpers of the verifier web tests: a learner's credentials issued by the gateway, the
"Present from wallet" page driven like a browser, the stored transactions."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

import aiohttp

from tests.web.nodes import Node, csrf_of
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import KARIN, add_to_wallet, log_in, rows


@dataclass
class PresentPage:
    link: str  # cross-device: what the QR code carries
    same_device_link: str
    qr: str
    poll: str


def _attribute(page: str, element_id: str, attribute: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*?\s{attribute}="([^"]*)"', page)
    assert found, f"no {attribute} on #{element_id}"
    return html.unescape(found.group(1))


async def issued_credentials(node: Node, wallet: TestWallet, national_id: str = KARIN) -> list[str]:
    """Credentials the gateway issues to ``wallet`` for the learner (one per institution)."""
    from tests.web.nodes import browser

    async with browser() as learner:
        await log_in(learner, node, national_id)
        page = await add_to_wallet(learner, node)
        _, received = await wallet.receive_all(page.link, page.tx_code)
    return [item.credential for item in received]


async def start_presentation(
    learner: aiohttp.ClientSession, node: Node, next_url: str | None = None
) -> PresentPage:
    query = f"?next={next_url}" if next_url else ""
    page = await (await learner.get(node.path(f"/wallet/present{query}"))).text()
    data = {"csrf": csrf_of(page), **({"next": next_url} if next_url else {})}
    response = await learner.post(node.path("/wallet/present"), data=data)
    text = await response.text()
    assert response.status == 200, text
    assert "no-store" in response.headers["Cache-Control"]
    return PresentPage(
        link=_attribute(text, "present-qr", "data-link"),
        same_device_link=_attribute(text, "present-link", "href"),
        qr=_attribute(text, "present-qr", "src"),
        poll=node.path(_attribute(text, "present-status", "data-poll")),
    )


async def poll(learner: aiohttp.ClientSession, page: PresentPage) -> dict[str, Any]:
    response = await learner.get(page.poll)
    assert response.status == 200, await response.text()
    body = await response.json()
    assert isinstance(body, dict)
    return body


def transactions(node: Node) -> list[tuple[Any, ...]]:
    return rows(
        node,
        "SELECT outcome, reason, vct, import_id, step FROM verifier_transactions "
        "ORDER BY created_at",
    )


def wallet_imports(node: Node) -> int:
    (count,) = rows(node, "SELECT count(*) FROM external_imports")[0]
    return int(count)
