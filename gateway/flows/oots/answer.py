"""Every EDM answer the provider sends, built once and committed to the outbox (§4–6, issue #5).

Ids, timestamps and the MIME boundary are drawn here, once; the outbox keeps the bytes, so a
redelivery sends exactly what was committed (same EvidenceResponseIdentifier, same body).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from gateway.core.elmo.parse import parse_elmo_bytes
from gateway.core.oots.codes import (
    EBRS_MEDIA_TYPE,
    FAILED_AUTHENTICATION,
    TIMEOUT,
    EdmErrorCode,
)
from gateway.core.oots.error import (
    Preview,
    build_preview_required,
    build_rejection,
    build_request_error,
)
from gateway.core.oots.evidence import PDF_MEDIA_TYPE, PreparedSource, disclosed_items
from gateway.core.oots.exchange import (
    ACTION_EXCEPTION,
    ACTION_RESPONSE,
    ANSWER_EVIDENCE,
    ANSWER_NO_EVIDENCE,
    Exchange,
    ExchangeState,
    OutboxMessage,
)
from gateway.core.oots.mime import Package, Part, build_package
from gateway.core.oots.model import Agent, QueryRequest, Text
from gateway.core.oots.request import EdmRequestError
from gateway.core.oots.response import (
    Issuance,
    build_query_response,
    build_refused_response,
    make_content_id,
)
from gateway.core.sessions import DisclosedItem
from gateway.flows.oots.provider import OotsProvider, answered_request, new_id
from gateway.storage.exchange import ExchangeRepository
from gateway.storage.oots import OotsRepository
from gateway.storage.oots_outbox import OutboxRepository

log = logging.getLogger(__name__)
EBRS_CONTENT_TYPE = f"{EBRS_MEDIA_TYPE}; charset=UTF-8"
PREVIEW_DESCRIPTIONS = (
    Text("Log in, check the results that would be sent and decide whether to send them", "EN"),
    Text("Logga in, granska resultaten som skulle skickas och bestäm om de ska skickas", "SV"),
)


@dataclass(frozen=True)
class Answer:
    """A built answer: what it is (ebMS Action, outcome) and the bytes to deliver."""

    action: str
    answer: str
    content_type: str
    body: bytes
    response_id: str
    request_id: str | None


def rejection(provider: OotsProvider, error: EdmRequestError, now: datetime) -> Answer:
    """0003/0007 (or another EdmRequestError's code) to a request that could not be served as
    it was, addressed as far as it could be read."""
    response_id = new_id()
    body = build_rejection(
        error,
        fallback_version=provider.config.fallback_version,
        response_id=response_id,
        timestamp=now,
        error_provider=provider.config.provider,
    )
    return Answer(
        ACTION_EXCEPTION, error.edm.code, EBRS_CONTENT_TYPE, body, response_id,
        error.context.request_id,
    )  # fmt: skip


def request_error(
    provider: OotsProvider,
    request: QueryRequest,
    code: EdmErrorCode,
    now: datetime,
    detail: str | None = None,
) -> Answer:
    response_id = new_id()
    body = build_request_error(
        request,
        code,
        response_id=response_id,
        timestamp=now,
        error_provider=provider.config.provider,
        detail=detail,
    )
    return Answer(
        ACTION_EXCEPTION, code.code, EBRS_CONTENT_TYPE, body, response_id, request.request_id
    )


def preview_required(
    provider: OotsProvider, request: QueryRequest, location: str, now: datetime
) -> Answer:
    response_id = new_id()
    body = build_preview_required(
        request,
        Preview(location, "GET", PREVIEW_DESCRIPTIONS),
        response_id=response_id,
        timestamp=now,
        error_provider=provider.config.provider,
    )
    return Answer(
        ACTION_EXCEPTION, "EDM:ERR:0002", EBRS_CONTENT_TYPE, body, response_id, request.request_id
    )


def no_evidence(provider: OotsProvider, request: QueryRequest, now: datetime) -> Answer:
    """Success with an empty RegistryObjectList: none found, or the learner said no."""
    response_id = new_id()
    body = build_refused_response(
        request, response_id=response_id, issued_at=now, provider=provider.config.provider
    )
    return Answer(
        ACTION_RESPONSE, ANSWER_NO_EVIDENCE, EBRS_CONTENT_TYPE, body, response_id,
        request.request_id,
    )  # fmt: skip


def evidence(
    provider: OotsProvider,
    request: QueryRequest,
    sources: Sequence[PreparedSource],
    now: datetime,
) -> Answer:
    """Success with every file of ``sources`` as an attachment (the requested format first),
    packaged as multipart/related with the RegRep payload as the start part."""
    config = provider.config
    files = [file for source in sources for file in source.files]
    asked = request.evidence_request.distributed_as
    if asked is not None and asked.format == PDF_MEDIA_TYPE:
        files.sort(key=lambda f: f.document.media_type != PDF_MEDIA_TYPE)
    served = config.evidence_types.get(request.evidence_request.evidence_type_key)
    provider_agent = config.provider
    issuance = Issuance(
        Agent(provider_agent.identifier, provider_agent.names),
        min(source.issuing_date for source in sources),
        () if served is None else (Text(served.description, "EN"),),
    )
    response_id = new_id()
    payload = build_query_response(
        request,
        response_id=response_id,
        issued_at=now,
        provider=provider_agent,
        issuance=issuance,
        documents=[f.document for f in files],
    )
    body_id = make_content_id("body" + response_id, config.content_domain)
    content_type, body = build_package(
        Package(
            Part(body_id, EBRS_MEDIA_TYPE, payload),
            tuple(Part(f.document.content_id, f.document.media_type, f.data) for f in files),
        ),
        boundary=f"oots-{uuid.uuid4().hex}",
    )
    return Answer(
        ACTION_RESPONSE, ANSWER_EVIDENCE, content_type, body, response_id, request.request_id
    )


async def enqueue(
    repo: OotsRepository,
    exchange_id: str,
    endpoint: str,
    answer: Answer,
    now: datetime,
) -> OutboxMessage:
    """Commit-side half of "nothing lost": the answer goes into the outbox in the caller's
    transaction; the delivery loop sends it once that transaction has committed."""
    message = OutboxMessage(
        id=new_id(),
        exchange_id=exchange_id,
        response_id=answer.response_id,
        action=answer.action,
        answer=answer.answer,
        endpoint=endpoint,
        content_type=answer.content_type,
        body=answer.body,
        created_at=now,
        next_attempt_at=now,
        request_id=answer.request_id,
    )
    await OutboxRepository(repo.session).add_message(message)
    log.info(
        "oots answer queued",
        extra={"exchange": exchange_id, "outbox_message": message.id, "answer": answer.answer},
    )
    return message


async def record_disclosure(
    provider: OotsProvider,
    repo: OotsRepository,
    learner_id: int,
    requester: Agent,
    sources: Sequence[PreparedSource],
    answer: Answer,
    now: datetime,
) -> None:
    """The learner's audit trail ("My transfers"): what went to which requester, and when."""
    items: list[DisclosedItem] = []
    for source in sources:
        items.extend(
            disclosed_items(
                parse_elmo_bytes(source.elmo_xml, max_bytes=provider.config.max_xml_bytes)
            )
        )
    country = requester.address.admin_unit_level1 if requester.address else None
    recipient = requester.name + (f" ({country})" if country else "")
    await ExchangeRepository(repo.session).record_disclosure(
        learner_id,
        "oots",
        recipient,
        items,
        hashlib.sha256(answer.body).hexdigest(),
        now,
    )


async def answer_decided(
    provider: OotsProvider, repo: OotsRepository, exchange: Exchange, now: datetime
) -> str | None:
    """The final answer of a decided exchange whose second request has arrived, committed to
    the outbox with the exchange marked answered (in the caller's transaction). Returns the
    outcome, or None when there is nothing to answer yet."""
    if exchange.followup_xml is None or not exchange.state.decided:
        return None
    request = answered_request(exchange)
    sources: list[PreparedSource] = []
    if exchange.state is ExchangeState.ACCEPTED:
        sources = await repo.sources(exchange.id, exchange.sources)
        answer = evidence(provider, request, sources, now)
    elif exchange.state is ExchangeState.REFUSED:
        answer = no_evidence(provider, request, now)
    elif exchange.state is ExchangeState.MISMATCHED:
        detail = "the person who logged in at the preview is not the person of the request"
        answer = request_error(provider, request, FAILED_AUTHENTICATION, now, detail)
    else:
        detail = "the user did not decide within the preview time limit"
        answer = request_error(provider, request, TIMEOUT, now, detail)
    if not await repo.mark_answered(exchange.id, answer.answer, now):
        return None
    endpoint = provider.config.requesters.get(exchange.requester_key)
    if endpoint is None:
        log.warning("oots requester no longer configured", extra={"exchange": exchange.id})
        return answer.answer
    await enqueue(repo, exchange.id, endpoint, answer, now)
    if sources and exchange.learner_id is not None:
        await record_disclosure(
            provider, repo, exchange.learner_id, request.requester, sources, answer, now
        )
    return answer.answer


async def time_out(provider: OotsProvider, exchange_id: str, now: datetime) -> bool:
    """The learner did not decide in time: timed out, and EDM:ERR:0005 to the second request if
    it is already waiting. False when the exchange was decided (or timed out) meanwhile."""
    async with provider.services.db.session(write=True) as session, session.begin():
        repo = OotsRepository(session)
        if not await repo.decide(exchange_id, ExchangeState.TIMED_OUT, now, open_only=False):
            return False
        exchange = await repo.exchange(exchange_id)
        answered = exchange is not None and await answer_decided(provider, repo, exchange, now)
    log.info("oots preview timed out", extra={"exchange": exchange_id})
    if answered:
        provider.notify()
    return True
