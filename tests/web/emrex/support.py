"""Two real gateways on loopback for the EMREX tests, and a browser that keeps cookies per origin.

The contact point serves demo dataset ``se``, the client dataset ``no``; Karin Andersson is in
both. The client's registry file is built from the running contact point's own configuration
(the `gateway registry build` logic), so no EMREX peer is mocked.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import aiohttp

from gateway.core.keys import SigningKey
from gateway.flows.emrex.registry import build_registry, load_emreg_validator
from gateway.web import appkeys
from tests.storage.helpers import Template
from tests.web.nodes import Node, csrf_of, forms, running_node

KARIN_SE = "19900315-2389"
KARIN_NO = "15039003209"
SARA_SE = "19880404-0668"  # one passed result only
CP_ACRONYM = "SE-GW"
CLIENT_ACRONYM = "NO-GW"
RETURN_FIELDS = ["sessionId", "returnCode", "returnMessage", "elmo"]


@dataclass
class Page:
    status: int
    url: str
    text: str
    headers: Mapping[str, str]

    def form(self, action_part: str) -> dict[str, Any]:
        found = [f for f in forms(self.text) if action_part in f["action"]]
        assert found, f"no form posting to {action_part!r} on {self.url}:\n{self.text[:2000]}"
        return found[0]

    def fields(self, action_part: str) -> dict[str, str]:
        form = self.form(action_part)
        return {
            name: value for name, value, attrs in form["fields"] if attrs.get("type") != "checkbox"
        }

    @property
    def csrf(self) -> str:
        return csrf_of(self.text)


class Browser:
    """One person's browser: cookies are kept per origin (the two nodes share 127.0.0.1, which
    cookies cannot tell apart by port; real deployments have different host names)."""

    def __init__(self, language: str | None = None) -> None:
        self._sessions: dict[str, aiohttp.ClientSession] = {}
        self._headers = {"Accept-Language": language} if language else {}

    def _session(self, url: str) -> aiohttp.ClientSession:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        if origin not in self._sessions:
            jar = aiohttp.CookieJar(unsafe=True)
            self._sessions[origin] = aiohttp.ClientSession(cookie_jar=jar, headers=self._headers)
        return self._sessions[origin]

    async def get(self, url: str, **kwargs: Any) -> Page:
        async with self._session(url).get(url, **kwargs) as response:
            return Page(response.status, str(response.url), await response.text(), response.headers)

    async def post(self, url: str, data: Any, **kwargs: Any) -> Page:
        async with self._session(url).post(url, data=data, **kwargs) as response:
            return Page(response.status, str(response.url), await response.text(), response.headers)

    async def submit(self, page: Page, action_part: str, **extra: Any) -> Page:
        """Submit a form of ``page`` as a browser would (hidden fields plus ``extra``)."""
        form = page.form(action_part)
        target = urljoin(page.url, form["action"])
        return await self.post(target, {**page.fields(action_part), **extra})

    async def close(self) -> None:
        for session in self._sessions.values():
            await session.close()


@asynccontextmanager
async def browsing(language: str | None = None) -> AsyncIterator[Browser]:
    person = Browser(language)
    try:
        yield person
    finally:
        await person.close()


@dataclass
class Federation:
    cp: Node
    client: Node


def shift_clock(node: Node, delta: timedelta) -> None:
    """Move ``node``'s clock (Services.clock, used for every expiry) ``delta`` ahead."""
    services = node.app[appkeys.SERVICES]
    real = services.clock

    def later() -> datetime:
        return real() + delta

    services.clock = later


async def write_registry(path: Path, nodes: list[Node], schema_dir: Path) -> dict[str, Any]:
    document = await build_registry([n.settings for n in nodes], load_emreg_validator(schema_dir))
    await asyncio.to_thread(_write_json, path, document)
    return document


def _write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")


