"""Hostile input at login (/login, /logout, the trusted header) and in ?next= everywhere."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from gateway.core.keys import SigningKey
from tests.storage.helpers import Template
from tests.web.hardening.support import (
    SQL,
    SQL_TOKEN,
    XSS,
    assert_escaped,
    assert_unchanged,
    snapshot,
)
from tests.web.nodes import Node, browser, csrf_of, running_node

KARIN = "19900315-2389"
OFF_SITE = [
    "https://evil.example/",
    "//evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "/%2F%2Fevil.example",
    "/x\r\nLocation: https://evil.example/",
    "",
]


@pytest.mark.parametrize("target", OFF_SITE)
async def test_login_redirects_only_to_local_paths(node: Node, target: str) -> None:
    async with browser() as client:
        page = await client.get(node.path("/login"), params={"next": target})
        html = await page.text()
        done = await client.post(
            node.path("/login"),
            data={"csrf": csrf_of(html), "national_id": KARIN, "next": target},
            allow_redirects=False,
        )
    location = done.headers["Location"]
    assert done.status == 303
    assert location.startswith("/")
    assert not location.startswith(("//", "/\\"))
    assert "\n" not in location
    assert "evil.example" not in location or location.startswith("/%2F")


@pytest.mark.parametrize("path", ["/login", "/client", "/transfers"])
async def test_next_is_never_reflected_raw(node: Node, path: str) -> None:
    async with browser() as client:
        page = await client.get(node.path(path), params={"next": "/" + XSS})
        html = await page.text()
        login = await client.get(node.path("/login?next=" + quote(XSS)))
        login_html = await login.text()
    assert_escaped(html)
    assert_escaped(login_html)


async def test_login_and_logout_need_the_csrf_token(node: Node) -> None:
    async with browser() as client:
        html = await (await client.get(node.path("/login"))).text()
        before = await snapshot(node)
        for csrf in (None, "forged", csrf_of(html)[:-2]):
            data = {"national_id": KARIN, **({} if csrf is None else {"csrf": csrf})}
            assert (await client.post(node.path("/login"), data=data)).status == 403
            assert (await client.post(node.path("/logout"), data=data)).status == 403
    assert_unchanged(before, await snapshot(node), ignore=frozenset())


@pytest.mark.parametrize("national_id", [SQL, SQL_TOKEN, "' OR '1'='1", "%", "*", XSS])
async def test_sql_metacharacters_in_a_national_id_find_nobody(
    node: Node, national_id: str
) -> None:
    async with browser() as client:
        html = await (await client.get(node.path("/login"))).text()
        before = await snapshot(node)
        done = await client.post(
            node.path("/login"),
            data={"csrf": csrf_of(html), "national_id": national_id, "next": "/transfers"},
        )
        text = await done.text()
    assert done.status == 401
    assert_escaped(text)
    assert_unchanged(before, await snapshot(node), ignore=frozenset())


async def test_the_trusted_header_is_an_identifier_not_sql(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    overrides = {"auth": {"mode": "header"}}
    async with (
        running_node(tmp_path, seeded_template, signing_key, schema_dir, overrides) as node,
        browser() as client,
    ):
        before = await snapshot(node)
        for claimed in (SQL, SQL_TOKEN, "' OR 1=1 --", XSS):
            page = await client.get(node.path("/transfers"), headers={"X-Remote-User": claimed})
            assert page.status == 401
            assert_escaped(await page.text())
        after = await snapshot(node)
    assert_unchanged(before, after)
    assert after["learners"] == before["learners"]
