"""The "My transfers" page: what was sent about the learner, to whom and when, and the status
of their wallet credentials (issue #15)."""

from __future__ import annotations

from aiohttp import web

from gateway.flows.credential_status.manage import my_credentials
from gateway.flows.emrex.transfers import my_transfers
from gateway.web import appkeys
from gateway.web.auth import current_learner
from gateway.web.render import render


async def transfers(request: web.Request) -> web.StreamResponse:
    session = await current_learner(request)
    services = request.app[appkeys.SERVICES]
    disclosures = await my_transfers(services, session)
    credentials = await my_credentials(services, session)
    return render(request, "transfers.html", disclosures=disclosures, credentials=credentials)
