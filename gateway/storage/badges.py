"""Reading and writing badge share links (badge_tables) as core.badges.share values.

The caller (a flow) owns the transaction. A share belongs to the learner who made it: listing
and revoking go through the learner's national identifier, and revoking is one conditional
update (only an active share of that learner changes).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.core.badges.share import BadgeShare
from gateway.errors import NotFound
from gateway.storage.badge_tables import BadgeShareRow
from gateway.storage.tables import LearnerRow


def _share(row: BadgeShareRow) -> BadgeShare:
    return BadgeShare(
        id=row.id,
        institution=row.institution,
        code=row.code,
        title_en=row.title_en,
        title_sv=row.title_sv,
        credential=row.credential,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        result_id=row.result_id,
        carried=row.carried,
    )


class BadgeShareRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _learner_id(self, national_id: str) -> int:
        found = await self.session.scalar(
            select(LearnerRow.id).where(LearnerRow.national_id == national_id)
        )
        if found is None:
            raise NotFound("no such learner")
        return found

    async def add(self, national_id: str, share: BadgeShare) -> None:
        self.session.add(
            BadgeShareRow(
                id=share.id,
                learner_id=await self._learner_id(national_id),
                result_id=share.result_id,
                institution=share.institution,
                code=share.code,
                title_en=share.title_en,
                title_sv=share.title_sv,
                credential=share.credential,
                carried=share.carried,
                created_at=share.created_at,
                revoked_at=share.revoked_at,
            )
        )
        await self.session.flush()

    async def get(self, share_id: str) -> tuple[BadgeShare, str] | None:
        """The share and its learner's national identifier (to look up the result now)."""
        found = (
            await self.session.execute(
                select(BadgeShareRow, LearnerRow.national_id)
                .join(LearnerRow, LearnerRow.id == BadgeShareRow.learner_id)
                .where(BadgeShareRow.id == share_id)
            )
        ).first()
        return None if found is None else (_share(found[0]), found[1])

    async def of_learner(self, national_id: str) -> list[BadgeShare]:
        """The learner's shares, newest first (revoked ones too)."""
        query = (
            select(BadgeShareRow)
            .join(LearnerRow, LearnerRow.id == BadgeShareRow.learner_id)
            .where(LearnerRow.national_id == national_id)
            .order_by(BadgeShareRow.created_at.desc(), BadgeShareRow.id)
        )
        return [_share(row) for row in await self.session.scalars(query)]

    async def revoke(self, national_id: str, share_id: str, now: datetime) -> bool:
        """Revoke an active share of this learner; False when there is none to revoke."""
        learner_id = await self._learner_id(national_id)
        result = await self.session.execute(
            update(BadgeShareRow)
            .where(
                BadgeShareRow.id == share_id,
                BadgeShareRow.learner_id == learner_id,
                BadgeShareRow.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )
        return bool(getattr(result, "rowcount", 0))
