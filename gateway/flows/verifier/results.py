"""What a verified presentation gives (notes/openid4vp.md §7 items 19–24): the signed ELMO an own
credential carries as evidence (verified, used bit-exact), the person match, verified foreign
results stored beside the EMREX client's imports and published in the merits feed."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from gateway.core.api.clients import certificate_fingerprint
from gateway.core.api.merits import (
    Merit,
    MeritSource,
    SourceKind,
    StatusCheck,
    Verification,
    flat_results,
)
from gateway.core.elm.to_elmo import elm_to_elmo
from gateway.core.elmo.model import Elmo
from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.signature import verify_elmo
from gateway.core.emrex import match_person
from gateway.core.microcredentials.flat import VCT as FLAT_MICRO_VCT
from gateway.core.microcredentials.flat_to_elmo import flat_micro_to_elmo
from gateway.core.oid4vp.presentation import VerifiedPresentation
from gateway.core.oid4vp.reasons import PresentationRefused, Reason
from gateway.core.oid4vp.transaction import Outcome, Transaction
from gateway.core.registry import ContactPoint
from gateway.core.xml import parse_xml
from gateway.errors import InvalidInput, SignatureInvalid
from gateway.flows.emrex.client import import_summary
from gateway.flows.services import Services
from gateway.storage.api import ApiRepository
from gateway.storage.exchange import ExchangeRepository
from gateway.storage.repositories import RecordsRepository
from gateway.storage.verifier import VerifierRepository

WALLET_SOURCE: Final = "wallet"
SD_JWT_FORMAT: Final = "dc+sd-jwt"
_REPORT_OF: Final = re.compile(r"report (\d+) of (\d+)")


@dataclass(frozen=True)
class ResultsDocument:
    """The ELMO of a verified credential: the signed one an own credential carries (verified,
    bit-exact; ``elmo`` holds its one report), or one converted from a foreign ELM (unsigned,
    XSD-valid; ``not_mapped`` lists what ELMO has no place for)."""

    xml: bytes
    elmo: Elmo
    certificate: x509.Certificate  # the EMP's signing certificate, or the credential issuer's
    signature_algorithm: str
    converted: bool = False
    not_mapped: int = 0
    report_index: int | None = None  # which report of the signed ELMO the credential holds


def converted_elmo(services: Services, presentation: VerifiedPresentation) -> ResultsDocument:
    """A foreign ELM credential → ELMO 1.7 (core/elm/to_elmo.py), checked against the XSD."""
    try:
        result = elm_to_elmo(presentation.claims)
        result.validate(services.elmo_schema)
    except InvalidInput as exc:
        raise PresentationRefused(
            Reason.NO_ELMO, "the credential cannot become an ELMO", detail=exc.message
        ) from None
    return ResultsDocument(
        xml=result.xml,
        elmo=result.elmo,
        certificate=presentation.chain.leaf,
        signature_algorithm="ES256 (dc+sd-jwt, ELMO converted from ELM)",
        converted=True,
        not_mapped=len(result.not_mapped),
    )


def flat_micro_elmo(services: Services, presentation: VerifiedPresentation) -> ResultsDocument:
    """A flat micro-credential (vct ``VerifiableMicroCredential``) → ELMO 1.7, XSD-checked:
    one report for the awarding body, one learningOpportunitySpecification."""
    try:
        xml, elmo = flat_micro_to_elmo(presentation.claims)
        services.elmo_schema.validate(parse_xml(xml, max_bytes=len(xml)))
    except InvalidInput as exc:
        raise PresentationRefused(
            Reason.NO_ELMO, "the micro-credential cannot become an ELMO", detail=exc.message
        ) from None
    return ResultsDocument(
        xml=xml,
        elmo=elmo,
        certificate=presentation.chain.leaf,
        signature_algorithm="ES256 (dc+sd-jwt, ELMO converted from a flat micro-credential)",
        converted=True,
    )


def elm_document(presentation: VerifiedPresentation) -> dict[str, Any]:
    """The ELM credential: the ``elm`` claim (urn:eudi:elm:1), else the payload itself."""
    claims = presentation.claims
    elm = claims.get("elm", claims if "credentialSubject" in claims else None)
    if not isinstance(elm, dict) or not isinstance(elm.get("credentialSubject"), dict):
        raise PresentationRefused(Reason.CREDENTIAL_INCOMPLETE, "the ELM document is missing")
    return elm


def embedded_evidence(elm: Mapping[str, Any]) -> tuple[bytes, str] | None:
    for evidence in elm.get("evidence") or []:
        if not isinstance(evidence, dict):
            continue
        for media in evidence.get("embeddedEvidence") or []:
            content = media.get("content") if isinstance(media, dict) else None
            if isinstance(content, str):
                try:
                    xml = base64.b64decode(content, validate=True)
                except (binascii.Error, ValueError):
                    raise PresentationRefused(
                        Reason.EMBEDDED_ELMO_INVALID, "the embedded ELMO is not base64"
                    ) from None
                return xml, str(evidence.get("evidenceStatement", ""))
    return None


def embedded_elmo(
    services: Services, elm: Mapping[str, Any], trusted: Sequence[x509.Certificate]
) -> ResultsDocument | None:
    """The evidence ELMO verified against ``trusted`` (our key, the registry's); None: none."""
    found = embedded_evidence(elm)
    if found is None:
        return None
    xml, statement = found
    limits = services.settings.elmo
    try:
        verified = verify_elmo(
            xml, trusted, allow_sha1=limits.allow_sha1, max_bytes=limits.max_xml_bytes
        )
        elmo = parse_elmo(verified.root)
    except (SignatureInvalid, InvalidInput) as exc:
        raise PresentationRefused(
            Reason.EMBEDDED_ELMO_INVALID, "the embedded ELMO does not verify", detail=exc.message
        ) from None
    index = _REPORT_OF.search(statement)
    chosen = None
    if index is not None and len(elmo.reports) == int(index.group(2)):
        chosen = int(index.group(1)) - 1
        if 0 <= chosen < len(elmo.reports):
            elmo = dataclasses.replace(elmo, reports=(elmo.reports[chosen],))
        else:
            chosen = None
    algorithm = verified.signature_algorithm.value
    return ResultsDocument(xml, elmo, verified.certificate, algorithm, report_index=chosen)


async def check_person(services: Services, learner_id: int, elmo: Elmo) -> None:
    """The EMREX client's person match rules: birth date equal, names within the threshold."""
    async with services.db.session() as session:
        national_id = await ExchangeRepository(session).national_id(learner_id)
        if national_id is None:
            raise PresentationRefused(Reason.PERSON_MISMATCH, "the learner no longer exists")
        learner = await RecordsRepository(session).learner(national_id)
    other = elmo.learner
    match = match_person(
        learner.given_names,
        learner.family_name,
        learner.birth_date,
        other.given_names,
        other.family_name,
        other.bday if isinstance(other.bday, date) else None,
        threshold=services.settings.emrex.name_match_threshold,
    )
    if not match.matched:
        raise PresentationRefused(Reason.PERSON_MISMATCH, f"not about you: {match.reason}")


def _subject(cert: x509.Certificate) -> str:
    return cert.subject.rfc4514_string()[:1024]


def outcome_of(presentation: VerifiedPresentation, status_result: str) -> Outcome:
    return Outcome(
        outcome="verified",
        vct=presentation.vct[:300],
        issuer=(presentation.issuer or "")[:2048] or None,
        chain_subject=_subject(presentation.chain.leaf),
        status_result=status_result,
        credential_sha256=presentation.credential_sha256,
    )


def _conversion(vct: str) -> str:
    return "converted from flat claims" if vct == FLAT_MICRO_VCT else "converted from ELM"


def _merit(
    tx: Transaction,
    presentation: VerifiedPresentation,
    evidence: ResultsDocument,
    status: str,
    now: datetime,
) -> Merit:
    leaf = presentation.chain.leaf
    return Merit(
        learner_id=tx.learner_id,
        source=MeritSource(SourceKind.WALLET, presentation.issuer or _subject(leaf)),
        verification=Verification(
            verified_at=now,
            format=SD_JWT_FORMAT,
            certificate_subject=_subject(leaf),
            certificate_issuer=leaf.issuer.rfc4514_string(),
            certificate_sha256=certificate_fingerprint(leaf.public_bytes(Encoding.DER)),
            algorithms={
                "signature": "ES256",
                "digest": "sha-256",
                "vct": presentation.vct,
                "elmo": _conversion(presentation.vct)
                if evidence.converted
                else evidence.signature_algorithm,
            },
            status_check=StatusCheck("status-list", status, now),
        ),
        results=flat_results(evidence.elmo),
        document=evidence.xml,
    )


async def store_verified(
    services: Services,
    tx: Transaction,
    presentation: VerifiedPresentation,
    evidence: ResultsDocument,
    outcome: Outcome,
    now: datetime,
) -> int:
    """Store as verified foreign results (idempotent per credential); the import's id."""
    async with services.db.session(write=True) as session, session.begin():
        repo = VerifierRepository(session)
        known = await repo.verified_import(tx.learner_id, presentation.credential_sha256)
        if known is not None:
            return known
        issuer = (presentation.issuer or _subject(presentation.chain.leaf))[:2048]
        fetch = await repo.wallet_fetch(tx.learner_id, WALLET_SOURCE, issuer, now)
        point = ContactPoint(WALLET_SOURCE, "", issuer, (), ())
        fingerprint = evidence.certificate.fingerprint(hashes.SHA256()).hex()
        summary = import_summary(
            point, (evidence.elmo, fingerprint, evidence.signature_algorithm[:128]), now
        )
        exchange = ExchangeRepository(session)
        import_id = await exchange.store_import(fetch, summary, evidence.xml)
        merit = _merit(tx, presentation, evidence, outcome.status_result or "none", now)
        await ApiRepository(session).append_merit(merit, external_import_id=import_id)
        await repo.add_verified(
            tx.learner_id,
            presentation.credential_sha256,
            import_id,
            outcome,
            now,
            report_index=evidence.report_index,
        )
        return import_id
