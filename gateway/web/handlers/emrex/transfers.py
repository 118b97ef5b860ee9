"""The "My transfers" page: what was sent about the learner, to whom and when."""

from __future__ import annotations

from aiohttp import web

from gateway.flows.emrex.transfers import my_transfers
from gateway.web import appkeys
from gateway.web.auth import current_learner
from gateway.web.render import render


async def transfers(request: web.Request) -> web.StreamResponse:
    session = await current_learner(request)
    disclosures = await my_transfers(request.app[appkeys.SERVICES], session)
    return render(request, "transfers.html", disclosures=disclosures)
