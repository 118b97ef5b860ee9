"""POST /oots/query as a use case: read the request, decide, commit the first answer (§3–6).

The HTTP answer is only a receipt (202 + exchange id); the business answer goes through the
outbox to the endpoint configured for the requester's ``sdg:Agent``. Nothing is answered on
the HTTP connection except what cannot be addressed to a configured requester: a request that
cannot be read at all (400) or that comes from an unknown requester (403), both with an EDM
error body so that a person or tool can see why.
"""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from gateway.core.emrex import normalise_name
from gateway.core.oots.codes import (
    FAILED_AUTHENTICATION,
    INVALID_REQUEST,
    OBJECT_NOT_FOUND,
    UNRESOLVED_REFERENCE,
    UNSUPPORTED_CAPABILITY,
    EdmErrorCode,
)
from gateway.core.oots.error import build_error_response
from gateway.core.oots.evidence import PreparedSource, person_match
from gateway.core.oots.exchange import Exchange, ExchangeState, agent_key
from gateway.core.oots.model import QueryRequest, RequestContext
from gateway.core.oots.request import EdmRequestError, parse_query_request
from gateway.core.records import Learner
from gateway.errors import Forbidden, GatewayError
from gateway.flows.oots import answer as answers
from gateway.flows.oots.provider import (
    OotsProvider,
    first_request,
    new_id,
    preview_key,
    snapshot,
)
from gateway.flows.oots.sources import own_sources
from gateway.storage.database import serialize
from gateway.storage.oots import OotsRepository

log = logging.getLogger(__name__)
REQUEST_LOCK = "oots-request"
"""Writers of one (requester, request id) wait for each other: a duplicate is seen, not raced."""


class UnknownRequester(Forbidden):
    """The request's EvidenceRequester is not one this provider answers: HTTP 403."""

    def __init__(self, context: RequestContext) -> None:
        super().__init__("the evidence requester is not registered with this evidence provider")
        self.context = context


@dataclass(frozen=True)
class Receipt:
    exchange_id: str
    duplicate: bool = False


async def receive_query(provider: OotsProvider, body: bytes) -> Receipt:
    """Take one evidence request; raise only what must be refused on the HTTP connection."""
    config = provider.config
    now = provider.services.clock()
    try:
        request = parse_query_request(
            body,
            validator=provider.validator,
            supported=config.versions,
            max_bytes=config.max_request_bytes,
        )
    except EdmRequestError as exc:
        return await _refuse(provider, exc, now)
    key = agent_key(request.requester.identifier)
    endpoint = config.requesters.get(key)
    if endpoint is None:
        raise UnknownRequester(
            RequestContext(request.request_id, request.specification.value, request.requester)
        )
    if request.is_preview_followup:
        return await _second_request(provider, request, key, endpoint, now)
    return await _first_request(provider, request, key, endpoint, now)


def refusal_body(provider: OotsProvider, error: GatewayError, code: EdmErrorCode) -> bytes:
    """The EDM error body of a refusal on the HTTP connection (its code from web/errors.py)."""
    context = getattr(error, "context", None)
    if not isinstance(context, RequestContext):
        context = RequestContext()
    return build_error_response(
        code,
        version=context.version or provider.config.fallback_version,
        response_id=new_id(),
        timestamp=provider.services.clock(),
        error_provider=provider.config.provider,
        requester=context.requester,
        request_id=context.request_id,
        detail=error.message,
    )


async def _refuse(provider: OotsProvider, error: EdmRequestError, now: datetime) -> Receipt:
    """A request we cannot serve as it is: answered through the outbox when its requester can
    be read and is configured, else refused on the connection."""
    context = error.context
    if context.requester is None:
        raise error
    key = agent_key(context.requester.identifier)
    endpoint = provider.config.requesters.get(key)
    if endpoint is None:
        raise UnknownRequester(context) from None
    log.info("oots request refused", extra={"edm": error.edm.code, "rule": error.rule or ""})
    answer = answers.rejection(provider, error, now)
    version = context.version.value if context.version else None
    return await _answer_at_once(
        provider, key, context.request_id, endpoint, now, answer, version=version
    )


