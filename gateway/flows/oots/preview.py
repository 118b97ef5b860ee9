"""The preview space: the learner authenticates, is matched, sees the evidence, decides (§6).

The evidence shown is the evidence sent: each source is built once per exchange and stored,
and the learner's decision names the stored sources. The bridge case: verified EMREX imports
of the learner (fetched through our EMREX client from the preview page) are sources too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from gateway.core.elmo.parse import parse_elmo_bytes
from gateway.core.oots.codes import FAILED_AUTHENTICATION, TIMEOUT
from gateway.core.oots.evidence import (
    InstitutionResults,
    PreparedSource,
    StoredDocument,
    person_match,
    results_view,
)
from gateway.core.oots.exchange import ANSWER_EVIDENCE, Exchange, ExchangeState
from gateway.core.oots.model import QueryRequest
from gateway.core.sessions import BrowserSession
from gateway.errors import AuthenticationRequired, Forbidden, InvalidInput, NotFound
from gateway.flows.oots.answer import answer_decided, time_out
from gateway.flows.oots.provider import OotsProvider, first_request, preview_key
from gateway.flows.oots.sources import (
    DEGREE_PREFIX,
    LOCAL,
    SUPPLEMENT_PREFIX,
    import_sources,
    own_sources,
)
from gateway.storage.oots import OotsRepository


@dataclass(frozen=True)
class DocumentView:
    content_id: str
    title: str
    media_type: str
    size: int


@dataclass(frozen=True)
class SourceView:
    key: str
    label: str
    local: bool
    institutions: tuple[InstitutionResults, ...]
    documents: tuple[DocumentView, ...]

    @property
    def degree(self) -> bool:
        """One awarded degree (its documents, or its Diploma Supplement only)."""
        return self.key.startswith((DEGREE_PREFIX, SUPPLEMENT_PREFIX))


@dataclass(frozen=True)
class PreviewPage:
    """What the preview page shows; ``sources`` only while the learner can still decide."""

    state: ExchangeState
    requester: str
    requester_country: str
    evidence_title: str
    procedure: str | None
    expires_at: datetime | None
    outcome: str | None = None
    sources: tuple[SourceView, ...] = ()
    delivers: str = "transcript"  # what the evidence type delivers (settings_oots)

    @property
    def open(self) -> bool:
        return self.state is ExchangeState.PREVIEW_REQUIRED

    @property
    def result(self) -> str:
        """What became of it, for the page: open, sent, not_sent, mismatch or timeout."""
        by_state = {
            ExchangeState.PREVIEW_REQUIRED: "open",
            ExchangeState.ACCEPTED: "sent",
            ExchangeState.REFUSED: "not_sent",
            ExchangeState.MISMATCHED: "mismatch",
            ExchangeState.TIMED_OUT: "timeout",
        }
        by_outcome = {
            ANSWER_EVIDENCE: "sent",
            FAILED_AUTHENTICATION.code: "mismatch",
            TIMEOUT.code: "timeout",
        }
        if self.state is ExchangeState.ANSWERED:
            return by_outcome.get(self.outcome or "", "not_sent")
        return by_state.get(self.state, "not_sent")


async def _exchange(provider: OotsProvider, token: str) -> Exchange:
    if not token or len(token) > 128:
        raise NotFound("There is no such evidence request.")
    async with provider.services.db.session() as session:
        found = await OotsRepository(session).exchange_by_preview(preview_key(token))
    if found is None:
        raise NotFound("There is no such evidence request.")
    return found


def _learner_id(browser: BrowserSession) -> int:
    if browser.learner_id is None:
        raise AuthenticationRequired("Please log in.")
    return browser.learner_id


async def open_preview(
    provider: OotsProvider, token: str, browser: BrowserSession, lang: str = "en"
) -> PreviewPage:
    """The page for the logged-in learner: matched against the request's person on the first
    visit (a mismatch ends the exchange with EDM:ERR:0001), bound to the exchange, and shown
    every source of results they can send."""
    services = provider.services
    learner_id = _learner_id(browser)
    exchange = await _exchange(provider, token)
    request = first_request(exchange)
    now = services.clock()
    if exchange.state is ExchangeState.PREVIEW_REQUIRED and not exchange.preview_open(now):
        await time_out(provider, exchange.id, now)
        exchange = await _exchange(provider, token)
    if exchange.state is not ExchangeState.PREVIEW_REQUIRED:
        if exchange.learner_id not in (None, learner_id):
            raise Forbidden("This evidence request is about someone else.")
        return _page(provider, exchange, request)
    if exchange.learner_id is None:
        if not await _matches(provider, request, learner_id):
            async with services.db.session(write=True) as session, session.begin():
                repo = OotsRepository(session)
                if await repo.decide(exchange.id, ExchangeState.MISMATCHED, now):
                    current = await repo.exchange(exchange.id)
                    assert current is not None
                    if await answer_decided(provider, repo, current, now):
                        provider.notify()
            return _page(provider, await _exchange(provider, token), request)
        async with services.db.session(write=True) as session, session.begin():
            await OotsRepository(session).bind_learner(exchange.id, learner_id)
        exchange = await _exchange(provider, token)
    if exchange.learner_id != learner_id:
        raise Forbidden("This evidence request is about someone else.")
    await _prepare_sources(provider, exchange, learner_id, now)
    async with services.db.session() as session:
        sources = await OotsRepository(session).sources(exchange.id)
    views = tuple(_source_view(provider, source, lang) for source in sources)
    return _page(provider, exchange, request, views)


async def _matches(provider: OotsProvider, request: QueryRequest, learner_id: int) -> bool:
    async with provider.services.db.session() as session:
        found = await OotsRepository(session).learner(learner_id)
    if found is None:
        return False
    threshold = provider.config.name_match_threshold
    return person_match(request.natural_person, found[0], threshold=threshold).matched


async def _prepare_sources(
    provider: OotsProvider, exchange: Exchange, learner_id: int, now: datetime
) -> None:
    """Build the sources not built yet: what the evidence type delivers from our store (the
    results, or each awarded degree) once, and, for transcripts, each new verified import."""
    services = provider.services
    async with services.db.session() as session:
        repo = OotsRepository(session)
        known = await repo.source_keys(exchange.id)
        found = await repo.learner(learner_id)
    served = provider.config.evidence_types.get(exchange.evidence_type or "")
    delivers = served.delivers if served is not None else "transcript"
    fresh: list[PreparedSource] = []
    own = LOCAL if delivers == "transcript" else (DEGREE_PREFIX, SUPPLEMENT_PREFIX)
    if found is not None and not any(key.startswith(own) for key in known):
        fresh.extend(await own_sources(provider, found[0], delivers, now))
    if delivers == "transcript":
        fresh.extend(await import_sources(provider, learner_id, known, now))
    if not fresh:
        return
    async with services.db.session(write=True) as session, session.begin():
        repo = OotsRepository(session)
        await repo.lock_exchange(exchange.id)  # two page loads at once: one adds, one sees
        present = await repo.source_keys(exchange.id)
        for source in fresh:
            if source.key not in present:
                await repo.add_source(exchange.id, source, now)


def _source_view(provider: OotsProvider, source: PreparedSource, lang: str) -> SourceView:
    elmo = parse_elmo_bytes(source.elmo_xml, max_bytes=provider.config.max_xml_bytes)
    return SourceView(
        key=source.key,
        label=source.label,
        local=source.key == LOCAL,
        institutions=results_view(elmo, lang),
        documents=tuple(
            DocumentView(
                f.document.content_id, f.document.title, f.document.media_type, len(f.data)
            )
            for f in source.files
        ),
    )


def _page(
    provider: OotsProvider,
    exchange: Exchange,
    request: QueryRequest,
    sources: tuple[SourceView, ...] = (),
) -> PreviewPage:
    requester = request.requester
    served = provider.config.evidence_types.get(request.evidence_request.evidence_type_key)
    titles = request.evidence_request.titles
    title = served.title if served else (titles[0].value if titles else "")
    delivers = served.delivers if served else "transcript"
    return PreviewPage(
        state=exchange.state,
        requester=requester.name,
        requester_country=requester.address.admin_unit_level1 or "" if requester.address else "",
        evidence_title=title,
        procedure=request.procedure,
        expires_at=exchange.preview_expires_at,
        outcome=exchange.outcome,
        sources=sources,
        delivers=delivers,
    )


async def decide_preview(
    provider: OotsProvider,
    token: str,
    browser: BrowserSession,
    *,
    accept: bool,
    chosen: Sequence[str] = (),
) -> ExchangeState:
    """Record the learner's decision; the answer goes out at once if the second request is
    already here, else when it arrives. Returns the exchange's state afterwards."""
    services = provider.services
    learner_id = _learner_id(browser)
    exchange = await _exchange(provider, token)
    if exchange.learner_id != learner_id:
        raise Forbidden("This evidence request is about someone else.")
    now = services.clock()
    if exchange.state is ExchangeState.PREVIEW_REQUIRED and not exchange.preview_open(now):
        await time_out(provider, exchange.id, now)
        return (await _exchange(provider, token)).state
    sources: list[str] = []
    if accept:
        async with services.db.session() as session:
            known = await OotsRepository(session).source_keys(exchange.id)
        sources = [key for key in dict.fromkeys(chosen) if key in known]
        if not sources:
            raise InvalidInput("Choose the results to send, or choose not to send anything.")
    state = ExchangeState.ACCEPTED if accept else ExchangeState.REFUSED
    async with services.db.session(write=True) as session, session.begin():
        repo = OotsRepository(session)
        if await repo.decide(exchange.id, state, now, sources):
            current = await repo.exchange(exchange.id)
            assert current is not None
            if await answer_decided(provider, repo, current, now):
                provider.notify()
    return (await _exchange(provider, token)).state


async def preview_document(
    provider: OotsProvider, token: str, browser: BrowserSession, content_id: str
) -> StoredDocument:
    """One previewed attachment (the PDF transcript, an ELM credential), for the bound learner."""
    learner_id = _learner_id(browser)
    exchange = await _exchange(provider, token)
    if exchange.learner_id != learner_id:
        raise Forbidden("This evidence request is about someone else.")
    async with provider.services.db.session() as session:
        found = await OotsRepository(session).document(exchange.id, content_id)
    if found is None:
        raise NotFound("There is no such document.")
    return found
