"""The landing page: what this gateway is and what is running."""

from __future__ import annotations

from aiohttp import web

from gateway.flows.status import gateway_status
from gateway.web import appkeys
from gateway.web.i18n import LANG_COOKIE, choose_language


async def home(request: web.Request) -> web.StreamResponse:
    lang = choose_language(request)
    status = await gateway_status(request.app[appkeys.SERVICES])
    response = request.app[appkeys.RENDERER].page("home.html", lang, info=status)
    if request.query.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax")
    return response
