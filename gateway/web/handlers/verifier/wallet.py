"""The wallet's endpoints: the request object by reference (OpenID4VP 1.0 §5.10) and the
response URI (§8.2, §8.3.1). Wallet errors are mapped in core/oid4vp/reasons.py only."""

from __future__ import annotations

from aiohttp import web

from gateway.core.oid4vp.reasons import INVALID_REQUEST, INVALID_REQUEST_URI_METHOD
from gateway.core.oid4vp.request import REQUEST_MEDIA_TYPE
from gateway.errors import GatewayError, UnsupportedMediaType
from gateway.flows.verifier import transactions
from gateway.web import appkeys
from gateway.web.errors import http_status
from gateway.web.forms import read_form
from gateway.web.handlers.emrex.registry import REGISTRY
from gateway.web.handlers.verifier.pages import enabled

NO_STORE = {"Cache-Control": "no-store"}
FORM = "application/x-www-form-urlencoded"


async def request_object(request: web.Request) -> web.StreamResponse:
    """``GET|POST /wallet/present/request/{id}``: the signed request object, once."""
    enabled(request)
    wallet_nonce = None
    if request.method == "POST":
        if request.content_type != FORM:
            return web.json_response(
                {"error": INVALID_REQUEST_URI_METHOD}, status=400, headers=NO_STORE
            )
        form = await read_form(request)
        value = form.get("wallet_nonce")
        wallet_nonce = value[:128] if isinstance(value, str) and value else None
    try:
        token = await transactions.request_object(
            request.app[appkeys.SERVICES],
            request.app[appkeys.VERIFIER],
            request.match_info["id"],
            same_device=request.query.get("flow") == transactions.SAME_DEVICE,
            wallet_nonce=wallet_nonce,
        )
    except GatewayError as exc:
        return web.json_response(
            {"error": INVALID_REQUEST}, status=http_status(exc), headers=NO_STORE
        )
    return web.Response(text=token, content_type=REQUEST_MEDIA_TYPE, headers=NO_STORE)


async def response(request: web.Request) -> web.StreamResponse:
    """``POST /wallet/present/response/{id}``: the wallet's answer (form-encoded)."""
    enabled(request)
    if request.content_type != FORM:
        raise UnsupportedMediaType("The response must be application/x-www-form-urlencoded.")
    form = await read_form(request)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    services = request.app[appkeys.SERVICES]
    state = request.app[REGISTRY].state
    signers = [services.signing_key.certificate]
    if state.registry is not None:
        signers += [c for p in state.registry.contact_points for c in p.certificates]
    answer = await transactions.receive(
        services,
        request.app[appkeys.VERIFIER],
        request.match_info["id"],
        fields,
        signers,
        request.app[appkeys.STATUS_LISTS],
    )
    return web.json_response(answer.body, status=answer.status, headers=NO_STORE)
