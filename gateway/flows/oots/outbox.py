"""Outbox delivery and preview timeouts: the provider's background work (issue #5, AS4 §7).

Delivery is at-least-once and idempotent for the requester: every attempt POSTs the committed
bytes with the same message id and EvidenceResponseIdentifier. A process claims a message
(conditional UPDATE with a lease) before it sends, so two processes never send it at once; a
process killed mid-attempt leaves a claim that lapses, and the message is sent again.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from gateway.core.oots.exchange import (
    OutboxMessage,
    OutboxState,
    Verdict,
    verdict,
)
from gateway.errors import PeerError
from gateway.flows.oots.answer import time_out
from gateway.flows.oots.provider import OotsProvider
from gateway.storage.database import Database
from gateway.storage.oots import OotsRepository
from gateway.storage.oots_outbox import OutboxRepository

log = logging.getLogger(__name__)
BATCH = 16
#: A requester's reply to a delivery is an acknowledgement: read little of it.
MAX_REPLY_BYTES = 64 * 1024
MESSAGE_HEADER = "X-Oots-Message-Id"
ACTION_HEADER = "X-Oots-Action"
EXCHANGE_HEADER = "X-Oots-Exchange-Id"


@dataclass(frozen=True)
class Attempt:
    message_id: str
    state: OutboxState
    attempts: int
    status: int | None


async def run_once(provider: OotsProvider) -> datetime | None:
    """Expire overdue previews, deliver what is due; return when work is due next."""
    await expire_previews(provider)
    while True:
        done = await deliver_due(provider)
        if len(done) < BATCH:
            break
    async with provider.services.db.session() as session:
        return await OutboxRepository(session).next_due()


async def expire_previews(provider: OotsProvider) -> int:
    """Previews nobody decided in time: timed out (EDM:ERR:0005 to a waiting second request)."""
    services = provider.services
    now = services.clock()
    async with services.db.session() as session:
        overdue = await OotsRepository(session).expired_previews(now)
    return sum([await time_out(provider, exchange_id, now) for exchange_id in overdue])


async def deliver_due(provider: OotsProvider) -> list[Attempt]:
    """One attempt for each due message (up to ``BATCH``, concurrently)."""
    services = provider.services
    async with services.db.session() as session:
        due = await OutboxRepository(session).due(services.clock(), BATCH)
    attempts = await asyncio.gather(*(deliver(provider, message_id) for message_id in due))
    return [a for a in attempts if a is not None]


async def deliver(provider: OotsProvider, message_id: str) -> Attempt | None:
    """Claim, send, record. None when another process holds the message or it is not due."""
    services, config = provider.services, provider.config
    now = services.clock()
    async with services.db.session(write=True) as session, session.begin():
        message = await OutboxRepository(session).claim(
            message_id, provider.owner, now, now + config.lease
        )
    if message is None:
        return None
    status, error = await _post(provider, message)
    finished = services.clock()
    outcome = verdict(status)
    if outcome is Verdict.DELIVERED:
        state = OutboxState.DELIVERED
    elif outcome is Verdict.REJECTED or config.retry.exhausted(message.attempts):
        state = OutboxState.FAILED
    else:
        state = OutboxState.PENDING
    async with services.db.session(write=True) as session, session.begin():
        recorded = await OutboxRepository(session).finish_attempt(
            message.id,
            provider.owner,
            state=state,
            now=finished,
            next_attempt_at=finished + config.retry.delay(message.attempts),
            status=status,
            error=error,
        )
    services.metrics.oots_deliveries.labels(state.value if recorded else "claim_lost").inc()
    log.info(
        "oots delivery attempt",
        extra={
            "outbox_message": message.id,
            "exchange": message.exchange_id,
            "attempt": message.attempts,
            "status": status if status is not None else "",
            "state": state.value if recorded else "claim lost",
        },
    )
    return Attempt(message.id, state, message.attempts, status)


async def _post(provider: OotsProvider, message: OutboxMessage) -> tuple[int | None, str | None]:
    try:
        reply = await provider.services.http().post(
            message.endpoint,
            message.body,
            content_type=message.content_type,
            headers={
                MESSAGE_HEADER: message.id,
                ACTION_HEADER: message.action,
                EXCHANGE_HEADER: message.exchange_id,
            },
            timeout_s=provider.config.delivery_timeout_s,
            max_bytes=MAX_REPLY_BYTES,
        )
    except PeerError as exc:
        return None, exc.message
    if 200 <= reply.status < 300:
        return reply.status, None
    return reply.status, f"HTTP {reply.status}"


# --- operators: `gateway oots outbox` -------------------------------------------------------


async def outbox_messages(
    db: Database, *, state: str | None = None, limit: int = 50
) -> list[OutboxMessage]:
    async with db.session() as session:
        return await OutboxRepository(session).messages(
            state=None if state is None else OutboxState(state), limit=limit
        )


async def retry_message(db: Database, message_id: str, now: datetime) -> bool:
    """Put a failed message back in line (a fixed endpoint, a requester back from the dead)."""
    async with db.session(write=True) as session, session.begin():
        return await OutboxRepository(session).retry(message_id, now)
