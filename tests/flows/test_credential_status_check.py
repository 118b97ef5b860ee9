"""flows.credential_status.check: status lists fetched over HTTP from a real loopback server,
validated, cached by ttl, and every way a list can fail turned into an outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from gateway.core.keys import SigningKey, issue_certificate, make_ca, new_ec_key
from gateway.core.statuslist import StatusBits, sign_status_list_token
from gateway.errors import ConfigError
from gateway.flows.credential_status.check import (
    StatusListClient,
    StatusPolicy,
    check_status,
)
from gateway.settings import load_settings
from gateway.web.transport import AiohttpTransport

ROOT = Path(__file__).resolve().parent.parent.parent

SIZE = 131_072


@dataclass
class Clock:
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Publisher:
    """A status list server: what it serves per path, what it was asked."""

    signer: SigningKey
    base: str = ""
    lists: dict[str, StatusBits] = field(default_factory=dict)
    answers: dict[str, web.Response] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    ttl: dt.timedelta = dt.timedelta(minutes=5)
    issued_at: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)

    def uri(self, name: str) -> str:
        return f"{self.base}/status/{name}"

    async def handle(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.requests.append((name, request.headers.get("Accept", "")))
        if name in self.answers:
            return self.answers[name]
        token = sign_status_list_token(
            self.lists[name],
            uri=self.uri(name),
            signing_key=self.signer,
            issued_at=self.issued_at(),
            lifetime=dt.timedelta(hours=24),
            ttl=self.ttl,
        )
        return web.Response(text=token, content_type="application/statuslist+jwt")


@pytest.fixture(scope="module")
def ca() -> SigningKey:
    return make_ca("Status Root", "emrex-gateway tests", "SE")


@pytest.fixture(scope="module")
def signer(ca: SigningKey) -> SigningKey:
    return issue_certificate(ca, new_ec_key(), "Status Lists", "emrex-gateway tests", "SE")


@pytest.fixture
async def publisher(signer: SigningKey) -> AsyncIterator[Publisher]:
    published = Publisher(signer)
    app = web.Application()
    app.router.add_get("/status/{name}", published.handle)
    async with TestServer(app, host="127.0.0.1") as server:
        published.base = str(server.make_url("")).rstrip("/")
        yield published


@pytest.fixture
async def transport() -> AsyncIterator[AiohttpTransport]:
    async with aiohttp.ClientSession() as session:
        yield AiohttpTransport(session)


def _client(
    transport: AiohttpTransport, ca: SigningKey, clock: Clock | None = None, **policy: object
) -> StatusListClient:
    options: dict[str, object] = {"allow_http_loopback": True, **policy}
    return StatusListClient(
        transport,
        StatusPolicy(trust_anchors=(ca.certificate,), **options),  # type: ignore[arg-type]
        clock=clock or Clock(),
    )


def _claim(publisher: Publisher, name: str, idx: int) -> dict[str, object]:
    return {"status_list": {"idx": idx, "uri": publisher.uri(name)}}


async def test_valid_revoked_and_suspended(
    publisher: Publisher, transport: AiohttpTransport, ca: SigningKey
) -> None:
    publisher.lists["a"] = StatusBits.with_values(SIZE, 2, {10: 1, 11: 2})
    client = _client(transport, ca)
    outcomes = [await check_status(_claim(publisher, "a", i), client=client) for i in (9, 10, 11)]
    assert [(o.state, o.accepted) for o in outcomes] == [
        ("valid", True),
        ("revoked", False),
        ("suspended", False),
    ]
    assert outcomes[1].reason == "status_revoked"
    assert outcomes[1].idx == 10
    assert outcomes[1].uri == publisher.uri("a")
    assert publisher.requests == [("a", "application/statuslist+jwt")]  # fetched once


async def test_an_index_outside_the_list_is_invalid(
    publisher: Publisher, transport: AiohttpTransport, ca: SigningKey
) -> None:
    publisher.lists["a"] = StatusBits(SIZE, 1)
    outcome = await check_status(_claim(publisher, "a", SIZE), client=_client(transport, ca))
    assert (outcome.state, outcome.reason) == ("invalid", "status_list_index_out_of_range")
    assert not outcome.accepted


async def test_the_cache_lasts_ttl(
    publisher: Publisher, transport: AiohttpTransport, ca: SigningKey
) -> None:
    clock = Clock()
    publisher.issued_at = lambda: clock.now
    publisher.lists["a"] = StatusBits(SIZE, 1)
    client = _client(transport, ca, clock)
    assert (await check_status(_claim(publisher, "a", 3), client=client)).state == "valid"
    publisher.lists["a"] = StatusBits.with_values(SIZE, 1, {3: 1})
    clock.now += dt.timedelta(minutes=4)
    assert (await check_status(_claim(publisher, "a", 3), client=client)).state == "valid"
    assert client.fetches == 1
    clock.now += dt.timedelta(minutes=2)  # past the 5-minute ttl
    assert (await check_status(_claim(publisher, "a", 3), client=client)).state == "revoked"
    assert client.fetches == 2


async def test_unreachable_follows_the_policy(
    publisher: Publisher, transport: AiohttpTransport, ca: SigningKey
) -> None:
    publisher.answers["down"] = web.Response(status=503)
    claim = _claim(publisher, "down", 1)
    rejected = await check_status(claim, client=_client(transport, ca))
    assert (rejected.state, rejected.reason, rejected.accepted) == (
        "unreachable",
        "status_list_unreachable",
        False,
    )
    accepted = await check_status(claim, client=_client(transport, ca, accept_unreachable=True))
    assert (accepted.state, accepted.accepted) == ("unreachable", True)
    closed = {"status_list": {"idx": 1, "uri": "http://127.0.0.1:9/status/x"}}
    refused = await check_status(closed, client=_client(transport, ca, fetch_timeout_seconds=2))
    assert refused.state == "unreachable"


async def test_a_redirect_is_not_followed(
    publisher: Publisher, transport: AiohttpTransport, ca: SigningKey
) -> None:
    publisher.lists["a"] = StatusBits(SIZE, 1)
    publisher.answers["moved"] = web.Response(status=302, headers={"Location": "/status/a"})
    outcome = await check_status(_claim(publisher, "moved", 1), client=_client(transport, ca))
    assert outcome.state == "unreachable"
    assert outcome.detail == "HTTP 302"


async def test_a_token_larger_than_allowed_is_not_read(
    publisher: Publisher, transport: AiohttpTransport, ca: SigningKey
) -> None:
    publisher.answers["big"] = web.Response(body=b"e" * 4096)
    outcome = await check_status(
        _claim(publisher, "big", 1), client=_client(transport, ca, max_token_bytes=2048)
    )
    assert outcome.state == "unreachable"
    assert not outcome.accepted


async def test_refused_lists_are_invalid_even_when_unreachable_is_accepted(
    publisher: Publisher, transport: AiohttpTransport, ca: SigningKey
) -> None:
    publisher.lists["a"] = StatusBits(SIZE, 1)
    publisher.answers["garbage"] = web.Response(text="not a token")
    client = _client(transport, ca, accept_unreachable=True)
    garbage = await check_status(_claim(publisher, "garbage", 1), client=client)
    assert (garbage.state, garbage.accepted) == ("invalid", False)
    other_ca = make_ca("Other Root", "someone else", "NO")
    stranger = _client(transport, other_ca, accept_unreachable=True)
    untrusted = await check_status(_claim(publisher, "a", 1), client=stranger)
    assert (untrusted.state, untrusted.reason) == ("invalid", "x5c_no_path_to_trust_anchor")
    # a list served at one address but signed for another (sub != uri)
    publisher.answers["copy"] = web.Response(text=(await _fetch(transport, publisher.uri("a"))))
    copied = await check_status(_claim(publisher, "copy", 1), client=client)
    assert (copied.state, copied.reason) == ("invalid", "status_list_sub_mismatch")


async def test_plain_http_needs_the_development_flag(
    publisher: Publisher, transport: AiohttpTransport, ca: SigningKey
) -> None:
    publisher.lists["a"] = StatusBits(SIZE, 1)
    client = _client(transport, ca, allow_http_loopback=False)
    outcome = await check_status(_claim(publisher, "a", 1), client=client)
    assert (outcome.state, outcome.reason) == ("invalid", "status_uri_not_https")
    assert publisher.requests == []
    malformed = await check_status({"status_list": {"idx": -1}}, client=client)
    assert (malformed.state, malformed.reason, malformed.uri) == (
        "invalid",
        "status_claim_malformed",
        None,
    )


async def _fetch(transport: AiohttpTransport, url: str) -> str:
    return (await transport.get(url)).body.decode("ascii")


def test_policy_from_settings(tmp_path: Path, ca: SigningKey) -> None:
    config = ROOT / "config" / "gateway.toml"
    with pytest.raises(ConfigError, match="trust anchor"):
        StatusPolicy.from_settings(load_settings(config, environ={}))  # no certs/ here
    anchors = tmp_path / "anchors.pem"
    anchors.write_text(ca.certificate_pem, encoding="ascii")
    environ = {
        "GATEWAY_STATUS_TRUST_ANCHORS": f'["{anchors}"]',
        "GATEWAY_STATUS_UNREACHABLE": "accept",
    }
    policy = StatusPolicy.from_settings(load_settings(config, environ=environ))
    assert policy.trust_anchors == (ca.certificate,)
    assert policy.accept_unreachable
    assert policy.allow_http_loopback
    production = {
        **environ,
        "GATEWAY_GATEWAY_ENVIRONMENT": "production",
        "GATEWAY_AUTH_MODE": "header",
    }
    assert not StatusPolicy.from_settings(
        load_settings(config, environ=production)
    ).allow_http_loopback
