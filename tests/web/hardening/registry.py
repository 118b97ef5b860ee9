"""A hostile EMREX registry: markup in names shown escaped, unusable addresses refused whole."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from gateway.core.registry import emp_entry, emreg_document
from gateway.flows.emrex.registry import refresh_registry
from gateway.web import appkeys
from gateway.web.handlers.emrex.registry import REGISTRY
from tests.web.hardening.support import XSS, assert_escaped, shown_escaped, snapshot
from tests.web.nodes import Node, browser, csrf_of

KARIN = "19900315-2389"


async def _load(node: Node, document: dict[str, Any]) -> None:
    path = Path(node.settings.registry.source)
    await asyncio.to_thread(path.write_text, json.dumps(document), encoding="utf-8")
    await refresh_registry(node.app[appkeys.SERVICES], node.app[REGISTRY])


def _entry(node: Node, **changes: Any) -> dict[str, Any]:
    cert = node.app[appkeys.SERVICES].signing_key.certificate
    return {**emp_entry("SE-GW", "SE", "https://emp.example.se/emrex", ["uu.se"], cert), **changes}


async def _client_page(node: Node) -> str:
    async with browser() as client:
        login = await (await client.get(node.path("/login"))).text()
        page = await client.post(
            node.path("/login"),
            data={"csrf": csrf_of(login), "national_id": KARIN, "next": "/client?next=/" + XSS},
        )
        return await page.text()


async def test_markup_in_registry_names_is_escaped(node: Node) -> None:
    await _load(node, emreg_document([_entry(node, institutions=[XSS])]))
    page = await _client_page(node)
    assert_escaped(page)
    assert shown_escaped(page)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "http://evil.example/emrex", "data:text/html,x", "https://[::1"],
)
async def test_a_contact_point_with_an_unusable_address_voids_the_registry(
    node: Node, url: str
) -> None:
    await _load(node, emreg_document([_entry(node)]))
    good = node.app[REGISTRY].state.registry
    before = await snapshot(node)
    await _load(node, emreg_document([_entry(node, url=url)]))
    state = node.app[REGISTRY].state
    assert state.stale
    assert state.registry is good  # the last good copy stays in use
    assert (await snapshot(node))["registry_snapshots"] == before["registry_snapshots"]
