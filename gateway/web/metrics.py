"""HTTP metrics (requests by route and status, latency) and who may read ``/metrics``."""

from __future__ import annotations

import ipaddress
import time

from aiohttp import web
from aiohttp.typedefs import Handler

from gateway.core.oid4vci.errors import Oid4vciError
from gateway.errors import ConfigError, Forbidden, GatewayError
from gateway.settings import Settings
from gateway.web import appkeys

UNMATCHED = "unmatched"  # no route: one label value, not one per path a scanner tries


def route_of(request: web.Request) -> str:
    """The route template (``/emrex/{rid}``), never the path itself: bounded label values."""
    resource = request.match_info.route.resource
    if resource is None:
        return UNMATCHED
    return resource.canonical


@web.middleware
async def metrics_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Outermost: counts every answer, including the error middleware's pages and raised HTTP
    exceptions (redirects, 404, 413 …); an exception nobody handled counts as 500."""
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        metrics = request.app[appkeys.SERVICES].metrics
        route, method = route_of(request), request.method
        metrics.http_requests.labels(route, method, str(status)).inc()
        metrics.http_duration.labels(route, method).observe(time.perf_counter() - started)


def observe_error(request: web.Request, error: GatewayError) -> None:
    """Called by the error mapping: the protocol error codes worth a series of their own."""
    if isinstance(error, Oid4vciError):
        request.app[appkeys.SERVICES].metrics.wallet_errors.labels(error.code.value).inc()


def allowed_networks(
    settings: Settings,
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """``[metrics] allow`` as networks (ConfigError naming the bad entry)."""
    networks = []
    for value in settings.metrics.allow:
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ConfigError(f"[metrics] allow: {value!r} is not an address or CIDR") from None
    return tuple(networks)


def check_scraper(request: web.Request) -> None:
    """``/metrics`` only for the configured scraper addresses (404 when metrics are off)."""
    settings = request.app[appkeys.SETTINGS]
    if not settings.metrics.enabled:
        raise web.HTTPNotFound()
    try:
        remote = ipaddress.ip_address(request.remote or "")
    except ValueError:
        remote = None
    if remote is None or not any(remote in net for net in allowed_networks(settings)):
        raise Forbidden("Metrics are not available to this address.")
