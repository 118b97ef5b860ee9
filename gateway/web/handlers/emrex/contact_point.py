"""EMREX contact point pages (TG §4.2–4.4): request, selection, consent, auto-posted answer."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from gateway.core.emrex import ReturnCode
from gateway.core.sessions import ContactPointRequest
from gateway.errors import InvalidInput
from gateway.flows.elmo.export import NothingToExport
from gateway.flows.emrex import contact_point as cp
from gateway.web import appkeys
from gateway.web.auth import check_csrf, current_learner
from gateway.web.errors import emrex_return
from gateway.web.forms import read_form
from gateway.web.i18n import choose_language
from gateway.web.render import render

log = logging.getLogger(__name__)
NO_STORE = {"Cache-Control": "no-store"}
# The page that posts the answer may submit a form to the client's origin and nowhere else.
AUTOPOST_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action {origin}; base-uri 'none'"
)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _rid(request: web.Request) -> str:
    return request.match_info["rid"]


def _page(
    request: web.Request,
    template: str,
    pending: ContactPointRequest,
    *,
    status: int = 200,
    **context: Any,
) -> web.Response:
    """A page of one request, with the receiving host and the expiry notice."""
    now = request.app[appkeys.SERVICES].clock()
    left = max(0, math.ceil((pending.expires_at - now).total_seconds() / 60))
    return render(
        request,
        template,
        status=status,
        headers=dict(NO_STORE),
        pending=pending,
        rid=pending.id,
        host=cp.recipient(pending.return_url),
        minutes_left=left,
        **context,
    )


def _expired(request: web.Request, pending: ContactPointRequest) -> web.Response:
    return _page(request, "emrex/expired.html", pending, status=410)


async def receive(request: web.Request) -> web.StreamResponse:
    """``POST /emrex`` (or GET) with ``sessionId`` and ``returnUrl`` from an EMREX client."""
    form: Mapping[str, Any] = (
        await read_form(request) if request.method == "POST" else request.query
    )
    session_id, return_url = _text(form.get("sessionId")), _text(form.get("returnUrl"))
    try:
        created = await cp.receive(request.app[appkeys.SERVICES], session_id, return_url)
    except InvalidInput as exc:
        log.info("emrex request refused", extra={"problem": exc.message})
        return render(
            request,
            "emrex/refused.html",
            status=400,
            message=exc.message,
            session_id=session_id or "",
            return_url=return_url or "",
        )
    raise web.HTTPSeeOther(f"/emrex/{created.id}")


async def selection(request: web.Request) -> web.StreamResponse:
    """``GET /emrex/{rid}``: the learner's results to choose from (``?select=all|none``)."""
    browser = await current_learner(request)
    services = request.app[appkeys.SERVICES]
    try:
        offer = await cp.offer(services, _rid(request), browser, preset=request.query.get("select"))
    except cp.RequestExpired as exc:
        return _expired(request, exc.request)
    if offer.empty:
        return _page(request, "emrex/nothing.html", offer.request)
    return _page(
        request,
        "emrex/select.html",
        offer.request,
        offer=offer,
        error=request.query.get("error") == "none",
    )


async def select(request: web.Request) -> web.StreamResponse:
    """``POST /emrex/{rid}/select``: store the choice, then the consent page."""
    form = await read_form(request)
    check_csrf(request, _text(form.get("csrf")))
    browser = await current_learner(request)
    values = [v for v in form.getall("result", []) if isinstance(v, str)]
    degrees = [v for v in form.getall("degree", []) if isinstance(v, str)]
    wallet = [v for v in form.getall("wallet", []) if isinstance(v, str)]
    if not all(v.isdigit() and len(v) < 12 for v in values + degrees + wallet):
        raise InvalidInput("The selection is not valid.")
    try:
        await cp.select(
            request.app[appkeys.SERVICES],
            _rid(request),
            browser,
            [int(v) for v in values],
            [int(v) for v in degrees],
            [int(v) for v in wallet],
        )
    except cp.RequestExpired as exc:
        return _expired(request, exc.request)
    except cp.NothingSelected:
        raise web.HTTPSeeOther(f"/emrex/{_rid(request)}?select=none&error=none") from None
    raise web.HTTPSeeOther(f"/emrex/{_rid(request)}/consent")


async def consent(request: web.Request) -> web.StreamResponse:
    """``GET /emrex/{rid}/consent``: the receiving host and exactly what will be sent."""
    browser = await current_learner(request)
    try:
        offer = await cp.consent_view(request.app[appkeys.SERVICES], _rid(request), browser)
    except cp.RequestExpired as exc:
        return _expired(request, exc.request)
    except cp.NothingSelected:
        raise web.HTTPSeeOther(f"/emrex/{_rid(request)}") from None
    return _page(
        request,
        "emrex/consent.html",
        offer.request,
        offer=offer,
        learner=offer.transcript.learner,
        error=request.query.get("error") == "consent",
    )


async def send(request: web.Request) -> web.StreamResponse:
    """``POST /emrex/{rid}/send``: NCP_OK with the signed ELMO (or NO_RESULTS / ERROR)."""
    form = await read_form(request)
    check_csrf(request, _text(form.get("csrf")))
    browser = await current_learner(request)
    services = request.app[appkeys.SERVICES]
    rid = _rid(request)
    try:
        answer = await cp.send(
            services,
            rid,
            browser,
            consented=form.get("consent") == "yes",
            lang=choose_language(request),
        )
    except cp.RequestExpired as exc:
        return _expired(request, exc.request)
    except cp.ConsentMissing:
        raise web.HTTPSeeOther(f"/emrex/{rid}/consent?error=consent") from None
    except cp.NothingSelected:
        raise web.HTTPSeeOther(f"/emrex/{rid}") from None
    except cp.AnswerFailed as failed:
        if not isinstance(failed.cause, NothingToExport):
            log.error("emrex answer failed; answering NCP_ERROR", exc_info=failed.cause)
        code, message = emrex_return(failed.cause)
        answer = await cp.answer_without_results(services, failed.request, code, message)
    return _outcome(request, answer)


async def cancel(request: web.Request) -> web.StreamResponse:
    """``POST /emrex/{rid}/cancel``: NCP_CANCEL (or NCP_ERROR when the request has expired)."""
    form = await read_form(request)
    browser = check_csrf(request, _text(form.get("csrf")))
    services = request.app[appkeys.SERVICES]
    pending, expired = await cp.cancel(services, _rid(request), browser)
    code, message = emrex_return(cp.RequestExpired(pending)) if expired else (ReturnCode.CANCEL, "")
    answer = await cp.answer_without_results(services, pending, code, message)
    return _outcome(request, answer)


def _outcome(request: web.Request, answer: cp.Answer) -> web.Response:
    """The form that takes the answer to ``returnUrl``: auto-submitted by a static script, with
    a visible button for browsers without JavaScript. Its CSP allows exactly that origin."""
    pending = answer.request
    metrics = request.app[appkeys.SERVICES].metrics
    metrics.emrex_returns_sent.labels(answer.response.code.value).inc()
    csp = AUTOPOST_CSP.format(origin=cp.origin_of(pending.return_url))
    return render(
        request,
        "emrex/autopost.html",
        headers={**NO_STORE, "Content-Security-Policy": csp},
        heading=f"cp.outcome.{answer.response.code.value}",
        host=cp.recipient(pending.return_url),
        action=pending.return_url,
        fields=answer.response.form_fields(),
        count=answer.result_count,
    )
