"""Several gateway processes on one database: any process serves any step of a flow.

Two `gateway serve` processes (ports A and B, one database, one ``public_url`` as behind a load
balancer) take turns: every step of an EMREX transfer and of an OpenID4VCI issuance lands on
the other process than the step before. `gateway serve --workers 2` answers from two pids and
stops cleanly on SIGTERM; a crashed worker is replaced, one that cannot start stops them all.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from aiohttp.test_utils import unused_port

from gateway.core.elmo.pack import unpack_elmo
from gateway.core.elmo.signature import verify_elmo
from gateway.core.keys import SigningKey, issue_certificate, new_ec_key
from tests.core.oid4vci.support import library_verify
from tests.storage.helpers import Template, rows
from tests.web.nodes import browser, csrf_of, default_wallet_key, forms
from tests.web.processes import ROOT, Deployment, log_of, serving, write_deployment
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import offer_page, own_result_ids

KARIN = "19900315-2389"


class Pair:
    """Processes A and B of one deployment; ``other`` alternates, so no two steps in a row
    are served by the same process."""

    def __init__(self, deployment: Deployment, a: int, b: int) -> None:
        self.deployment = deployment
        self.origins = [f"http://127.0.0.1:{a}", f"http://127.0.0.1:{b}"]
        self.turn = 0

    def next(self, path_or_url: str) -> str:
        """The URL on the process whose turn it is (a public URL is moved to it)."""
        parts = urlsplit(path_or_url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        origin = self.origins[self.turn % 2]
        self.turn += 1
        return origin + path


@pytest.fixture
async def pair(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, dev_ca: SigningKey,
    schema_dir: Path,
) -> AsyncIterator[Pair]:  # fmt: skip
    wallet_key = issue_certificate(dev_ca, new_ec_key(), "Wallet issuer", "tests", "SE")
    a, b = unused_port(), unused_port()
    database = seeded_template.clone(tmp_path / "gw")
    deployment = write_deployment(tmp_path / "gw", database, signing_key, wallet_key, schema_dir, a)
    async with AsyncExitStack() as stack:
        await asyncio.gather(
            stack.enter_async_context(serving(deployment, port=a)),
            stack.enter_async_context(serving(deployment, port=b)),
        )
        yield Pair(deployment, a, b)


async def _page(response: aiohttp.ClientResponse) -> tuple[str, str]:
    text = await response.text()
    assert response.status == 200, text[:2000]
    return str(response.url), text


async def _redirect(response: aiohttp.ClientResponse) -> str:
    assert response.status in (302, 303), await response.text()
    return response.headers["Location"]


def _form(text: str, action_part: str) -> dict[str, Any]:
    (form,) = [f for f in forms(text) if action_part in f["action"]]
    return form


async def test_an_emrex_transfer_with_every_step_on_the_other_process(
    pair: Pair, signing_key: SigningKey
) -> None:
    async with browser() as person:
        entry = {"sessionId": "s-1", "returnUrl": "http://127.0.0.1:9/return"}
        url, _ = await _page(await person.post(pair.next("/emrex"), data=entry))
        next_url = parse_qs(urlsplit(url).query)["next"][0]  # the login page, then the request
        _, login = await _page(await person.get(pair.next(f"/login?next={next_url}")))
        form = {"csrf": csrf_of(login), "national_id": KARIN, "next": next_url}
        await _redirect(await person.post(pair.next("/login"), data=form, allow_redirects=False))
        _, selection = await _page(await person.get(pair.next(next_url)))
        select = _form(selection, "/select")
        ids = [v for n, v, _ in select["fields"] if n == "result"]
        chosen = [("csrf", csrf_of(selection)), *[("result", i) for i in ids[:3]]]
        consent_url = await _redirect(
            await person.post(pair.next(select["action"]), data=chosen, allow_redirects=False)
        )
        _, consent = await _page(await person.get(pair.next(consent_url)))
        send = _form(consent, "/send")
        fields = {n: v for n, v, _ in send["fields"]} | {"consent": "yes"}
        _, answer = await _page(await person.post(pair.next(send["action"]), data=fields))
        returned = {n: v for n, v, _ in forms(answer)[0]["fields"]}
        _, transfers = await _page(await person.get(pair.next("/transfers")))
    assert pair.turn == 8  # eight steps, taking turns
    assert (returned["sessionId"], returned["returnCode"]) == ("s-1", "NCP_OK")
    xml = unpack_elmo(returned["elmo"], max_packed_bytes=10**7, max_xml_bytes=10**8)
    verify_elmo(xml, [signing_key.certificate])
    assert "127.0.0.1" in transfers  # the disclosure log, read by the other process


async def test_a_wallet_issuance_with_every_step_on_the_other_process(
    pair: Pair, dev_ca: SigningKey
) -> None:
    issuer = pair.deployment.public_url
    async with browser() as person, aiohttp.ClientSession() as http:
        _, login = await _page(await person.get(pair.next("/login?next=/wallet")))
        form = {"csrf": csrf_of(login), "national_id": KARIN, "next": "/wallet"}
        await _redirect(await person.post(pair.next("/login"), data=form, allow_redirects=False))
        _, wallet_page = await _page(await person.get(pair.next("/wallet")))
        chosen = [("csrf", csrf_of(wallet_page))]
        chosen += [("result", r) for r in own_result_ids(wallet_page)]
        response = await person.post(pair.next("/wallet/offers"), data=chosen)
        _, text = await _page(response)
        offer = offer_page(text, response.headers)

        wallet = TestWallet(http)
        (offer_uri,) = parse_qs(urlsplit(offer.link).query)["credential_offer_uri"]
        reply = await wallet.get_json(pair.next(offer_uri))
        assert reply.status == 200, reply.body
        assert reply.body["credential_issuer"] == issuer
        code = reply.body["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"]
        metadata, auth = await wallet.metadata(issuer)
        token = await wallet.token(
            pair.next(auth["token_endpoint"]), code["pre-authorized_code"], offer.tx_code
        )
        assert token.status == 200, token.body
        access = token.body["access_token"]
        (details,) = token.body["authorization_details"]
        identifiers = details["credential_identifiers"]
        assert len(identifiers) == 3  # one dataset per institution
        received = []
        for identifier in identifiers:
            nonce = await wallet.nonce(pair.next(metadata["nonce_endpoint"]))
            proof = wallet.proof(issuer, nonce)
            body = {"credential_identifier": identifier, "proofs": {"jwt": [proof]}}
            reply = await wallet.credential(
                pair.next(metadata["credential_endpoint"]), access, body
            )
            assert reply.status == 200, reply.body
            received.append(reply.body)
        for item in received:
            done = await wallet.notify(
                pair.next(metadata["notification_endpoint"]),
                access,
                item["notification_id"],
                "credential_accepted",
            )
            assert done.status == 204, done.body
    for item in received:
        (credential,) = item["credentials"]
        checked = library_verify(credential["credential"], dev_ca.certificate)
        assert checked.signed_payload["iss"] == issuer
    url = pair.deployment.database_url
    assert rows(url, "SELECT count(*) FROM wallet_credentials") == [(3,)]
    assert rows(url, "SELECT count(*) FROM wallet_notifications") == [(3,)]


async def test_workers_serve_from_several_processes_and_stop_on_sigterm(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    port = unused_port()
    database = seeded_template.clone(tmp_path / "gw")
    deployment = write_deployment(
        tmp_path / "gw", database, signing_key, default_wallet_key(), schema_dir, port
    )
    pids: set[int] = set()
    async with serving(deployment, port=port, workers=2) as supervisor:
        connector = aiohttp.TCPConnector(force_close=True)  # a new connection every time
        async with aiohttp.ClientSession(connector=connector) as client:
            for _ in range(200):
                async with client.get(f"http://127.0.0.1:{port}/healthz") as response:
                    pids.add(int((await response.json())["pid"]))
                if len(pids) == 2:
                    break
        assert supervisor.pid not in pids
    assert len(pids) == 2, log_of(deployment, port)
    assert supervisor.returncode == 0, log_of(deployment, port)
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # reaped by the supervisor, nothing left behind
    assert log_of(deployment, port).count("gateway started") == 2


def test_workers_refuse_a_port_in_use_and_a_bad_count(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        database = seeded_template.clone(tmp_path / "gw")
        deployment = write_deployment(
            tmp_path / "gw", database, signing_key, default_wallet_key(), schema_dir, port
        )
        for workers, message in (("2", f"cannot listen on 127.0.0.1:{port}"), ("0", "at least")):
            done = subprocess.run(
                [sys.executable, "-m", "gateway", "--config", str(deployment.config),
                 "serve", "--workers", workers],
                capture_output=True, text=True, timeout=60, check=False, cwd=ROOT,
            )  # fmt: skip
            assert done.returncode == 1, done.stdout + done.stderr
            assert message in done.stderr


SUPERVISED = """
import os, signal, sys, time
from pathlib import Path
from gateway.web import workers
from tests.tools import settings_for

