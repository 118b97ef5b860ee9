"""What is running: the facts the landing page and operators see (no personal data)."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes

from gateway.core.records import Institution
from gateway.flows.services import Services
from gateway.storage.database import current_revision_async
from gateway.storage.repositories import RecordsRepository


@dataclass(frozen=True)
class GatewayStatus:
    name: str
    environment: str
    public_url: str
    certificate_subject: str
    certificate_sha256: str
    certificate_not_after: str
    institutions: tuple[Institution, ...]
    learner_count: int
    database_revision: str | None
    schema_dir: str


async def gateway_status(services: Services) -> GatewayStatus:
    cert = services.signing_key.certificate
    async with services.db.session() as session:
        repo = RecordsRepository(session)
        institutions = tuple(await repo.institutions())
        learner_count = await repo.learner_count()
    return GatewayStatus(
        name=services.settings.gateway.name,
        environment=services.settings.gateway.environment,
        public_url=services.settings.server.public_url,
        certificate_subject=cert.subject.rfc4514_string(),
        certificate_sha256=cert.fingerprint(hashes.SHA256()).hex(":"),
        certificate_not_after=cert.not_valid_after_utc.date().isoformat(),
        institutions=institutions,
        learner_count=learner_count,
        database_revision=await current_revision_async(services.db),
        schema_dir=str(services.settings.schemas.dir),
    )