async def _answer_at_once(
    provider: OotsProvider,
    key: str,
    request_id: str | None,
    endpoint: str,
    now: datetime,
    answer: answers.Answer,
    *,
    request: QueryRequest | None = None,
    version: str | None = None,
    learner_id: int | None = None,
    sources: Sequence[PreparedSource] = (),
) -> Receipt:
    """A new exchange answered at once (error, no evidence, or evidence without preview)."""
    async with provider.services.db.session(write=True) as session, session.begin():
        repo = OotsRepository(session)
        if request_id is not None:
            await serialize(session, REQUEST_LOCK, key, request_id)
            existing = await repo.exchange_by_request(key, request_id)
            if existing is not None:
                return Receipt(existing.id, duplicate=True)
        exchange = Exchange(
            id=new_id(),
            requester_key=key,
            state=ExchangeState.ANSWERED,
            created_at=now,
            request_id=request_id,
            version=request.specification.value if request else version,
            evidence_type=request.evidence_request.evidence_type_key if request else None,
            request_xml=snapshot(request) if request else None,
            learner_id=learner_id,
            sources=tuple(source.key for source in sources),
            outcome=answer.answer,
            answered_at=now,
        )
        await repo.add_exchange(exchange)
        for source in sources:
            await repo.add_source(exchange.id, source, now)
        await answers.enqueue(repo, exchange.id, endpoint, answer, now)
        if sources and learner_id is not None and request is not None:
            await answers.record_disclosure(
                provider, repo, learner_id, request.requester, sources, answer, now
            )
    provider.notify()
    return Receipt(exchange.id)


async def _first_request(
    provider: OotsProvider, request: QueryRequest, key: str, endpoint: str, now: datetime
) -> Receipt:
    config = provider.config
    async with provider.services.db.session() as session:
        existing = await OotsRepository(session).exchange_by_request(key, request.request_id)
    if existing is not None:
        return Receipt(existing.id, duplicate=True)
    at_once = functools.partial(
        _answer_at_once, provider, key, request.request_id, endpoint, now, request=request
    )
    served = config.evidence_types.get(request.evidence_request.evidence_type_key)
    if served is None:
        detail = "this evidence provider does not provide the requested evidence type"
        return await at_once(
            answers.request_error(provider, request, OBJECT_NOT_FOUND, now, detail)
        )
    if request.possibility_for_preview or config.preview_always:
        if config.preview_base is None:
            detail = "no preview is available: this provider has no https public URL"
            code = UNSUPPORTED_CAPABILITY
            return await at_once(answers.request_error(provider, request, code, now, detail))
        return await _require_preview(provider, request, key, endpoint, now)
    if not request.explicit_request_given:
        detail = "without a preview, evidence is only sent at the user's explicit request"
        return await at_once(answers.request_error(provider, request, INVALID_REQUEST, now, detail))
    matches = await _matching_learners(provider, request)
    if len(matches) > 1:
        detail = "the person of the request cannot be identified unambiguously"
        code = FAILED_AUTHENTICATION
        return await at_once(answers.request_error(provider, request, code, now, detail))
    if not matches:
        return await at_once(answers.no_evidence(provider, request, now))
    learner, learner_id = matches[0]
    # "No evidence" (an empty list) when there is nothing of the type asked for: a degree
    # request is never answered with a transcript in its place.
    sources = await own_sources(provider, learner, served.delivers, now)
    if not sources:
        return await at_once(answers.no_evidence(provider, request, now), learner_id=learner_id)
    answer = answers.evidence(provider, request, sources, now)
    return await at_once(answer, learner_id=learner_id, sources=sources)


