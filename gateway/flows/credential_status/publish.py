"""Our status lists as served at ``GET /status/{list}`` (Token Status List §5.1, §8.1).

The token is built from the database only: the entries that are not VALID, packed into a list
of the list's size, signed ES256 with the wallet issuer's ``x5c``. It is signed again when a
bit changed since it was signed, and when less than ``[status] resign_before_expiry_minutes``
of its lifetime is left; any gateway process does this, the first to ask wins, and a token
reflecting a later change is never replaced by an older one.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Final

from gateway.core.keys import SigningKey
from gateway.core.statuslist import StatusBits, sign_status_list_token
from gateway.errors import NotFound
from gateway.flows.services import Services
from gateway.storage.status_lists import ListState, StatusListRepository

log = logging.getLogger(__name__)
STATUS_PATH: Final = "/status/"
"""A list's URI is the issuer identifier + this + its name (web/routes.py agrees)."""


def status_list_uri(identifier: str, name: str) -> str:
    return f"{identifier.rstrip('/')}{STATUS_PATH}{name}"


@dataclass(frozen=True)
class ServedList:
    token: str
    max_age: int
    """Seconds a cache may keep it: ``ttl``, never past the token's ``exp``."""


def _due(state: ListState, now: dt.datetime, resign_before: dt.timedelta) -> bool:
    return (
        state.token is None
        or state.token_reflects is None
        or state.token_reflects < state.changed_at
        or state.token_expires_at is None
        or state.token_expires_at - resign_before <= now
    )


async def sign_list(
    services: Services, identifier: str, signing_key: SigningKey, state: ListState
) -> str:
    """Sign ``state``'s list from the database now and store the token; returns it."""
    config = services.settings.status
    now = services.clock()
    async with services.db.session() as session:
        entries = await StatusListRepository(session).entries(state.id)
    statuses = StatusBits.with_values(state.size, state.bits, entries)
    lifetime = dt.timedelta(minutes=config.token_lifetime_minutes)
    token = sign_status_list_token(
        statuses,
        uri=status_list_uri(identifier, state.name),
        signing_key=signing_key,
        issued_at=now,
        lifetime=lifetime,
        ttl=dt.timedelta(seconds=config.ttl_seconds),
        issuer=identifier,  # the credentials' iss (earlier drafts require them equal)
    )
    async with services.db.session(write=True) as session, session.begin():
        stored = await StatusListRepository(session).store_token(
            state.id,
            token,
            signed_at=now,
            expires_at=now.replace(microsecond=0) + lifetime,
            reflects=state.changed_at,
        )
    log.info(
        "status list signed",
        extra={"list": state.name, "revoked": len(entries), "stored": stored, "bytes": len(token)},
    )
    return token


async def served_list(
    services: Services, identifier: str, signing_key: SigningKey, name: str
) -> ServedList:
    """The current token of list ``name``, signed again first when it is due."""
    async with services.db.session() as session:
        state = await StatusListRepository(session).list_state(name)
    if state is None:
        raise NotFound("No status list of that name.")
    config = services.settings.status
    now = services.clock()
    resign_before = dt.timedelta(minutes=config.resign_before_expiry_minutes)
    if _due(state, now, resign_before):
        token = await sign_list(services, identifier, signing_key, state)
        expires = now + dt.timedelta(minutes=config.token_lifetime_minutes)
    else:
        assert state.token is not None
        assert state.token_expires_at is not None
        token, expires = state.token, state.token_expires_at
    left = int((expires - now).total_seconds())
    return ServedList(token=token, max_age=max(0, min(config.ttl_seconds, left)))


async def resign_due(services: Services, identifier: str, signing_key: SigningKey) -> int:
    """Sign every list that is due (the server's maintenance; any worker). Returns how many."""
    config = services.settings.status
    now = services.clock()
    before = now + dt.timedelta(minutes=config.resign_before_expiry_minutes)
    async with services.db.session() as session:
        repo = StatusListRepository(session)
        names = await repo.lists_to_sign(before)
        states = [s for s in [await repo.list_state(n) for n in names] if s is not None]
    for state in states:
        await sign_list(services, identifier, signing_key, state)
    return len(states)
