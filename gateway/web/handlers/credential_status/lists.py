"""``GET /status/{list}``: our status list tokens (Token Status List §8.1), and their schedule.

Public and cacheable: ``Cache-Control: public, max-age`` = the token's ``ttl`` (never past
its ``exp``), ``application/statuslist+jwt``, readable cross-origin (§8.1 recommends CORS).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from gateway.core.statuslist import STATUS_LIST_MEDIA_TYPE
from gateway.flows.credential_status.publish import resign_due, served_list
from gateway.logs import log_context
from gateway.web import appkeys
from gateway.web.lifecycle import every

log = logging.getLogger(__name__)


async def status_list(request: web.Request) -> web.StreamResponse:
    wallet = request.app[appkeys.WALLET]
    served = await served_list(
        request.app[appkeys.SERVICES],
        wallet.identifier,
        wallet.signing_key,
        request.match_info["name"],
    )
    return web.Response(
        body=served.token.encode("ascii"),  # no charset: the media type has none
        content_type=STATUS_LIST_MEDIA_TYPE,
        headers={
            "Cache-Control": f"public, max-age={served.max_age}",
            "Access-Control-Allow-Origin": "*",
        },
    )


async def status_lists_ctx(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx (after the services): sign lists that are due (changed, or expiring within
    ``[status] resign_before_expiry_minutes``) at start-up and every quarter of that time."""
    services = app[appkeys.SERVICES]
    wallet = app[appkeys.WALLET]
    minutes = max(1, min(60, services.settings.status.resign_before_expiry_minutes // 4))

    async def sign() -> None:
        await resign_due(services, wallet.identifier, wallet.signing_key)

    with log_context("status-lists"):
        try:
            await sign()
        except Exception:  # serve anyway: GET /status/{list} signs a due list itself
            log.exception("signing status lists failed at start-up")
    async with every(minutes * 60, sign, "status-lists"):
        yield
