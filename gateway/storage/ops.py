"""Read-only queries for operators: outbox depth by state, the database's reachability."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.core.oots.exchange import OutboxState
from gateway.storage.oots_tables import OotsOutboxRow


async def outbox_depth(session: AsyncSession) -> dict[OutboxState, int]:
    """How many outbox messages are in each state (every state present, zero included)."""
    rows = await session.execute(
        select(OotsOutboxRow.state, func.count()).group_by(OotsOutboxRow.state)
    )
    counts = dict.fromkeys(OutboxState, 0)
    for state, count in rows.all():
        counts[OutboxState(state)] = int(count)
    return counts


async def ping(session: AsyncSession) -> None:
    """One round trip to the database (raises what the driver raises when it is unreachable)."""
    await session.execute(text("SELECT 1"))
