"""Two gateway processes at once: each read-then-write holds on SQLite and on PostgreSQL.

Every test races two engines on one database, as two processes do, and pauses inside the
first transaction so the second one really arrives in the middle. On SQLite the writers
queue at ``BEGIN IMMEDIATE``; on PostgreSQL (READ COMMITTED) it is the conditional updates,
the row locks (``FOR UPDATE``) and the advisory locks (``serialize``) that must hold.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.core.oots.evidence import PreparedSource
from gateway.core.oots.exchange import Exchange, ExchangeState, OutboxMessage
from gateway.core.sessions import ClientSession, ContactPointRequest
from gateway.flows.oots.receive import REQUEST_LOCK
from gateway.storage.database import Database, serialize
from gateway.storage.exchange import ExchangeRepository
from gateway.storage.exchange_tables import RegistrySnapshotRow
from gateway.storage.oots import OotsRepository
from gateway.storage.oots_outbox import OutboxRepository
from gateway.storage.wallet import DatasetSpec, IssuedCredential, NewOffer, WalletRepository

T = TypeVar("T")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
KARIN = "19900315-2389"
PAUSE = 0.15  # inside the first transaction: the other process arrives meanwhile
Step = Callable[[AsyncSession], Awaitable[T]]


@pytest.fixture
async def processes(seeded_url: str) -> AsyncIterator[tuple[Database, Database]]:
    first, second = Database.open(seeded_url), Database.open(seeded_url)
    yield first, second
    await first.dispose()
    await second.dispose()


async def _write(db: Database, step: Step[T]) -> T:
    async with db.session(write=True) as session, session.begin():
        return await step(session)


async def _race(dbs: tuple[Database, Database], first: Step[T], second: Step[T]) -> list[T]:
    """``first`` starts at once; ``second`` a moment later, on the other engine."""

    async def late() -> T:
        await asyncio.sleep(PAUSE / 3)
        return await _write(dbs[1], second)

    return list(await asyncio.gather(_write(dbs[0], first), late()))


# -- wallet ----------------------------------------------------------------------------------


async def _offer(db: Database) -> int:
    """Offer ``o1`` (pre-authorized code hash ``c``) of one dataset; Karin's learner id."""

    async def add(session: AsyncSession) -> int:
        learner_id = await ExchangeRepository(session).learner_id(KARIN)
        assert learner_id is not None
        datasets = (
            DatasetSpec(1, "elm_transcript_sd_jwt", "Institution", {"report": 1}, b"<elmo/>"),
        )
        offer = NewOffer("o1", "t", "c", "x", learner_id, "own", None, None, NOW, NOW, datasets)
        await WalletRepository(session).add_offer(offer)
        return learner_id

    return await _write(db, add)


async def test_tx_code_guesses_at_once_are_counted_one_after_another(
    processes: tuple[Database, Database],
) -> None:
    """The token endpoint's check: read the attempts (row locked), then count a wrong guess."""
    await _offer(processes[0])
    limit = 2
    checked: list[int] = []

    async def guess(session: AsyncSession) -> None:
        repo = WalletRepository(session)
        offer = await repo.offer_by_code("c", lock=True)
        assert offer is not None
        if offer.failed_attempts >= limit:
            return
        checked.append(offer.failed_attempts)
        await asyncio.sleep(PAUSE)
        await repo.record_failed_tx_code(offer.id)

    await asyncio.gather(*(_race(processes, guess, guess) for _ in range(2)))
    assert sorted(checked) == [0, 1]  # four guesses at once, two checked: the limit holds


