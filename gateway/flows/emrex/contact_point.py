"""The EMREX contact point (EMP) use cases, TG §4.2–4.4: request, selection, consent, answer."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from gateway.core.degrees.model import AwardedDegree
from gateway.core.emrex import EmrexResponse, ReturnCode, parse_request
from gateway.core.oid4vp.transaction import WalletResults
from gateway.core.records import ResultNode, Transcript
from gateway.core.sessions import BrowserSession, ContactPointRequest, DisclosedItem
from gateway.errors import (
    AuthenticationRequired,
    Expired,
    GatewayError,
    InvalidInput,
    NotFound,
    Replayed,
)
from gateway.flows.degrees.export import sign_with_degrees, with_documents
from gateway.flows.degrees.load import awarded_degrees
from gateway.flows.degrees.selection import disclosed_degrees, loose_results, pick_degrees
from gateway.flows.elmo.export import NothingToExport, choose, load_transcript, offered
from gateway.flows.services import Services
from gateway.flows.verifier import emrex_source
from gateway.storage.exchange import ExchangeRepository
from gateway.storage.exchange_tables import Channel, RequestState

log = logging.getLogger(__name__)
KEEP_EXPIRED = timedelta(hours=12)  # long enough to show "expired" (and offer a way back)


class RequestExpired(Expired):
    """The learner took longer than ``[emrex] session_minutes``; the client can still be told."""

    def __init__(self, request: ContactPointRequest) -> None:
        super().__init__("This transfer request has expired.")
        self.request = request


class ConsentMissing(InvalidInput):
    """The consent box was not ticked."""


class NothingSelected(InvalidInput):
    """The learner continued without choosing a result."""


class AnswerFailed(GatewayError):
    """Producing the results failed; the client must still get an answer (NCP_ERROR/NO_RESULTS).

    ``cause`` goes to web/errors.py, the one place that turns errors into EMREX codes.
    """

    def __init__(self, request: ContactPointRequest, cause: Exception) -> None:
        super().__init__("The results could not be produced.")
        self.request = request
        self.cause = cause


@dataclass(frozen=True)
class Offer:
    """A request with what the learner can send (selection page) or chose (consent page):
    results, and awarded degrees each with its included results (sent only under it)."""

    request: ContactPointRequest
    transcript: Transcript
    selected: frozenset[int]
    degrees: tuple[AwardedDegree, ...] = ()
    selected_degrees: frozenset[int] = frozenset()
    wallet: tuple[WalletResults, ...] = ()  # results verified from a wallet (issue #14)
    selected_wallet: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        no_results = not any(True for _ in self.transcript.results())
        return not self.degrees and not self.wallet and no_results

    def degrees_at(self, schac: str) -> tuple[AwardedDegree, ...]:
        return tuple(d for d in self.degrees if d.degree.institution.schac == schac)

    def in_degrees(self) -> frozenset[int]:
        """The results an offered degree includes (marked as such on the selection page)."""
        return frozenset(i for d in self.degrees for i in d.result_ids())


@dataclass(frozen=True)
class Answer:
    """What the outcome page posts back to the client."""

    request: ContactPointRequest
    response: EmrexResponse
    result_count: int = 0


def recipient(return_url: str) -> str:
    """The receiving host as the learner sees it and the disclosure log records it."""
    return urlsplit(return_url).netloc


_NETLOC = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a checked URL, safe to put into a CSP ``form-action``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not _NETLOC.fullmatch(parts.netloc):
        raise InvalidInput("the address has a host name that is not allowed")
    return f"{parts.scheme}://{parts.netloc.lower()}"


async def receive(
    services: Services, session_id: str | None, return_url: str | None
) -> ContactPointRequest:
    """A client's request (``sessionId``, ``returnUrl``): checked, stored, not yet bound."""
    parsed = parse_request(session_id, return_url, services.settings.emrex.insecure_return_hosts)
    try:
        origin_of(parsed.return_url)
    except InvalidInput:
        raise InvalidInput("returnUrl has a host name that is not allowed") from None
    now = services.clock()
    request = ContactPointRequest(
        id=secrets.token_urlsafe(24),
        session_id=parsed.session_id,
        return_url=parsed.return_url,
        state=RequestState.STARTED.value,
        created_at=now,
        expires_at=now + timedelta(minutes=services.settings.emrex.session_minutes),
    )
    async with services.db.session(write=True) as session, session.begin():
        repo = ExchangeRepository(session)
        await repo.delete_expired(now - KEEP_EXPIRED)  # unauthenticated posts must not pile up
        await repo.create_request(request)
    log.info("emrex request received", extra={"return_host": parsed.return_host})
    return request


