"""The learner's view of the wallet bridge: their offers, what was issued, what wallets reported."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.storage.wallet import EVENT_PREFIX
from gateway.storage.wallet_tables import (
    WalletCredentialRow,
    WalletDatasetRow,
    WalletNotificationRow,
    WalletOfferRow,
)


@dataclass(frozen=True)
class EventView:
    event: str
    """The protocol name: credential_accepted, credential_failure or credential_deleted."""
    description: str | None
    received_at: datetime


@dataclass(frozen=True)
class DatasetView:
    position: int
    title: str
    issued_at: datetime | None
    events: tuple[EventView, ...] = ()
    configuration: str = ""
    imported: bool = False
    """Made from an ELMO fetched through the EMREX client (else from our own results)."""


@dataclass(frozen=True)
class OfferView:
    """One offer on the learner's wallet page: what it holds and what the wallet did."""

    id: str
    source: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    datasets: tuple[DatasetView, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """``own`` and/or ``import``: where the offer's datasets come from."""
        found = {"import" if d.imported else "own" for d in self.datasets}
        return tuple(s for s in ("own", "import") if s in found) or (self.source,)


class WalletViews:
    """Read-only queries for the learner's pages (takes the flow's session)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def learner_offers(self, learner_id: int, limit: int = 20) -> list[OfferView]:
        """The learner's latest offers, newest first, with issuance and wallet events."""
        offers = list(
            await self.session.scalars(
                select(WalletOfferRow)
                .where(WalletOfferRow.learner_id == learner_id)
                .order_by(WalletOfferRow.created_at.desc(), WalletOfferRow.id)
                .limit(limit)
            )
        )
        if not offers:
            return []
        ids = [o.id for o in offers]
        rows = await self.session.execute(
            select(
                WalletDatasetRow.offer_id,
                WalletDatasetRow.position,
                WalletDatasetRow.title,
                WalletDatasetRow.issued_at,
                WalletDatasetRow.configuration,
                WalletDatasetRow.import_id,
                WalletNotificationRow.event,
                WalletNotificationRow.description,
                WalletNotificationRow.received_at,
            )
            .outerjoin(WalletCredentialRow, WalletCredentialRow.dataset_id == WalletDatasetRow.id)
            .outerjoin(
                WalletNotificationRow, WalletNotificationRow.credential_id == WalletCredentialRow.id
            )
            .where(WalletDatasetRow.offer_id.in_(ids))
            .order_by(
                WalletDatasetRow.offer_id,
                WalletDatasetRow.position,
                WalletNotificationRow.received_at,
                WalletNotificationRow.id,
            )
        )
        found: dict[tuple[str, int], tuple[DatasetView, list[EventView]]] = {}
        for row in rows:
            (offer_id, position, title, issued_at, config, import_id) = row[:6]
            event, description, received_at = row[6], row[7], row[8]
            view = DatasetView(position, title, issued_at, (), config, import_id is not None)
            _, events = found.setdefault((offer_id, position), (view, []))
            if event is not None:
                events.append(EventView(EVENT_PREFIX + event.value, description, received_at))
        return [
            OfferView(
                id=o.id,
                source=o.source.value,
                created_at=o.created_at,
                expires_at=o.expires_at,
                used_at=o.used_at,
                datasets=tuple(
                    replace(view, events=tuple(events))
                    for (offer_id, _), (view, events) in sorted(found.items())
                    if offer_id == o.id
                ),
            )
            for o in offers
        ]