@asynccontextmanager
async def federation(
    tmp_path: Path,
    se_database: Template,
    no_database: Template,
    cp_key: SigningKey,
    client_key: SigningKey,
    schema_dir: Path,
    *,
    cp: Mapping[str, Mapping[str, Any]] | None = None,
    client: Mapping[str, Mapping[str, Any]] | None = None,
) -> AsyncIterator[Federation]:
    """A contact point (dataset ``se``) and a client (dataset ``no``) whose registry lists it."""
    cp_overrides = _merge({"emrex": {"acronym": CP_ACRONYM}}, cp)
    client_overrides = _merge({"emrex": {"acronym": CLIENT_ACRONYM}}, client)
    async with running_node(
        tmp_path / "cp", se_database, cp_key, schema_dir, cp_overrides
    ) as cp_node:
        await write_registry(tmp_path / "client" / "registry.json", [cp_node], schema_dir)
        async with running_node(
            tmp_path / "client", no_database, client_key, schema_dir, client_overrides
        ) as client_node:
            yield Federation(cp_node, client_node)


def _merge(
    base: dict[str, dict[str, Any]], extra: Mapping[str, Mapping[str, Any]] | None
) -> dict[str, dict[str, Any]]:
    merged = {k: dict(v) for k, v in base.items()}
    for section, values in (extra or {}).items():
        merged.setdefault(section, {}).update(values)
    return merged


async def dev_login(person: Browser, node: Node, national_id: str, next_url: str) -> Page:
    """Log in on ``node``'s development page and follow the redirect to ``next_url``."""
    page = await person.get(node.path(f"/login?next={next_url}"))
    assert page.status == 200, page.text
    return await person.post(
        node.path("/login"),
        {"csrf": page.csrf, "national_id": national_id, "next": next_url},
    )


async def start_fetch(
    person: Browser, fed: Federation, learner: str = KARIN_NO, next_url: str = ""
) -> Page:
    """Log in at the client and start a fetch from the contact point: the auto-post page."""
    target = "/client" + (f"?next={next_url}" if next_url else "")
    page = await dev_login(person, fed.client, learner, target)
    assert page.status == 200, page.text
    started = await person.submit(page, "/client/start", contact_point=CP_ACRONYM)
    assert started.status == 200, started.text
    return started


async def arrive_at_cp(person: Browser, fed: Federation, started: Page, learner: str) -> Page:
    """Follow the auto-post to the contact point and log in there: the selection page."""
    arrived = await person.submit(started, "/emrex")
    assert arrived.status == 200, arrived.text  # the login page, or the selection if logged in
    where = urlsplit(arrived.url)
    (next_url,) = parse_qs(where.query).get("next", [where.path])
    page = await dev_login(person, fed.cp, learner, next_url)
    assert page.status == 200, page.text
    return page


def checkbox_ids(page: Page) -> list[int]:
    form = page.form("/select")
    return [int(value) for name, value, attrs in form["fields"] if name == "result"]


def checked_ids(page: Page) -> list[int]:
    form = page.form("/select")
    return [
        int(value)
        for name, value, attrs in form["fields"]
        if name == "result" and "checked" in attrs
    ]


async def choose_and_consent(person: Browser, selection: Page, ids: list[int]) -> Page:
    """Select ``ids``, tick the consent box and send: the auto-post page back to the client."""
    rid = urlsplit(selection.url).path
    chosen = await person.post(
        urljoin(selection.url, f"{rid}/select"),
        [("csrf", selection.csrf), *[("result", str(i)) for i in ids]],
    )
    assert chosen.status == 200, chosen.text
    assert chosen.url.endswith("/consent"), chosen.url
    return await person.submit(chosen, "/send", consent="yes")


async def fetch_everything(person: Browser, fed: Federation, learner: str = KARIN_SE) -> Page:
    """A whole fetch of every result offered: the client's page after it stored the import."""
    started = await start_fetch(person, fed)
    selection = await arrive_at_cp(person, fed, started, learner)
    answered = await choose_and_consent(person, selection, checkbox_ids(selection))
    return await person.submit(answered, "/client/return")


def answer_fields(page: Page) -> dict[str, str]:
    """The hidden fields of the answer form (exactly the four EMREX parameters)."""
    (form,) = forms(page.text)
    return {name: value for name, value, _ in form["fields"]}
