"""Start-up and shutdown (aiohttp cleanup_ctx): services, database engine, keys, schemas; the
periodic background work (``every``) and the retention purge."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

import aiohttp
from aiohttp import web

from gateway import __version__
from gateway.flows.api.merits import publish_earlier_imports
from gateway.flows.credential_status.check import StatusListClient
from gateway.flows.retention import purge_expired
from gateway.flows.services import Services
from gateway.flows.verifier.config import load_verifier
from gateway.flows.wallet.issuer import load_wallet_issuer
from gateway.logs import log_context
from gateway.web import appkeys
from gateway.web.transport import AiohttpTransport

log = logging.getLogger(__name__)


async def services_ctx(app: web.Application) -> AsyncIterator[None]:
    """Services (database, keys, schemas) and the process's one outbound ClientSession."""
    services = await Services.open(app[appkeys.SETTINGS])
    kinds = app.get(appkeys.WALLET_KINDS)  # None: every kind of flows/wallet/kinds
    app[appkeys.WALLET] = load_wallet_issuer(app[appkeys.SETTINGS], kinds)  # key, metadata
    app[appkeys.VERIFIER] = load_verifier(app[appkeys.SETTINGS])  # request key, anchors
    client = aiohttp.ClientSession(headers={"User-Agent": f"emrex-gateway/{__version__}"})
    services.transport = AiohttpTransport(client)
    app[appkeys.STATUS_LISTS] = StatusListClient(  # one cache of status lists per process
        services.transport, app[appkeys.VERIFIER].status_policy, clock=lambda: services.clock()
    )
    app[appkeys.SERVICES] = services
    with log_context("startup"):
        log.info("gateway started", extra={"public_url": services.settings.server.public_url})
    try:
        yield
    finally:
        await client.close()
        await services.close()


@contextlib.asynccontextmanager
async def every(
    seconds: float, job: Callable[[], Awaitable[object]], kind: str
) -> AsyncIterator[None]:
    """Run ``job`` every ``seconds`` in the background while the block runs, each run with its
    own ``kind-…`` log id. A failing run (a database hiccup, …) is logged; the next one runs."""

    async def loop() -> None:
        while True:
            await asyncio.sleep(seconds)
            with log_context(kind):
                try:
                    await job()
                except Exception:
                    log.exception("%s crashed; trying again at the next interval", kind)

    async with background(loop(), kind):
        yield


@contextlib.asynccontextmanager
async def background(work: Coroutine[Any, Any, None], name: str) -> AsyncIterator[None]:
    """Run ``work`` as a task while the block runs; then cancel it and wait until it ended."""
    task = asyncio.create_task(work, name=name)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def retention_ctx(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx (after the services): purge what finished exchanges kept (``[retention]``)
    at start-up and every ``interval_minutes``. Every worker process does; a purge that finds
    nothing left to delete costs a few indexed DELETEs."""
    services = app[appkeys.SERVICES]
    retention = services.settings.retention

    async def purge() -> None:
        await purge_expired(services.db, days=retention.days, now=services.clock())

    with log_context("retention"):
        try:
            await purge()
        except Exception:  # start anyway: the gateway serves without it
            log.exception("retention purge failed at start-up; trying again at the next interval")
    async with every(retention.interval_minutes * 60, purge, "retention"):
        yield


async def merits_feed_ctx(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx (after the services): publish in the integration API's merits feed the EMREX
    imports stored before it existed (a no-op once done; every worker may try, one at a time)."""
    services = app[appkeys.SERVICES]
    with log_context("startup"):
        try:
            await publish_earlier_imports(services.db, services.settings.elmo.max_xml_bytes)
        except Exception:  # serve anyway: the next start-up tries again
            log.exception("publishing earlier imports in the merits feed failed")
    yield
