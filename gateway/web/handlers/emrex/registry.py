"""The EMREX registry surface (TG §4.1): our EMREG entry, EWP manifest entry, the refresh task."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from gateway.flows.emrex import registry
from gateway.flows.emrex.registry import RegistryCache
from gateway.logs import log_context
from gateway.web import appkeys
from gateway.web.lifecycle import every

log = logging.getLogger(__name__)
REGISTRY = web.AppKey("emrex_registry", RegistryCache)


async def registry_ctx(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx (after the services): load the registry at start-up, then refresh it every
    ``[registry] refresh_minutes`` in the background. A failure never stops the gateway."""
    services = app[appkeys.SERVICES]
    cache = RegistryCache.for_settings(services.settings)
    app[REGISTRY] = cache
    with log_context("startup"):
        await registry.refresh_registry(services, cache)
    interval = max(1, services.settings.registry.refresh_minutes) * 60
    async with every(interval, lambda: registry.refresh_registry(services, cache), "registry"):
        yield


async def entry(request: web.Request) -> web.StreamResponse:
    """``GET /registry/entry.json``: our entry in EMREG JSON form."""
    document = await registry.entry_json(request.app[appkeys.SERVICES])
    return web.json_response(document, headers={"Cache-Control": "max-age=300"})


async def manifest(request: web.Request) -> web.StreamResponse:
    """``GET /registry/emrex-data-access-point.xml``: our EWP Registry manifest entry."""
    xml = await registry.manifest_xml(request.app[appkeys.SERVICES])
    return web.Response(
        body=xml,
        content_type="application/xml",
        charset="utf-8",
        headers={"Cache-Control": "max-age=300"},
    )
