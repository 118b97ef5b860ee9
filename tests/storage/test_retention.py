"""Retention (`[retention]`, `gateway db purge`): what ended before the cut-off is forgotten,
what is still in use or is the learner's record stays — on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from aiohttp.test_utils import TestServer, unused_port
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.core.keys import SigningKey
from gateway.core.oots.exchange import ExchangeState, OutboxState
from gateway.flows.retention import purge_expired
from gateway.storage.database import Database
from gateway.storage.exchange_tables import (
    Channel,
    ClientSessionRow,
    ClientState,
    DisclosureRow,
    ExternalImportRow,
)
from gateway.storage.oots_tables import (
    OotsDocumentRow,
    OotsExchangeRow,
    OotsOutboxRow,
    OotsSourceRow,
)
from gateway.storage.tables import LearnerRow
from gateway.storage.wallet_tables import (
    OfferSource,
    WalletCredentialRow,
    WalletDatasetRow,
    WalletOfferRow,
)
from gateway.web.app import create_app
from tests.storage.helpers import Template
from tests.web.nodes import node_settings, prepare_home

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
DAYS = 30
OLD = NOW - timedelta(days=DAYS + 1)
RECENT = NOW - timedelta(days=DAYS - 1)
KARIN = "19900315-2389"


async def _karin(db: Database) -> int:
    async with db.session() as session:
        found = await session.scalar(select(LearnerRow.id).where(LearnerRow.national_id == KARIN))
    assert found is not None
    return found


async def _add_exchange(
    session: AsyncSession, key: str, created: datetime, outbox: OutboxState | None
) -> OotsExchangeRow:
    """An answered exchange with one previewed document and (optionally) one answer."""
    exchange = OotsExchangeRow(
        id=key,
        requester_key="urn:x:NL1",
        request_id=f"urn:uuid:{key}",
        state=ExchangeState.ANSWERED,
        preview_expires_at=created + timedelta(minutes=55),
        created_at=created,
    )
    source = OotsSourceRow(
        exchange_id=key,
        key="local",
        label="Uppsala",
        elmo_xml=b"<elmo/>",
        issuing_date=created.date(),
        prepared_at=created,
    )
    session.add(exchange)
    await session.flush()
    session.add(source)
    await session.flush()
    session.add(
        OotsDocumentRow(
            source_id=source.id,
            position=1,
            registry_object_id=f"urn:uuid:{key}-doc",
            evidence_id=f"{key}-evidence",
            content_id=f"{key}@cid",
            media_type="application/pdf",
            title="Transcript",
            data=b"%PDF personal data",
        )
    )
    if outbox is not None:
        session.add(
            OotsOutboxRow(
                id=f"m-{key}",
                exchange_id=key,
                response_id=f"r-{key}",
                action="QueryResponse",
                answer="evidence",
                endpoint="https://er.example/answers",
                content_type="multipart/related",
                body=b"evidence",
                state=outbox,
                attempts=1,
                next_attempt_at=created,
                created_at=created,
            )
        )
    await session.flush()
    return exchange


def _fetch(learner: int, key: str, expires: datetime) -> ClientSessionRow:
    return ClientSessionRow(
        session_id=key,
        learner_id=learner,
        contact_point="NO-GW",
        contact_point_url="https://no.example/emrex",
        state=ClientState.PENDING,
        created_at=expires - timedelta(minutes=30),
        expires_at=expires,
    )


def _offer(learner: int, key: str, expires: datetime) -> tuple[WalletOfferRow, WalletDatasetRow]:
    return (
        WalletOfferRow(
            id=key,
            token_hash=(key * 64)[:64],
            code_hash=(key[::-1] * 64)[:64],
            learner_id=learner,
            source=OfferSource.OWN,
            selection="[]",
            failed_attempts=0,
            created_at=expires - timedelta(minutes=10),
            expires_at=expires,
        ),
        WalletDatasetRow(
            offer_id=key,
            position=1,
            configuration="elm_transcript_sd_jwt",
            subject='{"report": 1, "source": "own"}',
            title="Uppsala",
            document=b"{}",
        ),
    )


async def _setup(db: Database) -> None:
    learner = await _karin(db)
    async with db.session(write=True) as session, session.begin():
        await _add_exchange(session, "old-delivered", OLD, OutboxState.DELIVERED)
        await _add_exchange(session, "old-failed", OLD, OutboxState.FAILED)
        await _add_exchange(session, "old-unanswered", OLD, None)
        await _add_exchange(session, "old-pending", OLD, OutboxState.PENDING)  # delivering
        await _add_exchange(session, "recent", RECENT, OutboxState.DELIVERED)
        open_preview = await _add_exchange(session, "old-open-preview", OLD, None)
        open_preview.preview_expires_at = NOW + timedelta(hours=1)  # a timeout > days

        session.add_all([_fetch(learner, "old", OLD), _fetch(learner, "recent", RECENT)])
        session.add(_fetch(learner, "old-imported", OLD))
        for key, expires in (("old", OLD), ("recent", RECENT), ("old-issued", OLD)):
            offer, dataset = _offer(learner, key, expires)
            session.add(offer)
            await session.flush()
            session.add(dataset)
        session.add(
            DisclosureRow(
                learner_id=learner,
                channel=Channel.OOTS,
                recipient="urn:x:NL1",
                items="[]",
                document_sha256="0" * 64,
                created_at=OLD,
            )
        )
        await session.flush()
        imported_fetch = await session.scalar(
            select(ClientSessionRow.id).where(ClientSessionRow.session_id == "old-imported")
        )
        issued_dataset = await session.scalar(
            select(WalletDatasetRow.id).where(WalletDatasetRow.offer_id == "old-issued")
        )
        assert imported_fetch is not None
        assert issued_dataset is not None
        session.add(
            ExternalImportRow(
                learner_id=learner,
                client_session_id=imported_fetch,
                contact_point="NO-GW",
                contact_point_url="https://no.example/emrex",
                certificate_sha256="1" * 64,
                signature_algorithm="rsa-sha256",
                elmo_xml=b"<elmo/>",
                report_count=1,
                result_count=1,
                ects_total=Decimal("7.5"),
                received_at=OLD,
            )
        )
        session.add(
            WalletCredentialRow(
                notification_id="n-1",
                dataset_id=issued_dataset,
                learner_id=learner,
                configuration="elm_sd_jwt",
                holder_thumbprint="t" * 43,
                credential_sha256="2" * 64,
                issued_at=OLD,
            )
        )


async def _remaining(db: Database) -> dict[str, list[str] | int]:
    async with db.session() as session:

        async def keys(column: object) -> list[str]:
            return sorted(str(k) for k in await session.scalars(select(column)))  # type: ignore[call-overload]

        async def count(table: object) -> int:
            return int(await session.scalar(select(func.count()).select_from(table)) or 0)  # type: ignore[arg-type]

        return {
            "exchanges": await keys(OotsExchangeRow.id),
            "outbox": await keys(OotsOutboxRow.id),
            "sources": await count(OotsSourceRow),
            "documents": await count(OotsDocumentRow),
            "fetches": await keys(ClientSessionRow.session_id),
            "imports": await count(ExternalImportRow),
            "offers": await keys(WalletOfferRow.id),
            "datasets": await count(WalletDatasetRow),
            "credentials": await count(WalletCredentialRow),
            "disclosures": await count(DisclosureRow),
        }


async def test_what_ended_before_the_cut_off_is_forgotten(seeded_db: Database) -> None:
    await _setup(seeded_db)
    purged = await purge_expired(seeded_db, days=DAYS, now=NOW)
    assert (purged.oots_exchanges, purged.client_sessions, purged.wallet_offers) == (3, 1, 1)
    assert await _remaining(seeded_db) == {
        "exchanges": ["old-open-preview", "old-pending", "recent"],
        "outbox": ["m-old-pending", "m-recent"],
        "sources": 3,  # of the exchanges kept; the purged ones' went with them
        "documents": 3,
        "fetches": ["old-imported", "recent"],  # the learner's verified import stays
        "imports": 1,
        "offers": ["old-issued", "recent"],  # an issued credential's offer stays
        "datasets": 2,
        "credentials": 1,
        "disclosures": 1,  # the learner's log is never purged
    }


async def test_a_second_purge_finds_nothing_and_a_later_one_takes_the_rest(
    seeded_db: Database,
) -> None:
    await _setup(seeded_db)
    await purge_expired(seeded_db, days=DAYS, now=NOW)
    again = await purge_expired(seeded_db, days=DAYS, now=NOW)
    assert again.total == 0
    later = await purge_expired(seeded_db, days=DAYS, now=NOW + timedelta(days=DAYS, hours=2))
    # The recent ones are old now, the open preview closed more than DAYS ago; the pending
    # answer still waits for delivery.
    assert (later.oots_exchanges, later.client_sessions, later.wallet_offers) == (2, 1, 1)
    remaining = await _remaining(seeded_db)
    assert remaining["exchanges"] == ["old-pending"]
    assert remaining["fetches"] == ["old-imported"]
    assert remaining["offers"] == ["old-issued"]


async def test_a_gateway_purges_when_it_starts(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    """The server's purge (at start-up, then every [retention] interval_minutes)."""
    home = tmp_path / "node"
    url = prepare_home(home, seeded_template, signing_key, None)
    now = datetime.now(UTC)
    db = Database.open(url)
    try:
        learner = await _karin(db)
        async with db.session(write=True) as session, session.begin():
            session.add(_fetch(learner, "ancient", now - timedelta(days=DAYS + 1)))
            session.add(_fetch(learner, "current", now + timedelta(minutes=30)))
        assert (await _remaining(db))["fetches"] == ["ancient", "current"]
        port = unused_port()
        server = TestServer(
            create_app(node_settings(home, port, schema_dir, None, url)),
            host="127.0.0.1",
            port=port,
        )
        await server.start_server()
        try:
            remaining = await _remaining(db)
        finally:
            await server.close()
    finally:
        await db.dispose()
    assert remaining["fetches"] == ["current"]
