"""The learner's side of the wallet bridge: "Add to wallet" → a credential offer (OID4VCI §4.1).

An offer is made for the learner's own results (all offered ones, or a chosen subset; signed
now, one ELMO per institution) or for one ELMO fetched through the EMREX client. It holds one
Credential Dataset per ELMO report and is shown once: the offer reference and the transaction
code exist only in the returned value (the database keeps hashes).
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from gateway.core.elm.microcredential import MicroCredentialReport
from gateway.core.records import Transcript
from gateway.core.sessions import BrowserSession, ExternalImport
from gateway.errors import AuthenticationRequired, InvalidInput, NotFound
from gateway.flows.elmo.export import NothingToExport, choose, load_transcript, offered
from gateway.flows.services import Services
from gateway.flows.wallet.elm import (
    ConvertedDocument,
    convert_document,
    institution_titles,
    own_documents,
    report_of,
)
from gateway.flows.wallet.issuer import WalletIssuer, digest, pre_authorized_code, tx_code_digest
from gateway.storage.exchange import ExchangeRepository
from gateway.storage.wallet import DatasetSpec, NewOffer, WalletRepository
from gateway.storage.wallet_tables import OfferSource
from gateway.storage.wallet_views import OfferView, WalletViews


@dataclass(frozen=True)
class OfferedCredential:
    position: int
    title: str
    report: MicroCredentialReport


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
    """The learner's wallet page: what can be added, and what happened to earlier offers."""

    transcript: Transcript
    imports: list[ExternalImport]
    offers: list[OfferView]


def _learner(browser: BrowserSession) -> tuple[int, str]:
    if browser.learner_id is None or browser.national_id is None:
        raise AuthenticationRequired("Please log in.")
    return browser.learner_id, browser.national_id


async def wallet_home(services: Services, browser: BrowserSession) -> WalletHome:
    learner_id, national_id = _learner(browser)
    transcript = await load_transcript(services, national_id)
    async with services.db.session() as session:
        imports = await ExchangeRepository(session).external_imports(learner_id)
        offers = await WalletViews(session).learner_offers(learner_id)
    own = offered(transcript, offer_unfinished=services.settings.emrex.offer_unfinished)
    return WalletHome(own, imports, offers)


async def create_offer(
    services: Services,
    wallet: WalletIssuer,
    national_id: str,
    *,
    select: Collection[int] | None = None,
    import_id: int | None = None,
) -> CreatedOffer:
    """Make an offer for own results (``select``: None = all offered) or for ``import_id``."""
    if select is not None and import_id is not None:
        raise InvalidInput("choose either own results or a fetched import, not both")
    async with services.db.session() as session:
        learner_id = await ExchangeRepository(session).learner_id(national_id)
        if learner_id is None:
            raise NotFound("This person is not known to this service.")
        imported = (
            None
            if import_id is None
            else await ExchangeRepository(session).import_document(import_id, learner_id)
        )
    offer_id = secrets.token_urlsafe(12)
    now = services.clock()
    converted: list[tuple[DatasetSpec, ConvertedDocument, int]] = []
    if import_id is None:
        if select is not None and not select:
            raise InvalidInput("Choose at least one result to add to the wallet.")
        transcript = await load_transcript(services, national_id)
        chosen = choose(
            offered(transcript, offer_unfinished=services.settings.emrex.offer_unfinished), select
        )
        if not chosen.institutions:
            raise NothingToExport("there are no results to add to a wallet")
        for n, (title, doc) in enumerate(own_documents(services, chosen), start=1):
            spec = DatasetSpec(position=n, report=1, title=title, document=doc)
            document = convert_document(
                services, wallet, doc, offer_id=offer_id, issued=now, first_position=n
            )
            converted.append((spec, document, 1))
    else:
        if imported is None:
            raise NotFound("This import is unknown.")
        document = convert_document(services, wallet, imported, offer_id=offer_id, issued=now)
        for n, title in enumerate(institution_titles(document.elmo), start=1):
            converted.append((DatasetSpec(position=n, report=n, title=title), document, n))
    specs = tuple(spec for spec, _, _ in converted)
    credentials = tuple(
        OfferedCredential(spec.position, spec.title, report_of(document, n))
        for spec, document, n in converted
    )
    token = secrets.token_urlsafe(32)
    code = pre_authorized_code(token)
    tx_code = wallet.tx_code.generate(secrets.randbelow)
    expires = now + timedelta(minutes=wallet.config.offer_minutes)
    offer = NewOffer(
        id=offer_id,
        token_hash=digest(token),
        code_hash=digest(code),
        tx_code_hash=tx_code_digest(code, tx_code),
        learner_id=learner_id,
        source=(OfferSource.OWN if import_id is None else OfferSource.IMPORT).value,
        selection=None if select is None else tuple(sorted(set(select))),
        import_id=import_id,
        created_at=now,
        expires_at=expires,
        datasets=specs,
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
        credentials=credentials,
    )


async def offer_report(
    services: Services, wallet: WalletIssuer, browser: BrowserSession, offer_id: str
) -> dict[str, Any]:
    """The EU micro-credential report (Annex I) of each credential of a learner's offer."""
    learner_id, _ = _learner(browser)
    async with services.db.session() as session:
        datasets = await WalletRepository(session).offer_datasets(offer_id, learner_id)
    if not datasets:
        raise NotFound("This offer is unknown.")
    credentials = []
    for dataset in datasets:
        converted = convert_document(
            services,
            wallet,
            dataset.document,
            offer_id=offer_id,
            issued=dataset.offer_created_at,
            first_position=dataset.position - dataset.report + 1,
        )
        report = report_of(converted, dataset.report)
        credentials.append(
            {"position": dataset.position, "title": dataset.title, **report.to_json()}
        )
    return {"offer": offer_id, "credentials": credentials}