async def test_a_repeated_notification_at_once_is_stored_once(
    processes: tuple[Database, Database],
) -> None:
    learner_id = await _offer(processes[0])

    async def issue(session: AsyncSession) -> int:
        repo = WalletRepository(session)
        dataset = await repo.dataset("o1", 1)
        assert dataset is not None
        credential = IssuedCredential("n1", dataset.id, learner_id, "elm", "thumb", "0" * 64, NOW)
        return await repo.add_credential(credential)

    await _write(processes[0], issue)

    async def notify(session: AsyncSession) -> bool:
        repo = WalletRepository(session)
        credential_id = await repo.credential_for_notification("n1", "o1")
        assert credential_id is not None
        await asyncio.sleep(PAUSE)
        return await repo.add_notification(credential_id, "credential_accepted", None, NOW)

    assert sorted(await _race(processes, notify, notify)) == [False, True]


# -- OOTS ------------------------------------------------------------------------------------


def _exchange(exchange_id: str, request_id: str = "urn:uuid:1") -> Exchange:
    return Exchange(
        id=exchange_id,
        requester_key="urn:x:NL1",
        state=ExchangeState.PREVIEW_REQUIRED,
        created_at=NOW,
        request_id=request_id,
        preview_expires_at=NOW + timedelta(minutes=55),
    )


async def test_a_request_sent_twice_at_once_makes_one_exchange(
    processes: tuple[Database, Database],
) -> None:
    """What the provider does with a new request: look for it, then store it."""

    def receive(exchange_id: str) -> Step[bool]:
        async def step(session: AsyncSession) -> bool:
            await serialize(session, REQUEST_LOCK, "urn:x:NL1", "urn:uuid:9")
            repo = OotsRepository(session)
            if await repo.exchange_by_request("urn:x:NL1", "urn:uuid:9") is not None:
                return False
            await asyncio.sleep(PAUSE)
            await repo.add_exchange(_exchange(exchange_id, "urn:uuid:9"))
            return True

        return step

    assert await _race(processes, receive("a"), receive("b")) == [True, False]


async def test_a_second_request_and_a_decision_at_once_are_answered_once(
    processes: tuple[Database, Database],
) -> None:
    """The second request (exchange locked) and the learner's decision: one of them answers."""

    async def setup(session: AsyncSession) -> None:
        await OotsRepository(session).add_exchange(_exchange("e1"), preview_key="k" * 64)

    await _write(processes[0], setup)

    async def second_request(session: AsyncSession) -> str | None:
        repo = OotsRepository(session)
        exchange = await repo.exchange_by_preview("k" * 64, lock=True)
        assert exchange is not None
        await asyncio.sleep(PAUSE)
        await repo.record_followup(exchange.id, "urn:uuid:2", b"<second/>")
        current = await repo.exchange(exchange.id)
        assert current is not None
        return await _answer(repo, current, "second request")

    async def decision(session: AsyncSession) -> str | None:
        repo = OotsRepository(session)
        if not await repo.decide("e1", ExchangeState.ACCEPTED, NOW, ["local"]):
            return None
        current = await repo.exchange("e1")
        assert current is not None
        return await _answer(repo, current, "decision")

    answered = [a for a in await _race(processes, second_request, decision) if a]
    assert answered == ["decision"]  # it waited for the second request, then saw it


async def _answer(repo: OotsRepository, exchange: Exchange, who: str) -> str | None:
    if exchange.followup_xml is None or not exchange.state.decided:
        return None
    return who if await repo.mark_answered(exchange.id, "evidence", NOW) else None


async def test_sources_prepared_by_two_page_loads_at_once_are_stored_once(
    processes: tuple[Database, Database],
) -> None:
    async def setup(session: AsyncSession) -> None:
        await OotsRepository(session).add_exchange(_exchange("e1"), preview_key="k" * 64)

    await _write(processes[0], setup)
    source = PreparedSource("local", "Our results", b"<elmo/>", date(2026, 3, 2), ())

    async def prepare(session: AsyncSession) -> bool:
        repo = OotsRepository(session)
        await repo.lock_exchange("e1")
        if "local" in await repo.source_keys("e1"):
            return False
        await asyncio.sleep(PAUSE)
        await repo.add_source("e1", source, NOW)
        return True

    assert await _race(processes, prepare, prepare) == [True, False]


