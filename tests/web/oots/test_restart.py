"""A `gateway serve` process killed (-9) after the 202, and again mid-delivery, loses nothing."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from aiohttp.test_utils import unused_port

from gateway.core.keys import SigningKey
from tests.storage.helpers import Template
from tests.web.nodes import default_wallet_key
from tests.web.oots.support import REQUESTER_KEY, Inbox, build, karin_request, post_query
from tests.web.processes import ROOT, Deployment, serving, write_deployment


def _deployment(
    home: Path, template: Template, key: SigningKey, schema_dir: Path, port: int, inbox: Inbox
) -> Deployment:
    """A development deployment whose provider answers ``inbox``, with fast retries."""
    oots = f"""
[oots]
retry_initial_seconds = 0.2
retry_max_seconds = 0.5
poll_seconds = 0.2
lease_seconds = 1.5
delivery_timeout_seconds = 30.0
[oots.requesters."{REQUESTER_KEY}"]
endpoint = "{inbox.url}"
"""
    database_url = template.clone(home)
    return write_deployment(
        home, database_url, key, default_wallet_key(), schema_dir, port, extra=oots
    )


async def _gateway(config: Path, *args: str) -> str:
    done = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "--config", str(config), *args,
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, errors = await asyncio.wait_for(done.communicate(), 60)
    assert done.returncode == 0, errors.decode()
    return out.decode()


async def _outbox(config: Path) -> list[dict[str, object]]:
    listed = await _gateway(config, "oots", "outbox", "--json")
    return [json.loads(line) for line in listed.splitlines()]


def _kill(process: asyncio.subprocess.Process) -> None:
    os.kill(process.pid, signal.SIGKILL)


async def test_killed_after_commit_and_mid_delivery_delivers_after_restart(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    port = unused_port()
    inbox = Inbox()  # the requester is down at first
    deployment = _deployment(tmp_path / "gw", seeded_template, signing_key, schema_dir, port, inbox)
    config = deployment.config
    url = f"http://127.0.0.1:{port}"

    # 1. Committed, answered 202, killed at once while the requester is down.
    async with serving(deployment, port=port) as gateway:
        status, _, receipt = await post_query(url, build(karin_request()))
        assert status == 202
        _kill(gateway)
        await gateway.wait()
    (pending,) = await _outbox(config)
    assert pending["state"] == "pending"
    assert pending["exchange"] == json.loads(receipt)["exchange_id"]

    # 2. Restarted; the requester is up but hangs: killed mid-delivery (the claim is held).
    inbox.hang = True
    await inbox.start()
    try:
        async with serving(deployment, port=port) as gateway:
            (hung,) = await inbox.wait_for(1, seconds=30)
            _kill(gateway)
            await gateway.wait()
        (claimed,) = await _outbox(config)
        assert claimed["state"] == "pending"
        attempts_before = claimed["attempts"]
        assert isinstance(attempts_before, int)
        assert attempts_before >= 1

        # 3. Restarted with a working requester: delivered once the dead process's claim lapses.
        inbox.hang = False
        async with serving(deployment, port=port):
            deliveries = await inbox.wait_for(2, seconds=30)
            row = (await _outbox(config))[0]
            for _ in range(50):  # the 200 arrived; the row is updated right after it
                if row["state"] == "delivered":
                    break
                await asyncio.sleep(0.1)
                row = (await _outbox(config))[0]
    finally:
        await inbox.stop()
    assert row["attempts"] == attempts_before + 1
    assert row["last_status"] == 200
    (line,) = (await _gateway(config, "oots", "outbox", "--state", "delivered")).splitlines()
    assert line.startswith(f"{row['message']}  delivered  attempts={row['attempts']}")
    assert "evidence" in line
    delivered = deliveries[-1]
    assert delivered.body == hung.body  # idempotent: the same bytes,
    assert delivered.headers["X-Oots-Message-Id"] == hung.headers["X-Oots-Message-Id"]
    assert delivered.summary().response_id == hung.summary().response_id  # the same response id
