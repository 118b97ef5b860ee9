"""A learner's evidence sources: our own results (signed export) and verified EMREX imports."""

from __future__ import annotations

from datetime import datetime

from gateway.core.elm import convert_elmo
from gateway.core.elmo.model import Elmo
from gateway.core.elmo.parse import parse_elmo_bytes
from gateway.core.oots.evidence import (
    PreparedSource,
    credential_titles,
    embedded_pdf,
    evidence_files,
)
from gateway.core.pdf import transcript_pdf
from gateway.core.records import Learner
from gateway.flows.elmo.elm import issuer_identity
from gateway.flows.elmo.export import NothingToExport, export_elmo
from gateway.flows.oots.provider import OotsProvider, new_id
from gateway.storage.exchange import ExchangeRepository

LOCAL: str = "local"
IMPORT_PREFIX: str = "import-"


def prepare(
    provider: OotsProvider, key: str, label: str, signed_xml: bytes, elmo: Elmo, now: datetime
) -> PreparedSource:
    """ELM 3.2 credentials (one per report, the signed ELMO embedded as their evidence) and the
    PDF transcript (the one signed inside the ELMO when there is one), with fresh ids."""
    settings = provider.services.settings
    issuer = settings.issuer
    identity = issuer_identity(
        issuer.legal_name,
        issuer.eidas_identifier,
        issuer.country,
        homepage=issuer.homepage or None,
        eidas_country=issuer.eidas_country or None,
    )
    issued = now.replace(microsecond=0)
    converted = convert_elmo(elmo, issuer=identity, signed_elmo=signed_xml, issued=issued)
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
