"""Repository of EMREX protocol state: browser sessions, requests, client sessions, imports, log."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.core.sessions import (
    BrowserSession,
    ClientSession,
    ContactPointRequest,
    DisclosedItem,
    Disclosure,
    ExternalImport,
)
from gateway.storage.exchange_rows import client_session_of, external_result_of, import_of
from gateway.storage.exchange_tables import (
    BrowserSessionRow,
    Channel,
    ClientSessionRow,
    ClientState,
    DisclosureRow,
    EmrexRequestRow,
    ExternalImportRow,
    ExternalResultRow,
    RegistrySnapshotRow,
    RequestState,
)
from gateway.storage.tables import LearnerRow


class ExchangeRepository:
    """Takes the flow's session; never commits (the flow owns the transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- learners ---------------------------------------------------------------------------

    async def learner_id(self, national_id: str) -> int | None:
        query = select(LearnerRow.id).where(LearnerRow.national_id == national_id)
        found: int | None = await self.session.scalar(query)
        return found

    async def national_id(self, learner_id: int) -> str | None:
        found: str | None = await self.session.scalar(
            select(LearnerRow.national_id).where(LearnerRow.id == learner_id)
        )
        return found

    # -- browser sessions -------------------------------------------------------------------

    async def create_browser_session(
        self, key: str, csrf_token: str, now: datetime, expires_at: datetime
    ) -> BrowserSession:
        self.session.add(
            BrowserSessionRow(id=key, csrf_token=csrf_token, created_at=now, expires_at=expires_at)
        )
        await self.session.flush()
        return BrowserSession(key=key, csrf_token=csrf_token, expires_at=expires_at)

    async def browser_session(self, key: str, now: datetime) -> BrowserSession | None:
        query = (
            select(BrowserSessionRow, LearnerRow.national_id)
            .outerjoin(LearnerRow, LearnerRow.id == BrowserSessionRow.learner_id)
            .where(BrowserSessionRow.id == key, BrowserSessionRow.expires_at > now)
        )
        found = (await self.session.execute(query)).first()
        if found is None:
            return None
        row, national_id = found
        return BrowserSession(
            key=row.id,
            csrf_token=row.csrf_token,
            expires_at=row.expires_at,
            learner_id=row.learner_id,
            national_id=national_id,
            auth_method=row.auth_method,
        )

    async def rotate_browser_session(
        self,
        old_key: str,
        new: BrowserSession,
        learner_id: int,
        method: str,
        now: datetime,
    ) -> None:
        """Log in under a fresh key (no session fixation): the new row takes over the old one's
        pending EMREX requests, then the old row is deleted."""
        self.session.add(
            BrowserSessionRow(
                id=new.key,
                csrf_token=new.csrf_token,
                learner_id=learner_id,
                auth_method=method,
                created_at=now,
                expires_at=new.expires_at,
            )
        )
        await self.session.flush()
        await self.session.execute(
            update(EmrexRequestRow)
            .where(EmrexRequestRow.browser_session_id == old_key)
            .values(browser_session_id=new.key)
        )
        await self.session.execute(delete(BrowserSessionRow).where(BrowserSessionRow.id == old_key))

    async def end_browser_session(self, key: str) -> None:
        await self.session.execute(delete(BrowserSessionRow).where(BrowserSessionRow.id == key))

    async def delete_expired(self, now: datetime) -> None:
        """Housekeeping: forget browser sessions and contact-point requests expired at ``now``
        (the disclosure log keeps what was sent)."""
        await self.session.execute(delete(EmrexRequestRow).where(EmrexRequestRow.expires_at <= now))
        await self.session.execute(
            delete(BrowserSessionRow).where(BrowserSessionRow.expires_at <= now)
        )

    # -- contact-point requests -------------------------------------------------------------

    async def create_request(self, request: ContactPointRequest) -> None:
        self.session.add(
            EmrexRequestRow(
                id=request.id,
                browser_session_id=request.browser_session,
                session_id=request.session_id,
                return_url=request.return_url,
                state=RequestState(request.state),
                created_at=request.created_at,
                expires_at=request.expires_at,
            )
        )
        await self.session.flush()

    async def request(self, request_id: str) -> ContactPointRequest | None:
        row = await self.session.get(EmrexRequestRow, request_id)
        if row is None:
            return None
        return ContactPointRequest(
            id=row.id,
            session_id=row.session_id,
            return_url=row.return_url,
            state=row.state.value,
            created_at=row.created_at,
            expires_at=row.expires_at,
            browser_session=row.browser_session_id,
            learner_id=row.learner_id,
            selection=tuple(json.loads(row.selection)) if row.selection else None,
            return_code=row.return_code,
            degree_selection=tuple(json.loads(row.degree_selection or "[]")),
        )

    async def bind_request(self, request_id: str, browser_key: str) -> bool:
        """Bind an unbound request to the browser that opened it first; False if bound already."""
        done = await self.session.execute(
            update(EmrexRequestRow)
            .where(EmrexRequestRow.id == request_id, EmrexRequestRow.browser_session_id.is_(None))
            .values(browser_session_id=browser_key)
        )
        return bool(getattr(done, "rowcount", 0) == 1)

    async def select_results(
        self,
        request_id: str,
        learner_id: int,
        selection: Sequence[int],
        degrees: Sequence[int] = (),
    ) -> None:
        await self.session.execute(
            update(EmrexRequestRow)
            .where(EmrexRequestRow.id == request_id, EmrexRequestRow.state != RequestState.ANSWERED)
            .values(
                learner_id=learner_id,
                selection=json.dumps(sorted(set(selection))),
                degree_selection=json.dumps(sorted(set(degrees))),
                state=RequestState.SELECTED,
            )
        )

    async def answer_request(self, request_id: str, code: str, now: datetime) -> bool:
        """Mark the request answered; False when it already was (a second answer is refused)."""
        done = await self.session.execute(
            update(EmrexRequestRow)
            .where(EmrexRequestRow.id == request_id, EmrexRequestRow.state != RequestState.ANSWERED)
            .values(state=RequestState.ANSWERED, return_code=code, answered_at=now)
        )
        return bool(getattr(done, "rowcount", 0) == 1)

    # -- disclosure log ---------------------------------------------------------------------

    async def record_disclosure(
        self,
        learner_id: int,
        channel: str,
        recipient: str,
        items: Sequence[DisclosedItem],
        document_sha256: str,
        now: datetime,
    ) -> int:
        row = DisclosureRow(
            learner_id=learner_id,
            channel=Channel(channel),
            recipient=recipient,
            items=json.dumps([item.__dict__ for item in items], ensure_ascii=False),
            document_sha256=document_sha256,
            created_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def disclosures(self, learner_id: int) -> list[Disclosure]:
        query = (
            select(DisclosureRow)
            .where(DisclosureRow.learner_id == learner_id)
            .order_by(DisclosureRow.created_at.desc(), DisclosureRow.id.desc())
        )
        return [
            Disclosure(
                id=row.id,
                channel=row.channel.value,
                recipient=row.recipient,
                items=tuple(DisclosedItem(**item) for item in json.loads(row.items)),
                document_sha256=row.document_sha256,
                created_at=row.created_at,
            )
            for row in await self.session.scalars(query)
        ]

    # -- client sessions and imports --------------------------------------------------------

    async def create_client_session(self, session: ClientSession) -> None:
        self.session.add(
            ClientSessionRow(
                session_id=session.session_id,
                learner_id=session.learner_id,
                contact_point=session.contact_point,
                contact_point_url=session.contact_point_url,
                state=ClientState.PENDING,
                next_url=session.next_url,
                created_at=session.created_at,
                expires_at=session.expires_at,
            )
        )
        await self.session.flush()

    async def claim_client_session(self, session_id: str, now: datetime) -> ClientSession | None:
        """The pending session for a return, marked returned (single use); None if unknown
        or already used. The caller checks expiry on the returned value."""
        row = await self.session.scalar(
            select(ClientSessionRow).where(ClientSessionRow.session_id == session_id)
        )
        if row is None or row.state is not ClientState.PENDING:
            return None
        claimed = await self.session.execute(
            update(ClientSessionRow)
            .where(ClientSessionRow.id == row.id, ClientSessionRow.state == ClientState.PENDING)
            .values(state=ClientState.RETURNED, returned_at=now)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            return None
        return client_session_of(row)

    async def finish_client_session(
        self, client_session_id: int, code: str | None, outcome: str, message: str | None = None
    ) -> None:
        await self.session.execute(
            update(ClientSessionRow)
            .where(ClientSessionRow.id == client_session_id)
            .values(return_code=code, outcome=outcome, message=message)
        )

    async def client_sessions(self, learner_id: int) -> list[ClientSession]:
        query = (
            select(ClientSessionRow, ExternalImportRow.id)
            .outerjoin(
                ExternalImportRow, ExternalImportRow.client_session_id == ClientSessionRow.id
            )
            .where(ClientSessionRow.learner_id == learner_id)
            .order_by(ClientSessionRow.created_at.desc(), ClientSessionRow.id.desc())
        )
        return [
            client_session_of(row, import_id)
            for row, import_id in await self.session.execute(query)
        ]

    async def store_import(
        self, client_session: ClientSession, summary: ExternalImport, elmo_xml: bytes
    ) -> int:
        row = ExternalImportRow(
            learner_id=client_session.learner_id,
            client_session_id=client_session.id,
            contact_point=summary.contact_point,
            contact_point_url=summary.contact_point_url,
            certificate_sha256=summary.certificate_sha256,
            signature_algorithm=summary.signature_algorithm,
            elmo_xml=elmo_xml,
            report_count=summary.report_count,
            result_count=summary.result_count,
            ects_total=summary.ects_total,
            received_at=summary.received_at,
        )
        self.session.add(row)
        await self.session.flush()
        for position, result in enumerate(summary.results):
            self.session.add(
                ExternalResultRow(
                    import_id=row.id,
                    position=position,
                    depth=result.depth,
                    issuer=result.issuer,
                    issuer_schac=result.issuer_schac,
                    code=result.code,
                    title=result.title,
                    kind=result.kind,
                    result_date=result.date,
                    status=result.status,
                    grade=result.grade,
                    ects=result.ects,
                )
            )
        await self.session.flush()
        return row.id

    async def external_import(self, import_id: int, learner_id: int) -> ExternalImport | None:
        """An import of this learner (another learner's import is invisible: None)."""
        row = await self.session.scalar(
            select(ExternalImportRow).where(
                ExternalImportRow.id == import_id, ExternalImportRow.learner_id == learner_id
            )
        )
        if row is None:
            return None
        results = await self.session.scalars(
            select(ExternalResultRow)
            .where(ExternalResultRow.import_id == row.id)
            .order_by(ExternalResultRow.position)
        )
        return import_of(row, tuple(external_result_of(r) for r in results))

    async def external_imports(self, learner_id: int) -> list[ExternalImport]:
        query = (
            select(ExternalImportRow)
            .where(ExternalImportRow.learner_id == learner_id)
            .order_by(ExternalImportRow.received_at.desc(), ExternalImportRow.id.desc())
        )
        return [import_of(row, ()) for row in await self.session.scalars(query)]

    async def import_document(self, import_id: int, learner_id: int) -> bytes | None:
        """The signed ELMO exactly as received (for conversion or re-verification)."""
        found: bytes | None = await self.session.scalar(
            select(ExternalImportRow.elmo_xml).where(
                ExternalImportRow.id == import_id, ExternalImportRow.learner_id == learner_id
            )
        )
        return found

    # -- registry ---------------------------------------------------------------------------

    async def save_registry_snapshot(self, source: str, document: bytes, now: datetime) -> None:
        await self.session.execute(delete(RegistrySnapshotRow))
        self.session.add(RegistrySnapshotRow(source=source, document=document, fetched_at=now))
        await self.session.flush()

    async def registry_snapshot(self) -> tuple[str, bytes, datetime] | None:
        row = await self.session.scalar(
            select(RegistrySnapshotRow).order_by(RegistrySnapshotRow.id.desc()).limit(1)
        )
        return None if row is None else (row.source, row.document, row.fetched_at)
