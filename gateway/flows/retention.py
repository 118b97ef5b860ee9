"""Retention (``[retention]``): purge what finished exchanges kept, on demand or periodically."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from gateway.storage.database import Database
from gateway.storage.retention import Purged, RetentionRepository

log = logging.getLogger(__name__)


async def purge_expired(db: Database, *, days: int, now: datetime) -> Purged:
    """Forget what ended more than ``days`` (``[retention] days``) before ``now``; one
    transaction."""
    before = now - timedelta(days=days)
    async with db.session(write=True) as session, session.begin():
        purged = await RetentionRepository(session).purge(before)
    if purged.total:
        log.info(
            "retention purge",
            extra={
                "oots_exchanges": purged.oots_exchanges,
                "client_sessions": purged.client_sessions,
                "wallet_offers": purged.wallet_offers,
            },
        )
    return purged
