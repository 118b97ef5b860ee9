"""Bad calls to /api/v1 over real HTTP: each its status and a problem+json body the contract
describes, and nothing written."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from gateway.core.demo import demo_document
from gateway.core.keys import SigningKey
from gateway.flows.api.clients import revoke_client
from gateway.storage.database import Database
from tests.storage.helpers import Template, dump
from tests.web.api.support import Answer, Contract, call, new_client
from tests.web.nodes import Node, running_node

RECORDS = "/api/v1/records"
MERITS = "/api/v1/merits"
DOCUMENT = json.dumps(demo_document("se")).encode()
NEVER_ISSUED = "gwapi_0123456789abcdef_" + "A" * 43


def _refused(answer: Answer, status: int, error: str, contract: Contract, path: str) -> None:
    assert answer.status == status, answer.body
    assert answer.body["error"] == error
    assert answer.body["status"] == status
    contract.check_answer(answer, path, "post" if path == RECORDS else "get")


async def test_unknown_revoked_and_unscoped_clients_are_refused(
    api_node: Node, contract: Contract
) -> None:
    writer = await new_client(api_node, "ladok", "records:write")
    reader = await new_client(api_node, "reader", "merits:read")
    gone = await new_client(api_node, "gone", "records:write", "merits:read")
    db = Database.open(api_node.database_url)
    try:
        await revoke_client(db, "gone", datetime.now(UTC))
    finally:
        await db.dispose()
    wrong_secret = writer[:-4] + "AAAA"
    before = dump(api_node.database_url)
    for token in (None, NEVER_ISSUED, wrong_secret, gone, "not-a-secret"):
        answer = await call(api_node, "POST", RECORDS, token=token, data=DOCUMENT)
        _refused(answer, 401, "unauthorized", contract, RECORDS)
        assert answer.headers["WWW-Authenticate"].startswith("Bearer ")
        listed = await call(api_node, "GET", MERITS, token=token)
        _refused(listed, 401, "unauthorized", contract, MERITS)
    no_scope = await call(api_node, "POST", RECORDS, token=reader, data=DOCUMENT)
    _refused(no_scope, 403, "insufficient_scope", contract, RECORDS)
    assert "records:write" in no_scope.body["detail"]
    _refused(await call(api_node, "GET", MERITS, token=writer), 403, "insufficient_scope",
             contract, MERITS)  # fmt: skip
    assert dump(api_node.database_url) == before


async def test_bad_bodies_are_refused_before_anything_is_written(
    api_node: Node, contract: Contract
) -> None:
    token = await new_client(api_node, "ladok", "records:write")
    before = dump(api_node.database_url)
    cases = [
        (b'{"format": "emrex-gateway/records", "version": 1,', "application/json", 400,
         "malformed_json"),
        (b"\xff\xfe not utf-8", "application/json", 400, "malformed_json"),
        (b"[1, 2]", "application/json", 400, "malformed_json"),
        (DOCUMENT, "text/csv", 415, "unsupported_media_type"),
        (DOCUMENT, "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b" " * 1_000_001, "application/json", 413, "payload_too_large"),
    ]  # fmt: skip
    for data, content_type, status, error in cases:
        answer = await call(
            api_node, "POST", RECORDS, token=token, data=data, content_type=content_type
        )
        _refused(answer, status, error, contract, RECORDS)
    bad_key = await call(
        api_node, "POST", RECORDS, token=token, data=DOCUMENT, headers={"Idempotency-Key": "a b"}
    )
    _refused(bad_key, 400, "invalid_request", contract, RECORDS)
    assert dump(api_node.database_url) == before


async def _chunks(total: int) -> AsyncIterator[bytes]:
    for _ in range(total // 65536 + 1):
        yield b" " * 65536


async def test_a_body_without_length_is_cut_off_at_the_limit(
    api_node: Node, contract: Contract
) -> None:
    token = await new_client(api_node, "ladok", "records:write")
    before = dump(api_node.database_url)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as http:
        try:
            async with http.post(
                api_node.path(RECORDS), data=_chunks(4_000_000), headers=headers
            ) as response:
                answer = Answer(response.status, dict(response.headers), await response.json())
        except aiohttp.ClientOSError:
            pytest.fail("the gateway closed the connection without an answer")
    assert "Content-Length" not in headers
    _refused(answer, 413, "payload_too_large", contract, RECORDS)
    assert dump(api_node.database_url) == before


async def test_a_slow_client_gets_408_and_nothing_is_written(
    api_node: Node, contract: Contract
) -> None:
    token = await new_client(api_node, "ladok", "records:write")
    before = dump(api_node.database_url)
    reader, writer = await asyncio.open_connection("127.0.0.1", api_node.settings.server.port)
    head = (
        f"POST {RECORDS} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(DOCUMENT)}\r\n\r\n"
    )
    writer.write(head.encode() + DOCUMENT[:100])  # … and the rest never comes
    await writer.drain()
    response = await asyncio.wait_for(reader.read(), timeout=30)
    writer.close()
    status_line, _, rest = response.partition(b"\r\n")
    assert status_line == b"HTTP/1.1 408 Request Timeout"
    body = json.loads(rest.partition(b"\r\n\r\n")[2])
    _refused(
        Answer(408, {"Content-Type": "application/problem+json"}, body),
        408,
        "request_timeout",
        contract,
        RECORDS,
    )
    assert dump(api_node.database_url) == before


async def test_every_call_is_counted_per_client_and_logged_without_personal_data(
    api_node: Node, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="gateway")
    token = await new_client(api_node, "ladok", "records:write")
    assert (await call(api_node, "POST", RECORDS, token=token, data=DOCUMENT)).status == 200
    assert (await call(api_node, "GET", MERITS, token=token)).status == 403
    assert (await call(api_node, "GET", MERITS)).status == 401
    async with aiohttp.ClientSession() as http, http.get(api_node.path("/metrics")) as response:
        metrics = await response.text()
    for line in (
        'gateway_api_requests_total{client="ladok",operation="postRecords",status="200"} 1.0',
        'gateway_api_requests_total{client="ladok",operation="listMerits",status="403"} 1.0',
        'gateway_api_requests_total{client="-",operation="listMerits",status="401"} 1.0',
    ):
        assert line in metrics, [m for m in metrics.splitlines() if "api_requests_total" in m]
    calls = [r for r in caplog.records if r.getMessage() == "api call"]
    assert [(r.client, r.operation, r.status) for r in calls] == [  # type: ignore[attr-defined]
        ("ladok", "postRecords", 200),
        ("ladok", "listMerits", 403),
        ("-", "listMerits", 401),
    ]
    logged = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    for learner in demo_document("se")["learners"]:
        assert learner["national_id"] not in logged
        assert learner["family_name"] not in logged
    assert token.split("_")[-1] not in logged


async def test_unknown_paths_and_methods_under_the_api_answer_json(
    api_node: Node, contract: Contract, tmp_path: Path
) -> None:
    missing = await call(api_node, "GET", "/api/v1/nothing-here")
    assert (missing.status, missing.body["error"]) == (404, "not_found")
    contract.check(missing.body, "Problem")
    wrong = await call(api_node, "DELETE", RECORDS)
    assert (wrong.status, wrong.body["error"]) == (405, "method_not_allowed")
    contract.check(wrong.body, "Problem")


async def test_a_disabled_api_answers_404_everywhere(
    tmp_path: Path, migrated_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    overrides = {"api": {"enabled": False}}
    async with running_node(
        tmp_path / "off", migrated_template, signing_key, schema_dir, overrides
    ) as node:
        token = await new_client(node, "ladok", "records:write", "merits:read")
        for method, path in (("GET", MERITS), ("GET", "/api/v1/openapi.json"), ("POST", RECORDS)):
            answer = await call(node, method, path, token=token, data=DOCUMENT)
            assert (answer.status, answer.body["error"]) == (404, "not_found"), path