async def _matching_learners(
    provider: OotsProvider, request: QueryRequest
) -> list[tuple[Learner, int]]:
    """Learners of ours who are the request's person (same birth date, names close enough)."""
    person = request.natural_person
    async with provider.services.db.session() as session:
        candidates = await OotsRepository(session).learners_born(person.date_of_birth)
    threshold = provider.config.name_match_threshold
    return [c for c in candidates if person_match(person, c[0], threshold=threshold).matched]


async def _require_preview(
    provider: OotsProvider, request: QueryRequest, key: str, endpoint: str, now: datetime
) -> Receipt:
    """First answer EDM:ERR:0002 with a PreviewLocation unique to this exchange."""
    config = provider.config
    token = secrets.token_urlsafe(32)
    answer = answers.preview_required(provider, request, config.preview_location(token), now)
    async with provider.services.db.session(write=True) as session, session.begin():
        repo = OotsRepository(session)
        await serialize(session, REQUEST_LOCK, key, request.request_id)
        existing = await repo.exchange_by_request(key, request.request_id)
        if existing is not None:
            return Receipt(existing.id, duplicate=True)
        exchange = Exchange(
            id=new_id(),
            requester_key=key,
            state=ExchangeState.PREVIEW_REQUIRED,
            created_at=now,
            request_id=request.request_id,
            version=request.specification.value,
            evidence_type=request.evidence_request.evidence_type_key,
            request_xml=snapshot(request),
            preview_expires_at=now + config.preview_timeout,
        )
        await repo.add_exchange(exchange, preview_key=preview_key(token))
        await answers.enqueue(repo, exchange.id, endpoint, answer, now)
    provider.notify()
    return Receipt(exchange.id)


async def _second_request(
    provider: OotsProvider, request: QueryRequest, key: str, endpoint: str, now: datetime
) -> Receipt:
    """The request repeating our PreviewLocation: answered once the learner has decided."""
    token = provider.config.preview_token(request.preview_location or "")
    problem: tuple[EdmErrorCode, str] | None = None
    answered: str | None = None
    async with provider.services.db.session(write=True) as session, session.begin():
        repo = OotsRepository(session)
        await serialize(session, REQUEST_LOCK, key, request.request_id)
        existing = await repo.exchange_by_request(key, request.request_id)
        if existing is not None:
            return Receipt(existing.id, duplicate=True)
        # locked: a decision committed meanwhile is seen here, or waits and then sees this
        exchange = await repo.exchange_by_preview(preview_key(token), lock=True) if token else None
        if exchange is None or exchange.requester_key != key:
            problem = (UNRESOLVED_REFERENCE, "PreviewLocation names no preview of this provider")
        elif exchange.followup_request_id is not None:
            problem = (INVALID_REQUEST, "this preview already has its second request")
        elif not _same_subject(first_request(exchange), request):
            problem = (INVALID_REQUEST, "the second request does not repeat the first one")
        else:
            await repo.record_followup(exchange.id, request.request_id, snapshot(request))
            if not exchange.preview_open(now) and exchange.state is ExchangeState.PREVIEW_REQUIRED:
                await repo.decide(exchange.id, ExchangeState.TIMED_OUT, now, open_only=False)
            current = await repo.exchange(exchange.id)
            assert current is not None
            answered = await answers.answer_decided(provider, repo, current, now)
    if problem is not None:
        code, detail = problem
        answer = answers.request_error(provider, request, code, now, detail)
        return await _answer_at_once(
            provider, key, request.request_id, endpoint, now, answer, request=request
        )
    assert exchange is not None
    if answered is not None:
        provider.notify()
    return Receipt(exchange.id)


def _same_subject(first: QueryRequest, second: QueryRequest) -> bool:
    """The second request asks for the same evidence type about the same person."""
    a, b = first.natural_person, second.natural_person
    return (
        first.evidence_request.evidence_type_key == second.evidence_request.evidence_type_key
        and a.date_of_birth == b.date_of_birth
        and normalise_name(a.family_name) == normalise_name(b.family_name)
        and normalise_name(a.given_name) == normalise_name(b.given_name)
    )