async def test_an_outbox_message_is_claimed_by_one_process(
    processes: tuple[Database, Database],
) -> None:
    async def setup(session: AsyncSession) -> None:
        await OotsRepository(session).add_exchange(_exchange("e1"))
        message = OutboxMessage(
            "m1", "e1", "00000000-0000-4000-8000-000000000001", "QueryResponse", "evidence",
            "https://er.example/answers", "application/x-ebrs+xml", b"<answer/>", NOW, NOW,
        )  # fmt: skip
        await OutboxRepository(session).add_message(message)

    await _write(processes[0], setup)
    lease = NOW + timedelta(seconds=30)

    def claim(owner: str) -> Step[str | None]:
        async def step(session: AsyncSession) -> str | None:
            claimed = await OutboxRepository(session).claim("m1", owner, NOW, lease)
            await asyncio.sleep(PAUSE)
            return None if claimed is None else owner

        return step

    assert await _race(processes, claim("a"), claim("b")) == ["a", None]
    # the lease lapses: another process takes the message over (an attempt more)
    later = await _write(
        processes[1],
        lambda s: OutboxRepository(s).claim("m1", "b", lease, lease + timedelta(seconds=30)),
    )
    assert later is not None
    assert later.attempts == 2


# -- EMREX -----------------------------------------------------------------------------------


async def test_an_emrex_request_is_bound_and_answered_once(
    processes: tuple[Database, Database],
) -> None:
    request = ContactPointRequest("r1", "s1", "https://emc.example/r", "started", NOW, NOW)

    async def setup(session: AsyncSession) -> None:
        repo = ExchangeRepository(session)
        for key in ("b1", "b2"):
            await repo.create_browser_session(key, "csrf", NOW, NOW + timedelta(hours=1))
        await repo.create_request(request)

    await _write(processes[0], setup)

    def bind(key: str) -> Step[bool]:
        async def step(session: AsyncSession) -> bool:
            bound = await ExchangeRepository(session).bind_request("r1", key)
            await asyncio.sleep(PAUSE)
            return bound

        return step

    async def answer(session: AsyncSession) -> bool:
        answered = await ExchangeRepository(session).answer_request("r1", "NCP_OK", NOW)
        await asyncio.sleep(PAUSE)
        return answered

    assert await _race(processes, bind("b1"), bind("b2")) == [True, False]
    assert await _race(processes, answer, answer) == [True, False]


async def test_a_client_session_is_claimed_by_one_return(
    processes: tuple[Database, Database],
) -> None:
    async def setup(session: AsyncSession) -> None:
        repo = ExchangeRepository(session)
        learner_id = await repo.learner_id(KARIN)
        assert learner_id is not None
        await repo.create_client_session(
            ClientSession(0, "cs1", learner_id, "NO-GW", "https://no.example/emrex", "pending",
                          NOW, NOW + timedelta(minutes=30))
        )  # fmt: skip

    await _write(processes[0], setup)

    async def claim(session: AsyncSession) -> bool:
        claimed = await ExchangeRepository(session).claim_client_session("cs1", NOW)
        await asyncio.sleep(PAUSE)
        return claimed is not None

    assert await _race(processes, claim, claim) == [True, False]


# -- registry --------------------------------------------------------------------------------


async def test_registry_snapshots_saved_at_once_leave_one_copy(
    processes: tuple[Database, Database],
) -> None:
    """Every process refreshes the registry at start-up: the stored copy is replaced whole."""

    def save(document: bytes) -> Step[None]:
        async def step(session: AsyncSession) -> None:
            await serialize(session, "registry-snapshot")
            await ExchangeRepository(session).save_registry_snapshot("file", document, NOW)
            await asyncio.sleep(PAUSE)

        return step

    await _race(processes, save(b"{}"), save(b"{ }"))
    async with processes[0].session() as session:
        count = await session.scalar(select(func.count()).select_from(RegistrySnapshotRow))
        latest = await ExchangeRepository(session).registry_snapshot()
    assert count == 1
    assert latest is not None
    assert latest[1] == b"{ }"
