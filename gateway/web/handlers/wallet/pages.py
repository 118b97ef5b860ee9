"""The learner's wallet pages: choose results, "Add to wallet" → QR code, link and tx_code."""

from __future__ import annotations

import segno
from aiohttp import web

from gateway.flows.badges.shares import badge_home
from gateway.flows.wallet import offers as wallet
from gateway.web import appkeys
from gateway.web.auth import check_csrf, current_learner
from gateway.web.forms import read_form
from gateway.web.render import render

NO_STORE = {"Cache-Control": "no-store"}


def qr_data_uri(link: str) -> str:
    """The offer link as a QR code (SVG in a data: URI, which the CSP allows for images)."""
    return segno.make(link, error="m").svg_data_uri(scale=5, border=4)


async def wallet_page(request: web.Request) -> web.StreamResponse:
    session = await current_learner(request)
    services = request.app[appkeys.SERVICES]
    home = await wallet.wallet_home(services, request.app[appkeys.WALLET], session)
    badges = await badge_home(services, session.national_id or "")
    return render(request, "wallet.html", home=home, badges=badges, now=services.clock())


async def create_offer(request: web.Request) -> web.StreamResponse:
    session = await current_learner(request)
    form = await read_form(request)
    csrf = form.get("csrf")
    check_csrf(request, csrf if isinstance(csrf, str) else None)
    issuer = request.app[appkeys.WALLET]
    chosen = {
        name: [v for v in form.getall(name, []) if isinstance(v, str)]
        for name in issuer.kinds.fields
    }
    created = await wallet.create_offer(
        request.app[appkeys.SERVICES],
        issuer,
        session.national_id or "",
        chosen={name: values for name, values in chosen.items() if values},
    )
    # Shown once (the reference and the tx_code are only stored as hashes): never cached.
    return render(
        request,
        "wallet_offer.html",
        headers=NO_STORE,
        offer=created,
        qr=qr_data_uri(created.link),
        minutes=issuer.config.offer_minutes,
        names={c.id: {d.locale: d.name for d in c.display} for c in issuer.kinds.configurations},
    )


async def offer_report(request: web.Request) -> web.StreamResponse:
    session = await current_learner(request)
    report = await wallet.offer_report(
        request.app[appkeys.SERVICES],
        request.app[appkeys.WALLET],
        session,
        request.match_info["offer_id"],
    )
    return web.json_response(report, headers=NO_STORE)
