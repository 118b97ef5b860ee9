"""Browser sessions and learner login (dev list or trusted-proxy header), stored in the database."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from gateway.core.records import Learner
from gateway.core.sessions import BrowserSession
from gateway.errors import AuthenticationRequired
from gateway.flows.services import Services
from gateway.storage.exchange import ExchangeRepository
from gateway.storage.repositories import RecordsRepository


def session_key(token: str) -> str:
    """The stored form of a cookie token: a stolen database copy cannot be replayed as a cookie."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


async def load_session(services: Services, token: str | None) -> BrowserSession | None:
    if not token or len(token) > 128:
        return None
    async with services.db.session() as session:
        return await ExchangeRepository(session).browser_session(
            session_key(token), services.clock()
        )


async def start_session(services: Services) -> tuple[str, BrowserSession]:
    """A new anonymous session: the cookie token (returned once) and its stored state."""
    token = secrets.token_urlsafe(32)
    now = services.clock()
    expires = now + timedelta(minutes=services.settings.auth.session_minutes)
    async with services.db.session(write=True) as session, session.begin():
        created = await ExchangeRepository(session).create_browser_session(
            session_key(token), secrets.token_urlsafe(32), now, expires
        )
    return token, created


async def log_in(
    services: Services, browser: BrowserSession, national_id: str, method: str
) -> tuple[str, BrowserSession]:
    """Log the learner with ``national_id`` in (unknown → refused). The session gets a new
    cookie token and CSRF token, so a token planted before login is worthless after it."""
    token = secrets.token_urlsafe(32)
    now = services.clock()
    expires = now + timedelta(minutes=services.settings.auth.session_minutes)
    async with services.db.session(write=True) as session, session.begin():
        repo = ExchangeRepository(session)
        learner_id = await repo.learner_id(national_id)
        if learner_id is None:
            raise AuthenticationRequired("This person is not known to this service.")
        rotated = BrowserSession(
            key=session_key(token),
            csrf_token=secrets.token_urlsafe(32),
            expires_at=expires,
            learner_id=learner_id,
            national_id=national_id,
            auth_method=method,
        )
        await repo.rotate_browser_session(browser.key, rotated, learner_id, method, now)
    return token, rotated


async def log_out(services: Services, browser: BrowserSession) -> None:
    async with services.db.session(write=True) as session, session.begin():
        await ExchangeRepository(session).end_browser_session(browser.key)


async def dev_learners(services: Services) -> list[Learner]:
    """The learners the development login page offers."""
    async with services.db.session() as session:
        return await RecordsRepository(session).learners()


async def learner_of(services: Services, browser: BrowserSession) -> Learner:
    if browser.national_id is None:
        raise AuthenticationRequired("Please log in.")
    async with services.db.session() as session:
        return await RecordsRepository(session).learner(browser.national_id)
