"""What a wallet credential holds: signed ELMO → ELM 3.2 (converted profile), summary claims, audit.

A Credential Dataset is one report of a signed ELMO: our own results are signed per institution
when the offer is made (one report each), a fetched import is used as received (maybe several
reports). Both are converted the same way, with credential ids fixed by the offer, so the
report the learner sees before adding to the wallet describes the credential that is issued.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gateway.core.elm import convert_elmo
from gateway.core.elm.microcredential import MicroCredentialReport, microcredential_report
from gateway.core.elmo.model import Elmo, Report, Text
from gateway.core.elmo.parse import parse_elmo_bytes
from gateway.core.oid4vci.credential import ElmSummary
from gateway.core.records import Transcript
from gateway.core.sessions import DisclosedItem
from gateway.errors import InvalidInput
from gateway.flows.elmo.export import sign_transcript
from gateway.flows.services import Services

if TYPE_CHECKING:  # the issuer imports the kinds, which import this module
    from gateway.flows.wallet.issuer import WalletIssuer

PREFERRED_LANGUAGE = "en"


@dataclass(frozen=True)
class ConvertedDocument:
    """A signed ELMO read and converted: one ELM credential per report, in report order."""

    elmo: Elmo
    credentials: tuple[dict[str, Any], ...]

    def report(self, number: int) -> Report:
        return self.elmo.reports[self._index(number)]

    def credential(self, number: int) -> dict[str, Any]:
        return self.credentials[self._index(number)]

    def _index(self, number: int) -> int:
        if not 1 <= number <= len(self.elmo.reports):
            raise InvalidInput(f"elmo/report[{number}]: the document has no such report")
        return number - 1


def credential_id(wallet: WalletIssuer, offer_id: str, position: int) -> str:
    """A stable ELM credential id for dataset ``position`` of an offer."""
    name = f"{wallet.identifier}/wallet/offers/{offer_id}/{position}"
    return f"urn:credential:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def convert_document(
    services: Services,
    wallet: WalletIssuer,
    document: bytes,
    *,
    offer_id: str,
    issued: datetime,
    first_position: int = 1,
) -> ConvertedDocument:
    """Convert a signed ELMO; the exact bytes are embedded as evidence (EDC "Converted").

    Report *n* of the document is dataset ``first_position + n - 1`` of the offer.
    """
    elmo = parse_elmo_bytes(document, max_bytes=services.settings.elmo.max_xml_bytes)
    ids = [credential_id(wallet, offer_id, first_position + i) for i in range(len(elmo.reports))]
    result = convert_elmo(
        elmo,
        issuer=wallet.identity,
        signed_elmo=document,
        issued=issued.replace(microsecond=0),
        credential_ids=ids,
    )
    return ConvertedDocument(elmo, result.credentials)


def report_of(converted: ConvertedDocument, number: int) -> MicroCredentialReport:
    return microcredential_report(converted.credential(number))


def own_documents(services: Services, transcript: Transcript) -> list[tuple[str, bytes]]:
    """Our results signed as one ELMO per institution: (institution name, signed XML) each.

    Without the PDF transcript attachment: the whole signed ELMO travels inside the credential
    as evidence, and the PDF would more than double the credential's size.
    """
    documents: list[tuple[str, bytes]] = []
    for institution in transcript.institutions:
        single = Transcript(transcript.learner, (institution,))
        with services.metrics.signing():
            export = sign_transcript(services, single, with_pdf=False)
        documents.append((institution.institution.name_en, export.signed_xml))
    return documents


def text_of(texts: Sequence[Text], preferred: str = PREFERRED_LANGUAGE) -> str:
    """The text in ``preferred``, else the first one, else the empty string."""
    for text in texts:
        if text.lang == preferred:
            return text.value
    return texts[0].value if texts else ""


def _ects(values: Iterable[Decimal | None]) -> Decimal | None:
    found = [v for v in values if v is not None]
    return sum(found, Decimal(0)) if found else None


def summary_of(elmo: Elmo, report: Report) -> ElmSummary:
    """The flat, disclosable summary claims of one report's credential."""
    learner = elmo.learner
    return ElmSummary(
        given_name=learner.given_names,
        family_name=learner.family_name,
        birthdate=learner.bday,
        achievements=tuple(text_of(los.titles) for los in report.opportunities),
        ects_total=_ects(los.instance.ects() for los in report.specifications()),
        awarding_institution=text_of(report.issuer.titles) or None,
    )


def disclosed_items(report: Report) -> tuple[DisclosedItem, ...]:
    """What the learner's "My transfers" lists for a credential: every result in it."""
    institution = text_of(report.issuer.titles)
    items = []
    for los in report.specifications():
        ects = los.instance.ects()
        items.append(
            DisclosedItem(
                institution=institution,
                code=los.identifier("local")
                or (los.identifiers[0].value if los.identifiers else ""),
                title=text_of(los.titles),
                grade=los.instance.result_label,
                credits=None if ects is None else f"{ects.normalize():f}",
            )
        )
    return tuple(items)


def institution_titles(elmo: Elmo) -> list[str]:
    return [text_of(report.issuer.titles) for report in elmo.reports]
