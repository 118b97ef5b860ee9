"""Nothing lost: answers wait in the outbox while a requester is down, refuses or hangs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from gateway.core.keys import SigningKey
from gateway.core.oots.exchange import OutboxMessage, OutboxState
from gateway.flows.oots.outbox import outbox_messages, retry_message
from gateway.web import appkeys
from tests.storage.helpers import Template
from tests.web.nodes import Node, running_node
from tests.web.oots.support import Inbox, build, karin_request, node_overrides, post_query


class Deployment:
    def __init__(
        self, tmp_path: Path, template: Template, key: SigningKey, schema_dir: Path
    ) -> None:
        self.tmp_path, self.template, self.key, self.schema_dir = (
            tmp_path,
            template,
            key,
            schema_dir,
        )

    @asynccontextmanager
    async def node(self, inbox: Inbox, **oots: object) -> AsyncIterator[Node]:
        async with running_node(
            self.tmp_path / "p",
            self.template,
            self.key,
            self.schema_dir,
            node_overrides(inbox, **oots),
        ) as started:
            yield started


async def _messages(node: Node) -> list[OutboxMessage]:
    return await outbox_messages(node.app[appkeys.SERVICES].db)


async def _until(
    node: Node, check: Callable[[list[OutboxMessage]], bool], seconds: float = 10.0
) -> list[OutboxMessage]:
    async with asyncio.timeout(seconds):
        while True:
            found = await _messages(node)
            if found and check(found):
                return found
            await asyncio.sleep(0.05)


def _deployment(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> Deployment:
    return Deployment(tmp_path, seeded_template, signing_key, schema_dir)


async def test_requester_down_for_a_while_gets_the_answer_later(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    inbox = Inbox()  # not listening yet: connections are refused
    deployment = _deployment(tmp_path, seeded_template, signing_key, schema_dir)
    async with deployment.node(inbox) as node:
        assert (await post_query(node.url, build(karin_request())))[0] == 202
        (waiting,) = await _until(node, lambda m: m[0].attempts >= 3)
        assert waiting.state is OutboxState.PENDING
        assert waiting.last_status is None
        assert waiting.last_error
        assert "failed" in waiting.last_error
        await inbox.start()
        try:
            (delivery,) = await inbox.wait_for(1)
            (done,) = await _until(node, lambda m: m[0].state is OutboxState.DELIVERED)
        finally:
            await inbox.stop()
    assert done.attempts >= 4
    assert done.last_status == 200
    assert delivery.body == waiting.body  # the committed bytes, unchanged


async def test_refusals_are_retried_with_the_same_bytes_and_response_id(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    inbox = Inbox(status=503)
    await inbox.start()
    deployment = _deployment(tmp_path, seeded_template, signing_key, schema_dir)
    try:
        async with deployment.node(inbox) as node:
            await post_query(node.url, build(karin_request()))
            refused = await inbox.wait_for(3)
            inbox.status = 200
            await _until(node, lambda m: m[0].state is OutboxState.DELIVERED)
    finally:
        await inbox.stop()
    deliveries = inbox.deliveries
    assert len({d.body for d in deliveries}) == 1
    assert len({d.headers["X-Oots-Message-Id"] for d in deliveries}) == 1
    assert len({d.summary().response_id for d in refused}) == 1


async def test_a_rejected_message_fails_at_once_and_can_be_retried(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    inbox = Inbox(status=400)
    await inbox.start()
    deployment = _deployment(tmp_path, seeded_template, signing_key, schema_dir)
    try:
        async with deployment.node(inbox) as node:
            await post_query(node.url, build(karin_request()))
            (failed,) = await _until(node, lambda m: m[0].state is OutboxState.FAILED)
            assert (failed.attempts, failed.last_status) == (1, 400)
            inbox.status = 200
            services = node.app[appkeys.SERVICES]
            assert await retry_message(services.db, failed.id, services.clock())
            node.app[appkeys.OOTS].notify()
            (done,) = await _until(node, lambda m: m[0].state is OutboxState.DELIVERED)
            assert done.attempts == 2
            assert not await retry_message(services.db, failed.id, services.clock())
    finally:
        await inbox.stop()


async def test_retries_are_bounded(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    inbox = Inbox(status=502)
    await inbox.start()
    deployment = _deployment(tmp_path, seeded_template, signing_key, schema_dir)
    try:
        async with deployment.node(inbox, retry_max_attempts=3, retry_initial_seconds=0.05) as node:
            await post_query(node.url, build(karin_request()))
            (failed,) = await _until(node, lambda m: m[0].state is OutboxState.FAILED)
    finally:
        await inbox.stop()
    assert (failed.attempts, failed.last_status, failed.last_error) == (3, 502, "HTTP 502")
    assert len(inbox.deliveries) == 3
