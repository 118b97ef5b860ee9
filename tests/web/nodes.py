"""Real gateway nodes for web tests: an app on a real loopback port with its own database, keys and
settings, and a "browser" (an aiohttp client with a cookie jar) that drives it like a person."""

from __future__ import annotations

import functools
import re
import ssl
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer, unused_port

from gateway.core.keys import SigningKey, issue_certificate, make_ca, new_ec_key, write_key_pair
from gateway.flows.wallet.kinds.registry import KindRegistry
from gateway.settings import Settings, settings_from_mapping
from gateway.web.app import create_app
from tests.storage.helpers import Template


@dataclass
class Node:
    """One running gateway."""

    settings: Settings
    app: web.Application
    server: TestServer
    home: Path

    @property
    def url(self) -> str:
        return self.settings.server.public_url

    def path(self, path: str) -> str:
        return self.url + path

    @property
    def database_url(self) -> str:
        return self.settings.database.url


def node_settings(
    home: Path,
    port: int,
    schema_dir: Path,
    overrides: Mapping[str, Mapping[str, Any]] | None,
    database_url: str,
) -> Settings:
    raw: dict[str, dict[str, Any]] = {
        "gateway": {"name": "Test gateway", "environment": "test"},
        "server": {"host": "127.0.0.1", "port": port, "public_url": f"http://127.0.0.1:{port}"},
        "database": {"url": database_url},
        "signing": {
            "cert": str(home / "signing.crt"),
            "key": str(home / "signing.key"),
        },
        "schemas": {"dir": str(schema_dir)},
        "auth": {"mode": "dev"},
        "registry": {"source": str(home / "registry.json")},
        "logging": {"format": "text"},
        "wallet": {
            "signing_cert": str(home / "wallet.crt"),
            "signing_key": str(home / "wallet.key"),
        },
        "badges": {"key_dir": str(home / "badge-keys")},
    }
    for section, values in (overrides or {}).items():
        raw.setdefault(section, {}).update(values)
    return settings_from_mapping(raw)


@functools.cache
def default_wallet_key() -> SigningKey:
    """The wallet issuer's ES256 key of nodes whose test does not bring its own."""
    ca = make_ca("Test wallet CA", "emrex-gateway tests", "SE")
    return issue_certificate(ca, new_ec_key(), "Test wallet issuer", "emrex-gateway tests", "SE")


def prepare_home(
    home: Path, database: Template, key: SigningKey, wallet_key: SigningKey | None = None
) -> str:
    """Keys in ``home`` and a copy of ``database`` (on SQLite, in ``home``); the copy's URL."""
    home.mkdir(parents=True, exist_ok=True)
    write_key_pair(key, home / "signing.crt", home / "signing.key")
    write_key_pair(wallet_key or default_wallet_key(), home / "wallet.crt", home / "wallet.key")
    return database.clone(home)


@asynccontextmanager
async def running_node(
    home: Path,
    database: Template,
    key: SigningKey,
    schema_dir: Path,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    wallet_key: SigningKey | None = None,
    tls: ssl.SSLContext | None = None,
    wallet_kinds: KindRegistry | None = None,
) -> AsyncIterator[Node]:
    """Start a gateway on a free loopback port with a copy of ``database`` (over TLS, with an
    https public URL, when ``tls`` is the server's context; ``wallet_kinds``: other credential
    kinds than the registry's)."""
    database_url = prepare_home(home, database, key, wallet_key)
    port = unused_port()
    if tls is not None:
        server_keys = {**(overrides or {}).get("server", {})}
        server_keys["public_url"] = f"https://127.0.0.1:{port}"
        overrides = {**(overrides or {}), "server": server_keys}
    settings = node_settings(home, port, schema_dir, overrides, database_url)
    app = create_app(settings, wallet_kinds=wallet_kinds)
    server = TestServer(app, host="127.0.0.1", port=port)
    await server.start_server(ssl=tls)
    try:
        yield Node(settings, app, server, home)
    finally:
        await server.close()


def browser() -> aiohttp.ClientSession:
    """A cookie-keeping client; ``unsafe`` so cookies for 127.0.0.1 are kept, as a browser does."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": values.get("action", ""), "fields": []})
        elif tag in ("input", "button") and self.forms and "name" in values:
            self.forms[-1]["fields"].append((values["name"], values.get("value", ""), values))


def forms(html: str) -> list[dict[str, Any]]:
    """Every form of a page: action and (name, value, attributes) of its inputs and buttons."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "page has no CSRF token"
    return found.group(1)
