"""Scenarios 4 and 5: the federation's OOTS requester asks se for Karin's evidence with preview.

The requester is the running `gateway oots listen` process (se's configured endpoint for the
University of Amsterdam); each exchange is `gateway oots request --inbox` as a process, reading
its answers from the listener's inbox. Karin previews at the https PreviewLocation and accepts
(XSD- and Schematron-valid evidence arrives), refuses (an empty list), or lets it time out
(EDM:ERR:0005). Then se is killed (SIGKILL) after Karin's decision, while the answer waits in
its outbox, and restarted: the answer is delivered after the restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from gateway.core.oots.validate import OotsValidator
from tests.core.oots.support import conformance_errors
from tests.federation.support import (
    KARIN_SE,
    ROOT,
    Federation,
    federation_script,
    finish,
    gateway,
    read_until,
    requester,
)
from tests.web.oots.support import decide, log_in_at, source_keys

KARIN = "Andersson,Karin,1990-03-15"


@pytest.fixture
async def tools() -> AsyncIterator[list[asyncio.subprocess.Process]]:
    """The requester tools a test started: ended and their pipes closed, whatever happened."""
    started: list[asyncio.subprocess.Process] = []
    yield started
    for tool in started:
        if tool.returncode is None:
            tool.kill()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(tool.communicate(), 30)


async def _preview(
    fed: Federation, out: Path, tools: list[asyncio.subprocess.Process]
) -> tuple[asyncio.subprocess.Process, str]:
    tool = await requester(fed, KARIN, "--preview", "--out", str(out), "--timeout", "120")
    tools.append(tool)
    line = await read_until(tool, "preview: ")
    location = line.removeprefix("preview: ")
    assert location.startswith(f"{fed.se}/oots/preview/")
    return tool, location


async def _karin_decides(fed: Federation, location: str, *, send: bool) -> str:
    connector = aiohttp.TCPConnector(ssl=fed.ssl_context())
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True), connector=connector
    ) as karin:
        page = await log_in_at(karin, location, KARIN_SE)
        assert 'value="send"' in page  # the preview, with what would be sent
        # The EU-wide diploma type delivers degrees: Karin's one degree at Uppsala (EMREX
        # imports are no degrees, so what she fetched in other scenarios is not offered here)
        (degree,) = source_keys(page)
        assert degree.startswith("degree-")
        return await decide(karin, location, page, send=send, sources=[degree])


def _check_evidence(out: Path, validator: OotsValidator, lines: list[str]) -> None:
    assert lines[-1] == "result: evidence", lines
    evidence = [line for line in lines if line.startswith("evidence: ")]
    assert len(evidence) == 4  # the degree's ELM, its certificate (sv, en), the Supplement
    assert "| application/pdf |" in evidence[0]
    response = (out / "response.xml").read_bytes()
    assert conformance_errors(validator, "RESP", response) == []
    assert sorted(p.suffix for p in out.iterdir()).count(".json") == 1
    assert any(p.read_bytes().startswith(b"%PDF") for p in out.glob("*.pdf"))


async def test_preview_accepted_gives_valid_evidence(
    fed: Federation,
    oots_validator: OotsValidator,
    tmp_path: Path,
    tools: list[asyncio.subprocess.Process],
) -> None:
    tool, location = await _preview(fed, tmp_path, tools)
    await _karin_decides(fed, location, send=True)
    code, lines = await finish(tool)
    assert code == 0, lines
    _check_evidence(tmp_path, oots_validator, lines)
    listed = await _listener_answers(fed)
    assert any(a["status"] == "Success" and a["evidences"] for a in listed)


async def test_preview_refused_gives_an_empty_list(
    fed: Federation,
    oots_validator: OotsValidator,
    tmp_path: Path,
    tools: list[asyncio.subprocess.Process],
) -> None:
    tool, location = await _preview(fed, tmp_path, tools)
    await _karin_decides(fed, location, send=False)
    code, lines = await finish(tool)
    assert (code, lines[-1]) == (3, "result: no-evidence"), lines
    response = (tmp_path / "response.xml").read_bytes()
    assert b"RegistryObjectList" in response
    assert conformance_errors(oots_validator, "RESP", response) == []


async def test_preview_without_a_decision_times_out(
    fed: Federation, tmp_path: Path, tools: list[asyncio.subprocess.Process]
) -> None:
    tool, _ = await _preview(fed, tmp_path, tools)  # nobody looks at the preview (timeout: 45 s)
    code, lines = await finish(tool, seconds=120)
    assert code == 4, lines
    assert any(line.startswith("error: EDM:ERR:0005") for line in lines), lines
    assert lines[-1] == "result: error"


async def test_se_killed_while_the_answer_waits_delivers_after_restart(
    fed: Federation,
    oots_validator: OotsValidator,
    tmp_path: Path,
    tools: list[asyncio.subprocess.Process],
) -> None:
    tool, location = await _preview(fed, tmp_path, tools)
    stopped = federation_script("down", "requester")  # the requester's endpoint goes away
    assert stopped.returncode == 0, stopped.stderr
    await _karin_decides(fed, location, send=True)  # committed to se's outbox, not delivered
    pending = await _outbox_until(fed, lambda rows: _evidence(rows, "pending", attempts=1))
    se_pid = int((ROOT / "var/federation/run/se.pid").read_text(encoding="ascii"))
    os.kill(se_pid, signal.SIGKILL)
    await _until_dead(se_pid)
    assert tool.returncode is None  # the requester tool is still waiting for its answer

    restarted = await asyncio.to_thread(federation_script, "up")  # se and the requester again
    assert restarted.returncode == 0, restarted.stdout + restarted.stderr
    code, lines = await finish(tool)
    assert code == 0, lines
    _check_evidence(tmp_path, oots_validator, lines)
    delivered = await _outbox_until(fed, lambda rows: _evidence(rows, "delivered", attempts=2))
    assert delivered["message"] == pending["message"]  # the same message, delivered later
    assert delivered["last_status"] == 200


def _evidence(rows: list[dict[str, object]], state: str, attempts: int) -> dict[str, object] | None:
    for row in rows:
        count = row["attempts"]
        ours = row["answer"] == "evidence" and row["state"] == state
        if ours and isinstance(count, int) and count >= attempts:
            return row
    return None


async def _outbox_until(fed: Federation, found: object, seconds: float = 60) -> dict[str, object]:
    assert callable(found)
    async with asyncio.timeout(seconds):
        while True:
            done = await asyncio.to_thread(gateway, fed.configs["se"], "oots", "outbox", "--json")
            assert done.returncode == 0, done.stderr
            rows = [json.loads(line) for line in done.stdout.splitlines()]
            row = found(rows[:5])  # newest first
            if isinstance(row, dict):
                return row
            await asyncio.sleep(0.5)


async def _until_dead(pid: int) -> None:
    """Gone, or a zombie (the federation script that started it reaps it when it exits)."""
    for _ in range(200):
        if await asyncio.to_thread(_state, pid) == "Z":
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"se (pid {pid}) is still running after SIGKILL")


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[-1].split()[0]
    except OSError:
        return "Z"  # gone


async def _listener_answers(fed: Federation) -> list[dict[str, object]]:
    async with aiohttp.ClientSession() as http, http.get(fed.urls["requester"]) as reply:
        assert reply.status == 200
        body = await reply.json()
    answers = body["answers"]
    assert isinstance(answers, list)
    return answers
