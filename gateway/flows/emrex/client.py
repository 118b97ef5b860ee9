"""The EMREX client (EMC), TG §4.2–4.4, notes §1.6: start a fetch, verify and store the return."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from cryptography.hazmat.primitives import hashes

from gateway.core.api.merits import emrex_merit
from gateway.core.elmo.model import Elmo, LearningOpportunitySpecification, Text
from gateway.core.elmo.pack import unpack_elmo
from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.signature import VerifiedElmo, verify_elmo
from gateway.core.emrex import MAX_RETURN_MESSAGE_LENGTH, ReturnCode, match_person
from gateway.core.registry import ContactPoint
from gateway.core.sessions import BrowserSession, ClientSession, ExternalImport, ExternalResult
from gateway.errors import (
    AuthenticationRequired,
    Expired,
    Forbidden,
    GatewayError,
    InvalidInput,
    NotFound,
    PeerError,
    Replayed,
    SignatureInvalid,
)
from gateway.flows.emrex.registry import RegistryCache, RegistryState
from gateway.flows.services import Services
from gateway.storage.api import ApiRepository
from gateway.storage.exchange import ExchangeRepository
from gateway.storage.repositories import RecordsRepository

log = logging.getLogger(__name__)
RETURN_PATH = "/client/return"
MAX_SESSION_ID = 64
_TENTH = Decimal("0.1")
_MAX_ECTS = Decimal("9999999.9")  # Numeric(8, 1)


class Outcome(StrEnum):
    """How a fetch ended (stored on the client session, shown in the learner's history)."""

    IMPORTED = "imported"
    CANCELLED = "cancelled"
    NO_RESULTS = "no_results"
    PEER_ERROR = "peer_error"
    # refusals: nothing is stored but this outcome
    UNKNOWN_SESSION = "unknown_session"
    EXPIRED = "expired"
    UNKNOWN_CONTACT_POINT = "unknown_contact_point"
    BAD_SIGNATURE = "bad_signature"
    PERSON_MISMATCH = "person_mismatch"
    MALFORMED = "malformed"

    @property
    def refused(self) -> bool:
        return self not in (
            Outcome.IMPORTED,
            Outcome.CANCELLED,
            Outcome.NO_RESULTS,
            Outcome.PEER_ERROR,
        )


class _Refused(Exception):
    def __init__(self, outcome: Outcome, cause: GatewayError) -> None:
        super().__init__(cause.message)
        self.outcome = outcome
        self.cause = cause


@dataclass(frozen=True)
class ReturnResult:
    """What the return page shows. ``cause`` (a refusal's error) decides its HTTP status."""

    outcome: Outcome
    contact_point: str | None = None
    message: str | None = None
    imported: ExternalImport | None = None
    next_url: str | None = None
    cause: GatewayError | None = None


@dataclass(frozen=True)
class ClientHome:
    registry: RegistryState
    fetches: tuple[ClientSession, ...]


@dataclass(frozen=True)
class Start:
    """The auto-posted request to the chosen contact point."""

    contact_point: ContactPoint
    session_id: str
    return_url: str

    def form_fields(self) -> tuple[tuple[str, str], ...]:
        return (("sessionId", self.session_id), ("returnUrl", self.return_url))


def _learner_id(browser: BrowserSession) -> int:
    if browser.learner_id is None:
        raise AuthenticationRequired("Please log in.")
    return browser.learner_id


async def home(services: Services, cache: RegistryCache, browser: BrowserSession) -> ClientHome:
    """The contact points to fetch from, and the learner's earlier fetches with their outcomes."""
    learner_id = _learner_id(browser)
    async with services.db.session() as session:
        fetches = await ExchangeRepository(session).client_sessions(learner_id)
    return ClientHome(cache.state, tuple(fetches))


async def start(
    services: Services,
    cache: RegistryCache,
    browser: BrowserSession,
    acronym: str | None,
    next_url: str | None,
) -> Start:
    """A new client session (random sessionId, the chosen contact point, expiry)."""
    learner_id = _learner_id(browser)
    registry = cache.state.registry
    if registry is None:
        raise PeerError("The EMREX registry is unavailable right now; please try again later.")
    point = registry.contact_point(acronym or "")
    if point is None:
        raise NotFound("This contact point is not in the EMREX registry.")
    now = services.clock()
    settings = services.settings
    session_id = secrets.token_hex(16)  # 32 characters, as TG §4.2 asks
    fetch = ClientSession(
        id=0,
        session_id=session_id,
        learner_id=learner_id,
        contact_point=point.acronym,
        contact_point_url=point.url,
        state="pending",
        created_at=now,
        expires_at=now + timedelta(minutes=settings.emrex.client_session_minutes),
        next_url=next_url if next_url and next_url.startswith("/") and next_url != "/" else None,
    )
    async with services.db.session(write=True) as session, session.begin():
        await ExchangeRepository(session).create_client_session(fetch)
    log.info("emrex fetch started", extra={"contact_point": point.acronym})
    return_url = settings.server.public_url.rstrip("/") + RETURN_PATH
    return Start(point, session_id, return_url)


async def receive_return(
    services: Services, cache: RegistryCache, fields: Mapping[str, str]
) -> ReturnResult:
    """The contact point's answer, found by ``sessionId`` in the database (single use). Every
    refusal says why and stores nothing but the outcome of the fetch."""
    session_id = fields.get("sessionId", "")
    claimed = None
    if 0 < len(session_id) <= MAX_SESSION_ID:
        async with services.db.session(write=True) as session, session.begin():
            claimed = await ExchangeRepository(session).claim_client_session(
                session_id, services.clock()
            )
    if claimed is None:
        log.info("emrex return refused", extra={"outcome": Outcome.UNKNOWN_SESSION.value})
        cause = Replayed("This answer belongs to no transfer waiting for one: unknown or used.")
        _count(services, fields, Outcome.UNKNOWN_SESSION)
        return ReturnResult(Outcome.UNKNOWN_SESSION, message=cause.message, cause=cause)
    code: str | None = fields.get("returnCode")
    try:
        result = await _process(services, cache, claimed, fields)
    except _Refused as refused:
        log.info("emrex return refused", extra={"outcome": refused.outcome.value})
        result = ReturnResult(
            refused.outcome,
            claimed.contact_point,
            refused.cause.message,
            next_url=claimed.next_url,
            cause=refused.cause,
        )
        code = code[:32] if code else None
    if result.outcome is not Outcome.IMPORTED:
        async with services.db.session(write=True) as session, session.begin():
            await ExchangeRepository(session).finish_client_session(
                claimed.id, code, result.outcome.value, result.message
            )
    _count(services, fields, result.outcome)
    return result


def _count(services: Services, fields: Mapping[str, str], outcome: Outcome) -> None:
    """gateway_emrex_returns_received: the code as a known NCP_* value (never raw input)."""
    try:
        code = ReturnCode.parse(fields.get("returnCode", "")).value
    except InvalidInput:
        code = "invalid"
    services.metrics.emrex_returns_received.labels(code, outcome.value).inc()


async def _process(
    services: Services, cache: RegistryCache, fetch: ClientSession, fields: Mapping[str, str]
) -> ReturnResult:
    now = services.clock()
    if fetch.expired(now):
        raise _Refused(Outcome.EXPIRED, Expired("The transfer took too long and has expired."))
    try:
        code = ReturnCode.parse(fields.get("returnCode", ""))
    except InvalidInput as exc:
        raise _Refused(Outcome.MALFORMED, exc) from None
    message = fields.get("returnMessage", "")[:MAX_RETURN_MESSAGE_LENGTH] or None
    done = {
        ReturnCode.CANCEL: Outcome.CANCELLED,
        ReturnCode.NO_RESULTS: Outcome.NO_RESULTS,
        ReturnCode.ERROR: Outcome.PEER_ERROR,
    }
    if code in done:
        return ReturnResult(done[code], fetch.contact_point, message, next_url=fetch.next_url)
    registry = cache.state.registry
    point = None if registry is None else registry.contact_point(fetch.contact_point)
    if point is None:
        cause = PeerError("The contact point is no longer in the EMREX registry.")
        raise _Refused(Outcome.UNKNOWN_CONTACT_POINT, cause)
    xml, summary, verified = await asyncio.to_thread(
        _verify, services, point, fields.get("elmo", "")
    )
    await _match(services, fetch, summary[0])
    imported = import_summary(point, summary, now)
    merit = emrex_merit(fetch.learner_id, point, verified, summary[0], xml, now)
    async with services.db.session(write=True) as session, session.begin():
        repo = ExchangeRepository(session)
        import_id = await repo.store_import(fetch, imported, xml)
        # the integration API's feed (issue #16): published with the import, or not at all
        await ApiRepository(session).append_merit(merit, external_import_id=import_id)
        await repo.finish_client_session(fetch.id, code.value, Outcome.IMPORTED.value)
    log.info(
        "emrex results imported",
        extra={"contact_point": point.acronym, "results": imported.result_count},
    )
    stored = ExternalImport(**{**imported.__dict__, "id": import_id})
    return ReturnResult(
        Outcome.IMPORTED, point.acronym, None, imported=stored, next_url=fetch.next_url
    )


_Verified = tuple[Elmo, str, str]  # the document, certificate SHA-256, signature algorithm


def _verify(
    services: Services, point: ContactPoint, packed: str
) -> tuple[bytes, _Verified, VerifiedElmo]:
    """Unpack with the [elmo] limits, verify against the registry certificates of ``point``
    only (the embedded one is ignored), parse leniently what was signed."""
    limits = services.settings.elmo
    try:
        xml = unpack_elmo(
            packed, max_packed_bytes=limits.max_packed_bytes, max_xml_bytes=limits.max_xml_bytes
        )
        verified = verify_elmo(
            xml, point.certificates, allow_sha1=limits.allow_sha1, max_bytes=limits.max_xml_bytes
        )
        elmo = parse_elmo(verified.root)
    except SignatureInvalid as exc:
        services.metrics.elmo_signatures.labels("verify", "invalid").inc()
        raise _Refused(Outcome.BAD_SIGNATURE, exc) from None
    except InvalidInput as exc:
        services.metrics.elmo_signatures.labels("verify", "malformed").inc()
        raise _Refused(Outcome.MALFORMED, exc) from None
    services.metrics.elmo_signatures.labels("verify", "valid").inc()
    fingerprint = verified.certificate.fingerprint(hashes.SHA256()).hex()
    return xml, (elmo, fingerprint, verified.signature_algorithm.value), verified


async def _match(services: Services, fetch: ClientSession, elmo: Elmo) -> None:
    """The results must be about the learner who started the fetch (birth date, names)."""
    async with services.db.session() as session:
        national_id = await ExchangeRepository(session).national_id(fetch.learner_id)
        if national_id is None:
            raise _Refused(Outcome.PERSON_MISMATCH, Forbidden("The learner no longer exists."))
        learner = await RecordsRepository(session).learner(national_id)
    other = elmo.learner
    match = match_person(
        learner.given_names,
        learner.family_name,
        learner.birth_date,
        other.given_names,
        other.family_name,
        other.bday,
        threshold=services.settings.emrex.name_match_threshold,
    )
    if not match.matched:
        cause = Forbidden(f"The results are not about you: {match.reason}.")
        raise _Refused(Outcome.PERSON_MISMATCH, cause)


def import_summary(point: ContactPoint, verified: _Verified, now: datetime) -> ExternalImport:
    elmo, fingerprint, algorithm = verified
    results: list[ExternalResult] = []
    for report in elmo.reports:
        issuer = _clip(_pick(report.issuer.titles), 300) or "?"
        schac = _clip(report.issuer.identifier("schac"), 128)
        for los in report.opportunities:
            results.extend(_flatten(los, 0, issuer, schac))
    return ExternalImport(
        id=0,
        contact_point=point.acronym,
        contact_point_url=point.url,
        certificate_sha256=fingerprint,
        signature_algorithm=algorithm,
        received_at=now,
        report_count=len(elmo.reports),
        result_count=len(results),
        ects_total=_ects(elmo.ects_total()) or Decimal(0),
        results=tuple(results),
    )


def _flatten(
    los: LearningOpportunitySpecification, depth: int, issuer: str, schac: str | None
) -> list[ExternalResult]:
    instance = los.instance
    found = [
        ExternalResult(
            depth=depth,
            issuer=issuer,
            title=_clip(_pick(los.titles), 500) or "?",
            issuer_schac=schac,
            code=_clip(los.identifier("local"), 128),
            kind=_clip(los.type, 32),
            date=instance.date,
            status=_clip(instance.status, 16),
            grade=_clip(instance.result_label, 64),
            ects=_ects(instance.ects()),
        )
    ]
    for part in los.has_part:
        found.extend(_flatten(part, depth + 1, issuer, schac))
    return found


def _pick(texts: tuple[Text, ...]) -> str:
    """The English text if there is one, else the first."""
    chosen = next((t for t in texts if (t.lang or "").lower().startswith("en")), None)
    return (chosen or (texts[0] if texts else Text(""))).value


def _clip(value: str | None, size: int) -> str | None:
    return None if value is None else value[:size]


def _ects(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    try:
        rounded = value.quantize(_TENTH)
    except InvalidOperation:
        rounded = None
    if rounded is None or abs(rounded) > _MAX_ECTS:
        raise _Refused(Outcome.MALFORMED, InvalidInput("A credit value is out of range."))
    return rounded


async def imported(services: Services, browser: BrowserSession, import_id: int) -> ExternalImport:
    """One of the learner's own imports (another learner's is "not found")."""
    learner_id = _learner_id(browser)
    async with services.db.session() as session:
        found = await ExchangeRepository(session).external_import(import_id, learner_id)
    if found is None:
        raise NotFound("There is no such import among your fetched results.")
    return found


async def imported_document(services: Services, browser: BrowserSession, import_id: int) -> bytes:
    """The signed ELMO of one of the learner's imports, exactly as it was received."""
    learner_id = _learner_id(browser)
    async with services.db.session() as session:
        found = await ExchangeRepository(session).import_document(import_id, learner_id)
    if found is None:
        raise NotFound("There is no such import among your fetched results.")
    return found
