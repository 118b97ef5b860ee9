"""EMREX client pages (TG §4.2–4.4): pick a contact point, auto-post to it, receive the return."""

from __future__ import annotations

from aiohttp import web

from gateway.errors import InvalidInput
from gateway.flows.emrex import client
from gateway.flows.emrex.contact_point import origin_of
from gateway.web import appkeys
from gateway.web.auth import check_csrf, current_learner, safe_next
from gateway.web.errors import http_status
from gateway.web.forms import read_form
from gateway.web.handlers.emrex.contact_point import AUTOPOST_CSP, NO_STORE
from gateway.web.handlers.emrex.registry import REGISTRY
from gateway.web.render import render

RETURN_FIELDS = ("sessionId", "returnCode", "returnMessage", "elmo")


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _next(value: str | None) -> str:
    """A local page to go back to afterwards ("" for none)."""
    checked = safe_next(value)
    return "" if checked == "/" else checked


async def client_page(request: web.Request) -> web.StreamResponse:
    """``GET /client[?next=/local/path]``: contact points by country, and earlier fetches."""
    browser = await current_learner(request)
    services = request.app[appkeys.SERVICES]
    home = await client.home(services, request.app[REGISTRY], browser)
    return render(
        request,
        "emrex/client.html",
        headers=dict(NO_STORE),
        home=home,
        now=services.clock(),
        next_url=_next(request.query.get("next")),
        own_acronym=services.settings.emrex.acronym,
    )


async def start(request: web.Request) -> web.StreamResponse:
    """``POST /client/start``: a new client session, auto-posted to the chosen contact point."""
    form = await read_form(request)
    check_csrf(request, _text(form.get("csrf")))
    browser = await current_learner(request)
    started = await client.start(
        request.app[appkeys.SERVICES],
        request.app[REGISTRY],
        browser,
        _text(form.get("contact_point")),
        _next(_text(form.get("next"))) or None,
    )
    try:
        origin = origin_of(started.contact_point.url)
    except InvalidInput:
        raise InvalidInput("The registry gives this contact point an unusable address.") from None
    return render(
        request,
        "emrex/autopost.html",
        headers={**NO_STORE, "Content-Security-Policy": AUTOPOST_CSP.format(origin=origin)},
        heading="client.start.heading",
        host=started.contact_point.acronym,
        action=started.contact_point.url,
        fields=started.form_fields(),
        count=0,
    )


async def receive_return(request: web.Request) -> web.StreamResponse:
    """``POST /client/return``: a cross-site POST (no cookie); the session is found by
    ``sessionId`` in the database."""
    form = await read_form(request)
    fields = {name: value for name in RETURN_FIELDS if (value := _text(form.get(name))) is not None}
    result = await client.receive_return(
        request.app[appkeys.SERVICES], request.app[REGISTRY], fields
    )
    status = 200 if result.cause is None else http_status(result.cause)
    return render(
        request, "emrex/returned.html", status=status, headers=dict(NO_STORE), result=result
    )


async def return_get(request: web.Request) -> web.StreamResponse:
    """``GET /client/return`` (a reload or the language switch): back to the client page."""
    raise web.HTTPSeeOther("/client")


def _import_id(request: web.Request) -> int:
    value = request.match_info["import_id"]
    if not value.isdigit() or len(value) > 12:
        raise InvalidInput("That is not an import number.")
    return int(value)


async def import_page(request: web.Request) -> web.StreamResponse:
    """``GET /client/imports/{id}``: verified results fetched from a contact point (own only)."""
    browser = await current_learner(request)
    found = await client.imported(request.app[appkeys.SERVICES], browser, _import_id(request))
    return render(request, "emrex/imported.html", headers=dict(NO_STORE), found=found)


async def import_document(request: web.Request) -> web.StreamResponse:
    """``GET /client/imports/{id}/elmo.xml``: the signed ELMO exactly as it was received."""
    browser = await current_learner(request)
    import_id = _import_id(request)
    xml = await client.imported_document(request.app[appkeys.SERVICES], browser, import_id)
    return web.Response(
        body=xml,
        content_type="application/xml",
        headers={
            **NO_STORE,
            "Content-Disposition": f'attachment; filename="emrex-import-{import_id}.xml"',
        },
    )
