"""Repository of our published status lists and their signed tokens (Token Status List §5.1).

A list keeps its last signed token with the ``changed_at`` it reflects, so any gateway process
can tell from the database alone that it must be signed again; a concurrent signer never
replaces a token that reflects a later change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.storage.status_tables import CredentialState, CredentialStatusRow, StatusListRow

STATE_VALUES: Final = {CredentialState.REVOKED: 1, CredentialState.SUSPENDED: 2}


@dataclass(frozen=True)
class ListState:
    id: int
    name: str
    size: int
    bits: int
    changed_at: datetime
    token: str | None
    signed_at: datetime | None
    token_expires_at: datetime | None
    token_reflects: datetime | None


class StatusListRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list_state(self, name: str) -> ListState | None:
        row = (
            await self.session.scalars(select(StatusListRow).where(StatusListRow.name == name))
        ).first()
        return None if row is None else _state(row)

    async def list_names(self) -> list[str]:
        return list(
            await self.session.scalars(select(StatusListRow.name).order_by(StatusListRow.id))
        )

    async def entries(self, list_id: int) -> list[tuple[int, int]]:
        """``(idx, value)`` of every entry that is not VALID (the rest of the list is zeros)."""
        query = select(CredentialStatusRow.idx, CredentialStatusRow.state).where(
            CredentialStatusRow.list_id == list_id,
            CredentialStatusRow.state != CredentialState.VALID,
        )
        return [(idx, STATE_VALUES[state]) for idx, state in await self.session.execute(query)]

    async def store_token(
        self,
        list_id: int,
        token: str,
        *,
        signed_at: datetime,
        expires_at: datetime,
        reflects: datetime,
    ) -> bool:
        """Keep a newly signed token unless a token reflecting a later change is stored already."""
        newer = StatusListRow.token_reflects.is_not(None) & (
            StatusListRow.token_reflects > reflects
        )
        result = await self.session.execute(
            update(StatusListRow)
            .where(StatusListRow.id == list_id, ~newer)
            .values(
                token=token,
                signed_at=signed_at,
                token_expires_at=expires_at,
                token_reflects=reflects,
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def lists_to_sign(self, before: datetime) -> list[str]:
        """Lists whose token is missing, older than their last change, or expiring ``before``."""
        query = select(StatusListRow.name).where(
            StatusListRow.token.is_(None)
            | (StatusListRow.token_reflects < StatusListRow.changed_at)
            | (StatusListRow.token_expires_at <= before)
        )
        return list(await self.session.scalars(query))


def _state(row: StatusListRow) -> ListState:
    return ListState(
        id=row.id,
        name=row.name,
        size=row.size,
        bits=row.bits,
        changed_at=row.changed_at,
        token=row.token,
        signed_at=row.signed_at,
        token_expires_at=row.token_expires_at,
        token_reflects=row.token_reflects,
    )
