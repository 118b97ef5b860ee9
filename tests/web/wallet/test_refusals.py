"""What the issuer refuses, with the exact OAuth/OpenID4VCI error code, and never a credential."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from jwcrypto import jwk

from gateway.flows.wallet.kinds.transcript import transcript_choice
from gateway.flows.wallet.offers import CreatedOffer, create_offer
from gateway.web import appkeys
from tests.core.oid4vci.support import unsigned_token
from tests.web.nodes import Node
from tests.web.wallet.client import PRE_AUTHORIZED, Reply, Session, TestWallet
from tests.web.wallet.support import KARIN, issued_count, rows


async def offer(node: Node, select: list[int] | None = None) -> CreatedOffer:
    """An offer as the learner's "Add to wallet" makes it (in process: the learner's side)."""
    return await create_offer(
        node.app[appkeys.SERVICES],
        node.app[appkeys.WALLET],
        KARIN,
        chosen=transcript_choice(select, None),
    )


@pytest.fixture
async def wallet() -> AsyncIterator[TestWallet]:
    async with aiohttp.ClientSession() as http:
        yield TestWallet(http)


def assert_refused(reply: Reply, status: int, error: str) -> None:
    assert (reply.status, reply.error) == (status, error), reply.body
    assert reply.headers["Cache-Control"] == "no-store"
    assert reply.headers["Content-Type"].startswith("application/json")


async def code_of(wallet: TestWallet, created: CreatedOffer) -> str:
    offered = await wallet.resolve_offer(created.link)
    code = offered["grants"][PRE_AUTHORIZED]["pre-authorized_code"]
    assert isinstance(code, str)
    return code


# -- token endpoint ------------------------------------------------------------------------------


async def test_a_pre_authorized_code_works_once(gw: Node, wallet: TestWallet) -> None:
    created = await offer(gw)
    code = await code_of(wallet, created)
    first = await wallet.token(gw.path("/token"), code, created.tx_code)
    assert first.status == 200
    again = await wallet.token(gw.path("/token"), code, created.tx_code)
    assert_refused(again, 400, "invalid_grant")
    gone = await wallet.get_json(created.offer_uri)  # the reference is spent as well
    assert gone.status == 404
    assert issued_count(gw) == 0


async def test_wrong_and_missing_tx_codes_and_the_attempt_limit(
    gw: Node, wallet: TestWallet
) -> None:
    created = await offer(gw)
    code = await code_of(wallet, created)
    wrong = "0" * 6 if created.tx_code != "0" * 6 else "1" * 6
    assert_refused(await wallet.token(gw.path("/token"), code, None), 400, "invalid_request")
    for _ in range(gw.settings.wallet.tx_code_attempts):
        assert_refused(await wallet.token(gw.path("/token"), code, wrong), 400, "invalid_grant")
    # the offer is burnt: even the right code no longer works
    burnt = await wallet.token(gw.path("/token"), code, created.tx_code)
    assert_refused(burnt, 400, "invalid_grant")
    assert (await wallet.get_json(created.offer_uri)).status == 404
    assert rows(gw, "SELECT count(*) FROM wallet_access_tokens") == [(0,)]
    assert issued_count(gw) == 0


async def test_an_expired_code_is_refused(gw: Node, wallet: TestWallet) -> None:
    created = await offer(gw)
    code = await code_of(wallet, created)
    services = gw.app[appkeys.SERVICES]
    real = services.clock
    minutes = gw.settings.wallet.offer_minutes
    services.clock = lambda: real() + timedelta(minutes=minutes, seconds=1)
    try:
        reply = await wallet.token(gw.path("/token"), code, created.tx_code)
    finally:
        services.clock = real
    assert_refused(reply, 400, "invalid_grant")
    assert rows(gw, "SELECT count(*) FROM wallet_access_tokens") == [(0,)]
    assert issued_count(gw) == 0


async def test_unknown_grant_type_and_unknown_code(gw: Node, wallet: TestWallet) -> None:
    async with wallet.http.post(
        gw.path("/token"), data={"grant_type": "authorization_code", "code": "x"}
    ) as response:
        assert_refused(await wallet._reply(response), 400, "unsupported_grant_type")
    assert_refused(await wallet.token(gw.path("/token"), "nope", "123456"), 400, "invalid_grant")


# -- credential endpoint ---------------------------------------------------------------------------


async def redeemed(gw: Node, wallet: TestWallet, select: list[int] | None = None) -> Session:
    created = await offer(gw, select)
    return await wallet.start(created.link, created.tx_code)


async def request(
    wallet: TestWallet, session: Session, proof: str, identifier: str | None = "elm-1"
) -> Reply:
    body = wallet.request_for(session, identifier if session.identifiers else None, proof)
    return await wallet.credential(
        session.metadata["credential_endpoint"], session.access_token, body
    )


async def test_a_nonce_works_once(gw: Node, wallet: TestWallet) -> None:
    session = await redeemed(gw, wallet)  # three datasets
    c_nonce = await wallet.nonce(session.metadata["nonce_endpoint"])
    first = await request(wallet, session, wallet.proof(gw.url, c_nonce), "elm-1")
    assert first.status == 200
    again = await request(wallet, session, wallet.proof(gw.url, c_nonce), "elm-2")
    assert_refused(again, 400, "invalid_nonce")
    made_up = await request(wallet, session, wallet.proof(gw.url, "made-up"), "elm-2")
    assert_refused(made_up, 400, "invalid_nonce")
    assert issued_count(gw) == 1


async def test_an_expired_nonce_is_refused(gw: Node, wallet: TestWallet) -> None:
    session = await redeemed(gw, wallet)
    c_nonce = await wallet.nonce(session.metadata["nonce_endpoint"])
    services = gw.app[appkeys.SERVICES]
    real = services.clock
    later = timedelta(seconds=gw.settings.wallet.nonce_seconds + 1)
    services.clock = lambda: real() + later
    try:
        proof = wallet.proof(gw.url, c_nonce, iat=int(time.time() + later.total_seconds()))
        reply = await request(wallet, session, proof)
    finally:
        services.clock = real
    assert_refused(reply, 400, "invalid_nonce")
    assert issued_count(gw) == 0


def _other_key() -> Any:
    return jwk.JWK.generate(kty="EC", crv="P-256")


@pytest.mark.parametrize(
    "case",
    [
        "wrong_aud",
        "old_iat",
        "future_iat",
        "alg_none",
        "alg_hs256",
        "wrong_typ",
        "no_nonce",
        "key_mismatch",
        "private_jwk",
    ],
)
async def test_bad_proofs_are_invalid_proof(gw: Node, wallet: TestWallet, case: str) -> None:
    session = await redeemed(gw, wallet)
    c_nonce = await wallet.nonce(session.metadata["nonce_endpoint"])
    now = int(time.time())
    max_age = gw.settings.wallet.proof_max_age_seconds
    proofs = {
        "wrong_aud": lambda: wallet.proof("https://other-issuer.example", c_nonce),
        "old_iat": lambda: wallet.proof(gw.url, c_nonce, iat=now - max_age - 60),
        "future_iat": lambda: wallet.proof(gw.url, c_nonce, iat=now + 3600),
        "alg_none": lambda: unsigned_token(
            {"typ": "openid4vci-proof+jwt", "alg": "none", "jwk": wallet.public_jwk},
            {"aud": gw.url, "iat": now, "nonce": c_nonce},
        ),
        "alg_hs256": lambda: wallet.proof(
            gw.url,
            c_nonce,
            header={"alg": "HS256"},
            key=jwk.JWK.generate(kty="oct", size=256),
        ),
        "wrong_typ": lambda: wallet.proof(gw.url, c_nonce, header={"typ": "JWT"}),
        "no_nonce": lambda: wallet.proof(gw.url, None),
        "key_mismatch": lambda: wallet.proof(gw.url, c_nonce, key=_other_key()),
        "private_jwk": lambda: wallet.proof(
            gw.url, c_nonce, header={"jwk": wallet.key.export(as_dict=True)}
        ),
    }
    reply = await request(wallet, session, proofs[case]())
    assert_refused(reply, 400, "invalid_proof")
    assert issued_count(gw) == 0
    # the nonce was not spent by the refused request
    assert rows(gw, "SELECT count(*) FROM wallet_nonces WHERE used_at IS NOT NULL") == [(0,)]


async def test_unknown_configuration_and_identifier(gw: Node, wallet: TestWallet) -> None:
    session = await redeemed(gw, wallet)  # identifiers were returned
    endpoint = session.metadata["credential_endpoint"]
    c_nonce = await wallet.nonce(session.metadata["nonce_endpoint"])
    proofs = {"jwt": [wallet.proof(gw.url, c_nonce)]}
    cases = [
        (
            {"credential_configuration_id": "pid_sd_jwt", "proofs": proofs},
            "unknown_credential_configuration",
        ),
        ({"credential_identifier": "elm-9", "proofs": proofs}, "unknown_credential_identifier"),
        (
            {"credential_configuration_id": "elm_transcript_sd_jwt", "proofs": proofs},
            "invalid_credential_request",
        ),  # identifiers were issued: §8.2 says use them
        ({"credential_identifier": "elm-1", "proof": {"proof_type": "jwt"}}, "invalid_proof"),
    ]
    for body, error in cases:
        assert_refused(await wallet.credential(endpoint, session.access_token, body), 400, error)
    assert issued_count(gw) == 0


async def test_missing_or_invalid_bearer_token(gw: Node, wallet: TestWallet) -> None:
    session = await redeemed(gw, wallet)
    c_nonce = await wallet.nonce(session.metadata["nonce_endpoint"])
    body = wallet.request_for(session, "elm-1", wallet.proof(gw.url, c_nonce))
    endpoint = session.metadata["credential_endpoint"]
    for token in (None, "not-a-token", session.access_token + "x"):
        reply = await wallet.credential(endpoint, token, body)
        assert_refused(reply, 401, "invalid_token")
        assert reply.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    note = await wallet.notify(
        session.metadata["notification_endpoint"], "not-a-token", "n", "credential_accepted"
    )
    assert_refused(note, 401, "invalid_token")
    services = gw.app[appkeys.SERVICES]
    real = services.clock
    lifetime = timedelta(minutes=gw.settings.wallet.access_token_minutes, seconds=1)
    services.clock = lambda: real() + lifetime
    try:
        expired = await wallet.credential(endpoint, session.access_token, body)
    finally:
        services.clock = real
    assert_refused(expired, 401, "invalid_token")
    assert issued_count(gw) == 0


async def test_a_dataset_is_issued_once(gw: Node, wallet: TestWallet) -> None:
    session = await redeemed(gw, wallet, select=None)
    await wallet.fetch(session, "elm-1")
    c_nonce = await wallet.nonce(session.metadata["nonce_endpoint"])
    again = await request(wallet, session, wallet.proof(gw.url, c_nonce), "elm-1")
    assert_refused(again, 400, "credential_request_denied")
    assert issued_count(gw) == 1


async def test_wrong_media_type_is_an_invalid_request(gw: Node, wallet: TestWallet) -> None:
    session = await redeemed(gw, wallet)
    headers = {"Authorization": f"Bearer {session.access_token}"}
    async with wallet.http.post(
        session.metadata["credential_endpoint"], data="x=1", headers=headers
    ) as response:
        assert_refused(await wallet._reply(response), 400, "invalid_credential_request")
    async with wallet.http.post(gw.path("/token"), json={"grant_type": PRE_AUTHORIZED}) as response:
        assert_refused(await wallet._reply(response), 400, "invalid_request")


# -- notification endpoint -------------------------------------------------------------------------


async def test_notifications_are_idempotent_and_scoped_to_the_token(
    gw: Node, wallet: TestWallet
) -> None:
    session = await redeemed(gw, wallet)
    item = await wallet.fetch(session, "elm-1")
    endpoint = session.metadata["notification_endpoint"]
    for _ in range(2):
        done = await wallet.notify(
            endpoint,
            session.access_token,
            item.notification_id,
            "credential_failure",
            "Could not store the Credential",
        )
        assert done.status == 204
    assert rows(gw, "SELECT event, description FROM wallet_notifications") == [
        ("failure", "Could not store the Credential")
    ]
    unknown = await wallet.notify(endpoint, session.access_token, "nope", "credential_accepted")
    assert_refused(unknown, 400, "invalid_notification_id")
    other = await redeemed(gw, wallet)  # another offer's token cannot notify for this one
    foreign = await wallet.notify(
        endpoint, other.access_token, item.notification_id, "credential_deleted"
    )
    assert_refused(foreign, 400, "invalid_notification_id")
    bad = await wallet.notify(endpoint, session.access_token, item.notification_id, "Accepted")
    assert_refused(bad, 400, "invalid_notification_request")
