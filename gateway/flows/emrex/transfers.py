"""The learner's "My transfers": every disclosure of their results, newest first."""

from __future__ import annotations

from gateway.core.sessions import BrowserSession, Disclosure
from gateway.errors import AuthenticationRequired
from gateway.flows.services import Services
from gateway.storage.exchange import ExchangeRepository


async def my_transfers(services: Services, browser: BrowserSession) -> list[Disclosure]:
    if browser.learner_id is None:
        raise AuthenticationRequired("Please log in.")
    async with services.db.session() as session:
        return await ExchangeRepository(session).disclosures(browser.learner_id)
