"""The wallet as an EMREX source (issue #14): on the contact point's selection page a learner
adds results verified from a wallet presentation; they go into the signed ELMO answer as their
own reports (``report/issuer`` stays the awarding institution; the gateway signs the whole)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from gateway.core.elmo.model import Report
from gateway.core.elmo.parse import parse_elmo_bytes
from gateway.core.oid4vp.transaction import WalletResults
from gateway.core.sessions import DisclosedItem
from gateway.errors import InvalidInput
from gateway.flows.services import Services
from gateway.storage.verifier import VerifierRepository

WALLET_CHANNEL_NOTE: Final = "wallet"


async def wallet_results(services: Services, learner_id: int) -> tuple[WalletResults, ...]:
    """What the learner verified from a wallet and can add to an EMREX answer."""
    async with services.db.session() as session:
        return tuple(await VerifierRepository(session).wallet_results(learner_id))


async def chosen_ids(services: Services, request_id: str) -> frozenset[int]:
    async with services.db.session() as session:
        return frozenset(await VerifierRepository(session).chosen_for_request(request_id))


async def choose(
    services: Services, request_id: str, learner_id: int, credential_ids: Iterable[int]
) -> list[int]:
    """Store the choice for the request; an id that is not the learner's is an error."""
    wanted = sorted(set(credential_ids))
    own = {w.id for w in await wallet_results(services, learner_id)}
    if set(wanted) - own:
        raise InvalidInput("A chosen wallet credential is not among your verified ones.")
    async with services.db.session(write=True) as session, session.begin():
        await VerifierRepository(session).choose_for_request(request_id, wanted)
    return wanted


def _reports(xml: bytes, index: int | None, max_bytes: int) -> tuple[Report, ...]:
    elmo = parse_elmo_bytes(xml, max_bytes=max_bytes)
    if index is not None and 0 <= index < len(elmo.reports):
        return (elmo.reports[index],)
    return elmo.reports


async def chosen_reports(
    services: Services, request_id: str, learner_id: int
) -> tuple[Report, ...]:
    """The reports of the chosen wallet credentials, read from what was verified and stored."""
    async with services.db.session() as session:
        repo = VerifierRepository(session)
        ids = await repo.chosen_for_request(request_id)
        documents = await repo.wallet_documents(learner_id, ids) if ids else []
    limit = services.settings.elmo.max_xml_bytes
    return tuple(r for xml, index in documents for r in _reports(xml, index, limit))


def disclosed(reports: Iterable[Report]) -> list[DisclosedItem]:
    """Disclosure-log lines for the wallet reports sent (institution, code, title, grade)."""
    items = []
    for report in reports:
        institution = report.issuer.titles[0].value if report.issuer.titles else "?"
        for los in report.specifications():
            instance = los.instance
            ects = instance.ects()
            items.append(
                DisclosedItem(
                    institution=institution,
                    code=los.identifier("local") or "",
                    title=los.titles[0].value if los.titles else "?",
                    grade=instance.result_label,
                    credits=None if ects is None else str(ects),
                )
            )
    return items
