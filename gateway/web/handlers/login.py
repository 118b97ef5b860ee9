"""Learner login: the development login page (dev mode only) and logging out."""

from __future__ import annotations

from aiohttp import web

from gateway.errors import NotFound
from gateway.flows.emrex import browser
from gateway.web import appkeys
from gateway.web.auth import check_csrf, ensure_session, log_in, safe_next
from gateway.web.forms import read_form
from gateway.web.render import render


def _dev_only(request: web.Request) -> None:
    if request.app[appkeys.SETTINGS].auth.mode != "dev":
        raise NotFound("There is no login page here: log in through your institution.")


async def login_page(request: web.Request) -> web.StreamResponse:
    _dev_only(request)
    await ensure_session(request)
    learners = await browser.dev_learners(request.app[appkeys.SERVICES])
    return render(
        request, "login.html", learners=learners, next_url=safe_next(request.query.get("next"))
    )


async def login(request: web.Request) -> web.StreamResponse:
    _dev_only(request)
    form = await read_form(request)
    session = check_csrf(request, _text(form.get("csrf")))
    national_id = _text(form.get("national_id"))
    await log_in(request, session, national_id or "", "dev")
    raise web.HTTPSeeOther(safe_next(_text(form.get("next"))))


async def logout(request: web.Request) -> web.StreamResponse:
    form = await read_form(request)
    session = check_csrf(request, _text(form.get("csrf")))
    await browser.log_out(request.app[appkeys.SERVICES], session)
    response = web.HTTPSeeOther("/")
    response.del_cookie("gw_session", path="/")
    raise response


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