async def open_request(
    services: Services, request_id: str, browser: BrowserSession, *, allow_expired: bool = False
) -> ContactPointRequest:
    """The request for this browser (binding it on first sight); refuses unknown, foreign,
    answered and (unless ``allow_expired``) expired requests."""
    request = None
    if len(request_id) <= 64:
        async with services.db.session() as session:
            request = await ExchangeRepository(session).request(request_id)
    if request is not None and request.browser_session is None:
        async with services.db.session(write=True) as session, session.begin():
            repo = ExchangeRepository(session)
            await repo.bind_request(request_id, browser.key)  # the first browser wins
            request = await repo.request(request_id)
    if request is None or not _same(request.browser_session, browser.key):
        raise NotFound("This transfer request is unknown here, or was opened in another browser.")
    if request.state == RequestState.ANSWERED.value:
        raise Replayed("This transfer request has already been answered.")
    if request.expired(services.clock()) and not allow_expired:
        raise RequestExpired(request)
    return request


def _same(bound: str | None, key: str) -> bool:
    return bound is not None and hmac.compare_digest(bound.encode(), key.encode())


def _learner(browser: BrowserSession) -> tuple[int, str]:
    if browser.learner_id is None or browser.national_id is None:
        raise AuthenticationRequired("Please log in.")
    return browser.learner_id, browser.national_id


async def _offered(services: Services, national_id: str) -> Transcript:
    transcript = await load_transcript(services, national_id)
    return offered(transcript, offer_unfinished=services.settings.emrex.offer_unfinished)


async def offer(
    services: Services, request_id: str, browser: BrowserSession, *, preset: str | None = None
) -> Offer:
    """The selection page: the learner's offered results; ticked are the stored selection (or
    everything at first; ``preset`` "all"/"none" are the no-JavaScript buttons)."""
    request = await open_request(services, request_id, browser)
    _, national_id = _learner(browser)
    transcript = await _offered(services, national_id)
    degrees = tuple(await awarded_degrees(services, national_id, transcript))
    every = frozenset(r.id for r in transcript.results())
    all_degrees = frozenset(d.degree.id for d in degrees)
    if preset == "none":
        selected: frozenset[int] = frozenset()
        chosen_degrees: frozenset[int] = frozenset()
    elif preset == "all" or request.selection is None:
        selected, chosen_degrees = every, all_degrees
    else:
        selected = frozenset(request.selection) & every
        chosen_degrees = frozenset(request.degree_selection) & all_degrees
    learner_id, _ = _learner(browser)
    wallet = await emrex_source.wallet_results(services, learner_id)
    chosen_wallet = await emrex_source.chosen_ids(services, request.id)
    return Offer(request, transcript, selected, degrees, chosen_degrees, wallet, chosen_wallet)


def with_parts(transcript: Transcript, chosen: Iterable[int]) -> set[int]:
    """Selecting a programme (or a course) takes every offered part below it."""
    wanted = set(chosen)
    taken: set[int] = set()

    def visit(node: ResultNode, inherited: bool) -> None:
        take = inherited or node.result.id in wanted
        if take:
            taken.add(node.result.id)
        for part in node.parts:
            visit(part, take)

    for institution in transcript.institutions:
        for root in institution.roots:
            visit(root, False)
    return taken


async def select(
    services: Services,
    request_id: str,
    browser: BrowserSession,
    chosen: Iterable[int],
    degrees: Iterable[int] = (),
    wallet: Iterable[int] = (),
) -> None:
    """Store the learner's choice (with the parts of chosen programmes and courses, and the
    chosen degrees)."""
    request = await open_request(services, request_id, browser)
    learner_id, national_id = _learner(browser)
    transcript = await _offered(services, national_id)
    chosen = set(chosen)
    unknown = chosen - {r.id for r in transcript.results()}
    if unknown:
        raise InvalidInput("A chosen result is not among your results that can be sent.")
    picked = pick_degrees(await awarded_degrees(services, national_id, transcript), degrees)
    selection = with_parts(transcript, chosen)
    wallet_ids = await emrex_source.choose(services, request.id, learner_id, wallet)
    if not selection and not picked and not wallet_ids:
        raise NothingSelected("Choose at least one result, or cancel the transfer.")
    degree_ids = [d.degree.id for d in picked]
    async with services.db.session(write=True) as session, session.begin():
        await ExchangeRepository(session).select_results(
            request.id, learner_id, sorted(selection), degree_ids
        )


