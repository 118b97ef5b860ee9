"""Wallet state: single-use values are won by exactly one of two racing gateway processes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from gateway.storage.database import Database
from gateway.storage.exchange import ExchangeRepository
from gateway.storage.wallet import DatasetSpec, IssuedCredential, NewOffer, WalletRepository
from gateway.storage.wallet_views import WalletViews

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
KARIN = "19900315-2389"


@pytest.fixture
async def two_processes(seeded_url: str) -> AsyncIterator[tuple[Database, Database]]:
    """Two engines on one database, as two gateway processes have."""
    first, second = Database.open(seeded_url), Database.open(seeded_url)
    yield first, second
    await first.dispose()
    await second.dispose()


async def _offer(db: Database, offer_id: str = "offer-1", datasets: int = 2) -> int:
    async with db.session(write=True) as session, session.begin():
        learner_id = await ExchangeRepository(session).learner_id(KARIN)
        assert learner_id is not None
        await WalletRepository(session).add_offer(
            NewOffer(
                id=offer_id,
                token_hash=f"t-{offer_id}",
                code_hash=f"c-{offer_id}",
                tx_code_hash="x",
                learner_id=learner_id,
                source="own",
                selection=(1, 2),
                import_id=None,
                created_at=NOW,
                expires_at=NOW + timedelta(minutes=10),
                datasets=tuple(
                    DatasetSpec(
                        n, "elm_transcript_sd_jwt", f"Institution {n}", {"report": 1}, b"<elmo/>"
                    )
                    for n in range(1, datasets + 1)
                ),
            )
        )
    return learner_id


async def _race(
    dbs: tuple[Database, Database], step: Callable[[WalletRepository], Awaitable[bool]]
) -> list[bool]:
    async def one(db: Database) -> bool:
        async with db.session(write=True) as session, session.begin():
            return await step(WalletRepository(session))

    return list(await asyncio.gather(*(one(db) for db in dbs)))


async def test_a_code_is_redeemed_once(two_processes: tuple[Database, Database]) -> None:
    await _offer(two_processes[0])
    won = await _race(two_processes, lambda repo: repo.redeem_offer("offer-1", NOW, 5))
    assert sorted(won) == [False, True]


async def test_an_expired_or_burnt_code_is_not_redeemed(
    two_processes: tuple[Database, Database],
) -> None:
    db = two_processes[0]
    await _offer(db)
    async with db.session(write=True) as session, session.begin():
        repo = WalletRepository(session)
        assert not await repo.redeem_offer("offer-1", NOW + timedelta(minutes=10), 5)
        for _ in range(2):
            await repo.record_failed_tx_code("offer-1")
        assert not await repo.redeem_offer("offer-1", NOW, 2)
        state = await repo.offer_by_code("c-offer-1")
    assert state is not None
    assert (state.failed_attempts, state.used_at, state.datasets) == (2, None, 2)


async def test_a_nonce_is_consumed_once(two_processes: tuple[Database, Database]) -> None:
    async with two_processes[0].session(write=True) as session, session.begin():
        await WalletRepository(session).add_nonce("n1", NOW, NOW + timedelta(seconds=300))
    won = await _race(two_processes, lambda repo: repo.consume_nonce("n1", NOW))
    assert sorted(won) == [False, True]
    async with two_processes[0].session(write=True) as session, session.begin():
        repo = WalletRepository(session)
        await repo.add_nonce("n2", NOW, NOW + timedelta(seconds=300))
        assert not await repo.consume_nonce("n2", NOW + timedelta(seconds=300))  # expired
        assert not await repo.consume_nonce("unknown", NOW)


async def test_a_dataset_is_issued_once_and_events_are_idempotent(
    two_processes: tuple[Database, Database],
) -> None:
    db = two_processes[0]
    learner_id = await _offer(db)
    async with db.session() as session:
        dataset = await WalletRepository(session).dataset("offer-1", 2)
    assert dataset is not None
    assert (dataset.title, dataset.document) == ("Institution 2", b"<elmo/>")
    won = await _race(two_processes, lambda repo: repo.mark_issued(dataset.id, NOW))
    assert sorted(won) == [False, True]
    async with db.session(write=True) as session, session.begin():
        repo = WalletRepository(session)
        credential_id = await repo.add_credential(
            IssuedCredential("note-1", dataset.id, learner_id, "elm", "thumb", "0" * 64, NOW)
        )
        assert await repo.credential_for_notification("note-1", "offer-1") == credential_id
        assert await repo.credential_for_notification("note-1", "offer-2") is None
        assert await repo.add_notification(credential_id, "credential_accepted", None, NOW)
        assert not await repo.add_notification(credential_id, "credential_accepted", None, NOW)
        assert await repo.add_notification(credential_id, "credential_deleted", "gone", NOW)
        (offer,) = await WalletViews(session).learner_offers(learner_id)
    first, second = offer.datasets
    assert (first.issued_at, first.events) == (None, ())
    assert second.issued_at == NOW
    assert [(e.event, e.description) for e in second.events] == [
        ("credential_accepted", None),
        ("credential_deleted", "gone"),
    ]
