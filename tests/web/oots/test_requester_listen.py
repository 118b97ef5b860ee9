"""`gateway oots listen` (a long-running requester endpoint) and `gateway oots request --inbox`.

The listener keeps every answer delivered to it in a folder; the request tool, with ``--inbox``,
binds no port of its own and reads its answers there. That is how the local federation runs its
OOTS requester.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import aiohttp
import pytest

from gateway.flows.oots.inbox import answer_summaries, store_answer, stored_answers
from tests.web.nodes import Node
from tests.web.oots.support import EU_DIPLOMA, REQUESTER_KEY, Inbox, requester_config
from tests.web.oots.tls import Tls

ROOT = Path(__file__).resolve().parents[3]
KARIN = "Andersson,Karin,1990-03-15"


@pytest.fixture
def inbox() -> Inbox:
    """Only a free port (the provider's configured endpoint): `gateway oots listen` serves it."""
    return Inbox()


async def _gateway(config: Path, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "--config", str(config), *args,
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def _listing(url: str) -> list[dict[str, object]]:
    async with aiohttp.ClientSession() as http, http.get(url) as reply:
        assert reply.status == 200
        body = await reply.json()
    answers = body["answers"]
    assert isinstance(answers, list)
    return answers


async def _until_listening(url: str, listener: asyncio.subprocess.Process) -> None:
    async with asyncio.timeout(30):
        while True:
            assert listener.returncode is None, "gateway oots listen exited"
            try:
                assert await _listing(url) == []
                return
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)


async def test_listener_keeps_answers_and_the_request_tool_reads_them(
    provider: Node, inbox: Inbox, tls: Tls, tmp_path: Path, schema_dir: Path
) -> None:
    config = requester_config(tmp_path, schema_dir)
    store = tmp_path / "inbox"
    listener = await _gateway(config, "oots", "listen", "--listen", inbox.url, "--out", str(store))
    assert listener.stdout is not None
    try:
        first = (await asyncio.wait_for(listener.stdout.readline(), 30)).decode()
        assert first.startswith(f"listening: {inbox.url}")
        await _until_listening(inbox.url, listener)
        tool = await _gateway(
            config, "oots", "request", "--to", provider.url + "/oots/query",
            "--requester", REQUESTER_KEY, "--person", KARIN, "--evidence-type", EU_DIPLOMA,
            "--inbox", str(store), "--cafile", str(tls.ca_file), "--timeout", "60",
        )  # fmt: skip
        out, errors = await asyncio.wait_for(tool.communicate(), 90)
        lines = out.decode().splitlines()
        assert tool.returncode == 0, (lines, errors.decode())
        assert lines[-1] == "result: evidence"
        logged = (await asyncio.wait_for(listener.stdout.readline(), 10)).decode()
        assert logged.startswith("answer: ")
        assert "status=Success evidence=4" in logged
        (answer,) = await _listing(inbox.url)
    finally:
        listener.terminate()
        await asyncio.wait_for(listener.communicate(), 30)
    assert answer["status"] == "Success"
    folder = store / str(answer["folder"])
    evidences = answer["evidences"]
    assert isinstance(evidences, list)
    assert len(evidences) == 4
    for evidence in evidences:
        assert (folder / evidence["file"]).stat().st_size > 0
    assert (folder / "response.xml").read_bytes().startswith(b"<?xml")
    assert json.loads((folder / "answer.json").read_text())["content_type"].startswith(
        "multipart/related"
    )


def test_inbox_store_is_read_in_order_and_never_half_written(tmp_path: Path) -> None:
    first, meta = store_answer(tmp_path, "text/plain", b"not an answer", {})
    assert meta["readable"] is False
    second, _ = store_answer(tmp_path, "application/x-ebrs+xml", b"<broken", {})
    (tmp_path / ".half.partial").mkdir()  # a folder still being written is not read
    seen: set[str] = set()
    read = list(stored_answers(tmp_path, seen))
    assert [a.folder for a in read] == [first, second]
    assert read[0].body == b"not an answer"
    assert list(stored_answers(tmp_path, seen)) == []  # each answer is handed out once
    assert [a["folder"] for a in answer_summaries(tmp_path)] == [first.name, second.name]
