"""The OOTS provider's life in a process (cleanup_ctx): open it, run the outbox loop, stop it.

Every gateway process runs the loop; claims keep them from sending a message twice. At start
the loop picks up whatever is pending, so a process killed between commit and delivery (or
mid-delivery: its claim lapses) delivers after a restart.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from gateway.flows.oots.outbox import run_once
from gateway.flows.oots.provider import OotsProvider
from gateway.logs import log_context
from gateway.web import appkeys
from gateway.web.lifecycle import background

log = logging.getLogger(__name__)


async def oots_ctx(app: web.Application) -> AsyncIterator[None]:
    """The provider (settings checked, XSDs compiled) and its background delivery loop."""
    services = app[appkeys.SERVICES]
    provider = await OotsProvider.open(services)
    app[appkeys.OOTS] = provider
    if provider.config.requesters and provider.config.preview_base is None:
        log.warning("oots previews are unavailable: [server] public_url is not https")
    async with background(_loop(provider), "oots-outbox"):
        yield


async def _loop(provider: OotsProvider) -> None:
    poll = provider.config.poll.total_seconds()
    while True:
        wait = poll
        try:
            with log_context("outbox"):
                next_due = await run_once(provider)
            if next_due is not None:
                until = (next_due - provider.services.clock()).total_seconds()
                wait = min(poll, max(until, 0.05))
        except Exception:
            log.exception("oots outbox round failed")
        await provider.wait(wait)
