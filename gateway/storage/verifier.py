"""Repository of OpenID4VP verifier transactions and verified credentials (single-use steps by
conditional UPDATE, so two workers never both serve a request object or accept a response)."""

from __future__ import annotations

import dataclasses
import secrets
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.core.oid4vp.transaction import Outcome, Transaction, WalletResults
from gateway.core.sessions import ClientSession
from gateway.storage.exchange_tables import ClientSessionRow, ClientState, ExternalImportRow
from gateway.storage.verifier_tables import (
    EmrexWalletChoiceRow,
    VerifiedCredentialRow,
    VerifierStep,
    VerifierTransactionRow,
)

_FIELDS = [f.name for f in dataclasses.fields(Transaction)]


def _transaction(row: VerifierTransactionRow) -> Transaction:
    values = {name: getattr(row, name) for name in _FIELDS}
    values["step"] = VerifierStep(row.step).value
    return Transaction(**values)


class VerifierRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, transaction: Transaction, poll_hash: str) -> None:
        values = {name: getattr(transaction, name) for name in _FIELDS}
        values["step"] = VerifierStep.CREATED
        self.session.add(VerifierTransactionRow(**values, poll_hash=poll_hash))
        await self.session.flush()

    async def get(self, transaction_id: str) -> Transaction | None:
        row = await self.session.get(VerifierTransactionRow, transaction_id)
        return None if row is None else _transaction(row)

    async def by_poll(self, poll_hash: str) -> Transaction | None:
        row = await self.session.scalar(
            select(VerifierTransactionRow).where(VerifierTransactionRow.poll_hash == poll_hash)
        )
        return None if row is None else _transaction(row)

    async def mark_fetched(self, transaction_id: str, now: datetime) -> bool:
        """The request object goes out once, before the transaction expires."""
        done = await self.session.execute(
            update(VerifierTransactionRow)
            .where(
                VerifierTransactionRow.id == transaction_id,
                VerifierTransactionRow.step == VerifierStep.CREATED,
                VerifierTransactionRow.expires_at > now,
            )
            .values(step=VerifierStep.FETCHED, fetched_at=now)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    async def claim_response(self, transaction_id: str, now: datetime) -> bool:
        """The one response of a transaction: FETCHED → ANSWERED, the private key dropped."""
        done = await self.session.execute(
            update(VerifierTransactionRow)
            .where(
                VerifierTransactionRow.id == transaction_id,
                VerifierTransactionRow.step == VerifierStep.FETCHED,
            )
            .values(step=VerifierStep.ANSWERED, answered_at=now, encryption_key=None)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    async def finish(
        self, transaction_id: str, outcome: Outcome, response_code_hash: str | None = None
    ) -> None:
        await self.session.execute(
            update(VerifierTransactionRow)
            .where(VerifierTransactionRow.id == transaction_id)
            .values(**dataclasses.asdict(outcome), response_code_hash=response_code_hash)
        )

    async def log(self, limit: int) -> list[Transaction]:
        rows = await self.session.scalars(
            select(VerifierTransactionRow)
            .order_by(VerifierTransactionRow.created_at.desc(), VerifierTransactionRow.id)
            .limit(limit)
        )
        return [_transaction(row) for row in rows]

    async def verified_import(self, learner_id: int, credential_sha256: str) -> int | None:
        return await self.session.scalar(
            select(VerifiedCredentialRow.import_id).where(
                VerifiedCredentialRow.learner_id == learner_id,
                VerifiedCredentialRow.credential_sha256 == credential_sha256,
            )
        )

    async def add_verified(
        self,
        learner_id: int,
        credential_sha256: str,
        import_id: int,
        outcome: Outcome,
        now: datetime,
        report_index: int | None = None,
    ) -> None:
        self.session.add(
            VerifiedCredentialRow(
                learner_id=learner_id,
                credential_sha256=credential_sha256,
                import_id=import_id,
                vct=outcome.vct or "",
                issuer=outcome.issuer or "",
                chain_subject=outcome.chain_subject or "",
                status_result=outcome.status_result or "",
                verified_at=now,
                report_index=report_index,
            )
        )
        await self.session.flush()

    async def wallet_fetch(
        self, learner_id: int, source: str, issuer: str, now: datetime
    ) -> ClientSession:
        """The "fetch" a wallet presentation stands for, so its import sits beside the EMREX
        client's (same page, same provenance columns: source, issuer, certificate)."""
        row = ClientSessionRow(
            session_id=secrets.token_urlsafe(32),
            learner_id=learner_id,
            contact_point=source,
            contact_point_url=issuer,
            state=ClientState.RETURNED,
            outcome="imported",
            created_at=now,
            expires_at=now,
            returned_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return ClientSession(
            id=row.id,
            session_id=row.session_id,
            learner_id=learner_id,
            contact_point=source,
            contact_point_url=issuer,
            state="",
            created_at=now,
            expires_at=now,
        )

    async def consume_response_code(self, code_hash: str, browser_key: str) -> Transaction | None:
        """The same-device return (§13.3 step 7): once, and only in the starting session."""
        row = await self.session.scalar(
            select(VerifierTransactionRow).where(
                VerifierTransactionRow.response_code_hash == code_hash
            )
        )
        if row is None or row.browser_key != browser_key:
            return None
        done = await self.session.execute(
            update(VerifierTransactionRow)
            .where(
                VerifierTransactionRow.id == row.id,
                VerifierTransactionRow.response_code_hash == code_hash,
            )
            .values(response_code_hash=None)
        )
        return _transaction(row) if done.rowcount else None  # type: ignore[attr-defined]

    async def set_same_device(self, transaction_id: str) -> None:
        await self.session.execute(
            update(VerifierTransactionRow)
            .where(VerifierTransactionRow.id == transaction_id)
            .values(same_device=True)
        )

    # -- the wallet as an EMREX source ------------------------------------------------------

    async def wallet_results(self, learner_id: int) -> list[WalletResults]:
        """The learner's verified wallet credentials with their imports, newest first."""
        query = (
            select(VerifiedCredentialRow, ExternalImportRow)
            .join(ExternalImportRow, ExternalImportRow.id == VerifiedCredentialRow.import_id)
            .where(VerifiedCredentialRow.learner_id == learner_id)
            .order_by(VerifiedCredentialRow.verified_at.desc(), VerifiedCredentialRow.id.desc())
        )
        return [
            WalletResults(
                id=credential.id,
                import_id=imported.id,
                issuer=credential.issuer,
                vct=credential.vct,
                verified_at=credential.verified_at,
                result_count=imported.result_count,
            )
            for credential, imported in await self.session.execute(query)
        ]

    async def choose_for_request(self, request_id: str, credential_ids: list[int]) -> None:
        await self.session.execute(
            delete(EmrexWalletChoiceRow).where(EmrexWalletChoiceRow.request_id == request_id)
        )
        for credential_id in credential_ids:
            self.session.add(
                EmrexWalletChoiceRow(request_id=request_id, credential_id=credential_id)
            )
        await self.session.flush()

    async def chosen_for_request(self, request_id: str) -> list[int]:
        found = await self.session.scalars(
            select(EmrexWalletChoiceRow.credential_id).where(
                EmrexWalletChoiceRow.request_id == request_id
            )
        )
        return list(found)

    async def wallet_documents(
        self, learner_id: int, credential_ids: list[int]
    ) -> list[tuple[bytes, int | None]]:
        """The stored ELMO of each chosen credential (the learner's own only) and its report."""
        query = (
            select(ExternalImportRow.elmo_xml, VerifiedCredentialRow.report_index)
            .join(ExternalImportRow, ExternalImportRow.id == VerifiedCredentialRow.import_id)
            .where(
                VerifiedCredentialRow.learner_id == learner_id,
                VerifiedCredentialRow.id.in_(credential_ids),
            )
            .order_by(VerifiedCredentialRow.id)
        )
        return [(xml, index) for xml, index in await self.session.execute(query)]
