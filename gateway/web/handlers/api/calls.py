"""What every /api/v1 call shares: authentication, the body (size, type, read timeout), counting.

Each call is authenticated before its body is read, counted in ``gateway_api_requests`` by
client name, operation and status, and logged on one line without personal data (client,
operation, status, duration; never the query, the body or a national identifier).
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Handler

from gateway.core.api.clients import ApiClient, Scope
from gateway.errors import (
    GatewayError,
    NotFound,
    PayloadTooLarge,
    RequestTimeout,
    UnsupportedMediaType,
)
from gateway.flows.api.clients import authenticate, require_scope
from gateway.web import appkeys
from gateway.web.errors import http_status

log = logging.getLogger(__name__)
JSON_MEDIA_TYPE = "application/json"
UNAUTHENTICATED = "-"  # the client label of calls whose client is not known
ClientHandler = Callable[[web.Request, ApiClient], Awaitable[web.StreamResponse]]


def api_call(operation: str, scope: Scope) -> Callable[[ClientHandler], Handler]:
    """Wrap a handler that takes the authenticated client (refused: 401/403, never called)."""

    def wrap(handler: ClientHandler) -> Handler:
        async def run(request: web.Request) -> web.StreamResponse:
            services = request.app[appkeys.SERVICES]
            if not services.settings.api.enabled:
                raise NotFound("The integration API is not enabled here.")
            started = time.perf_counter()
            client_name, status = UNAUTHENTICATED, 500
            try:
                client = await authenticate(
                    services.db, request.headers.get("Authorization"), _peer_certificate(request)
                )
                client_name = client.name
                require_scope(client, scope)
                response = await handler(request, client)
                status = response.status
                return response
            except GatewayError as exc:
                status = http_status(exc)
                raise
            except web.HTTPException as exc:
                status = exc.status
                raise
            finally:
                services.metrics.api_requests.labels(client_name, operation, str(status)).inc()
                log.info(
                    "api call",
                    extra={
                        "client": client_name,
                        "operation": operation,
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )

        return run

    return wrap


def _peer_certificate(request: web.Request) -> bytes | None:
    """The TLS client certificate (DER) the connection presented, verified against
    ``[api] tls_client_ca`` by the TLS handshake; None over plain http or without one."""
    transport = request.transport
    ssl_object = None if transport is None else transport.get_extra_info("ssl_object")
    if not isinstance(ssl_object, ssl.SSLObject):
        return None
    return ssl_object.getpeercert(binary_form=True)


async def read_json_body(request: web.Request) -> bytes:
    """The body of a JSON request: 415 for another type, 413 above ``[api] max_body_bytes``
    (on Content-Length, before a byte is read), 408 when it takes longer than
    ``[api] read_timeout_seconds`` to arrive."""
    settings = request.app[appkeys.SETTINGS].api
    if request.content_type != JSON_MEDIA_TYPE:
        raise UnsupportedMediaType(f"Send the records document as {JSON_MEDIA_TYPE}.")
    limit = settings.max_body_bytes
    too_large = PayloadTooLarge(f"The body is larger than the limit of {limit} bytes.")
    if request.content_length is not None and request.content_length > limit:
        raise too_large
    data = bytearray()
    try:
        async with asyncio.timeout(settings.read_timeout_seconds):
            async for chunk in request.content.iter_chunked(256 * 1024):
                data += chunk
                if len(data) > limit:
                    raise too_large
    except TimeoutError:
        raise RequestTimeout(
            f"The body did not arrive within {settings.read_timeout_seconds:g} seconds."
        ) from None
    return bytes(data)
