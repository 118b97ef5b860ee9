"""The requester tool's web part: a loopback listener for the answers, an HTTPS client (§3)."""

from __future__ import annotations

import asyncio
import ssl
import sys
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from gateway import __version__
from gateway.errors import InvalidInput
from gateway.flows.oots_requester import RequestOptions, run_exchange
from gateway.web.transport import AiohttpTransport

MAX_ANSWER_BYTES = 64 * 1024 * 1024


def _emit(line: str) -> None:
    print(line, flush=True)


async def run_requester(options: RequestOptions, *, listen: str, cafile: Path | None = None) -> int:
    """Listen at ``listen`` (the endpoint the provider has configured for us), then run the
    exchange; every POST received there is acknowledged and handed to the flow."""
    parts = urlsplit(listen)
    if parts.scheme != "http" or not parts.hostname or parts.port is None:
        raise InvalidInput("--listen must be http://HOST:PORT/PATH (a local endpoint)")
    answers: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()

    async def receive(request: web.Request) -> web.StreamResponse:
        answers.put_nowait((request.headers.get("Content-Type", ""), await request.read()))
        return web.Response(status=200, text="received")

    app = web.Application(client_max_size=MAX_ANSWER_BYTES)
    app.router.add_post(parts.path or "/", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, parts.hostname, parts.port).start()
    except OSError as exc:
        await runner.cleanup()
        raise InvalidInput(f"cannot listen on {parts.netloc}: {exc.strerror}") from None
    context = ssl.create_default_context(cafile=str(cafile) if cafile else None)
    try:
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(ssl=context),
            headers={"User-Agent": f"emrex-gateway-requester/{__version__}"},
        ) as session:
            return await run_exchange(AiohttpTransport(session), answers, options, _emit)
    finally:
        await runner.cleanup()
        sys.stdout.flush()
