"""What one learner's exchange costs on each surface, end to end over HTTP (`make bench-flows`).

A gateway (SQLite, demo dataset ``se``, development login, an RSA-3072 ELMO key) runs in this
process on a free loopback port, with this process's clients on the same event loop. For Karin
Andersson (three institutions, 17 results) it measures, ``--runs`` times each:

- EMREX contact point: the four browser steps of a transfer (``load_client.one_flow``: entry,
  login, select, send), the last one signing her ELMO with its PDF transcript;
- wallet: "Add to wallet" (the offer page with its QR code), then the test wallet of the tests
  (``tests/web/wallet/client.py``: offer, metadata, token, nonce, proof, credential, notification)
  collecting her three ``dc+sd-jwt`` credentials;
- micro-credentials: her Uppsala transcript alone (today's credential, for comparison), one
  course's micro-credential (1DL301: the ELM and the flat one), and every complete course's
  (both formats each), each from "Add to wallet" to the last credential collected;
- OOTS: an EDM 1.0 request without preview — the HTTP 202, then the evidence (ELM JSON-LD + PDF
  per institution) arriving at the requester's endpoint through the outbox;
- status lists (``bench/status_list.py``, issue #15): after the wallet runs, one of the issued
  credentials revoked per run and the 131,072-entry list signed again from the database (the
  work of the next ``GET /status/{list}``), against packing + zlib + ES256 alone; the served
  token's size, and the sizes with 0.1 %, 1 % and 10 % of the entries revoked;
- the integration API (``bench/api_records.py``): ``POST /api/v1/records`` of a 1,000-learner
  document next to ``gateway import`` of the same file (records/s), and reading the merits feed
  (entries/s).

Prints, per measurement, the median and the fastest run in ms, and the sizes of what was sent.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api_records import Figures, merits_out, records_in  # noqa: E402
from load_client import one_flow  # noqa: E402
from status_list import status_list_figures  # noqa: E402

from gateway.core.keys import issue_certificate, make_ca, new_rsa_key  # noqa: E402
from gateway.flows.wallet.kinds.micro import MICRO_FIELD  # noqa: E402
from gateway.storage.database import upgrade_database  # noqa: E402
from tests.storage.helpers import Backend, rows, seed  # noqa: E402
from tests.web.nodes import Node, browser, csrf_of, forms, running_node  # noqa: E402
from tests.web.oots.support import (  # noqa: E402
    SE_TRANSCRIPT,
    Inbox,
    build,
    karin_request,
    node_overrides,
)
from tests.web.oots.support import post_query as post_evidence_request  # noqa: E402
from tests.web.wallet.client import TestWallet  # noqa: E402
from tests.web.wallet.support import add_to_wallet, log_in, offer_page  # noqa: E402

KARIN = "19900315-2389"
Timings = dict[str, list[float]]


async def emrex(node: Node, run: int, timings: Timings) -> None:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        steps = await one_flow(session, node.url, KARIN, run)
        async with session.get(node.path("/transfers")) as page:  # the disclosure was logged
            assert page.status == 200
    for step, start, end in steps:
        timings.setdefault(f"emrex {step}", []).append(end - start)
    timings.setdefault("emrex whole transfer", []).append(steps[-1][2] - steps[0][1])


async def wallet(node: Node, timings: Timings, sizes: dict[str, int]) -> None:
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, node)
        began = time.monotonic()
        page = await add_to_wallet(learner, node)
        offered = time.monotonic()
        _, received = await TestWallet(http).receive_all(page.link, page.tx_code)
        done = time.monotonic()
    timings.setdefault("wallet add-to-wallet page", []).append(offered - began)
    timings.setdefault("wallet 3 credentials collected", []).append(done - offered)
    for index, item in enumerate(received, 1):
        sizes[f"wallet credential {index} (bytes)"] = len(item.credential)


async def _offer(learner: aiohttp.ClientSession, node: Node, fields: list[tuple[str, str]]) -> Any:
    page = await (await learner.get(node.path("/wallet"))).text()
    response = await learner.post(
        node.path("/wallet/offers"), data=[("csrf", csrf_of(page)), *fields]
    )
    text = await response.text()
    assert response.status == 200, text
    return offer_page(text, response.headers)


async def micro(node: Node, timings: Timings, sizes: dict[str, int]) -> None:
    """Today's transcript credential (one institution) next to micro-credentials."""
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, node)
        page = await (await learner.get(node.path("/wallet"))).text()
        (form,) = [f for f in forms(page) if f["action"] == "/wallet/offers"]
        uppsala = [v for n, v, a in form["fields"] if n == "result" and "checked" in a][:1]
        courses = [v for n, v, _ in form["fields"] if n == MICRO_FIELD]
        database = [v for v in courses if v == _result_of(node, "1DL301")]
        for name, fields in (
            ("transcript, 1 institution", [("result", r) for r in uppsala]),
            ("micro, 1 course", [(MICRO_FIELD, c) for c in database]),
            (f"micro, {len(courses)} courses", [(MICRO_FIELD, c) for c in courses]),
        ):
            began = time.monotonic()
            offered = await _offer(learner, node, fields)
            _, received = await TestWallet(http).receive_all(offered.link, offered.tx_code)
            count = f"{len(received)} credential{'s' if len(received) > 1 else ''}"
            timings.setdefault(f"wallet {name} ({count})", []).append(time.monotonic() - began)
            if name.endswith("courses"):
                total = sum(len(item.credential) for item in received)
                sizes[f"wallet {name}: all {len(received)} credentials (bytes)"] = total
            else:
                for index, item in enumerate(received, 1):
                    sizes[f"wallet {name}: credential {index} (bytes)"] = len(item.credential)


