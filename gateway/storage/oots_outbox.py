"""Repository of the OOTS outbox: answers committed before delivery, claims, attempts (issue #5)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.core.oots.exchange import ExchangeState, OutboxMessage, OutboxState
from gateway.storage.oots_tables import OotsExchangeRow, OotsOutboxRow


def _changed(result: object) -> bool:
    return bool(getattr(result, "rowcount", 0) == 1)


class OutboxRepository:
    """Takes the flow's session; never commits (the flow owns the transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_message(self, message: OutboxMessage) -> None:
        self.session.add(
            OotsOutboxRow(
                id=message.id,
                exchange_id=message.exchange_id,
                request_id=message.request_id,
                response_id=message.response_id,
                action=message.action,
                answer=message.answer,
                endpoint=message.endpoint,
                content_type=message.content_type,
                body=message.body,
                state=message.state,
                attempts=message.attempts,
                next_attempt_at=message.next_attempt_at,
                created_at=message.created_at,
            )
        )
        await self.session.flush()

    async def due(self, now: datetime, limit: int) -> list[str]:
        """Pending messages whose time has come and that nobody holds a live claim on."""
        ids = await self.session.scalars(
            select(OotsOutboxRow.id)
            .where(
                OotsOutboxRow.state == OutboxState.PENDING,
                OotsOutboxRow.next_attempt_at <= now,
                OotsOutboxRow.lease_until.is_(None) | (OotsOutboxRow.lease_until <= now),
            )
            .order_by(OotsOutboxRow.next_attempt_at, OotsOutboxRow.created_at)
            .limit(limit)
        )
        return list(ids)

    async def claim(
        self, message_id: str, owner: str, now: datetime, lease_until: datetime
    ) -> OutboxMessage | None:
        """Take the message for one attempt (counted now, so a crash mid-attempt counts too);
        None when it is not due, not pending, or another process holds a live claim."""
        done = await self.session.execute(
            update(OotsOutboxRow)
            .where(
                OotsOutboxRow.id == message_id,
                OotsOutboxRow.state == OutboxState.PENDING,
                OotsOutboxRow.next_attempt_at <= now,
                OotsOutboxRow.lease_until.is_(None) | (OotsOutboxRow.lease_until <= now),
            )
            .values(lease_owner=owner, lease_until=lease_until, attempts=OotsOutboxRow.attempts + 1)
        )
        if not _changed(done):
            return None
        row = await self.session.get(OotsOutboxRow, message_id, populate_existing=True)
        return None if row is None else _message(row)

    async def finish_attempt(
        self,
        message_id: str,
        owner: str,
        *,
        state: OutboxState,
        now: datetime,
        next_attempt_at: datetime,
        status: int | None,
        error: str | None,
    ) -> bool:
        """Record how an attempt went and release the claim (only the claim's owner may)."""
        done = await self.session.execute(
            update(OotsOutboxRow)
            .where(
                OotsOutboxRow.id == message_id,
                OotsOutboxRow.lease_owner == owner,
                OotsOutboxRow.state == OutboxState.PENDING,
            )
            .values(
                state=state,
                next_attempt_at=next_attempt_at,
                delivered_at=now if state is OutboxState.DELIVERED else None,
                last_status=status,
                last_error=None if error is None else error[:500],
                lease_owner=None,
                lease_until=None,
            )
        )
        return _changed(done)

    async def next_due(self) -> datetime | None:
        """When work is due next: the earliest pending message (after its claim, if any) or
        the earliest open preview's deadline."""
        row = OotsOutboxRow
        when = case(
            (row.lease_until > row.next_attempt_at, row.lease_until), else_=row.next_attempt_at
        )
        message: datetime | None = await self.session.scalar(
            select(func.min(when)).where(row.state == OutboxState.PENDING)
        )
        preview: datetime | None = await self.session.scalar(
            select(func.min(OotsExchangeRow.preview_expires_at)).where(
                OotsExchangeRow.state == ExchangeState.PREVIEW_REQUIRED
            )
        )
        found = [_aware(t) for t in (message, preview) if t is not None]
        return min(found) if found else None

    async def messages(
        self,
        *,
        state: OutboxState | None = None,
        exchange_id: str | None = None,
        limit: int = 100,
    ) -> list[OutboxMessage]:
        query = select(OotsOutboxRow)
        if state is not None:
            query = query.where(OotsOutboxRow.state == state)
        if exchange_id is not None:
            query = query.where(OotsOutboxRow.exchange_id == exchange_id)
        query = query.order_by(OotsOutboxRow.created_at.desc(), OotsOutboxRow.id).limit(limit)
        return [_message(row) for row in await self.session.scalars(query)]

    async def retry(self, message_id: str, now: datetime) -> bool:
        """An operator's second chance for a failed message (attempts are kept)."""
        done = await self.session.execute(
            update(OotsOutboxRow)
            .where(OotsOutboxRow.id == message_id, OotsOutboxRow.state == OutboxState.FAILED)
            .values(state=OutboxState.PENDING, next_attempt_at=now)
        )
        return _changed(done)


def _aware(value: datetime) -> datetime:
    """Aggregates bypass the column type: SQLite gives back naive UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _message(row: OotsOutboxRow) -> OutboxMessage:
    return OutboxMessage(
        id=row.id,
        exchange_id=row.exchange_id,
        response_id=row.response_id,
        action=row.action,
        answer=row.answer,
        endpoint=row.endpoint,
        content_type=row.content_type,
        body=row.body,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        request_id=row.request_id,
        state=row.state,
        attempts=row.attempts,
        last_status=row.last_status,
        last_error=row.last_error,
        delivered_at=row.delivered_at,
    )
