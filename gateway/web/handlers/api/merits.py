"""GET /api/v1/merits and /api/v1/merits/{id} (issue #16): the feed of verified merits."""

from __future__ import annotations

from aiohttp import web

from gateway.core.api.clients import ApiClient, Scope
from gateway.core.api.merits import parse_cursor, parse_entry_id, parse_limit
from gateway.flows.api.merits import entry, feed
from gateway.web import appkeys
from gateway.web.handlers.api.calls import api_call

NO_STORE = {"Cache-Control": "no-store"}  # personal data: no cache keeps a copy


def _json(body: bytes) -> web.Response:
    return web.Response(body=body, content_type="application/json", headers=NO_STORE)


@api_call("listMerits", Scope.MERITS_READ)
async def merits(request: web.Request, client: ApiClient) -> web.StreamResponse:
    settings = request.app[appkeys.SETTINGS].api
    cursor = parse_cursor(request.query.get("after"))
    limit = parse_limit(request.query.get("limit"), settings.page_size, settings.max_page_size)
    page = await feed(request.app[appkeys.SERVICES].db, cursor, limit)
    return _json(page.json_bytes())


@api_call("getMerit", Scope.MERITS_READ)
async def merit(request: web.Request, client: ApiClient) -> web.StreamResponse:
    found = await entry(request.app[appkeys.SERVICES].db, parse_entry_id(request.match_info["id"]))
    return _json(b"".join(found.json_bytes()))
