"""The real flows at DEBUG in JSON: every line has a request id, none a secret or a person.

One test drives login, an EMREX exchange between two gateways, a wallet issuance and an OOTS
exchange with a preview, with the gateway's own logging set up as `[logging] level = "DEBUG"`,
`format = "json"` would, and then looks for every national id, name, token, code, nonce,
cookie and key the flows handled in what was logged.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
from aiohttp.test_utils import TestServer, unused_port

from gateway.core.keys import SigningKey, issue_certificate, new_rsa_key
from gateway.logs import configure_logging
from gateway.web.access_log import access_log_options
from gateway.web.app import create_app
from tests.storage.helpers import Template
from tests.web.emrex.support import (
    KARIN_NO,
    KARIN_SE,
    Browser,
    answer_fields,
    arrive_at_cp,
    browsing,
    checkbox_ids,
    choose_and_consent,
    federation,
    start_fetch,
)
from tests.web.nodes import Node, node_settings, prepare_home, running_node
from tests.web.oots.support import (
    Inbox,
    build,
    decide,
    karin_request,
    log_in_at,
    node_overrides,
    post_query,
    second_request,
    source_keys,
    tls_browser,
)
from tests.web.oots.tls import Tls, make_tls
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import add_to_wallet, log_in

PEOPLE = ("Karin", "Andersson", "1990-03-15", "19900315", "900315-2389", "199003152389")


@contextmanager
def json_logs_at_debug() -> Iterator[io.StringIO]:
    """The gateway's logging as `gateway serve` sets it up, into a buffer; restored afterwards."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    levels = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    stream = io.StringIO()
    configure_logging("DEBUG", "json", stream=stream)
    try:
        yield stream
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def cookies(*sessions: aiohttp.ClientSession) -> list[str]:
    return [cookie.value for s in sessions for cookie in s.cookie_jar if len(cookie.value) > 8]


def csrf_tokens(html: str) -> list[str]:
    return re.findall(r'name="csrf" value="([^"]+)"', html)


async def emrex_exchange(fed: Any, person: Browser, secrets: list[str]) -> None:
    started = await start_fetch(person, fed)
    secrets.append(answer_fields(started)["sessionId"])
    selection = await arrive_at_cp(person, fed, started, KARIN_SE)
    secrets += csrf_tokens(selection.text)
    answered = await choose_and_consent(person, selection, checkbox_ids(selection))
    fields = answer_fields(answered)
    secrets.append(fields["elmo"][:200])
    assert (await person.submit(answered, "/client/return")).status == 200
    secrets += cookies(*person._sessions.values())


async def wallet_issuance(node: Node, secrets: list[str]) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as learner:
        await log_in(learner, node)
        page = await add_to_wallet(learner, node)
        secrets += cookies(learner) + csrf_tokens(page.html)
    offer_uri = parse_qs(urlsplit(page.link).query)["credential_offer_uri"][0]
    secrets += [page.tx_code, offer_uri.rsplit("/", 1)[1]]
    async with aiohttp.ClientSession() as http:
        wallet = TestWallet(http)
        session, received = await wallet.receive_all(page.link, page.tx_code)
        grant = session.offer["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"]
        secrets += [grant["pre-authorized_code"], session.access_token]
        secrets += [item.credential.split("~")[0] for item in received]
        secrets.append(await wallet.nonce(node.path("/nonce")))
        secrets.append(wallet.proof(node.url, "nonce-value-1234"))


async def oots_exchange(node: Node, inbox: Inbox, tls: Tls, secrets: list[str]) -> None:
    first = karin_request(preview=True)
    status, _, _ = await post_query(node.url, build(first), ssl_context=tls.client_context())
    assert status == 202
    (preview,) = await inbox.wait_for(1)
    location = preview.summary().preview_location
    assert location is not None
    secrets.append(location.rsplit("/", 1)[1])
    async with tls_browser(tls.client_context()) as learner:
        html = await log_in_at(learner, location, KARIN_SE)
        keys = source_keys(html)  # the EU-wide diploma type: Karin's degree
        assert keys
        await decide(learner, location, html, send=True, sources=keys)
        secrets += cookies(learner) + csrf_tokens(html)
    second = second_request(first, location)
    status, _, _ = await post_query(node.url, build(second), ssl_context=tls.client_context())
    assert status == 202
    await inbox.wait_for(2)


async def test_no_personal_data_tokens_or_keys_reach_the_logs(
    tmp_path: Path,
    seeded_template: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    dev_ca: SigningKey,
    schema_dir: Path,
) -> None:
    client_key = issue_certificate(dev_ca, new_rsa_key(), "Client", "tests", "NO")
    tls = make_tls(tmp_path / "tls")
    secrets: list[str] = []
    inbox = Inbox()
    await inbox.start()
    try:
        with json_logs_at_debug() as stream:
            async with (
                federation(
                    tmp_path,
                    seeded_template,
                    seeded_no_template,
                    signing_key,
                    client_key,
                    schema_dir,
                ) as fed,
                browsing() as person,
            ):
                await emrex_exchange(fed, person, secrets)
                await wallet_issuance(fed.cp, secrets)
            async with running_node(
                tmp_path / "provider",
                seeded_template,
                signing_key,
                schema_dir,
                node_overrides(inbox),
                tls=tls.server_context(),
            ) as provider:
                await oots_exchange(provider, inbox, tls, secrets)
    finally:
        await inbox.stop()
    text = stream.getvalue()
    lines = [json.loads(line) for line in text.splitlines()]
    assert len(lines) >= 15, text  # the flows did log
    for entry in lines:
        assert entry["request_id"], entry  # every line: a request's, a task's or start-up's
    pem = signing_key.certificate_pem.splitlines()[1]
    forbidden = [*PEOPLE, KARIN_NO, KARIN_SE, pem, "PRIVATE KEY", *secrets]
    leaked = [s for s in forbidden if s and s in text]
    assert not leaked, [line for line in text.splitlines() if any(s in line for s in leaked)]


async def test_access_log_lines_carry_the_request_id_and_never_the_path(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    """`[logging] access_log`: one line per request, after the request's context has ended."""
    url = prepare_home(tmp_path, seeded_template, signing_key)
    overrides = {"logging": {"access_log": True}}
    settings = node_settings(tmp_path, unused_port(), schema_dir, overrides, url)
    server = TestServer(create_app(settings), host="127.0.0.1", port=settings.server.port)
    offer_token = "SECRETofferTOKEN0123456789abcdef"
    with json_logs_at_debug() as stream:
        await server.start_server(**access_log_options(settings))
        try:
            async with aiohttp.ClientSession() as http:
                async with http.get(
                    settings.server.public_url + f"/credential-offer/{offer_token}"
                ) as r:
                    assert r.status == 404
                    rid = r.headers["X-Request-ID"]
                async with http.get(settings.server.public_url + "/healthz?token=abc") as r:
                    assert r.status == 200
        finally:
            await server.close()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "gateway.access"]
    assert [(a["route"], a["status"]) for a in access] == [
        ("/credential-offer/{token}", 404),
        ("/healthz", 200),
    ]
    assert access[0]["request_id"] == rid
    refused = [line for line in lines if line["message"] == "request refused"]
    assert refused[0]["request_id"] == rid  # the same id as the handler's own lines
    assert offer_token not in stream.getvalue()
    assert "token=abc" not in stream.getvalue()
