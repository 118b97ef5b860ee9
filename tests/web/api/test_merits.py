"""GET /api/v1/merits over real HTTP: what our EMREX client verified, in the order it was
verified, with the signed ELMO as received (checked again by xmlsec1, which we did not write)."""

from __future__ import annotations

import asyncio
import base64
import hashlib

from cryptography.hazmat.primitives.serialization import Encoding

from gateway.core.keys import SigningKey
from gateway.flows.api.merits import publish_earlier_imports
from gateway.storage.database import Database
from tests.storage.helpers import execute, rows
from tests.tools import Xmlsec1
from tests.web.api.support import Contract, call, fetch_contract, new_client
from tests.web.emrex.support import (
    CP_ACRONYM,
    KARIN_NO,
    Federation,
    browsing,
    fetch_everything,
)

MERITS = "/api/v1/merits"


async def fetch_results(fed: Federation) -> None:
    """One learner's whole EMREX fetch: the client verifies and stores what the CP sent."""
    async with browsing() as person:
        returned = await fetch_everything(person, fed)
        assert returned.status == 200, returned.text
        assert "Results received" in returned.text


async def test_a_verified_import_is_an_entry_of_the_feed(
    fed: Federation, signing_key: SigningKey, xmlsec1: Xmlsec1
) -> None:
    node = fed.client
    contract = await fetch_contract(node)
    token = await new_client(node, "ladok", "merits:read")
    empty = await call(node, "GET", MERITS, token=token)
    assert empty.body == {"entries": [], "next_cursor": None}
    contract.check_answer(empty, MERITS, "get")

    await fetch_results(fed)
    page = await call(node, "GET", MERITS, token=token)
    assert page.status == 200
    contract.check_answer(page, MERITS, "get")
    (entry,) = page.body["entries"]
    assert page.body["next_cursor"] == entry["id"]
    assert entry["learner"] == {"national_id": KARIN_NO, "id_country": "NO"}
    assert entry["source"]["type"] == "emrex"
    assert entry["source"]["contact_point"] == CP_ACRONYM
    assert entry["source"]["country"] == fed.cp.settings.gateway.country
    verification = entry["verification"]
    certificate = signing_key.certificate
    assert verification["certificate"] == {
        "subject": certificate.subject.rfc4514_string(),
        "issuer": certificate.issuer.rfc4514_string(),
        "sha256": hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest(),
    }
    assert verification["algorithms"]["signature"].endswith("rsa-sha256")
    assert verification["status_check"]["method"] == "emrex-registry"

    elmo = base64.b64decode(entry["elmo"], validate=True)
    ((stored,),) = rows(node.database_url, "SELECT elmo_xml FROM external_imports")
    assert elmo == bytes(stored)  # as received, byte for byte
    checked = xmlsec1.verify(elmo, fed.cp.home / "signing.crt")
    assert checked.returncode == 0, checked.stderr

    results = entry["results"]
    titles = [r["titles"].get("en") for r in results]
    assert "Microeconomic Theory" in titles
    course = results[titles.index("Microeconomic Theory")]
    assert course["institution"]["identifiers"]["schac"] == "su.se"
    assert course["credits_ects"] > 0
    assert course["grade"]
    assert course["grading_scheme"]["id"]
    assert course["status"] == "passed"
    assert course["date"]
    parts = [r for r in results if r["part_of"] is not None]
    assert parts
    assert all(results[r["part_of"]]["institution"] == r["institution"] for r in parts)

    one = await call(node, "GET", f"{MERITS}/{entry['id']}", token=token)
    assert (one.status, one.body) == (200, entry)
    contract.check_answer(one, f"{MERITS}/{{id}}", "get")

    after = await call(node, "GET", f"{MERITS}?after={entry['id']}", token=token)
    assert after.body == {"entries": [], "next_cursor": entry["id"]}
    await _refusals(node, contract, token, int(entry["id"]))


async def _refusals(node: object, contract: Contract, token: str, last: int) -> None:
    for query in (f"after={last + 1}", "after=abc", "after=-1", "limit=0", "limit=100000"):
        answer = await call(node, "GET", f"{MERITS}?{query}", token=token)  # type: ignore[arg-type]
        assert (answer.status, answer.body["error"]) == (400, "invalid_request"), query
        contract.check_answer(answer, MERITS, "get")
    for merit_id, status in ((str(last + 1), 404), ("x1", 400)):
        answer = await call(node, "GET", f"{MERITS}/{merit_id}", token=token)  # type: ignore[arg-type]
        assert answer.status == status
        contract.check_answer(answer, f"{MERITS}/{{id}}", "get")


async def _read_until(node: object, token: str, done: asyncio.Event, seen: list[str]) -> None:
    """A client that stores its cursor: pages of two, over and over, until ``done`` and then
    once more; every entry it ever got, in order."""
    cursor = None
    while True:
        finished = done.is_set()
        query = "limit=2" + (f"&after={cursor}" if cursor else "")
        answer = await call(node, "GET", f"{MERITS}?{query}", token=token)  # type: ignore[arg-type]
        assert answer.status == 200, answer.body
        seen.extend(e["id"] for e in answer.body["entries"])
        cursor = answer.body["next_cursor"]
        if finished and not answer.body["entries"]:
            return
        await asyncio.sleep(0)


async def test_two_readers_miss_nothing_while_imports_are_stored(fed: Federation) -> None:
    node = fed.client
    first = await new_client(node, "ladok", "merits:read")
    second = await new_client(node, "registrar", "merits:read")
    done = asyncio.Event()
    seen: tuple[list[str], list[str]] = ([], [])
    readers = [
        asyncio.create_task(_read_until(node, token, done, into))
        for token, into in ((first, seen[0]), (second, seen[1]))
    ]
    for _ in range(3):  # rounds of two learners' fetches at once
        await asyncio.gather(fetch_results(fed), fetch_results(fed))
    done.set()
    await asyncio.gather(*readers)
    stored = [str(i) for (i,) in rows(node.database_url, "SELECT id FROM api_merits ORDER BY id")]
    assert len(stored) == 6
    assert seen[0] == stored
    assert seen[1] == stored


async def test_imports_stored_before_the_feed_are_published_once(fed: Federation) -> None:
    await fetch_results(fed)
    await fetch_results(fed)
    node = fed.client
    assert execute(node.database_url, "DELETE FROM api_merits") == 2  # as before the feed
    db = Database.open(node.database_url)
    try:
        assert await publish_earlier_imports(db, 1 << 24) == 2
        assert await publish_earlier_imports(db, 1 << 24) == 0
    finally:
        await db.dispose()
    token = await new_client(node, "ladok", "merits:read")
    page = await call(node, "GET", MERITS, token=token)
    (await fetch_contract(node)).check_answer(page, MERITS, "get")
    imports = rows(node.database_url, "SELECT id, certificate_sha256 FROM external_imports")
    published = rows(node.database_url, "SELECT external_import_id FROM api_merits ORDER BY id")
    assert [i for (i,) in published] == sorted(i for i, _ in imports)
    for entry, (_, sha256) in zip(page.body["entries"], sorted(imports), strict=True):
        assert entry["verification"]["certificate"]["sha256"] == sha256
        assert entry["results"]
