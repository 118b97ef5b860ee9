"""Repository of the wallet bridge's OpenID4VCI state; single-use values are claimed conditionally.

Takes the flow's session and never commits (the flow owns the transaction). Every "use once"
step is an ``UPDATE … WHERE used_at IS NULL`` (or ``issued_at IS NULL``) whose row count says
whether this caller won, so two gateway processes can never both redeem a code, consume a
nonce or issue a dataset. Secrets arrive here already hashed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.storage.exchange_tables import ExternalImportRow
from gateway.storage.wallet_tables import (
    OfferSource,
    WalletAccessTokenRow,
    WalletCredentialRow,
    WalletDatasetRow,
    WalletEvent,
    WalletNonceRow,
    WalletNotificationRow,
    WalletOfferRow,
)

EVENT_PREFIX = "credential_"
"""Notification events are stored without this prefix (see wallet_tables.WalletEvent)."""


@dataclass(frozen=True)
class DatasetSpec:
    """A dataset to store with a new offer: its configuration, the kind's subject (JSON) and
    the signed ELMO it is made from, if any (``document``, or ``import_id``'s as received)."""

    position: int
    configuration: str
    title: str
    subject: Mapping[str, Any]
    document: bytes | None = field(default=None, repr=False)
    import_id: int | None = None


@dataclass(frozen=True)
class NewOffer:
    id: str
    token_hash: str
    code_hash: str
    tx_code_hash: str | None = field(repr=False)
    learner_id: int
    source: str
    selection: tuple[int, ...] | None
    import_id: int | None
    created_at: datetime
    expires_at: datetime
    datasets: tuple[DatasetSpec, ...]


@dataclass(frozen=True)
class OfferState:
    """An offer as the offer and token endpoints need it."""

    id: str
    learner_id: int
    tx_code_hash: str | None = field(repr=False)
    failed_attempts: int
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    configurations: tuple[str, ...]
    """The configuration of each dataset, by position (the first is position 1)."""

    @property
    def datasets(self) -> int:
        return len(self.configurations)


@dataclass(frozen=True)
class AccessGrant:
    """What an access token allows: the datasets of one offer."""

    offer_id: str
    learner_id: int
    identifiers: bool
    configurations: tuple[str, ...]
    """The configuration of each dataset, by position (the first is position 1)."""
    expires_at: datetime

    @property
    def datasets(self) -> int:
        return len(self.configurations)


@dataclass(frozen=True)
class DatasetDocument:
    """A stored dataset with the signed ELMO it is made from (empty when it has none)."""

    id: int
    offer_id: str
    position: int
    configuration: str
    subject: Mapping[str, Any] = field(repr=False)
    title: str
    document: bytes = field(repr=False)
    issued_at: datetime | None
    offer_created_at: datetime


@dataclass(frozen=True)
class IssuedCredential:
    notification_id: str
    dataset_id: int
    learner_id: int
    configuration: str
    holder_thumbprint: str
    credential_sha256: str
    issued_at: datetime


class WalletRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- offers -----------------------------------------------------------------------------

    async def add_offer(self, offer: NewOffer) -> None:
        self.session.add(
            WalletOfferRow(
                id=offer.id,
                token_hash=offer.token_hash,
                code_hash=offer.code_hash,
                tx_code_hash=offer.tx_code_hash,
                learner_id=offer.learner_id,
                source=OfferSource(offer.source),
                selection=None if offer.selection is None else json.dumps(list(offer.selection)),
                import_id=offer.import_id,
                failed_attempts=0,
                created_at=offer.created_at,
                expires_at=offer.expires_at,
            )
        )
        await self.session.flush()
        for dataset in offer.datasets:
            self.session.add(
                WalletDatasetRow(
                    offer_id=offer.id,
                    position=dataset.position,
                    configuration=dataset.configuration,
                    subject=json.dumps(dict(dataset.subject), sort_keys=True),
                    title=dataset.title[:300],
                    document=dataset.document,
                    import_id=dataset.import_id,
                )
            )
        await self.session.flush()

    async def _offer(self, *where: ColumnElement[bool], lock: bool = False) -> OfferState | None:
        query = select(WalletOfferRow).where(*where)
        if lock:
            query = query.with_for_update(of=WalletOfferRow)
        row = (await self.session.scalars(query)).first()
        if row is None:
            return None
        return OfferState(
            id=row.id,
            learner_id=row.learner_id,
            tx_code_hash=row.tx_code_hash,
            failed_attempts=row.failed_attempts,
            created_at=row.created_at,
            expires_at=row.expires_at,
            used_at=row.used_at,
            configurations=await self._configurations(row.id),
        )

    async def _configurations(self, offer_id: str) -> tuple[str, ...]:
        found = await self.session.scalars(
            select(WalletDatasetRow.configuration)
            .where(WalletDatasetRow.offer_id == offer_id)
            .order_by(WalletDatasetRow.position)
        )
        return tuple(found)

    async def offer_by_token(self, token_hash: str) -> OfferState | None:
        return await self._offer(WalletOfferRow.token_hash == token_hash)

    async def offer_by_code(self, code_hash: str, *, lock: bool = False) -> OfferState | None:
        """``lock``: hold the offer's row until the transaction ends (``FOR UPDATE``), so that
        concurrent tx_code guesses are checked one after another against the attempt count."""
        return await self._offer(WalletOfferRow.code_hash == code_hash, lock=lock)

    async def record_failed_tx_code(self, offer_id: str) -> None:
        await self.session.execute(
            update(WalletOfferRow)
            .where(WalletOfferRow.id == offer_id)
            .values(failed_attempts=WalletOfferRow.failed_attempts + 1)
        )

    async def redeem_offer(self, offer_id: str, now: datetime, max_attempts: int) -> bool:
        """Mark the pre-authorized code used; False when it already was, expired or is burnt."""
        done = await self.session.execute(
            update(WalletOfferRow)
            .where(
                WalletOfferRow.id == offer_id,
                WalletOfferRow.used_at.is_(None),
                WalletOfferRow.expires_at > now,
                WalletOfferRow.failed_attempts < max_attempts,
            )
            .values(used_at=now)
        )
        return bool(getattr(done, "rowcount", 0) == 1)

    # -- access tokens ----------------------------------------------------------------------

    async def add_access_token(
        self, token_hash: str, offer_id: str, identifiers: bool, now: datetime, expires: datetime
    ) -> None:
        """Store a new token (and forget expired ones: they can never be used again)."""
        await self.session.execute(
            delete(WalletAccessTokenRow).where(WalletAccessTokenRow.expires_at <= now)
        )
        self.session.add(
            WalletAccessTokenRow(
                token_hash=token_hash,
                offer_id=offer_id,
                identifiers=identifiers,
                created_at=now,
                expires_at=expires,
            )
        )
        await self.session.flush()

    async def access_grant(self, token_hash: str, now: datetime) -> AccessGrant | None:
        """The grant of an unexpired access token, or None."""
        query = (
            select(WalletAccessTokenRow, WalletOfferRow.learner_id)
            .join(WalletOfferRow, WalletOfferRow.id == WalletAccessTokenRow.offer_id)
            .where(
                WalletAccessTokenRow.token_hash == token_hash,
                WalletAccessTokenRow.expires_at > now,
            )
        )
        found = (await self.session.execute(query)).first()
        if found is None:
            return None
        token, learner_id = found
        return AccessGrant(
            offer_id=token.offer_id,
            learner_id=learner_id,
            identifiers=token.identifiers,
            configurations=await self._configurations(token.offer_id),
            expires_at=token.expires_at,
        )

    # -- datasets and their documents -------------------------------------------------------

    def _documents(self) -> Select[WalletDatasetRow, bytes, datetime]:
        return (
            select(
                WalletDatasetRow,
                func.coalesce(WalletDatasetRow.document, ExternalImportRow.elmo_xml),
                WalletOfferRow.created_at,
            )
            .join(WalletOfferRow, WalletOfferRow.id == WalletDatasetRow.offer_id)
            .outerjoin(ExternalImportRow, ExternalImportRow.id == WalletDatasetRow.import_id)
            .order_by(WalletDatasetRow.position)
        )

    async def dataset(self, offer_id: str, position: int) -> DatasetDocument | None:
        query = self._documents().where(
            WalletDatasetRow.offer_id == offer_id, WalletDatasetRow.position == position
        )
        found = [_document(d, doc, at) for d, doc, at in await self.session.execute(query)]
        return found[0] if found else None

    async def offer_datasets(self, offer_id: str, learner_id: int) -> list[DatasetDocument]:
        """Every dataset of one of this learner's offers (another learner's: empty)."""
        query = self._documents().where(
            WalletDatasetRow.offer_id == offer_id, WalletOfferRow.learner_id == learner_id
        )
        return [_document(d, doc, at) for d, doc, at in await self.session.execute(query)]

    async def mark_issued(self, dataset_id: int, now: datetime) -> bool:
        """Claim a dataset for issuance; False when it was issued already."""
        done = await self.session.execute(
            update(WalletDatasetRow)
            .where(WalletDatasetRow.id == dataset_id, WalletDatasetRow.issued_at.is_(None))
            .values(issued_at=now)
        )
        return bool(getattr(done, "rowcount", 0) == 1)

    async def add_credential(self, issued: IssuedCredential) -> int:
        row = WalletCredentialRow(
            notification_id=issued.notification_id,
            dataset_id=issued.dataset_id,
            learner_id=issued.learner_id,
            configuration=issued.configuration,
            holder_thumbprint=issued.holder_thumbprint,
            credential_sha256=issued.credential_sha256,
            issued_at=issued.issued_at,
        )
        self.session.add(row)
        await self.session.flush()
        return row.id

    # -- nonces -----------------------------------------------------------------------------

    async def add_nonce(self, nonce_hash: str, now: datetime, expires: datetime) -> None:
        await self.session.execute(delete(WalletNonceRow).where(WalletNonceRow.expires_at <= now))
        self.session.add(WalletNonceRow(nonce_hash=nonce_hash, created_at=now, expires_at=expires))
        await self.session.flush()

    async def consume_nonce(self, nonce_hash: str, now: datetime) -> bool:
        """Use a c_nonce once; False when it is unknown, expired or used."""
        done = await self.session.execute(
            update(WalletNonceRow)
            .where(
                WalletNonceRow.nonce_hash == nonce_hash,
                WalletNonceRow.used_at.is_(None),
                WalletNonceRow.expires_at > now,
            )
            .values(used_at=now)
        )
        return bool(getattr(done, "rowcount", 0) == 1)

    # -- notifications ----------------------------------------------------------------------

    async def credential_for_notification(self, notification_id: str, offer_id: str) -> int | None:
        """The credential's id, its row locked until the transaction ends (``FOR UPDATE``): a
        repeated notification then waits for the first one and sees it stored."""
        found: int | None = await self.session.scalar(
            select(WalletCredentialRow.id)
            .join(WalletDatasetRow, WalletDatasetRow.id == WalletCredentialRow.dataset_id)
            .where(
                WalletCredentialRow.notification_id == notification_id,
                WalletDatasetRow.offer_id == offer_id,
            )
            .with_for_update(of=WalletCredentialRow)
        )
        return found

    async def add_notification(
        self, credential_id: int, event: str, description: str | None, now: datetime
    ) -> bool:
        """Record an event; an identical repeat is not stored again (§11: idempotent)."""
        stored = WalletEvent(event.removeprefix(EVENT_PREFIX))
        same = await self.session.scalar(
            select(WalletNotificationRow.id).where(
                WalletNotificationRow.credential_id == credential_id,
                WalletNotificationRow.event == stored,
                WalletNotificationRow.description.is_(None)
                if description is None
                else WalletNotificationRow.description == description,
            )
        )
        if same is not None:
            return False
        self.session.add(
            WalletNotificationRow(
                credential_id=credential_id, event=stored, description=description, received_at=now
            )
        )
        await self.session.flush()
        return True


def _document(row: WalletDatasetRow, document: bytes | None, created: datetime) -> DatasetDocument:
    subject = json.loads(row.subject)
    return DatasetDocument(
        id=row.id,
        offer_id=row.offer_id,
        position=row.position,
        configuration=row.configuration,
        subject=subject if isinstance(subject, dict) else {},
        title=row.title,
        document=document or b"",
        issued_at=row.issued_at,
        offer_created_at=created,
    )
