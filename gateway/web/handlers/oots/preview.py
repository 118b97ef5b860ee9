"""The OOTS preview pages: log in, see the evidence, send it or not (§6, issue #5)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from aiohttp import web

from gateway.core.emrex import check_return_url
from gateway.errors import InvalidInput
from gateway.flows.oots.preview import decide_preview, open_preview, preview_document
from gateway.web import appkeys
from gateway.web.auth import check_csrf, current_learner
from gateway.web.forms import read_form
from gateway.web.i18n import choose_language
from gateway.web.render import render

NO_STORE = {"Cache-Control": "no-store"}
_EXTENSIONS = {"application/pdf": "pdf", "application/json": "json"}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _return_url(request: web.Request, value: str | None) -> str | None:
    """The requester's page to go back to (1.x ``returnurl`` parameter), if it is acceptable:
    https, or plain http to a loopback host in development."""
    if not value:
        return None
    settings = request.app[appkeys.SETTINGS]
    insecure = settings.emrex.insecure_return_hosts if settings.gateway.is_development else ()
    try:
        return check_return_url(value, insecure)
    except InvalidInput:
        return None


def _here(token: str, return_url: str | None) -> str:
    path = f"/oots/preview/{quote(token, safe='')}"
    return f"{path}?{urlencode({'returnurl': return_url})}" if return_url else path


async def preview(request: web.Request) -> web.StreamResponse:
    """``GET /oots/preview/{token}``: the PreviewLocation we sent the requester."""
    browser = await current_learner(request)
    token = request.match_info["token"]
    page = await open_preview(request.app[appkeys.OOTS], token, browser, choose_language(request))
    return_url = _return_url(request, request.query.get("returnurl"))
    return render(
        request,
        "oots/preview.html",
        headers=dict(NO_STORE),
        page=page,
        action=_here(token, return_url),
        token=token,
        return_url=return_url,
        fetch_url="/client?" + urlencode({"next": _here(token, return_url)}),
    )


async def decide(request: web.Request) -> web.StreamResponse:
    """``POST /oots/preview/{token}``: send the chosen results, or send nothing."""
    browser = await current_learner(request)
    form = await read_form(request)
    check_csrf(request, _text(form.get("csrf")))
    token = request.match_info["token"]
    await decide_preview(
        request.app[appkeys.OOTS],
        token,
        browser,
        accept=_text(form.get("decision")) == "send",
        chosen=[v for v in form.getall("source", []) if isinstance(v, str)],
    )
    raise web.HTTPSeeOther(_here(token, _return_url(request, request.query.get("returnurl"))))


async def document(request: web.Request) -> web.StreamResponse:
    """``GET /oots/preview/{token}/documents/{content_id}``: a file exactly as it would be sent."""
    browser = await current_learner(request)
    found = await preview_document(
        request.app[appkeys.OOTS],
        request.match_info["token"],
        browser,
        request.match_info["content_id"],
    )
    extension = _EXTENSIONS.get(found.media_type, "bin")
    name = found.content_id.split("@", 1)[0]
    disposition = "inline" if found.media_type == "application/pdf" else "attachment"
    return web.Response(
        body=found.data,
        content_type=found.media_type,
        headers={
            **NO_STORE,
            "Content-Disposition": f'{disposition}; filename="{name}.{extension}"',
        },
    )
