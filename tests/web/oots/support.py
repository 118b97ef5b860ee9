"""OOTS web test tools: a real requester endpoint (the inbox), requests about demo learners."""

from __future__ import annotations

import asyncio
import io
import ssl
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import unused_port

from gateway.core.oots.codes import EBRS_MEDIA_TYPE, EdmVersion, sr_spelling
from gateway.core.oots.mime import Package, parse_package
from gateway.core.oots.model import (
    Address,
    Agent,
    Distribution,
    EvidenceRequest,
    Identifier,
    NaturalPerson,
    QueryRequest,
    Text,
)
from gateway.core.oots.reply import QueryResponseSummary, read_query_response
from gateway.core.oots.request import build_query_request
from tests.web.nodes import csrf_of, forms

REQUESTER_KEY = "urn:cef.eu:names:identifier:EAS:0190:NL222332239"  # the TDD 1.2 example's
REQUESTER = Agent(
    Identifier("NL222332239", "urn:cef.eu:names:identifier:EAS:0190"),
    (Text("University of Amsterdam", "EN"),),
    Address("NL"),
    "ER",
)
BIRTH_REQUESTER_KEY = "urn:cef.eu:names:identifier:EAS:0096:DK22233223"  # the TDD 1.0 example's
VECTOR_REQUESTER_KEY = "urn:cef.eu:names:identifier:EAS:0190:NL000000000"  # tests/vectors/oots
FR_REQUESTER_KEY = "urn:cef.eu:names:identifier:EAS:0009:00000000000002"  # the OOTS-France one
PROVIDER_KEY = "urn:cef.eu:names:identifier:EAS:0007:2021000000"
PROVIDER = Agent(
    Identifier("2021000000", "urn:cef.eu:names:identifier:EAS:0007"),
    (Text("emrex-gateway development evidence provider", "EN"),),
)
EU_DIPLOMA = (
    "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/EU/"
    "b6a49e54-8b3c-4688-acad-380440dc5962"
)
SE_TRANSCRIPT = (
    "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/SE/"
    "5d0e7f1c-2b8a-4c3e-9f61-0a7d3e5b9c24"
)
KARIN_ID = "19900315-2389"
KARIN = NaturalPerson(
    family_name="Andersson",
    given_name="Karin",
    date_of_birth=date(1990, 3, 15),
    identifier=Identifier("SE/NL/199003152", "eidas"),
    level_of_assurance="High",
)


def karin_request(
    version: EdmVersion = EdmVersion.V1_0,
    *,
    preview: bool = False,
    evidence_type: str = EU_DIPLOMA,
    person: NaturalPerson = KARIN,
    requester: Agent = REQUESTER,
    preview_location: str | None = None,
    explicit: bool = True,
    fmt: str = "application/pdf",
) -> QueryRequest:
    """A request as our requester tool writes it, spelled for ``version``."""
    return QueryRequest(
        request_id=f"urn:uuid:{uuid.uuid4()}",
        specification=version,
        issue_date_time=datetime.now(UTC).replace(microsecond=0),
        possibility_for_preview=preview,
        explicit_request_given=explicit,
        requesters=(requester,),
        evidence_provider=PROVIDER,
        natural_person=person,
        evidence_request=EvidenceRequest(
            identifier=str(uuid.uuid4()),
            evidence_type_classification=sr_spelling(evidence_type, version),
            titles=(Text("Higher education evidence", "EN"),),
            descriptions=(Text("Results of higher education studies", "EN"),),
            distributed_as=Distribution(fmt),
        ),
        procedure="T2",
        preview_location=preview_location,
    )


def second_request(first: QueryRequest, location: str) -> QueryRequest:
    return replace(first, request_id=f"urn:uuid:{uuid.uuid4()}", preview_location=location)


@dataclass(frozen=True)
class Delivery:
    """One POST the provider made to the requester endpoint."""

    headers: Mapping[str, str]
    content_type: str
    body: bytes

    def package(self) -> Package | None:
        if self.content_type.startswith("multipart/related"):
            return parse_package(self.content_type, self.body)
        return None

    @property
    def payload(self) -> bytes:
        package = self.package()
        return package.payload.data if package else self.body

    def summary(self) -> QueryResponseSummary:
        return read_query_response(self.payload)


