"""`gateway oots request`, the requester tool, as a script uses it: a real process, exit codes."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.core.keys import SigningKey
from tests.storage.helpers import Template
from tests.web.nodes import Node, running_node
from tests.web.oots.support import (
    EU_DIPLOMA,
    KARIN_ID,
    REQUESTER_KEY,
    Inbox,
    decide,
    log_in_at,
    node_overrides,
    requester_config,
    source_keys,
    tls_browser,
)
from tests.web.oots.tls import Tls

ROOT = Path(__file__).resolve().parents[3]
KARIN = "Andersson,Karin,1990-03-15,SE/NL/199003152"


@pytest.fixture
def listen() -> Inbox:
    """Only a free port and its URL: the tool listens there, the provider delivers there."""
    return Inbox()


@pytest.fixture
async def node(
    tmp_path: Path,
    seeded_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
    tls: Tls,
    listen: Inbox,
) -> AsyncIterator[Node]:
    async with running_node(
        tmp_path / "provider",
        seeded_template,
        signing_key,
        schema_dir,
        node_overrides(listen),
        tls=tls.server_context(),
    ) as started:
        yield started


async def _start(config: Path, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "gateway",
        "--config",
        str(config),
        "oots",
        "request",
        *args,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


def _common(node: Node, listen: Inbox, tls: Tls, *extra: str) -> list[str]:
    return [
        "--to",
        node.url + "/oots/query",
        "--requester-name",
        "University of Amsterdam",
        "--evidence-type",
        EU_DIPLOMA,
        "--listen",
        listen.url,
        "--cafile",
        str(tls.ca_file),
        "--timeout",
        "60",
        *extra,
    ]


async def test_preview_followed_end_to_end(
    node: Node, listen: Inbox, tls: Tls, tmp_path: Path, schema_dir: Path
) -> None:
    out = tmp_path / "received"
    tool = await _start(
        requester_config(tmp_path, schema_dir),
        *_common(node, listen, tls, "--requester", REQUESTER_KEY, "--person", KARIN),
        "--preview",
        "--out",
        str(out),
    )
    assert tool.stdout is not None
    lines: list[str] = []
    async with asyncio.timeout(60):
        while not lines or not lines[-1].startswith("preview: "):
            line = (await tool.stdout.readline()).decode()
            assert line, (lines, await tool.stderr.read() if tool.stderr else b"")
            lines.append(line.strip())
    location = lines[-1].removeprefix("preview: ")
    async with tls_browser(tls.client_context()) as learner:  # the person the tool points to
        html = await log_in_at(learner, location, KARIN_ID)
        (degree,) = source_keys(html)  # the EU diploma type delivers Karin's one degree
        assert degree.startswith("degree-")
        await decide(learner, location, html, send=True, sources=[degree])
    rest, errors = await asyncio.wait_for(tool.communicate(), 60)
    lines += rest.decode().splitlines()
    assert tool.returncode == 0, (lines, errors.decode())
    assert lines[-1] == "result: evidence"
    evidence = [line for line in lines if line.startswith("evidence: ")]
    assert len(evidence) == 4  # the degree's ELM, certificate (sv, en), Diploma Supplement
    assert "| application/pdf |" in evidence[0]
    saved = sorted(p.suffix for p in out.iterdir())
    assert saved == [".json", ".pdf", ".pdf", ".pdf", ".xml"]
    assert (out / "response.xml").read_bytes().startswith(b"<?xml")


async def test_exit_codes_say_how_it_ended(
    node: Node, listen: Inbox, tls: Tls, tmp_path: Path, schema_dir: Path
) -> None:
    config = requester_config(tmp_path, schema_dir)
    stranger = "urn:cef.eu:names:identifier:EAS:0009:FR999999999"
    refused = await _start(
        config, *_common(node, listen, tls, "--requester", stranger, "--person", KARIN)
    )
    results = [await asyncio.wait_for(refused.communicate(), 60)]
    unknown = "Lindqvist,Kerstin,1990-03-15"
    nothing = await _start(  # one after the other: both listen on the configured endpoint
        config, *_common(node, listen, tls, "--requester", REQUESTER_KEY, "--person", unknown)
    )
    results.append(await asyncio.wait_for(nothing.communicate(), 60))
    assert (refused.returncode, nothing.returncode) == (5, 3)
    refused_lines = results[0][0].decode().splitlines()
    assert "refused: HTTP 403" in refused_lines
    assert any(line.startswith("error: EDM:ERR:0003") for line in refused_lines)
    assert results[1][0].decode().splitlines()[-1] == "result: no-evidence"


async def test_the_command_as_documented_listens_at_public_url(
    node: Node, listen: Inbox, tls: Tls, tmp_path: Path, schema_dir: Path
) -> None:
    """`gateway oots request --to URL --requester ID --person ARGS --evidence-type IRI`: with
    neither --listen nor --inbox the answers are awaited at [server] public_url + /oots/answers."""
    config = requester_config(tmp_path, schema_dir, public_url=f"http://127.0.0.1:{listen.port}")
    tool = await _start(
        config,
        *("--to", node.url + "/oots/query", "--requester", REQUESTER_KEY, "--person", KARIN),
        *("--evidence-type", EU_DIPLOMA, "--cafile", str(tls.ca_file), "--timeout", "60"),
    )
    out, errors = await asyncio.wait_for(tool.communicate(), 60)
    assert tool.returncode == 0, (out.decode(), errors.decode())
    assert f"answers: listening at {listen.url}" in errors.decode()
    assert out.decode().splitlines()[-1] == "result: evidence"


async def test_a_busy_answer_endpoint_is_a_clear_error(
    node: Node, listen: Inbox, tls: Tls, tmp_path: Path, schema_dir: Path
) -> None:
    await listen.start()  # a `gateway oots listen` (here: the test inbox) holds the port
    try:
        tool = await _start(
            requester_config(tmp_path, schema_dir),
            *_common(node, listen, tls, "--requester", REQUESTER_KEY, "--person", KARIN),
        )
        _, errors = await asyncio.wait_for(tool.communicate(), 60)
    finally:
        await listen.stop()
    assert tool.returncode != 0
    assert f"cannot listen on 127.0.0.1:{listen.port}" in errors.decode()
    assert "--inbox DIR" in errors.decode()
    assert listen.deliveries == []  # nothing was asked
