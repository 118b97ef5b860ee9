"""Start-up and shutdown (aiohttp cleanup_ctx): services, database engine, keys, schemas."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from gateway.flows.services import Services
from gateway.web import appkeys

log = logging.getLogger(__name__)


async def services_ctx(app: web.Application) -> AsyncIterator[None]:
    services = await Services.open(app[appkeys.SETTINGS])
    app[appkeys.SERVICES] = services
    log.info("gateway started", extra={"public_url": services.settings.server.public_url})
    try:
        yield
    finally:
        await services.close()
