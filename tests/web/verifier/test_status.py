"""Credential status at presentation: the credential names a Token Status List entry that a
small status server (signed by the issuer's key, x5c to the trusted CA) says is valid or
revoked, or that cannot be reached; each ends with its own stored outcome."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer, unused_port

from gateway.core.keys import SigningKey
from gateway.core.sdjwt import SD, issue_sd_jwt_vc
from gateway.core.statuslist import StatusBits
from gateway.core.statuslist.token import sign_status_list_token
from gateway.flows.credential_status.manage import revoke_as_operator
from gateway.web import appkeys
from tests.web.nodes import Node, browser
from tests.web.verifier.holder import Holder
from tests.web.verifier.support import issued_credentials, poll, start_presentation
from tests.web.verifier.test_flow import library_claims
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import log_in, rows

REVOKED, VALID = 7, 8


@pytest.fixture
def node_overrides() -> dict[str, dict[str, Any]]:
    return {"status": {"allow_http_loopback": True}}


@pytest.fixture
async def status_server(wallet_issuer_key: SigningKey) -> AsyncIterator[str]:
    port = unused_port()
    uri = f"http://127.0.0.1:{port}/status/1"
    statuses = StatusBits(1024)
    statuses.set(REVOKED, 1)
    token = sign_status_list_token(
        statuses,
        uri=uri,
        signing_key=wallet_issuer_key,
        issued_at=dt.datetime.now(dt.UTC),
        lifetime=dt.timedelta(hours=1),
        ttl=dt.timedelta(minutes=5),
    )

    async def serve(request: web.Request) -> web.Response:
        return web.Response(text=token, content_type="application/statuslist+jwt")

    app = web.Application()
    app.router.add_get("/status/1", serve)
    server = TestServer(app, host="127.0.0.1", port=port)
    await server.start_server()
    yield uri
    await server.close()


def with_status(
    credential: str, key: SigningKey, holder: dict[str, Any], uri: str, idx: int, issuer: str
) -> str:
    """The credential's ELM (with its signed ELMO) issued again with a status list entry."""
    return issue_sd_jwt_vc(
        {"elm": SD(library_claims(credential)["elm"])},
        vct="urn:eudi:elm:1",
        issuer=issuer,  # our own identifier: consistent with our key (checklist item 13)
        signing_key=key,
        holder_jwk=holder,
        issued_at=dt.datetime.now(dt.UTC),
        expires_at=None,
        random_bytes=secrets.token_bytes,
        clear_claims={"status": {"status_list": {"idx": idx, "uri": uri}}},
    ).serialize()


async def test_status_decides(gw: Node, wallet_issuer_key: SigningKey, status_server: str) -> None:
    unreachable = f"http://127.0.0.1:{unused_port()}/status/1"
    async with aiohttp.ClientSession() as http, browser() as learner:
        wallet = TestWallet(http)
        (credential, *_) = await issued_credentials(gw, wallet)
        holder = Holder(http, wallet.key)
        await log_in(learner, gw)
        cases = [
            (status_server, REVOKED, "refused", "status_revoked"),
            (unreachable, VALID, "refused", "status_unreachable"),
            (status_server, VALID, "verified", None),
        ]
        for uri, idx, outcome, reason in cases:
            presented = with_status(
                credential, wallet_issuer_key, wallet.public_jwk, uri, idx, gw.url
            )
            page = await start_presentation(learner, gw)
            request = await holder.fetch_request(page.link)
            await holder.respond(request, holder.presentation(presented, request))
            shown = await poll(learner, page)
            assert (shown["outcome"], shown["reason"]) == (outcome, reason), shown
    assert rows(
        gw, "SELECT status_result FROM verifier_transactions WHERE outcome = 'verified'"
    ) == [("valid",)]


async def test_a_credential_we_revoked_is_refused(gw: Node) -> None:
    """Round trip with issue #15: the operator revokes an issued credential (as `gateway
    wallet status --revoke` does); presented back, our own status list refuses it."""
    async with aiohttp.ClientSession() as http, browser() as learner:
        wallet = TestWallet(http)
        (credential, *_) = await issued_credentials(gw, wallet)
        ((first,),) = rows(gw, "SELECT min(id) FROM wallet_credentials")
        services = gw.app[appkeys.SERVICES]
        await revoke_as_operator(services, first, reason="test", operator="tests")
        holder = Holder(http, wallet.key)
        await log_in(learner, gw)
        page = await start_presentation(learner, gw)
        request = await holder.fetch_request(page.link)
        posted = await holder.respond(request, holder.presentation(credential, request))
        assert posted.status == 400
        shown = await poll(learner, page)
        assert (shown["outcome"], shown["reason"]) == ("refused", "status_revoked")
        assert "revoked" in shown["message"]
