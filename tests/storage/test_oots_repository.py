"""OOTS provider state in a real SQLite file: exchanges, conditional decisions, outbox claims."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gateway.core.oots.exchange import Exchange, ExchangeState, OutboxMessage, OutboxState
from gateway.storage.database import Database
from gateway.storage.oots import OotsRepository
from gateway.storage.oots_outbox import OutboxRepository

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def _exchange(
    exchange_id: str, requester: str = "urn:x:NL1", request_id: str = "urn:uuid:1"
) -> Exchange:
    return Exchange(
        id=exchange_id,
        requester_key=requester,
        state=ExchangeState.PREVIEW_REQUIRED,
        created_at=NOW,
        request_id=request_id,
        preview_expires_at=NOW + timedelta(minutes=55),
    )


def _message(message_id: str, exchange_id: str) -> OutboxMessage:
    return OutboxMessage(
        id=message_id,
        exchange_id=exchange_id,
        response_id=f"00000000-0000-4000-8000-{message_id.zfill(12)}",
        action="ExceptionResponse",
        answer="EDM:ERR:0002",
        endpoint="https://er.example/answers",
        content_type="application/x-ebrs+xml",
        body=b"<answer/>",
        created_at=NOW,
        next_attempt_at=NOW,
    )


async def _setup(db: Database) -> None:
    async with db.session(write=True) as session, session.begin():
        repo = OotsRepository(session)
        await repo.add_exchange(_exchange("e1"), preview_key="k" * 64)
        await OutboxRepository(session).add_message(_message("1", "e1"))


async def test_requests_are_found_by_requester_and_id(db: Database) -> None:
    await _setup(db)
    async with db.session(write=True) as session, session.begin():
        repo = OotsRepository(session)
        # The same request id from another requester is another request (the TDD examples
        # reuse ids across requesters).
        await repo.add_exchange(_exchange("e2", requester="urn:x:DK1"))
        assert await repo.record_followup("e1", "urn:uuid:2", b"<second/>")
        assert not await repo.record_followup("e1", "urn:uuid:3", b"<third/>")
    async with db.session() as session:
        repo = OotsRepository(session)
        first = await repo.exchange_by_request("urn:x:NL1", "urn:uuid:1")
        second = await repo.exchange_by_request("urn:x:NL1", "urn:uuid:2")
        other = await repo.exchange_by_request("urn:x:DK1", "urn:uuid:1")
        by_token = await repo.exchange_by_preview("k" * 64)
    assert first is not None
    assert second is not None
    assert other is not None
    assert first.id == second.id == "e1"
    assert other.id == "e2"
    assert by_token == first
    assert first.followup_xml == b"<second/>"


async def test_a_decision_is_taken_once_and_only_in_time(db: Database) -> None:
    await _setup(db)
    async with db.session(write=True) as session, session.begin():
        repo = OotsRepository(session)
        late = NOW + timedelta(hours=1)
        assert not await repo.decide("e1", ExchangeState.ACCEPTED, late, ["local"])
        assert await repo.expired_previews(late) == ["e1"]
        assert await repo.decide("e1", ExchangeState.REFUSED, NOW)
        assert not await repo.decide("e1", ExchangeState.ACCEPTED, NOW, ["local"])
        assert not await repo.decide("e1", ExchangeState.TIMED_OUT, late, open_only=False)
        assert await repo.mark_answered("e1", "no-evidence", NOW)
        assert not await repo.mark_answered("e1", "evidence", NOW)
        found = await repo.exchange("e1")
    assert found is not None
    assert (found.state, found.outcome) == (ExchangeState.ANSWERED, "no-evidence")


async def test_a_claim_keeps_other_processes_out_until_it_lapses(db: Database) -> None:
    await _setup(db)
    async with db.session(write=True) as session, session.begin():
        outbox = OutboxRepository(session)
        assert await outbox.due(NOW, 10) == ["1"]
        mine = await outbox.claim("1", "gw-a", NOW, NOW + LEASE)
        assert mine is not None
        assert mine.attempts == 1
        assert await outbox.claim("1", "gw-b", NOW, NOW + LEASE) is None
        assert await outbox.due(NOW, 10) == []
        assert await outbox.next_due() == NOW + LEASE
        # gw-a dies; its claim lapses and gw-b takes the message for a second attempt.
        later = NOW + LEASE
        theirs = await outbox.claim("1", "gw-b", later, later + LEASE)
        assert theirs is not None
        assert theirs.attempts == 2
        # A late word from the dead claim's owner changes nothing.
        assert not await outbox.finish_attempt(
            "1", "gw-a", state=OutboxState.DELIVERED, now=later, next_attempt_at=later,
            status=200, error=None,
        )  # fmt: skip
        assert await outbox.finish_attempt(
            "1", "gw-b", state=OutboxState.PENDING, now=later,
            next_attempt_at=later + timedelta(seconds=5), status=503, error="HTTP 503",
        )  # fmt: skip
        assert await outbox.due(later, 10) == []
        assert await outbox.next_due() == later + timedelta(seconds=5)
        (row,) = await outbox.messages()
    assert (row.state, row.attempts, row.last_status, row.last_error) == (
        OutboxState.PENDING,
        2,
        503,
        "HTTP 503",
    )
    assert row.body == b"<answer/>"


async def test_failed_messages_can_be_put_back(db: Database) -> None:
    await _setup(db)
    async with db.session(write=True) as session, session.begin():
        outbox = OutboxRepository(session)
        assert not await outbox.retry("1", NOW)  # only failed ones
        await outbox.claim("1", "gw-a", NOW, NOW + LEASE)
        await outbox.finish_attempt(
            "1", "gw-a", state=OutboxState.FAILED, now=NOW, next_attempt_at=NOW,
            status=400, error="HTTP 400",
        )  # fmt: skip
        assert [m.id for m in await outbox.messages(state=OutboxState.FAILED)] == ["1"]
        assert await outbox.retry("1", NOW)
        assert await outbox.due(NOW, 10) == ["1"]
