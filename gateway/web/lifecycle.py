"""Start-up and shutdown (aiohttp cleanup_ctx): services, database engine, keys, schemas."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

from gateway import __version__
from gateway.flows.services import Services
from gateway.flows.wallet_issuer import load_wallet_issuer
from gateway.logs import log_context
from gateway.web import appkeys
from gateway.web.transport import AiohttpTransport

log = logging.getLogger(__name__)


async def services_ctx(app: web.Application) -> AsyncIterator[None]:
    """Services (database, keys, schemas) and the process's one outbound ClientSession."""
    services = await Services.open(app[appkeys.SETTINGS])
    app[appkeys.WALLET] = load_wallet_issuer(app[appkeys.SETTINGS])  # ES256 key, metadata
    client = aiohttp.ClientSession(headers={"User-Agent": f"emrex-gateway/{__version__}"})
    services.transport = AiohttpTransport(client)
    app[appkeys.SERVICES] = services
    with log_context("startup"):
        log.info("gateway started", extra={"public_url": services.settings.server.public_url})
    try:
        yield
    finally:
        await client.close()
        await services.close()
