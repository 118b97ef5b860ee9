"""Learner login: the development page, the trusted-proxy header, sessions and CSRF."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.core.keys import SigningKey
from gateway.errors import ConfigError
from gateway.settings import load_settings
from tests.storage.helpers import Template
from tests.web.nodes import Node, browser, csrf_of, running_node

KARIN = "19900315-2389"


async def test_status_page_says_what_is_running(node: Node) -> None:
    async with browser() as client:
        page = await client.get(node.path("/status"))
        text = await page.text()
    assert page.status == 200
    assert "Uppsala University" in text
    assert "/emrex" in text
    assert "Development login" in text  # the dev banner on every page


async def test_dev_login_sets_an_opaque_httponly_cookie_and_redirects(node: Node) -> None:
    async with browser() as client:
        page = await client.get(node.path("/login?next=/transfers"))
        html = await page.text()
        assert "Karin" in html
        cookie = page.cookies["gw_session"]
        assert cookie["httponly"]
        assert cookie["samesite"] == "Lax"
        assert not cookie["secure"]
        assert KARIN not in cookie.value
        assert len(cookie.value) >= 40
        done = await client.post(
            node.path("/login"),
            data={"csrf": csrf_of(html), "national_id": KARIN, "next": "/transfers"},
            allow_redirects=False,
        )
        assert done.status == 303
        assert done.headers["Location"] == "/transfers"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
async def test_login_never_redirects_off_site(node: Node, target: str) -> None:
    async with browser() as client:
        html = await (await client.get(node.path("/login"))).text()
        done = await client.post(
            node.path("/login"),
            data={"csrf": csrf_of(html), "national_id": KARIN, "next": target},
            allow_redirects=False,
        )
    assert done.headers["Location"] == "/"


async def test_login_without_csrf_token_is_refused(node: Node) -> None:
    async with browser() as client:
        await client.get(node.path("/login"))
        done = await client.post(
            node.path("/login"), data={"national_id": KARIN}, allow_redirects=False
        )
    assert done.status == 403


async def test_header_mode_honours_only_trusted_proxies(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    untrusted = {"auth": {"mode": "header", "trusted_proxies": ["10.1.2.3/32"]}}
    async with (
        running_node(tmp_path / "a", seeded_template, signing_key, schema_dir, untrusted) as node,
        browser() as client,
    ):
        refused = await client.get(node.path("/transfers"), headers={"X-Remote-User": KARIN})
        assert refused.status == 403
        assert (await client.get(node.path("/login"))).status == 404
    trusted = {"auth": {"mode": "header"}}
    async with (
        running_node(tmp_path / "b", seeded_template, signing_key, schema_dir, trusted) as node,
        browser() as client,
    ):
        missing = await client.get(node.path("/transfers"))
        assert missing.status == 401
        allowed = await client.get(node.path("/transfers"), headers={"X-Remote-User": KARIN})
        assert allowed.status == 200


def test_dev_login_is_refused_in_production(tmp_path: Path) -> None:
    config = tmp_path / "prod.toml"
    config.write_text(
        (Path(__file__).parents[2] / "config" / "gateway.toml")
        .read_text()
        .replace('environment = "development"', 'environment = "production"')
    )
    with pytest.raises(ConfigError, match=r"\[auth\] mode = \"dev\""):
        load_settings(config, environ={})


async def test_login_rotates_the_session_token_and_csrf(node: Node) -> None:
    """A session id planted before login (session fixation) is worthless after it."""
    async with browser() as client:
        html = await (await client.get(node.path("/login"))).text()
        planted = client.cookie_jar.filter_cookies(node.server.make_url("/"))["gw_session"].value
        done = await client.post(
            node.path("/login"),
            data={"csrf": csrf_of(html), "national_id": KARIN, "next": "/transfers"},
            allow_redirects=False,
        )
        fresh = done.cookies["gw_session"].value
        assert fresh != planted
        assert (await client.get(node.path("/transfers"))).status == 200
    async with browser() as attacker:
        attacker.cookie_jar.update_cookies(
            {"gw_session": planted}, response_url=node.server.make_url("/")
        )
        page = await attacker.get(node.path("/transfers"), allow_redirects=False)
        assert page.status == 303  # not logged in: sent to the login page
