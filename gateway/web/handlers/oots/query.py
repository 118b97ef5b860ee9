"""POST /oots/query: an EDM evidence request in, HTTP 202 + exchange id out (issue #5, §3).

The business answer travels through the outbox. Only what cannot be addressed to a configured
requester is refused on this connection, with an EDM error body (code from web/errors.py).
"""

from __future__ import annotations

import logging

from aiohttp import web

from gateway.core.oots.codes import EBRS_MEDIA_TYPE
from gateway.errors import GatewayError, PayloadTooLarge
from gateway.flows.oots.receive import receive_query, refusal_body
from gateway.web import appkeys
from gateway.web.errors import edm_code, http_status

log = logging.getLogger(__name__)
#: RegRep payloads; plain XML media types are read the same way.
ACCEPTED_MEDIA_TYPES = frozenset({EBRS_MEDIA_TYPE, "application/xml", "text/xml"})
EXCHANGE_HEADER = "X-Oots-Exchange-Id"


async def query(request: web.Request) -> web.StreamResponse:
    provider = request.app[appkeys.OOTS]
    if request.content_type not in ACCEPTED_MEDIA_TYPES:
        raise web.HTTPUnsupportedMediaType(
            text=f"send the QueryRequest as {EBRS_MEDIA_TYPE}", content_type="text/plain"
        )
    try:
        body = await _body(request, provider.config.max_request_bytes)
        receipt = await receive_query(provider, body)
    except GatewayError as exc:
        code = edm_code(exc)
        if code is None:
            raise
        status = http_status(exc)
        request.app[appkeys.SERVICES].metrics.oots_requests.labels(code.code).inc()
        log.info(
            "oots request refused on the connection",
            extra={"status": status, "edm": code.code, "error": type(exc).__name__},
        )
        return web.Response(
            status=status,
            body=refusal_body(provider, exc, code),
            content_type=EBRS_MEDIA_TYPE,
            charset="utf-8",
        )
    outcome = "duplicate" if receipt.duplicate else "accepted"
    request.app[appkeys.SERVICES].metrics.oots_requests.labels(outcome).inc()
    return web.json_response(
        {"exchange_id": receipt.exchange_id, "duplicate": receipt.duplicate},
        status=202,
        headers={EXCHANGE_HEADER: receipt.exchange_id},
    )


async def _body(request: web.Request, limit: int) -> bytes:
    """The request body, refused as soon as it passes ``limit`` bytes."""
    too_large = PayloadTooLarge(f"the evidence request is larger than {limit} bytes")
    if request.content_length is not None and request.content_length > limit:
        raise too_large
    data = bytearray()
    async for chunk in request.content.iter_chunked(64 * 1024):
        data += chunk
        if len(data) > limit:
            raise too_large
    return bytes(data)
