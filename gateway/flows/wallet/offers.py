"""The learner's side of the wallet bridge: "Add to wallet" → one credential offer (OID4VCI §4.1).

The Digital wallet page shows what each credential kind offers; what the learner ticks, in any
number of sections, becomes ONE offer (one QR code, one tx_code) holding the datasets of every
kind chosen, numbered in registry order. The offer is shown once: the offer reference and the
transaction code exist only in the returned value (the database keeps hashes).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from gateway.core.elm.microcredential import MicroCredentialReport
from gateway.core.sessions import BrowserSession
from gateway.errors import AuthenticationRequired, InvalidInput, NotFound
from gateway.flows.services import Services
from gateway.flows.wallet.issuer import WalletIssuer, digest, pre_authorized_code, tx_code_digest
from gateway.flows.wallet.kinds.base import (
    Choice,
    ChoiceSection,
    Chosen,
    LearnerRef,
    NewDataset,
    OfferContext,
)
from gateway.storage.exchange import ExchangeRepository
from gateway.storage.wallet import DatasetSpec, NewOffer, WalletRepository
from gateway.storage.wallet_tables import OfferSource
from gateway.storage.wallet_views import OfferView, WalletViews

NOTHING_CHOSEN = "Choose at least one result to add to the wallet."


@dataclass(frozen=True)
class OfferedCredential:
    position: int
    title: str
    report: MicroCredentialReport | None
    configuration: str = ""


@dataclass(frozen=True)
class CreatedOffer:
    """A new offer as shown once to the learner (or printed by `gateway wallet offer`)."""

    id: str
    offer_uri: str = field(repr=False)
    link: str = field(repr=False)
    tx_code: str = field(repr=False)
    expires_at: datetime
    credentials: tuple[OfferedCredential, ...]


@dataclass(frozen=True)
class WalletHome:
    """The learner's wallet page: what can be added (by kind), and earlier offers."""

    sections: tuple[ChoiceSection, ...]
    offers: list[OfferView]


def _learner(browser: BrowserSession) -> LearnerRef:
    if browser.learner_id is None or browser.national_id is None:
        raise AuthenticationRequired("Please log in.")
    return LearnerRef(browser.learner_id, browser.national_id)


async def _sections(
    services: Services, wallet: WalletIssuer, learner: LearnerRef
) -> tuple[ChoiceSection, ...]:
    found: list[ChoiceSection] = []
    for kind in wallet.kinds:
        found.extend(await kind.sections(services, learner))
    return tuple(found)


async def wallet_home(
    services: Services, wallet: WalletIssuer, browser: BrowserSession
) -> WalletHome:
    learner = _learner(browser)
    sections = await _sections(services, wallet, learner)
    async with services.db.session() as session:
        offers = await WalletViews(session).learner_offers(learner.id)
    return WalletHome(sections, offers)


def _ticked(choices: tuple[Choice, ...], into: dict[str, list[str]]) -> None:
    for choice in choices:
        if choice.checked and choice.unavailable is None:
            into.setdefault(choice.field, []).append(choice.value)
        _ticked(choice.children, into)


def default_choice(sections: tuple[ChoiceSection, ...]) -> dict[str, list[str]]:
    """What is ticked when the wallet page opens (what "Add to wallet" sends untouched)."""
    chosen: dict[str, list[str]] = {}
    for section in sections:
        for group in section.groups:
            _ticked(group.choices, chosen)
    return chosen


async def create_offer(
    services: Services,
    wallet: WalletIssuer,
    national_id: str,
    *,
    chosen: Chosen | None = None,
) -> CreatedOffer:
    """One offer for what was ticked (``chosen``: form field → values; None: the defaults)."""
    async with services.db.session() as session:
        learner_id = await ExchangeRepository(session).learner_id(national_id)
    if learner_id is None:
        raise NotFound("This person is not known to this service.")
    learner = LearnerRef(learner_id, national_id)
    if chosen is None:
        chosen = default_choice(await _sections(services, wallet, learner))
    offer_id = secrets.token_urlsafe(12)
    now = services.clock()
    specs: list[DatasetSpec] = []
    credentials: list[OfferedCredential] = []
    for kind in wallet.kinds:
        context = OfferContext(offer_id, now, len(specs) + 1)
        made: tuple[NewDataset, ...] = await kind.datasets(
            services, wallet, learner, chosen, context
        )
        for dataset in made:
            position = len(specs) + 1
            specs.append(
                DatasetSpec(
                    position=position,
                    configuration=kind.configuration_id,
                    title=dataset.title,
                    subject=dataset.subject,
                    document=dataset.document,
                    import_id=dataset.import_id,
                )
            )
            credentials.append(
                OfferedCredential(position, dataset.title, dataset.report, kind.configuration_id)
            )
    if not specs:
        raise InvalidInput(NOTHING_CHOSEN)
    token = secrets.token_urlsafe(32)
    code = pre_authorized_code(token)
    tx_code = wallet.tx_code.generate(secrets.randbelow)
    expires = now + timedelta(minutes=wallet.config.offer_minutes)
    imported_only = all(s.import_id is not None for s in specs)
    offer = NewOffer(
        id=offer_id,
        token_hash=digest(token),
        code_hash=digest(code),
        tx_code_hash=tx_code_digest(code, tx_code),
        learner_id=learner_id,
        source=(OfferSource.IMPORT if imported_only else OfferSource.OWN).value,
        selection=None,
        import_id=None,
        created_at=now,
        expires_at=expires,
        datasets=tuple(specs),
    )
    async with services.db.session(write=True) as session, session.begin():
        await WalletRepository(session).add_offer(offer)
    services.metrics.wallet_offers.inc()
    return CreatedOffer(
        id=offer_id,
        offer_uri=wallet.offer_uri(token),
        link=wallet.offer_link(token),
        tx_code=tx_code,
        expires_at=expires,
        credentials=tuple(credentials),
    )


async def offer_report(
    services: Services, wallet: WalletIssuer, browser: BrowserSession, offer_id: str
) -> dict[str, Any]:
    """The EU micro-credential report (Annex I) of each credential of a learner's offer that
    has one (the kind decides)."""
    learner = _learner(browser)
    async with services.db.session() as session:
        datasets = await WalletRepository(session).offer_datasets(offer_id, learner.id)
    if not datasets:
        raise NotFound("This offer is unknown.")
    credentials: list[Mapping[str, Any]] = []
    for dataset in datasets:
        kind = wallet.kinds.kind_of(dataset.configuration)
        report = None if kind is None else await kind.report(services, wallet, learner, dataset)
        if report is not None:
            credentials.append(
                {"position": dataset.position, "title": dataset.title, **report.to_json()}
            )
    return {"offer": offer_id, "credentials": credentials}
