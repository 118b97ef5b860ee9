"""A learner's evidence sources: our own results (signed export), verified EMREX imports, and
each awarded degree (its ELM credential, certificate and Diploma Supplement) — issue #13."""

from __future__ import annotations

import asyncio
from datetime import datetime

from gateway.core.degrees.elm import degree_credential
from gateway.core.degrees.elmo import DegreeWithDocuments
from gateway.core.degrees.model import DegreeDocument, DocumentKind
from gateway.core.elm import IssuerIdentity, convert_elmo
from gateway.core.elmo.model import Elmo
from gateway.core.elmo.parse import parse_elmo_bytes
from gateway.core.oots.evidence import (
    PdfDocument,
    PreparedSource,
    credential_titles,
    degree_files,
    embedded_pdf,
    evidence_files,
)
from gateway.core.pdf import transcript_pdf
from gateway.core.records import Learner, Transcript
from gateway.flows.degrees.export import sign_with_degrees, with_documents
from gateway.flows.degrees.load import awarded_degrees
from gateway.flows.elmo.elm import issuer_identity
from gateway.flows.elmo.export import NothingToExport, export_elmo
from gateway.flows.oots.provider import OotsProvider, new_id
from gateway.settings_oots import EvidenceDelivery
from gateway.storage.exchange import ExchangeRepository

LOCAL: str = "local"
IMPORT_PREFIX: str = "import-"
DEGREE_PREFIX: str = "degree-"
SUPPLEMENT_PREFIX: str = "supplement-"
_PDF_TITLES = {
    ("certificate", "sv"): "Degree certificate, Swedish (PDF)",
    ("certificate", "en"): "Degree certificate, English (PDF)",
    ("certificate", None): "Degree certificate (PDF)",
    ("supplement", "en"): "Diploma Supplement (PDF)",
    ("supplement", None): "Diploma Supplement (PDF)",
}


def _identity(provider: OotsProvider) -> IssuerIdentity:
    issuer = provider.services.settings.issuer
    return issuer_identity(
        issuer.legal_name,
        issuer.eidas_identifier,
        issuer.country,
        homepage=issuer.homepage or None,
        eidas_country=issuer.eidas_country or None,
    )


async def own_sources(
    provider: OotsProvider, learner: Learner, delivers: EvidenceDelivery, now: datetime
) -> list[PreparedSource]:
    """What an evidence type delivers from our store: the results (``transcript``), or one
    source per awarded degree (``degree``, ``supplement``); empty when there is nothing."""
    if delivers == "transcript":
        local = await local_source(provider, learner, now)
        return [] if local is None else [local]
    services = provider.services
    degrees = await with_documents(services, await awarded_degrees(services, learner.national_id))
    found = []
    for item in degrees:
        with services.metrics.signing():
            prepared = await asyncio.to_thread(_degree_source, provider, item, delivers, now)
        found.append(prepared)
    return found


def _degree_source(
    provider: OotsProvider, item: DegreeWithDocuments, delivers: EvidenceDelivery, now: datetime
) -> PreparedSource:
    """One degree as evidence, built from (and disclosed as) its signed degree ELMO."""
    degree = item.awarded.degree
    issued = now.replace(microsecond=0)
    empty = Transcript(item.awarded.learner)
    signed = sign_with_degrees(provider.services, empty, [item], with_pdf=False).signed_xml
    whole = delivers == "degree"
    credential = (
        degree_credential(item, issuer=_identity(provider), issued=issued) if whole else None
    )
    documents = [d for d in item.documents if whole or d.kind is DocumentKind.SUPPLEMENT]
    files = degree_files(
        credential=credential,
        credential_title=f"ELM 3.2 credential: {degree.title_en}",
        pdfs=[_pdf(d) for d in documents],
        new_id=new_id,
        domain=provider.config.content_domain,
        elm_data_model=provider.config.elm_data_model,
    )
    key = f"{DEGREE_PREFIX if whole else SUPPLEMENT_PREFIX}{degree.id}"
    label = f"{degree.title_en} ({degree.institution.name_en})"
    return PreparedSource(key, label, signed, issued.date(), files)


def _pdf(document: DegreeDocument) -> PdfDocument:
    title = _PDF_TITLES.get((document.kind.value, document.lang), "Degree document (PDF)")
    language = document.lang.upper() if document.lang else None
    return PdfDocument(title, document.data, language)


def prepare(
    provider: OotsProvider, key: str, label: str, signed_xml: bytes, elmo: Elmo, now: datetime
) -> PreparedSource:
    """ELM 3.2 credentials (one per report, the signed ELMO embedded as their evidence) and the
    PDF transcript (the one signed inside the ELMO when there is one), with fresh ids."""
    issued = now.replace(microsecond=0)
    converted = convert_elmo(
        elmo, issuer=_identity(provider), signed_elmo=signed_xml, issued=issued
    )
    files = evidence_files(
        credentials=converted.credentials,
        credential_titles=credential_titles(elmo),
        pdf=embedded_pdf(elmo) or transcript_pdf(elmo),
        new_id=new_id,
        domain=provider.config.content_domain,
        elm_data_model=provider.config.elm_data_model,
    )
    return PreparedSource(key, label, signed_xml, issued.date(), files)


async def local_source(
    provider: OotsProvider, learner: Learner, now: datetime
) -> PreparedSource | None:
    """The learner's passed results in our store (as the contact point offers them); None when
    there are none."""
    try:
        with provider.services.metrics.signing():
            export = await export_elmo(provider.services, learner.national_id)
    except NothingToExport:
        return None
    label = provider.services.settings.gateway.name
    return prepare(provider, LOCAL, label, export.signed_xml, export.elmo, now)


async def import_sources(
    provider: OotsProvider, learner_id: int, known: set[str], now: datetime
) -> list[PreparedSource]:
    """Every verified EMREX import of the learner not prepared yet: the signed ELMO exactly as
    the EMREX client stored it after verifying it (the bridge case)."""
    services = provider.services
    found: list[tuple[str, str, bytes]] = []
    async with services.db.session() as session:
        repo = ExchangeRepository(session)
        for summary in await repo.external_imports(learner_id):
            key = f"{IMPORT_PREFIX}{summary.id}"
            if key in known:
                continue
            document = await repo.import_document(summary.id, learner_id)
            if document is None:
                continue
            received = summary.received_at.date().isoformat()
            found.append((key, f"{summary.contact_point} ({received})", document))
    prepared = []
    for key, label, document in found:
        elmo = parse_elmo_bytes(document, max_bytes=services.settings.elmo.max_xml_bytes)
        prepared.append(prepare(provider, key, label, document, elmo, now))
    return prepared
