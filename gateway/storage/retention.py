"""Retention: forgetting what finished exchanges kept of a learner once ``[retention] days`` pass.

Purged: OOTS exchanges (the request, the previewed sources and documents, the answers) created,
and with their preview window closed, before the cut-off, and with no answer still waiting for
delivery; EMREX client fetches that expired without bringing results; wallet offers that
expired without a credential being issued (with the datasets prepared for them); the
private keys of verifier transactions that expired unanswered. Kept: the
results store, the disclosure log, verified imports, issued credentials and their notifications.
Children go with their parents through the foreign keys' ON DELETE CASCADE.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Delete, delete, exists, or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.core.oots.exchange import OutboxState
from gateway.storage.exchange_tables import ClientSessionRow, ExternalImportRow
from gateway.storage.oots_tables import OotsExchangeRow, OotsOutboxRow
from gateway.storage.verifier_tables import VerifierTransactionRow
from gateway.storage.wallet_tables import WalletCredentialRow, WalletDatasetRow, WalletOfferRow


@dataclass(frozen=True)
class Purged:
    """How many of each were forgotten."""

    oots_exchanges: int = 0
    client_sessions: int = 0
    wallet_offers: int = 0

    @property
    def total(self) -> int:
        return self.oots_exchanges + self.client_sessions + self.wallet_offers


class RetentionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def purge(self, before: datetime) -> Purged:
        """Delete what ended before ``before`` (in the caller's transaction)."""
        waiting = exists().where(
            OotsOutboxRow.exchange_id == OotsExchangeRow.id,
            OotsOutboxRow.state == OutboxState.PENDING,
        )
        exchanges = delete(OotsExchangeRow).where(
            OotsExchangeRow.created_at < before,
            or_(
                OotsExchangeRow.preview_expires_at.is_(None),
                OotsExchangeRow.preview_expires_at < before,
            ),
            ~waiting,
        )
        imported = exists().where(ExternalImportRow.client_session_id == ClientSessionRow.id)
        fetches = delete(ClientSessionRow).where(ClientSessionRow.expires_at < before, ~imported)
        issued = exists().where(
            WalletDatasetRow.offer_id == WalletOfferRow.id,
            WalletCredentialRow.dataset_id == WalletDatasetRow.id,
        )
        offers = delete(WalletOfferRow).where(WalletOfferRow.expires_at < before, ~issued)
        # Verifier transactions stay (the operator's log); the private key of one that
        # expired unanswered is useless and goes (an answered one dropped it at once).
        await self.session.execute(
            update(VerifierTransactionRow)
            .where(
                VerifierTransactionRow.expires_at < before,
                VerifierTransactionRow.encryption_key.is_not(None),
            )
            .values(encryption_key=None)
        )
        return Purged(
            oots_exchanges=await self._count(exchanges),
            client_sessions=await self._count(fetches),
            wallet_offers=await self._count(offers),
        )

    async def _count(self, statement: Delete) -> int:
        result: Any = await self.session.execute(statement)
        return int(result.rowcount)
