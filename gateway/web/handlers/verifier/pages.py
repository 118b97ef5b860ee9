"""The learner's "Present from wallet" pages: start, QR code and link, polling, the return."""

from __future__ import annotations

import re
from typing import Final

from aiohttp import web

from gateway.errors import NotFound
from gateway.flows.verifier import transactions
from gateway.web import appkeys
from gateway.web.auth import check_csrf, current_learner
from gateway.web.forms import read_form
from gateway.web.handlers.wallet.pages import NO_STORE, qr_data_uri
from gateway.web.render import render

NEXT: Final = re.compile(r"/emrex/[A-Za-z0-9_-]{1,64}")


def enabled(request: web.Request) -> None:
    """Every /wallet/present path is 404 with ``[verifier] enabled = false``."""
    if not request.app[appkeys.SETTINGS].verifier.enabled:
        raise NotFound("There is no such page.")


def local_next(value: object) -> str | None:
    """Where to go back after a verified presentation: an EMREX selection page only."""
    if isinstance(value, str) and NEXT.fullmatch(value):
        return value
    return None


async def start_page(request: web.Request) -> web.StreamResponse:
    enabled(request)
    await current_learner(request)
    next_url = local_next(request.query.get("next"))
    return render(request, "verifier/start.html", headers=dict(NO_STORE), next_url=next_url)


async def start(request: web.Request) -> web.StreamResponse:
    enabled(request)
    browser = await current_learner(request)
    form = await read_form(request)
    csrf = form.get("csrf")
    check_csrf(request, csrf if isinstance(csrf, str) else None)
    started = await transactions.start(
        request.app[appkeys.SERVICES], request.app[appkeys.VERIFIER], browser
    )
    return render(
        request,
        "verifier/present.html",
        headers=dict(NO_STORE),
        started=started,
        qr=qr_data_uri(started.link),
        next_url=local_next(form.get("next")),
    )


async def status(request: web.Request) -> web.StreamResponse:
    """``GET /wallet/present/status/{poll}``: the outcome, to the starting session only."""
    enabled(request)
    browser = await current_learner(request)
    view = await transactions.poll(
        request.app[appkeys.SERVICES], browser, request.match_info["poll"]
    )
    return web.json_response(view.as_json(), headers=dict(NO_STORE))


async def returned(request: web.Request) -> web.StreamResponse:
    """``GET /wallet/present/return?response_code=…``: the same-device wallet's redirect."""
    enabled(request)
    browser = await current_learner(request)
    code = request.query.get("response_code", "")
    view = await transactions.returned(request.app[appkeys.SERVICES], browser, code)
    return render(request, "verifier/result.html", headers=dict(NO_STORE), view=view)
