"""Repository of the OOTS evidence provider: exchanges, learners to match, previewed sources."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.core.oots.evidence import EvidenceFile, PreparedSource, StoredDocument
from gateway.core.oots.exchange import Exchange, ExchangeState
from gateway.core.oots.response import EvidenceDocument
from gateway.core.records import Learner
from gateway.storage.mapping import learner_of
from gateway.storage.oots_tables import (
    OotsDocumentRow,
    OotsExchangeRow,
    OotsSourceRow,
)
from gateway.storage.tables import LearnerRow


def _changed(result: object) -> bool:
    return bool(getattr(result, "rowcount", 0) == 1)


class OotsRepository:
    """Takes the flow's session; never commits (the flow owns the transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- learners (identity matching) --------------------------------------------------------

    async def learners_born(self, birth_date: date) -> list[tuple[Learner, int]]:
        """Every learner born on ``birth_date``, with their row id (candidates for a match)."""
        rows = await self.session.scalars(
            select(LearnerRow).where(LearnerRow.birth_date == birth_date).order_by(LearnerRow.id)
        )
        return [(learner_of(row), row.id) for row in rows]

    async def learner(self, learner_id: int) -> tuple[Learner, int] | None:
        row = await self.session.get(LearnerRow, learner_id)
        return None if row is None else (learner_of(row), row.id)

    async def learner_id(self, national_id: str) -> int | None:
        found: int | None = await self.session.scalar(
            select(LearnerRow.id).where(LearnerRow.national_id == national_id)
        )
        return found

    # -- exchanges --------------------------------------------------------------------------

    async def add_exchange(self, exchange: Exchange, *, preview_key: str | None = None) -> None:
        self.session.add(
            OotsExchangeRow(
                id=exchange.id,
                requester_key=exchange.requester_key,
                request_id=exchange.request_id,
                version=exchange.version,
                evidence_type=exchange.evidence_type,
                request_xml=exchange.request_xml,
                state=exchange.state,
                outcome=exchange.outcome,
                preview_key=preview_key,
                preview_expires_at=exchange.preview_expires_at,
                learner_id=exchange.learner_id,
                sources=json.dumps(list(exchange.sources)) if exchange.sources else None,
                created_at=exchange.created_at,
                answered_at=exchange.answered_at,
            )
        )
        await self.session.flush()

    async def exchange(self, exchange_id: str) -> Exchange | None:
        row = await self.session.get(OotsExchangeRow, exchange_id)
        return None if row is None else _exchange(row)

    async def exchange_by_request(self, requester_key: str, request_id: str) -> Exchange | None:
        """The exchange a request (first or second) of this requester already belongs to."""
        row = await self.session.scalar(
            select(OotsExchangeRow).where(
                OotsExchangeRow.requester_key == requester_key,
                (OotsExchangeRow.request_id == request_id)
                | (OotsExchangeRow.followup_request_id == request_id),
            )
        )
        return None if row is None else _exchange(row)

    async def exchange_by_preview(self, preview_key: str, *, lock: bool = False) -> Exchange | None:
        """``lock``: hold the row until the transaction ends (``FOR UPDATE``), so that the second
        request and the learner's decision, arriving at once, see each other."""
        query = select(OotsExchangeRow).where(OotsExchangeRow.preview_key == preview_key)
        if lock:
            query = query.with_for_update()
        row = await self.session.scalar(query)
        return None if row is None else _exchange(row)

    async def lock_exchange(self, exchange_id: str) -> None:
        """Hold the exchange's row until the transaction ends (``SELECT … FOR UPDATE``)."""
        await self.session.execute(
            select(OotsExchangeRow.id).where(OotsExchangeRow.id == exchange_id).with_for_update()
        )

    async def bind_learner(self, exchange_id: str, learner_id: int) -> bool:
        """Bind the learner who authenticated at the preview (once; False if bound already)."""
        done = await self.session.execute(
            update(OotsExchangeRow)
            .where(OotsExchangeRow.id == exchange_id, OotsExchangeRow.learner_id.is_(None))
            .values(learner_id=learner_id)
        )
        return _changed(done)

    async def decide(
        self,
        exchange_id: str,
        state: ExchangeState,
        now: datetime,
        sources: Sequence[str] = (),
        *,
        open_only: bool = True,
    ) -> bool:
        """Record the learner's decision (or the timeout) while the preview is still open;
        False when something else decided first."""
        query = update(OotsExchangeRow).where(
            OotsExchangeRow.id == exchange_id,
            OotsExchangeRow.state == ExchangeState.PREVIEW_REQUIRED,
        )
        if open_only:
            query = query.where(OotsExchangeRow.preview_expires_at > now)
        done = await self.session.execute(
            query.values(state=state, decided_at=now, sources=json.dumps(list(sources)))
        )
        return _changed(done)

    async def record_followup(self, exchange_id: str, request_id: str, request_xml: bytes) -> bool:
        """Attach the second request (once; False when the exchange already has one)."""
        done = await self.session.execute(
            update(OotsExchangeRow)
            .where(OotsExchangeRow.id == exchange_id, OotsExchangeRow.followup_request_id.is_(None))
            .values(followup_request_id=request_id, followup_xml=request_xml)
        )
        return _changed(done)

    async def mark_answered(self, exchange_id: str, outcome: str, now: datetime) -> bool:
        done = await self.session.execute(
            update(OotsExchangeRow)
            .where(
                OotsExchangeRow.id == exchange_id,
                OotsExchangeRow.state != ExchangeState.ANSWERED,
            )
            .values(state=ExchangeState.ANSWERED, outcome=outcome, answered_at=now)
        )
        return _changed(done)

    async def expired_previews(self, now: datetime, limit: int = 100) -> list[str]:
        ids = await self.session.scalars(
            select(OotsExchangeRow.id)
            .where(
                OotsExchangeRow.state == ExchangeState.PREVIEW_REQUIRED,
                OotsExchangeRow.preview_expires_at <= now,
            )
            .limit(limit)
        )
        return list(ids)

    # -- previewed sources and their documents ----------------------------------------------

    async def add_source(self, exchange_id: str, source: PreparedSource, now: datetime) -> None:
        row = OotsSourceRow(
            exchange_id=exchange_id,
            key=source.key,
            label=source.label,
            elmo_xml=source.elmo_xml,
            issuing_date=source.issuing_date,
            prepared_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        for position, file in enumerate(source.files):
            document = file.document
            self.session.add(
                OotsDocumentRow(
                    source_id=row.id,
                    position=position,
                    registry_object_id=document.registry_object_id,
                    evidence_id=document.evidence_id,
                    content_id=document.content_id,
                    media_type=document.media_type,
                    title=document.title,
                    conforms_to=document.conforms_to,
                    language=document.language,
                    data=file.data,
                )
            )
        await self.session.flush()

    async def source_keys(self, exchange_id: str) -> set[str]:
        keys = await self.session.scalars(
            select(OotsSourceRow.key).where(OotsSourceRow.exchange_id == exchange_id)
        )
        return set(keys)

    async def sources(
        self, exchange_id: str, keys: Collection[str] | None = None
    ) -> list[PreparedSource]:
        """The prepared sources (all, or those named), in preparation order, with their files."""
        query = select(OotsSourceRow).where(OotsSourceRow.exchange_id == exchange_id)
        if keys is not None:
            query = query.where(OotsSourceRow.key.in_(list(keys)))
        rows = list(await self.session.scalars(query.order_by(OotsSourceRow.id)))
        documents = await self.session.scalars(
            select(OotsDocumentRow)
            .where(OotsDocumentRow.source_id.in_([r.id for r in rows]))
            .order_by(OotsDocumentRow.source_id, OotsDocumentRow.position)
        )
        files: dict[int, list[EvidenceFile]] = {}
        for document in documents:
            files.setdefault(document.source_id, []).append(_file(document))
        return [
            PreparedSource(
                key=r.key,
                label=r.label,
                elmo_xml=r.elmo_xml,
                issuing_date=r.issuing_date,
                files=tuple(files.get(r.id, ())),
            )
            for r in rows
        ]

    async def document(self, exchange_id: str, content_id: str) -> StoredDocument | None:
        row = await self.session.scalar(
            select(OotsDocumentRow)
            .join(OotsSourceRow, OotsSourceRow.id == OotsDocumentRow.source_id)
            .where(
                OotsSourceRow.exchange_id == exchange_id,
                OotsDocumentRow.content_id == content_id,
            )
        )
        if row is None:
            return None
        return StoredDocument(row.content_id, row.media_type, row.title, row.data)


def _exchange(row: OotsExchangeRow) -> Exchange:
    return Exchange(
        id=row.id,
        requester_key=row.requester_key,
        state=row.state,
        created_at=row.created_at,
        request_id=row.request_id,
        version=row.version,
        evidence_type=row.evidence_type,
        request_xml=row.request_xml,
        learner_id=row.learner_id,
        preview_expires_at=row.preview_expires_at,
        followup_request_id=row.followup_request_id,
        followup_xml=row.followup_xml,
        sources=tuple(json.loads(row.sources)) if row.sources else (),
        outcome=row.outcome,
        decided_at=row.decided_at,
        answered_at=row.answered_at,
    )


def _file(row: OotsDocumentRow) -> EvidenceFile:
    return EvidenceFile(
        EvidenceDocument(
            registry_object_id=row.registry_object_id,
            evidence_id=row.evidence_id,
            content_id=row.content_id,
            media_type=row.media_type,
            title=row.title,
            conforms_to=row.conforms_to,
            language=row.language,
        ),
        row.data,
    )
