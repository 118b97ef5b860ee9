"""Wallet-facing HTTP endpoints: metadata (OID4VCI §12, RFC 8414, SD-JWT VC §4, §6) and §4–§11.

Every response that carries a code, token, nonce or credential is ``Cache-Control: no-store``;
errors become OAuth JSON in web/errors.py.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from gateway.core.oid4vci.errors import ErrorCode, Oid4vciError
from gateway.core.oid4vci.requests import MAX_BODY
from gateway.errors import NotFound
from gateway.flows.wallet import protocol as wallet_protocol
from gateway.web import appkeys

NO_STORE = {"Cache-Control": "no-store"}
METADATA_CACHE = {"Cache-Control": "public, max-age=300"}
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def _json(body: Any, *, headers: dict[str, str] = NO_STORE) -> web.Response:
    return web.json_response(body, headers=headers)


async def _body(request: web.Request, media_type: str, code: ErrorCode) -> bytes:
    """The request body, refused (with ``code``) unless it has the expected media type."""
    if request.content_type != media_type:
        raise Oid4vciError(code, f"the request must be {media_type}")
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise Oid4vciError(code, "request body too large")
    return await request.read()


# -- metadata ----------------------------------------------------------------------------------


async def issuer_metadata(request: web.Request) -> web.StreamResponse:
    return _json(request.app[appkeys.WALLET].issuer_metadata, headers=METADATA_CACHE)


async def authorization_server_metadata(request: web.Request) -> web.StreamResponse:
    return _json(request.app[appkeys.WALLET].authorization_server, headers=METADATA_CACHE)


async def jwt_vc_issuer(request: web.Request) -> web.StreamResponse:
    return _json(request.app[appkeys.WALLET].jwt_vc_issuer, headers=METADATA_CACHE)


async def type_metadata(request: web.Request) -> web.StreamResponse:
    found = request.app[appkeys.WALLET].type_metadata_json.get(request.match_info["vct"])
    if found is None:
        raise NotFound("No type metadata for this vct.")
    return web.Response(body=found, content_type=JSON, charset="utf-8", headers=METADATA_CACHE)


# -- protocol endpoints ------------------------------------------------------------------------


async def credential_offer(request: web.Request) -> web.StreamResponse:
    offer = await wallet_protocol.offer_object(
        request.app[appkeys.SERVICES], request.app[appkeys.WALLET], request.match_info["token"]
    )
    return _json(offer)


async def token(request: web.Request) -> web.StreamResponse:
    body = await _body(request, FORM, ErrorCode.INVALID_REQUEST)
    response = await wallet_protocol.token(
        request.app[appkeys.SERVICES], request.app[appkeys.WALLET], body
    )
    return _json(response, headers={**NO_STORE, "Pragma": "no-cache"})


async def nonce(request: web.Request) -> web.StreamResponse:
    response = await wallet_protocol.nonce(
        request.app[appkeys.SERVICES], request.app[appkeys.WALLET]
    )
    return _json(response)


async def credential(request: web.Request) -> web.StreamResponse:
    authorization = request.headers.get("Authorization")
    wallet = request.app[appkeys.WALLET]
    services = request.app[appkeys.SERVICES]
    if not authorization:  # RFC 6750 §3: refuse before reading anything else
        wallet_protocol.bearer_token(authorization)
    body = await _body(request, JSON, ErrorCode.INVALID_CREDENTIAL_REQUEST)
    response = await wallet_protocol.credential(services, wallet, authorization, body)
    return _json(response)


async def notification(request: web.Request) -> web.StreamResponse:
    authorization = request.headers.get("Authorization")
    if not authorization:
        wallet_protocol.bearer_token(authorization)
    body = await _body(request, JSON, ErrorCode.INVALID_NOTIFICATION_REQUEST)
    await wallet_protocol.notification(
        request.app[appkeys.SERVICES], request.app[appkeys.WALLET], authorization, body
    )
    return web.Response(status=204, headers=NO_STORE)
