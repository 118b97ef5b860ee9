"""Hostile wallets and browsers at the OpenID4VCI endpoints and wallet pages."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from tests.web.hardening.support import (
    SQL,
    XSS,
    assert_escaped,
    assert_unchanged,
    changes,
    only,
    shown_escaped,
    snapshot,
)
from tests.web.nodes import Node, browser, csrf_of
from tests.web.wallet.client import PRE_AUTHORIZED, TestWallet
from tests.web.wallet.support import add_to_wallet, log_in, own_result_ids


async def _offer(node: Node) -> tuple[str, str]:
    """Karin presses "Add to wallet": (offer link, tx_code)."""
    async with browser() as learner:
        await log_in(learner, node)
        page = await add_to_wallet(learner, node)
    return page.link, page.tx_code


async def test_a_pre_authorized_code_is_redeemed_once(node: Node) -> None:
    link, tx_code = await _offer(node)
    async with aiohttp.ClientSession() as http:
        wallet = TestWallet(http)
        offer = await wallet.resolve_offer(link)
        code = offer["grants"][PRE_AUTHORIZED]["pre-authorized_code"]
        first = await wallet.token(node.path("/token"), code, tx_code)
        assert first.status == 200
        before = await snapshot(node)
        again = await wallet.token(node.path("/token"), code, tx_code)
        offer_again = await wallet.get_json(
            parse_qs(urlsplit(link).query)["credential_offer_uri"][0]
        )
    assert (again.status, again.error) == (400, "invalid_grant")
    assert offer_again.status == 404  # a used offer is gone
    assert_unchanged(before, await snapshot(node))


async def test_a_nonce_is_used_once(node: Node) -> None:
    link, tx_code = await _offer(node)
    async with aiohttp.ClientSession() as http:
        wallet = TestWallet(http)
        session = await wallet.start(link, tx_code)
        nonce = await wallet.nonce(node.path("/nonce"))
        proof = wallet.proof(session.issuer, nonce)
        first = await wallet.credential(
            node.path("/credential"),
            session.access_token,
            wallet.request_for(session, "elm-1", proof),
        )
        assert first.status == 200, first.body
        before = await snapshot(node)
        replayed = await wallet.credential(
            node.path("/credential"),
            session.access_token,
            wallet.request_for(session, "elm-2", proof),
        )
    assert (replayed.status, replayed.error) == (400, "invalid_nonce")
    assert_unchanged(before, await snapshot(node))


@pytest.mark.parametrize("tx_code", [SQL, "' OR '1'='1", "1 OR 1=1", XSS, "0" * 5000])
async def test_sql_metacharacters_in_codes_are_just_wrong_codes(node: Node, tx_code: str) -> None:
    link, _ = await _offer(node)
    async with aiohttp.ClientSession() as http:
        wallet = TestWallet(http)
        code = (await wallet.resolve_offer(link))["grants"][PRE_AUTHORIZED]["pre-authorized_code"]
        before = await snapshot(node)
        wrong = await wallet.token(node.path("/token"), code, tx_code)
        unknown = await wallet.token(node.path("/token"), SQL, "123456")
    assert wrong.status == 400
    assert wrong.error in ("invalid_grant", "invalid_request")
    assert unknown.error == "invalid_grant"
    assert XSS not in str(wrong.body)
    found = changes(before, await snapshot(node))
    only(found, "wallet_offers")  # at most: one more failed tx_code attempt on the offer


async def test_wrong_content_types_and_oversize_bodies_are_refused(node: Node) -> None:
    before = await snapshot(node)
    async with aiohttp.ClientSession() as http:
        as_json = await http.post(node.path("/token"), json={"grant_type": PRE_AUTHORIZED})
        assert as_json.status == 400
        assert (await as_json.json())["error"] == "invalid_request"
        big = await http.post(
            node.path("/token"),
            data=io.BytesIO(b"grant_type=" + b"x" * (100 * 1024)),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert big.status == 400
        as_form = await http.post(
            node.path("/credential"), data={"proofs": "x"}, headers={"Authorization": "Bearer x"}
        )
        assert as_form.status == 400
        assert (await as_form.json())["error"] == "invalid_credential_request"
        no_token = await http.post(node.path("/credential"), json={})
        assert no_token.status == 401
        assert "Bearer" in no_token.headers["WWW-Authenticate"]
        sql_token = await http.post(
            node.path("/notification"),
            json={"notification_id": SQL, "event": "credential_accepted"},
            headers={"Authorization": f"Bearer {SQL_BEARER}"},
        )
        assert sql_token.status == 401
    assert_unchanged(before, await snapshot(node))


SQL_BEARER = "x';DROP/**/TABLE/**/wallet_offers;--"


async def test_the_offer_form_needs_the_csrf_token(node: Node) -> None:
    async with browser() as learner:
        await log_in(learner, node)
        page = await (await learner.get(node.path("/wallet"))).text()
        results = own_result_ids(page)
        before = await snapshot(node)
        for csrf in (None, "forged", csrf_of(page)[:-1]):
            data = [("result", r) for r in results] + ([] if csrf is None else [("csrf", csrf)])
            answer = await learner.post(node.path("/wallet/offers"), data=data)
            assert answer.status == 403
        sql_ids = await learner.post(
            node.path("/wallet/offers"), data=[("csrf", csrf_of(page)), ("result", SQL)]
        )
        assert sql_ids.status == 400
    assert_unchanged(before, await snapshot(node))


async def test_a_wallets_event_description_is_escaped_on_the_wallet_page(node: Node) -> None:
    link, tx_code = await _offer(node)
    async with aiohttp.ClientSession() as http:
        wallet = TestWallet(http)
        session = await wallet.start(link, tx_code)
        received = await wallet.fetch(session, "elm-1")
        description = "<script>alert(1)</script><img src=x onerror=alert(2)>"
        done = await wallet.notify(
            node.path("/notification"),
            session.access_token,
            received.notification_id,
            "credential_failure",
            description,
        )
        assert done.status == 204
    async with browser() as learner:
        await log_in(learner, node)
        page = await (await learner.get(node.path("/wallet"))).text()
    assert_escaped(page, description)
    assert shown_escaped(page, description)
