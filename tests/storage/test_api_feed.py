"""The merits feed's order on a real database (PostgreSQL with `make test-pg`): an entry whose
transaction commits late is never skipped by a reader that stores its cursor."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from gateway.core.api.merits import (
    Merit,
    MeritSource,
    SourceKind,
    StatusCheck,
    Verification,
)
from gateway.flows.api.merits import feed
from gateway.storage.api import ApiRepository
from gateway.storage.database import Database

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


def _merit(learner_id: int, name: str) -> Merit:
    return Merit(
        learner_id=learner_id,
        source=MeritSource(SourceKind.WALLET, name),
        verification=Verification(
            NOW, "dc+sd-jwt", None, None, None, {}, StatusCheck("status-list", "valid", NOW)
        ),
        results=(),
        document=name.encode(),
    )


async def _append(db: Database, merit: Merit, commit: asyncio.Event | None = None) -> int:
    async with db.session(write=True) as session, session.begin():
        merit_id = await ApiRepository(session).append_merit(merit)
        if commit is not None:
            await commit.wait()
    return merit_id


async def test_an_entry_committed_after_a_later_one_is_not_skipped(seeded_db: Database) -> None:
    """Writer A draws its id and holds its transaction open; writer B starts after it. Were B
    allowed to draw the next id and commit first, a reader would see B, store B's id as its
    cursor, and never see A. The feed lock makes B wait for A's commit."""
    release_a = asyncio.Event()
    a = asyncio.create_task(_append(seeded_db, _merit(1, "a"), release_a))
    await asyncio.sleep(0.2)  # A has drawn its id and waits
    b = asyncio.create_task(_append(seeded_db, _merit(2, "b")))
    await asyncio.wait({b}, timeout=0.5)  # time enough for B to commit, were it allowed to

    first = await feed(seeded_db, None, 10)
    release_a.set()
    a_id, b_id = await asyncio.gather(a, b)
    second = await feed(
        seeded_db, None if first.next_cursor is None else int(first.next_cursor), 10
    )

    seen = [e.id for e in first.entries] + [e.id for e in second.entries]
    assert sorted(seen) == sorted([a_id, b_id])  # neither skipped …
    assert len(set(seen)) == 2  # … nor repeated
    assert a_id < b_id
