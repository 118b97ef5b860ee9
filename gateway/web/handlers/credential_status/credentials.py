"""My transfers, wallet part: revoke one of my credentials (lost phone), get a fresh one."""

from __future__ import annotations

from aiohttp import web

from gateway.errors import NotFound
from gateway.flows.credential_status.manage import fresh_offer, revoke_mine
from gateway.web import appkeys
from gateway.web.auth import check_csrf, current_learner
from gateway.web.forms import read_form
from gateway.web.handlers.wallet.pages import NO_STORE, qr_data_uri
from gateway.web.render import render


def _credential_id(request: web.Request) -> int:
    value = request.match_info["credential_id"]
    if not value.isdigit() or len(value) > 12:
        raise NotFound("No such credential.")
    return int(value)


async def _checked(request: web.Request) -> None:
    form = await read_form(request)
    csrf = form.get("csrf")
    check_csrf(request, csrf if isinstance(csrf, str) else None)


async def revoke(request: web.Request) -> web.StreamResponse:
    session = await current_learner(request)
    await _checked(request)
    await revoke_mine(request.app[appkeys.SERVICES], session, _credential_id(request))
    raise web.HTTPSeeOther(location="/transfers#credentials")


async def fresh(request: web.Request) -> web.StreamResponse:
    session = await current_learner(request)
    await _checked(request)
    issuer = request.app[appkeys.WALLET]
    created = await fresh_offer(
        request.app[appkeys.SERVICES], issuer, session, _credential_id(request)
    )
    return render(
        request,
        "wallet_offer.html",
        headers=NO_STORE,
        offer=created,
        qr=qr_data_uri(created.link),
        minutes=issuer.config.offer_minutes,
        names={c.id: {d.locale: d.name for d in c.display} for c in issuer.kinds.configurations},
    )