async def consent_view(services: Services, request_id: str, browser: BrowserSession) -> Offer:
    """The consent page: exactly what will be sent, in the structure it will be sent in."""
    request = await open_request(services, request_id, browser)
    learner_id, national_id = _learner(browser)
    if request.selection is None or request.learner_id != learner_id:
        raise NothingSelected("Choose the results to send first.")
    available = await _offered(services, national_id)
    degrees = await awarded_degrees(services, national_id, available)
    picked = tuple(pick_degrees(degrees, request.degree_selection))
    chosen = loose_results(choose(available, request.selection), picked)
    ids = frozenset(d.degree.id for d in picked)
    wallet_ids = await emrex_source.chosen_ids(services, request.id)
    wallet = tuple(
        w for w in await emrex_source.wallet_results(services, learner_id) if w.id in wallet_ids
    )
    return Offer(request, chosen, frozenset(request.selection), picked, ids, wallet, wallet_ids)


async def send(
    services: Services,
    request_id: str,
    browser: BrowserSession,
    *,
    consented: bool,
    lang: str,
) -> Answer:
    """NCP_OK with the signed ELMO of the selection, recorded in the disclosure log; a learner
    with nothing on offer gets NCP_NO_RESULTS. Answered once only."""
    request = await open_request(services, request_id, browser)
    learner_id, national_id = _learner(browser)
    try:
        available = await _offered(services, national_id)
        degrees = await awarded_degrees(services, national_id, available)
        extra = await emrex_source.chosen_reports(services, request.id, learner_id)
        if not degrees and not extra and not any(True for _ in available.results()):
            raise NothingToExport("there are no results to send")
        if request.selection is None or request.learner_id != learner_id:
            raise NothingSelected("Choose the results to send first.")
        if not consented:
            raise ConsentMissing("Tick the box to agree to the transfer, or cancel it.")
        chosen = choose(available, request.selection)
        picked = pick_degrees(degrees, request.degree_selection)
        documents = await with_documents(services, picked)
        with services.metrics.signing():
            export = await asyncio.to_thread(
                sign_with_degrees, services, chosen, documents, extra_reports=extra
            )
    except (NothingSelected, ConsentMissing):
        raise
    except Exception as exc:
        raise AnswerFailed(request, exc) from exc
    items = disclosed_degrees(picked, lang) + disclosed(loose_results(chosen, picked), lang)
    items += emrex_source.disclosed(extra)
    document_sha256 = hashlib.sha256(export.signed_xml).hexdigest()
    response = EmrexResponse(request.session_id, ReturnCode.OK, "", export.packed())
    async with services.db.session(write=True) as session, session.begin():
        repo = ExchangeRepository(session)
        if not await repo.answer_request(request.id, ReturnCode.OK.value, services.clock()):
            raise Replayed("This transfer request has already been answered.")
        await repo.record_disclosure(
            learner_id,
            Channel.EMREX.value,
            recipient(request.return_url),
            items,
            document_sha256,
            services.clock(),
        )
    log.info(
        "emrex results sent",
        extra={"return_host": recipient(request.return_url), "results": len(items)},
    )
    return Answer(request, response, len(items))


async def answer_without_results(
    services: Services, request: ContactPointRequest, code: ReturnCode, message: str
) -> Answer:
    """Answer with a code that carries no ELMO (NCP_CANCEL, NCP_NO_RESULTS, NCP_ERROR)."""
    async with services.db.session(write=True) as session, session.begin():
        if not await ExchangeRepository(session).answer_request(
            request.id, code.value, services.clock()
        ):
            raise Replayed("This transfer request has already been answered.")
    log.info(
        "emrex request answered",
        extra={"return_host": recipient(request.return_url), "code": code.value},
    )
    return Answer(request, EmrexResponse(request.session_id, code, message))


async def cancel(
    services: Services, request_id: str, browser: BrowserSession
) -> tuple[ContactPointRequest, bool]:
    """The request the learner is cancelling, or leaving after it expired (True)."""
    request = await open_request(services, request_id, browser, allow_expired=True)
    return request, request.expired(services.clock())


def disclosed(transcript: Transcript, lang: str) -> list[DisclosedItem]:
    """The disclosure-log lines: every result sent, with title in the learner's language."""
    items = []
    for institution in transcript.institutions:
        for result in institution.results():
            opportunity = result.opportunity
            title = opportunity.title_sv if lang == "sv" else opportunity.title_en
            items.append(
                DisclosedItem(
                    institution=institution.institution.schac,
                    code=opportunity.code,
                    title=title or opportunity.title_en or opportunity.title_sv,
                    grade=result.grade,
                    credits=None if result.credits is None else f"{result.credits:f}",
                )
            )
    return items
