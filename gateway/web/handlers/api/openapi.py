"""GET /api/v1/openapi.json (issue #16): the OpenAPI 3.1 contract of the integration API."""

from __future__ import annotations

from aiohttp import web

from gateway.core.api.openapi import openapi_document
from gateway.errors import NotFound
from gateway.web import appkeys


async def openapi(request: web.Request) -> web.StreamResponse:
    settings = request.app[appkeys.SETTINGS]
    if not settings.api.enabled:
        raise NotFound("The integration API is not enabled here.")
    return web.json_response(openapi_document(settings.server.public_url))
