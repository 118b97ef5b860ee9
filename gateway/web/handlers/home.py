"""The start page (what a learner can do here, and the way in) and the status page (operators)."""

from __future__ import annotations

from aiohttp import web

from gateway.flows.status import gateway_status
from gateway.web import appkeys
from gateway.web.auth import login_url
from gateway.web.render import render


async def home(request: web.Request) -> web.StreamResponse:
    """``GET /``: for learners; the operator facts are on ``/status``."""
    status = await gateway_status(request.app[appkeys.SERVICES])
    return render(request, "home.html", info=status, login=login_url("/"))


async def status(request: web.Request) -> web.StreamResponse:
    """``GET /status``: what is running (certificate, database revision, schemas, institutions)."""
    status = await gateway_status(request.app[appkeys.SERVICES])
    return render(request, "status.html", info=status)
