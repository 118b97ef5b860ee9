"""Request id, security headers and the single place where errors become responses."""

from __future__ import annotations

import logging
import secrets

from aiohttp import web
from aiohttp.typedefs import Handler

from gateway.errors import GatewayError
from gateway.logs import request_id_var
from gateway.web import appkeys
from gateway.web.auth import LoginRequired, login_url
from gateway.web.errors import api_problem, http_status, is_api_request, protocol_error_response
from gateway.web.metrics import observe_error
from gateway.web.render import render

log = logging.getLogger(__name__)
REQUEST_ID_HEADER = "X-Request-ID"


@web.middleware
async def request_id_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    rid = incoming if incoming.isalnum() and len(incoming) <= 64 else secrets.token_hex(8)
    token = request_id_var.set(rid)
    try:
        response = await handler(request)
        response.headers[REQUEST_ID_HEADER] = rid
        return response
    finally:
        request_id_var.reset(token)


@web.middleware
async def security_headers_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    )
    if request.app[appkeys.SETTINGS].server.is_https:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status >= 400 and is_api_request(request):
            return api_problem(exc)
        raise
    except LoginRequired as exc:
        raise web.HTTPSeeOther(login_url(exc.next_url)) from None
    except GatewayError as exc:
        status = http_status(exc)
        observe_error(request, exc)
        log.info(
            "request refused",
            extra={"error": type(exc).__name__, "status": status, "detail": exc.detail or ""},
        )
        if is_api_request(request):
            return api_problem(exc)
        return protocol_error_response(exc) or _error_page(request, status, exc.message)
    except Exception:
        log.exception("unhandled error")
        if is_api_request(request):
            return api_problem(None)
        return _error_page(request, 500, "An internal error occurred.")


def _error_page(request: web.Request, status: int, message: str) -> web.Response:
    return render(request, "error.html", status=status, message=message, status_code=status)
