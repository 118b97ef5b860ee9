"""Operations endpoints: ``/healthz`` (process up), ``/readyz`` (can serve), ``/metrics``."""

from __future__ import annotations

import logging
import os

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from gateway import __version__
from gateway.flows.metrics import database_gauges
from gateway.flows.ops import readiness
from gateway.web import appkeys
from gateway.web.handlers.emrex.registry import REGISTRY
from gateway.web.metrics import check_scraper

log = logging.getLogger(__name__)
NO_STORE = {"Cache-Control": "no-store"}


async def healthz(request: web.Request) -> web.StreamResponse:
    """The process is up and its event loop answers; nothing else is looked at."""
    return web.json_response(
        {"status": "ok", "version": __version__, "pid": os.getpid()}, headers=NO_STORE
    )


async def readyz(request: web.Request) -> web.StreamResponse:
    """200 when the database is reachable and at head, the keys valid, the schema directory
    complete and the registry loaded; else 503 naming the failed checks (reasons: the log)."""
    app = request.app
    wallet = app.get(appkeys.WALLET)
    checks = await readiness(
        app[appkeys.SERVICES],
        app[REGISTRY].state,
        None if wallet is None else wallet.signing_key,
    )
    failed = [c for c in checks if not c.ok]
    for check in failed:
        log.warning("not ready", extra={"check": check.name, "problem": check.detail})
    return web.json_response(
        {
            "status": "not ready" if failed else "ready",
            "checks": {c.name: "ok" if c.ok else "failed" for c in checks},
        },
        status=503 if failed else 200,
        headers=NO_STORE,
    )


async def metrics(request: web.Request) -> web.StreamResponse:
    """Prometheus text format, for the ``[metrics] allow`` addresses only."""
    check_scraper(request)
    services = request.app[appkeys.SERVICES]
    body = services.metrics.exposition(await database_gauges(services.db))
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST, **NO_STORE})