@dataclass
class Inbox:
    """A requester's answer endpoint on loopback: records every POST; can be down, or refuse
    (``status``), or hang (``hang``: accepts the request and never answers)."""

    port: int = field(default_factory=unused_port)
    status: int = 200
    hang: bool = False
    deliveries: list[Delivery] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _released: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/oots/answers"

    async def start(self) -> None:
        app = web.Application(client_max_size=64 << 20)
        app.router.add_post("/oots/answers", self._receive)
        self._released.clear()
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        self._released.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.deliveries.append(
            Delivery(dict(request.headers), request.headers.get("Content-Type", ""), body)
        )
        self._arrived.set()
        if self.hang:
            await self._released.wait()
        return web.Response(status=self.status, text="ok")

    async def wait_for(self, count: int, seconds: float = 10.0) -> list[Delivery]:
        """Wait until ``count`` deliveries have arrived (all of them are returned)."""
        async with asyncio.timeout(seconds):
            while len(self.deliveries) < count:
                self._arrived.clear()
                await self._arrived.wait()
        return list(self.deliveries)


def node_overrides(inbox: Inbox, **oots: Any) -> dict[str, dict[str, Any]]:
    """[oots] for a provider node under test: the inbox as requester endpoint, fast retries."""
    section: dict[str, Any] = {
        "requesters": {
            REQUESTER_KEY: {"endpoint": inbox.url},
            BIRTH_REQUESTER_KEY: {"endpoint": inbox.url},
            VECTOR_REQUESTER_KEY: {"endpoint": inbox.url},
            FR_REQUESTER_KEY: {"endpoint": inbox.url},
        },
        "retry_initial_seconds": 0.2,
        "retry_max_seconds": 1.0,
        "retry_max_attempts": 30,
        "poll_seconds": 0.5,
        "lease_seconds": 2.0,
        "delivery_timeout_seconds": 2.0,
    }
    section.update(oots)
    return {"oots": section}


async def post_query(
    url: str, body: bytes, *, ssl_context: ssl.SSLContext | None = None, content_type: str = ""
) -> tuple[int, str, bytes]:
    """POST an evidence request; (status, content type, body) of the HTTP answer."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            url + "/oots/query",
            data=io.BytesIO(body),
            headers={"Content-Type": content_type or EBRS_MEDIA_TYPE},
            ssl=ssl_context if ssl_context is not None else True,
        ) as response,
    ):
        return response.status, response.headers.get("Content-Type", ""), await response.read()


def build(request: QueryRequest) -> bytes:
    return build_query_request(request)


def tls_browser(context: ssl.SSLContext) -> aiohttp.ClientSession:
    """A cookie-keeping browser that trusts the test CA."""
    return aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True), connector=aiohttp.TCPConnector(ssl=context)
    )


async def log_in_at(client: aiohttp.ClientSession, location: str, national_id: str) -> str:
    """Follow the PreviewLocation as the learner: the login page, then back. The page HTML."""
    page = await client.get(location)
    html = await page.text()
    if "/login" in str(page.url):
        await client.post(
            str(page.url.with_query(None)),
            data={
                "csrf": csrf_of(html),
                "national_id": national_id,
                "next": page.url.query.get("next", "/"),
            },
        )
        page = await client.get(location)
        html = await page.text()
    assert page.status == 200, html
    return html


async def decide(
    client: aiohttp.ClientSession, location: str, html: str, *, send: bool, sources: list[str]
) -> str:
    """Submit the preview form (the chosen sources, send or not); the page afterwards."""
    fields: list[tuple[str, str]] = [("csrf", csrf_of(html))]
    fields += [("source", key) for key in sources]
    fields.append(("decision", "send" if send else "refuse"))
    page = await client.post(location, data=fields)
    text = await page.text()
    assert page.status == 200, text
    return text


def source_keys(html: str) -> list[str]:
    return [value for name, value, _ in forms(html)[-1]["fields"] if name == "source"]


def requester_config(
    folder: Path, schema_dir: Path, public_url: str = "http://127.0.0.1:9"
) -> Path:
    """The requester side's configuration (the tool reads only [gateway], [server] and [oots])."""
    path = folder / "requester.toml"
    path.write_text(
        f"""
[gateway]
country = "NL"
environment = "test"
[server]
public_url = "{public_url}"
[database]
url = "sqlite+aiosqlite:///{folder}/unused.sqlite3"
[signing]
cert = "{folder}/unused.crt"
key = "{folder}/unused.key"
[schemas]
dir = "{schema_dir}"
[logging]
format = "text"
""",
        encoding="utf-8",
    )
    return path
