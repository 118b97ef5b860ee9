"""The landing page: what this gateway is and what is running."""

from __future__ import annotations

from aiohttp import web

from gateway.flows.status import gateway_status
from gateway.web import appkeys
from gateway.web.render import render


async def home(request: web.Request) -> web.StreamResponse:
    status = await gateway_status(request.app[appkeys.SERVICES])
    return render(request, "home.html", info=status)
