"""The access log (``[logging] access_log``): one line per request, route template, request id."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from gateway.settings import Settings
from gateway.web.metrics import route_of
from gateway.web.middlewares import REQUEST_ID_HEADER

ACCESS_LOGGER = "gateway.access"


class AccessLogger(AbstractAccessLogger):
    """Method, route template and status, never the path or query: paths carry offer and preview
    tokens. aiohttp logs this after the request's own context is gone, so the request id travels
    with the line (from the response header the request id middleware set)."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        route = route_of(request) if isinstance(request, web.Request) else "unmatched"
        self.logger.info(
            "%s %s %s",
            request.method,
            route,
            response.status,
            extra={
                "request_id": response.headers.get(REQUEST_ID_HEADER),
                "method": request.method,
                "route": route,
                "status": response.status,
                "duration_ms": round(time * 1000, 1),
            },
        )


def access_log_options(settings: Settings) -> dict[str, Any]:
    """The ``run_app``/``AppRunner`` keyword arguments for ``[logging] access_log``."""
    if not settings.logging.access_log:
        return {"access_log": None}
    return {"access_log": logging.getLogger(ACCESS_LOGGER), "access_log_class": AccessLogger}
