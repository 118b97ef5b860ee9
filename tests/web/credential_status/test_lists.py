"""GET /status/{list}: served from the database, signed again only when due (a bit changed, or
exp within [status] resign_before_expiry_minutes), by the request or by the schedule."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import aiohttp
import pytest

from gateway.core.keys import SigningKey
from gateway.flows.credential_status.publish import resign_due
from gateway.flows.wallet.offers import create_offer
from gateway.storage.credential_status import IndexTaken, StatusRepository
from gateway.web import appkeys
from tests.web.credential_status.support import fetch_list, status_of
from tests.web.nodes import Node, browser
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import KARIN, add_to_wallet, log_in, rows


async def _one_list(gw: Node, dev_ca: SigningKey) -> str:
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, gw)
        page = await add_to_wallet(learner, gw)
        _, received = await TestWallet(http).receive_all(page.link, page.tx_code)
    (uri,) = {str(status_of(r.credential, dev_ca.certificate)["uri"]) for r in received}
    return uri


async def test_a_token_is_reused_until_due_then_signed_again(gw: Node, dev_ca: SigningKey) -> None:
    uri = await _one_list(gw, dev_ca)
    services, wallet = gw.app[appkeys.SERVICES], gw.app[appkeys.WALLET]
    async with aiohttp.ClientSession() as http:
        first = await fetch_list(http, uri, dev_ca.certificate)
        second = await fetch_list(http, uri, dev_ca.certificate)
        assert second.claims == first.claims  # nothing changed: the stored token, as it was
        ((signed_at,),) = rows(gw, "SELECT signed_at FROM status_lists")

        real = services.clock
        lifetime = timedelta(minutes=services.settings.status.token_lifetime_minutes)
        resign_before = timedelta(minutes=services.settings.status.resign_before_expiry_minutes)
        try:
            services.clock = lambda: real() + lifetime - resign_before - timedelta(minutes=1)
            assert await resign_due(services, wallet.identifier, wallet.signing_key) == 0
            services.clock = lambda: real() + lifetime - resign_before + timedelta(minutes=1)
            assert await resign_due(services, wallet.identifier, wallet.signing_key) == 1
            ((resigned_at,),) = rows(gw, "SELECT signed_at FROM status_lists")
            assert resigned_at > signed_at
            later = await fetch_list(http, uri, dev_ca.certificate)
            assert later.claims["iat"] > first.claims["iat"]
            assert later.set_bits() == set()
            max_age = later.headers["Cache-Control"]
            assert max_age == "public, max-age=300"
        finally:
            services.clock = real


async def test_an_unknown_list_is_404(gw: Node) -> None:
    async with aiohttp.ClientSession() as http:
        response = await http.get(gw.path("/status/nosuchlist"))
        assert response.status == 404


async def test_indexes_are_drawn_at_random_and_claimed_once(gw: Node, dev_ca: SigningKey) -> None:
    await _one_list(gw, dev_ca)
    services = gw.app[appkeys.SERVICES]
    taken = sorted(idx for (idx,) in rows(gw, "SELECT idx FROM credential_status"))
    fresh = await create_offer(services, gw.app[appkeys.WALLET], KARIN)  # not issued yet
    ((dataset_id, learner_id),) = rows(
        gw,
        "SELECT d.id, o.learner_id FROM wallet_datasets d JOIN wallet_offers o"
        " ON o.id = d.offer_id WHERE o.id = ? AND d.position = 1",
        fresh.id,
    )
    drawn = iter([taken[0], taken[1], 77_777])
    async with services.db.session() as session:
        choice = await StatusRepository(session).choose(
            size=131_072, bits=1, randbelow=lambda _: next(drawn)
        )
    assert choice.idx == 77_777  # the taken ones were drawn and passed over
    clash = dataclasses.replace(choice, idx=taken[0])
    with pytest.raises(IndexTaken):
        async with services.db.session(write=True) as session, session.begin():
            await StatusRepository(session).claim(
                clash,
                dataset_id=dataset_id,
                learner_id=learner_id,
                configuration="elm_transcript_sd_jwt",
                now=services.clock(),
            )
    assert sorted(idx for (idx,) in rows(gw, "SELECT idx FROM credential_status")) == taken
