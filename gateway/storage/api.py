"""Repository of the integration API: clients, idempotent answers, the merits feed (issue #16).

The feed's order is its ids. On PostgreSQL an id is drawn from a sequence when the row is
inserted but becomes visible only at commit, so two writers could commit out of order and a
reader that has seen id 7 would never see a 6 committed later. ``append_merit`` therefore takes
a transaction-scoped advisory lock before it inserts: the next writer draws its id only after
this transaction has committed, and every reader sees the feed as a gap-free prefix. On SQLite
the write transaction (``BEGIN IMMEDIATE``) already serialises writers.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Select, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.core.api.clients import ApiClient, Scope
from gateway.core.api.merits import Merit, StoredMerit
from gateway.storage.api_tables import ApiClientRow, ApiIdempotencyRow, MeritRow
from gateway.storage.database import serialize
from gateway.storage.exchange_tables import ExternalImportRow
from gateway.storage.tables import LearnerRow

FEED_LOCK = "api-merits-feed"


def _client_of(row: ApiClientRow) -> ApiClient:
    return ApiClient(
        id=row.id,
        name=row.name,
        key_id=row.key_id,
        secret_sha256=row.secret_sha256,
        scopes=frozenset(Scope(s) for s in row.scopes.split()),
        created_at=row.created_at,
        certificate_sha256=row.certificate_sha256,
        revoked_at=row.revoked_at,
    )


def _stored(
    merit_id: int, national_id: str, id_country: str, body: str, document: bytes
) -> StoredMerit:
    return StoredMerit(merit_id, national_id, id_country, body, document)


class ApiRepository:
    """Takes the flow's session; never commits (the flow owns the transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- clients ----------------------------------------------------------------------------

    async def add_client(self, client: ApiClient) -> ApiClient:
        row = ApiClientRow(
            name=client.name,
            key_id=client.key_id,
            secret_sha256=client.secret_sha256,
            scopes=" ".join(sorted(s.value for s in client.scopes)),
            certificate_sha256=client.certificate_sha256,
            created_at=client.created_at,
        )
        self.session.add(row)
        await self.session.flush()
        return _client_of(row)

    async def clients(self) -> list[ApiClient]:
        rows = await self.session.scalars(select(ApiClientRow).order_by(ApiClientRow.name))
        return [_client_of(row) for row in rows]

    async def client_named(self, name: str) -> ApiClient | None:
        row = await self.session.scalar(select(ApiClientRow).where(ApiClientRow.name == name))
        return None if row is None else _client_of(row)

    async def client_with_certificate(self, sha256: str) -> ApiClient | None:
        row = await self.session.scalar(
            select(ApiClientRow).where(ApiClientRow.certificate_sha256 == sha256)
        )
        return None if row is None else _client_of(row)

    async def client_with_key(self, key_id: str) -> ApiClient | None:
        row = await self.session.scalar(select(ApiClientRow).where(ApiClientRow.key_id == key_id))
        return None if row is None else _client_of(row)

    async def revoke(self, name: str, now: datetime) -> bool:
        """Revoke a client (it stays listed); False when there is none or it was revoked."""
        result = await self.session.execute(
            update(ApiClientRow)
            .where(ApiClientRow.name == name, ApiClientRow.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    # -- idempotent answers -----------------------------------------------------------------

    async def remembered(
        self, client_id: int, key: str, since: datetime
    ) -> tuple[str, int, str] | None:
        """The first answer to ``key`` (request SHA-256, status, JSON) if given after ``since``."""
        row = await self.session.scalar(
            select(ApiIdempotencyRow).where(
                ApiIdempotencyRow.client_id == client_id,
                ApiIdempotencyRow.key == key,
                ApiIdempotencyRow.created_at >= since,
            )
        )
        return None if row is None else (row.request_sha256, row.status, row.answer)

    async def remember(
        self, client_id: int, key: str, request_sha256: str, status: int, answer: str, now: datetime
    ) -> None:
        self.session.add(
            ApiIdempotencyRow(
                client_id=client_id,
                key=key,
                request_sha256=request_sha256,
                status=status,
                answer=answer,
                created_at=now,
            )
        )
        await self.session.flush()

    async def forget_answers(self, client_id: int, before: datetime) -> None:
        """Drop the client's answers given before ``before`` (their keys may be used again)."""
        await self.session.execute(
            delete(ApiIdempotencyRow).where(
                ApiIdempotencyRow.client_id == client_id, ApiIdempotencyRow.created_at < before
            )
        )

    # -- the merits feed --------------------------------------------------------------------

    async def append_merit(self, merit: Merit, *, external_import_id: int | None = None) -> int:
        """Publish ``merit`` at the end of the feed (see the module docstring for the lock)."""
        await serialize(self.session, FEED_LOCK)
        row = MeritRow(
            learner_id=merit.learner_id,
            source_kind=merit.source.kind.value,
            external_import_id=external_import_id,
            verified_at=merit.verification.verified_at,
            body=json.dumps(merit.body(), ensure_ascii=False, separators=(",", ":")),
            document=merit.document,
        )
        self.session.add(row)
        await self.session.flush()
        return row.id

    def _entries(self) -> Select[int, str, str, str, bytes]:
        return select(
            MeritRow.id,
            LearnerRow.national_id,
            LearnerRow.id_country,
            MeritRow.body,
            MeritRow.document,
        ).join(LearnerRow, LearnerRow.id == MeritRow.learner_id)

    async def merits_after(self, cursor: int | None, limit: int) -> list[StoredMerit]:
        query = self._entries()
        if cursor is not None:
            query = query.where(MeritRow.id > cursor)
        rows = await self.session.execute(query.order_by(MeritRow.id).limit(limit))
        return [_stored(*row) for row in rows]

    async def merit(self, merit_id: int) -> StoredMerit | None:
        row = (await self.session.execute(self._entries().where(MeritRow.id == merit_id))).first()
        return None if row is None else _stored(*row)

    async def merit_exists(self, merit_id: int) -> bool:
        found = await self.session.scalar(select(MeritRow.id).where(MeritRow.id == merit_id))
        return found is not None

    async def unpublished_imports(self) -> list[tuple[int, int, str, str, str, datetime, bytes]]:
        """EMREX imports without a feed entry (stored before the feed existed), oldest first: id,
        learner id, contact point, certificate SHA-256, signature algorithm, when, the ELMO."""
        rows = await self.session.execute(
            select(
                ExternalImportRow.id,
                ExternalImportRow.learner_id,
                ExternalImportRow.contact_point,
                ExternalImportRow.certificate_sha256,
                ExternalImportRow.signature_algorithm,
                ExternalImportRow.received_at,
                ExternalImportRow.elmo_xml,
            )
            .outerjoin(MeritRow, MeritRow.external_import_id == ExternalImportRow.id)
            .where(MeritRow.id.is_(None))
            .order_by(ExternalImportRow.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]