workers.RESTART_AFTER_S = 0.5
marks, mode = Path(sys.argv[1]), sys.argv[2]

def worker(settings, sock):
    (marks / str(os.getpid())).write_text(str(sock.getsockname()[1]))
    if mode == "crash-early":
        os._exit(3)
    try:  # the first worker to get here crashes after a while
        os.close(os.open(marks.parent / "first", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        signal.pause()
    time.sleep(1.0)
    os._exit(3)

sys.exit(workers.serve_workers(settings_for(Path("/x"), server={"port": 0}), 2, worker))
"""


def test_a_crashed_worker_is_replaced(tmp_path: Path) -> None:
    """A worker dying after ``RESTART_AFTER_S`` gets a successor on the same port."""
    marks = tmp_path / "marks"
    marks.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", SUPERVISED, str(marks), "crash-late"], cwd=ROOT
    )
    try:
        for _ in range(200):
            if len(list(marks.iterdir())) >= 3:
                break
            time.sleep(0.05)
        time.sleep(0.3)
        assert process.poll() is None, "a replaced worker keeps the server up"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert len(list(marks.iterdir())) == 3  # two, then one successor
    assert len({m.read_text() for m in marks.iterdir()}) == 1  # one port for every worker


def test_a_worker_that_cannot_start_stops_them_all(tmp_path: Path) -> None:
    marks = tmp_path / "marks"
    marks.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", SUPERVISED, str(marks), "crash-early"],
        cwd=ROOT, timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert 1 <= len(list(marks.iterdir())) <= 2  # no successor
