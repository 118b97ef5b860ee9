"""Revoking credentials by hand and seeing their status (issue #15): the learner on My transfers
(lost phone; "get a fresh one" after a revocation) and operators (``gateway wallet status``).

Revocation is final (Token Status List: INVALID); each is recorded with who, why and when, and
moves its list's ``changed_at`` so the next ``GET /status/{list}`` signs the list again.
"""

from __future__ import annotations

from gateway.core.sessions import BrowserSession
from gateway.errors import AuthenticationRequired, InvalidInput, NotFound
from gateway.flows.services import Services
from gateway.flows.wallet.issuer import WalletIssuer
from gateway.flows.wallet.offers import CreatedOffer, create_offer
from gateway.storage.credential_status import CredentialStatus, StatusRepository
from gateway.storage.status_tables import CredentialState, RevocationCause
from gateway.storage.wallet import WalletRepository

LEARNER_REASON = "revoked by the learner"
MAX_REASON = 1000


def _learner(browser: BrowserSession) -> int:
    if browser.learner_id is None:
        raise AuthenticationRequired("Please log in.")
    return browser.learner_id


async def credential_statuses(
    services: Services, *, learner_id: int | None = None, credential_id: int | None = None
) -> list[CredentialStatus]:
    """Issued credentials with their status, newest first (one learner's, one, or all)."""
    async with services.db.session() as session:
        return await StatusRepository(session).credentials(
            learner_id=learner_id, credential_id=credential_id
        )


async def my_credentials(services: Services, browser: BrowserSession) -> list[CredentialStatus]:
    return await credential_statuses(services, learner_id=_learner(browser))


async def revoke_mine(services: Services, browser: BrowserSession, credential_id: int) -> None:
    """The learner revokes one of their own credentials (e.g. the phone was lost)."""
    learner_id = _learner(browser)
    async with services.db.session(write=True) as session, session.begin():
        done = await StatusRepository(session).revoke(
            [credential_id],
            cause=RevocationCause.LEARNER,
            actor="learner",
            reason=LEARNER_REASON,
            now=services.clock(),
            learner_id=learner_id,
        )
    if not done:
        raise NotFound("No such credential of yours that is still valid.")


async def revoke_as_operator(
    services: Services, credential_id: int, *, reason: str, operator: str
) -> CredentialStatus:
    """``gateway wallet status --revoke ID --reason TEXT``: revoke and say what it was."""
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        raise InvalidInput(f"--reason: a text of 1 to {MAX_REASON} characters is required")
    async with services.db.session(write=True) as session, session.begin():
        repo = StatusRepository(session)
        found = await repo.credentials(credential_id=credential_id)
        if not found:
            raise NotFound(f"No wallet credential {credential_id}.")
        if found[0].state is not CredentialState.VALID:
            raise InvalidInput(f"Wallet credential {credential_id} is already {found[0].state}.")
        await repo.revoke(
            [credential_id],
            cause=RevocationCause.OPERATOR,
            actor=operator,
            reason=reason,
            now=services.clock(),
        )
        return (await repo.credentials(credential_id=credential_id))[0]


async def fresh_offer(
    services: Services, wallet: WalletIssuer, browser: BrowserSession, credential_id: int
) -> CreatedOffer:
    """A new offer of what a revoked credential of the learner's was about, with today's data."""
    learner_id = _learner(browser)
    async with services.db.session() as session:
        found = await StatusRepository(session).credentials(
            learner_id=learner_id, credential_id=credential_id
        )
        dataset = (
            await WalletRepository(session).dataset(found[0].offer_id, found[0].position)
            if found
            else None
        )
    if not found or dataset is None or found[0].state is CredentialState.VALID:
        raise NotFound("No such revoked credential of yours.")
    kind = wallet.kinds.kind_of(dataset.configuration)
    chosen = kind.chosen_again(dataset) if kind is not None else {}
    if not chosen:
        raise InvalidInput("This credential cannot be offered again: choose on Digital wallet.")
    return await create_offer(services, wallet, browser.national_id or "", chosen=chosen)
