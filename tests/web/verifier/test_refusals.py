"""Every negative case of issue #14 against a running gateway: each is refused with its own
stored reason code, the wallet gets only the spec's error code, and nothing is imported."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from gateway.core.keys import SigningKey
from gateway.web import appkeys
from tests.web.emrex.support import SARA_SE
from tests.web.nodes import Node, browser
from tests.web.verifier.forge import forged, self_signed_ec, untrusted_key
from tests.web.verifier.holder import Holder, Posted, Request, tampered
from tests.web.verifier.support import (
    issued_credentials,
    poll,
    start_presentation,
    transactions,
    wallet_imports,
)
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import log_in, rows

Case = Callable[[Request], Awaitable[Posted]]


def reason_of(node: Node, request: Request) -> tuple[str | None, str | None]:
    tx_id = request.request_uri.rsplit("/", 1)[-1].split("?")[0]
    ((outcome, reason),) = rows(
        node, "SELECT outcome, reason FROM verifier_transactions WHERE id = ?", tx_id
    )
    return outcome, reason


async def test_each_refusal_has_its_own_reason_and_stores_nothing(
    gw: Node, wallet_issuer_key: SigningKey
) -> None:
    async with aiohttp.ClientSession() as http, browser() as learner:
        wallet = TestWallet(http)
        (credential, *_) = await issued_credentials(gw, wallet)
        holder = Holder(http, wallet.key)
        await log_in(learner, gw)

        async def fresh() -> Request:
            return await holder.fetch_request((await start_presentation(learner, gw)).link)

        def sent(make: Callable[[Request], str], **options: Any) -> Case:
            return lambda request: holder.respond(request, make(request), **options)

        earlier = await fresh()  # an abandoned transaction whose nonce a thief replays
        replayed = holder.presentation(credential, earlier)
        other = await fresh()  # its key is not the next transaction's
        holder_jwk = wallet.public_jwk

        async def plain_vp_token(request: Request) -> Posted:
            token = {request.query_id: [holder.presentation(credential, request)]}
            form = {"vp_token": json.dumps(token), "state": request.claims["state"]}
            return await holder.post(request, form)

        async def other_key(request: Request) -> Posted:
            presentation = holder.presentation(credential, request)
            return await holder.respond(request, presentation, to=other.encryption_jwk)

        cases: list[tuple[str, Case]] = [
            ("key_binding_wrong_nonce", sent(lambda r: replayed)),
            (
                "key_binding_wrong_aud",
                sent(lambda r: holder.presentation(credential, r, aud="x509_san_dns:127.0.0.1")),
            ),
            (
                "credential_expired",
                sent(
                    lambda r: holder.presentation(
                        forged(wallet_issuer_key, holder_jwk, expired=True, issuer=gw.url), r
                    )
                ),
            ),
            (
                "disclosure_unreferenced",
                sent(
                    lambda r: tampered(
                        holder.presentation(credential, r),
                        wallet.key,
                        r.client_id,
                        r.claims["nonce"],
                    )
                ),
            ),
            (
                "issuer_untrusted",
                sent(lambda r: holder.presentation(forged(untrusted_key(), holder_jwk), r)),
            ),
            (
                # our trusted CA's own issuer key, but an iss its certificate does not name
                "issuer_mismatch",
                sent(lambda r: holder.presentation(forged(wallet_issuer_key, holder_jwk), r)),
            ),
            (
                "issuer_x5c_self_signed",
                sent(lambda r: holder.presentation(forged(self_signed_ec(), holder_jwk), r)),
            ),
            (
                "wrong_vct",
                sent(
                    lambda r: holder.presentation(
                        forged(wallet_issuer_key, holder_jwk, vct="urn:eudi:pid:1", issuer=gw.url),
                        r,
                    )
                ),
            ),
            (
                "missing_key_binding",
                sent(lambda r: holder.presentation(credential, r, nonce="")),
            ),
            (
                "jwe_enc_not_allowed",
                sent(lambda r: holder.presentation(credential, r), enc="A192GCM"),
            ),
            ("jwe_wrong_key", other_key),
            ("wrong_response_mode", plain_vp_token),
            (
                "state_mismatch",
                sent(lambda r: holder.presentation(credential, r), state="not-the-state"),
            ),
        ]
        for expected, case in cases:
            request = await fresh()
            posted = await case(request)
            assert posted.status == 400, (expected, posted.body)
            assert posted.body == {"error": "invalid_request"}, expected  # no internals
            assert reason_of(gw, request) == ("refused", expected)

        # an expired transaction: the presentation is fine, the time is not
        request = await fresh()
        services = gw.app[appkeys.SERVICES]
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=30)
        services.clock = lambda: later
        try:
            posted = await holder.respond(request, holder.presentation(credential, request))
        finally:
            services.clock = lambda: dt.datetime.now(dt.UTC)
        assert posted.status == 400
        assert reason_of(gw, request) == ("refused", "transaction_expired")

        # the learner declines in the wallet: recorded, and the page says so
        page = await start_presentation(learner, gw)
        request = await holder.fetch_request(page.link)
        posted = await holder.post(
            request, {"error": "access_denied", "state": request.claims["state"]}
        )
        assert posted.status == 200
        assert reason_of(gw, request) == ("declined", "wallet_declined")
        shown = await poll(learner, page)
        assert (shown["outcome"], shown["reason"]) == ("declined", "wallet_declined")

        assert wallet_imports(gw) == 0
        (merits,) = rows(gw, "SELECT count(*) FROM api_merits")[0]
        assert merits == 0
        logged = operator_log(gw)
        for expected, _ in cases:
            assert f"\trefused\t{expected}\t" in logged, expected
        assert "\tdeclined\twallet_declined\t" in logged


async def test_one_response_per_transaction_and_one_request_fetch(gw: Node) -> None:
    async with aiohttp.ClientSession() as http, browser() as learner:
        wallet = TestWallet(http)
        (credential, *_) = await issued_credentials(gw, wallet)
        holder = Holder(http, wallet.key)
        await log_in(learner, gw)
        page = await start_presentation(learner, gw)
        request = await holder.fetch_request(page.link)
        again = await http.get(request.request_uri, allow_redirects=False)
        assert again.status == 409  # the request object goes out once
        assert (await again.json()) == {"error": "invalid_request"}
        unknown = await http.get(request.request_uri + "x", allow_redirects=False)
        assert unknown.status == 404

        token = holder.encrypt(
            {
                "vp_token": {request.query_id: [holder.presentation(credential, request)]},
                "state": request.claims["state"],
            },
            request.encryption_jwk,
        )
        first = await holder.post(request, {"response": token})
        assert first.status == 200, first.body
        replay = await holder.post(request, {"response": token})
        assert replay.status == 400
        assert replay.body == {"error": "invalid_request"}
        ((outcome, reason, _, import_id, _),) = transactions(gw)
        assert (outcome, reason) == ("verified", None)  # unchanged by the replay
        assert import_id is not None
        assert wallet_imports(gw) == 1


async def test_a_credential_about_someone_else_is_refused(gw: Node) -> None:
    async with aiohttp.ClientSession() as http, browser() as learner:
        wallet = TestWallet(http)
        (credential, *_) = await issued_credentials(gw, wallet)  # Karin's
        holder = Holder(http, wallet.key)
        await log_in(learner, gw, SARA_SE)
        page = await start_presentation(learner, gw)
        request = await holder.fetch_request(page.link)
        posted = await holder.respond(request, holder.presentation(credential, request))
        assert posted.status == 400
        assert posted.body == {"error": "access_denied"}
        assert reason_of(gw, request) == ("refused", "person_mismatch")
        shown = await poll(learner, page)
        assert shown["reason"] == "person_mismatch"
        assert "not about you" in shown["message"]
        assert wallet_imports(gw) == 0


def operator_log(node: Node) -> str:
    """`gateway verifier log` run as an operator would, on the node's database."""
    config = node.home / "operator.toml"
    config.write_text(
        f"""
[gateway]
environment = "test"
[server]
public_url = "{node.url}"
[database]
url = "{node.database_url}"
[signing]
cert = "{node.home}/signing.crt"
key = "{node.home}/signing.key"
[schemas]
dir = "{node.settings.schemas.dir}"
""",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "gateway", "--config", str(config), "verifier", "log"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