def _result_of(node: Node, code: str) -> str:
    ((result_id,),) = rows(
        node.database_url,
        "SELECT r.id FROM results r JOIN learners l ON l.id = r.learner_id JOIN opportunities "
        "o ON o.id = r.opportunity_id WHERE l.national_id = ? AND o.code = ?",
        KARIN,
        code,
    )
    return str(result_id)


async def oots(node: Node, inbox: Inbox, timings: Timings, sizes: dict[str, int]) -> None:
    body = build(karin_request(evidence_type=SE_TRANSCRIPT))  # the figures measured so far
    before = len(inbox.deliveries)
    began = time.monotonic()
    status, _, _ = await post_evidence_request(node.url, body)
    accepted = time.monotonic()
    assert status == 202, status
    delivered = (await inbox.wait_for(before + 1, seconds=60))[-1]
    arrived = time.monotonic()
    timings.setdefault("oots request → 202", []).append(accepted - began)
    timings.setdefault("oots request → evidence delivered", []).append(arrived - began)
    sizes["oots evidence message (bytes)"] = len(delivered.body)


async def measure(
    runs: int, schema_dir: Path, folder: Path
) -> tuple[Timings, dict[str, int], Figures, list[str]]:
    template = Backend().template(folder / "migrated", upgrade_database)
    seeded = template.derive(folder / "seeded", lambda url: seed(url, "se"))
    ca = make_ca("Bench CA", "emrex-gateway bench", "SE")
    key = issue_certificate(ca, new_rsa_key(), "Bench EMP", "emrex-gateway bench", "SE")
    inbox = Inbox()
    await inbox.start()
    timings: Timings = {}
    sizes: dict[str, int] = {}
    try:
        # No registry and plain http (no previews) are expected here: keep their warnings out.
        overrides = {**node_overrides(inbox), "logging": {"level": "ERROR", "format": "text"}}
        async with running_node(folder / "gw", seeded, key, schema_dir, overrides) as node:
            rounds: list[Callable[[int], Awaitable[None]]] = [
                lambda run: emrex(node, run, timings),
                lambda run: wallet(node, timings, sizes),
                lambda run: micro(node, timings, sizes),
                lambda run: oots(node, inbox, timings, sizes),
            ]
            for job in rounds:
                await job(0)  # warm-up: caches, first connections, lazy imports
                timings.clear()
            for run in range(1, runs + 1):
                for job in rounds:
                    await job(run)
            status_lines = await status_list_figures(node, runs)
    finally:
        await inbox.stop()
    figures = await records_in(folder / "records", template, key, schema_dir, min(runs, 3))
    figures.update(await merits_out(folder / "merits", seeded, key, schema_dir))
    return timings, sizes, figures, status_lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="measured runs of each exchange")
    parser.add_argument("--schemas", default=os.environ.get("GATEWAY_SCHEMAS", "var/schemas"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        timings, sizes, figures, status_lines = asyncio.run(
            measure(args.runs, Path(args.schemas), Path(tmp))
        )
    print(f"one learner at a time, {args.runs} runs each; ms (median / fastest)")
    width = max(len(name) for name in [*timings, *sizes])
    for name, values in timings.items():
        ms = [v * 1000 for v in values]
        print(f"  {name:<{width}}  {statistics.median(ms):8.1f} / {min(ms):8.1f}")
    for name, size in sizes.items():
        print(f"  {name:<{width}}  {size:>8}")
    floor = next((v for k, v in timings.items() if k.startswith("wallet transcript, 1")), None)
    if floor:
        print("micro-credentials against today's transcript credential (1 institution), medians:")
        for name, values in timings.items():
            if name.startswith("wallet micro"):
                ratio = statistics.median(values) / statistics.median(floor)
                print(f"  {name:<{width}}  {ratio:8.2f}×")
    print("\n".join(status_lines))
    print(f"integration API (fastest of {min(args.runs, 3)} for records); seconds, per second")
    width = max(len(name) for name in figures)
    for name, (seconds, rate) in figures.items():
        if seconds:
            print(f"  {name:<{width}}  {seconds:8.3f} s  {rate:10.0f}/s")
        else:
            print(f"  {name}")


if __name__ == "__main__":
    main()
