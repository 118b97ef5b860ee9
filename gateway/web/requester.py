"""The requester tool's web part: a loopback listener for the answers, an HTTPS client (§3)."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import sys
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from gateway import __version__
from gateway.errors import InvalidInput
from gateway.flows.oots.inbox import answer_summaries, store_answer, stored_answers
from gateway.flows.oots.requester import RequestOptions, run_exchange
from gateway.web.transport import AiohttpTransport

MAX_ANSWER_BYTES = 64 * 1024 * 1024
INBOX_POLL_SECONDS = 0.2


def _emit(line: str) -> None:
    print(line, flush=True)


def _listen_address(listen: str) -> tuple[str, int, str]:
    parts = urlsplit(listen)
    if parts.scheme != "http" or not parts.hostname or parts.port is None:
        raise InvalidInput("--listen must be http://HOST:PORT/PATH (a local endpoint)")
    return parts.hostname, parts.port, parts.path or "/"


async def run_requester(
    options: RequestOptions,
    *,
    listen: str | None = None,
    inbox: Path | None = None,
    cafile: Path | None = None,
) -> int:
    """Listen at ``listen`` (the endpoint the provider has configured for us), or read the
    answers a running ``gateway oots listen`` keeps in ``inbox``, then run the exchange."""
    if inbox is not None:
        return await _run_from_inbox(options, inbox, cafile)
    if listen is None:
        raise InvalidInput("give --listen URL or --inbox DIR")
    host, port, path = _listen_address(listen)
    answers: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()

    async def receive(request: web.Request) -> web.StreamResponse:
        answers.put_nowait((request.headers.get("Content-Type", ""), await request.read()))
        return web.Response(status=200, text="received")

    app = web.Application(client_max_size=MAX_ANSWER_BYTES)
    app.router.add_post(path, receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        raise InvalidInput(
            f"cannot listen on {host}:{port}: {exc.strerror} (if a `gateway oots listen` runs"
            " there, read its answers with --inbox DIR)"
        ) from None
    try:
        return await _exchange(options, answers, cafile)
    finally:
        await runner.cleanup()
        sys.stdout.flush()


async def _exchange(
    options: RequestOptions, answers: asyncio.Queue[tuple[str, bytes]], cafile: Path | None
) -> int:
    context = ssl.create_default_context(cafile=str(cafile) if cafile else None)
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(ssl=context),
        headers={"User-Agent": f"emrex-gateway-requester/{__version__}"},
    ) as session:
        return await run_exchange(AiohttpTransport(session), answers, options, _emit)


async def _run_from_inbox(options: RequestOptions, inbox: Path, cafile: Path | None) -> int:
    """The answers come from the listener's inbox folder (polled), not from our own port."""
    answers: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
    seen: set[str] = set()

    async def poll() -> None:
        while True:
            found = await asyncio.to_thread(lambda: list(stored_answers(inbox, seen)))
            for answer in found:
                answers.put_nowait((answer.content_type, answer.body))
            await asyncio.sleep(INBOX_POLL_SECONDS)

    poller = asyncio.create_task(poll(), name="requester-inbox")
    try:
        return await _exchange(options, answers, cafile)
    finally:
        poller.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await poller
        sys.stdout.flush()


def run_listener(listen: str, inbox: Path) -> None:
    """``gateway oots listen``: the requester's answer endpoint as a long-running process. Each
    POST is kept in ``inbox`` before it is acknowledged (a failure to keep it answers 500, so the
    provider's outbox delivers it again); ``GET`` on the same path lists what arrived."""
    host, port, path = _listen_address(listen)

    async def receive(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        content_type = request.headers.get("Content-Type", "")
        folder, meta = await asyncio.to_thread(
            store_answer, inbox, content_type, body, request.headers
        )
        errors = ",".join(code or "?" for code in meta.get("errors", []))
        _emit(
            f"answer: {folder.name} request={meta.get('request_id')} "
            f"status={meta.get('status', 'unreadable')} evidence={len(meta.get('evidences', []))}"
            + (f" errors={errors}" if errors else "")
        )
        return web.Response(status=200, text="received")

    async def listing(request: web.Request) -> web.StreamResponse:
        return web.json_response({"answers": await asyncio.to_thread(answer_summaries, inbox)})

    app = web.Application(client_max_size=MAX_ANSWER_BYTES)
    app.router.add_post(path, receive)
    app.router.add_get(path, listing)
    inbox.mkdir(parents=True, exist_ok=True)
    _emit(f"listening: http://{host}:{port}{path} (answers kept in {inbox})")
    web.run_app(app, host=host, port=port, access_log=None, print=None)
