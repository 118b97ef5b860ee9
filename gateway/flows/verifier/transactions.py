"""Present from a wallet (OpenID4VP 1.0 §5, §8, §13.3; HAIP 1.0 §5): start, serve the signed
request once, judge the one response, and release the outcome only to the starting session."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

from cryptography import x509

from gateway.core import jwe
from gateway.core.microcredentials.flat import VCT as FLAT_MICRO_VCT
from gateway.core.oid4vp import request as vp_request
from gateway.core.oid4vp.presentation import Policy, verify_presentation
from gateway.core.oid4vp.reasons import PresentationRefused, Reason, learner_text, wallet_error
from gateway.core.oid4vp.response import DECLINED, chosen_presentation, parse_response
from gateway.core.oid4vp.transaction import Outcome, Transaction, fresh_secret, secret_hash
from gateway.core.sessions import BrowserSession
from gateway.errors import Expired, Forbidden, NotFound, Replayed
from gateway.flows.credential_status.check import StatusListClient
from gateway.flows.services import Services
from gateway.flows.verifier import results, status
from gateway.flows.verifier.config import Verifier
from gateway.storage.verifier import VerifierRepository

log = logging.getLogger(__name__)
SAME_DEVICE: Final = "same-device"


@dataclass(frozen=True)
class Started:
    """What the page shows: the QR code's link (cross-device), the same-device link, the poll."""

    id: str
    link: str
    same_device_link: str
    poll_secret: str = field(repr=False)
    expires_at: datetime


@dataclass(frozen=True)
class WalletAnswer:
    """The response URI's answer: 200 ``{}``/``{"redirect_uri"}`` or 400 ``{"error"}``."""

    status: int
    body: dict[str, Any]


@dataclass(frozen=True)
class PresentationView:
    """The outcome as the learner sees it (``pending`` until the wallet answered)."""

    pending: bool
    outcome: str | None = None
    reason: str | None = None
    message: str | None = None
    import_id: int | None = None
    expires_at: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "pending": self.pending,
            "outcome": self.outcome,
            "reason": self.reason,
            "message": self.message,
            "import_id": self.import_id,
        }


async def start(services: Services, verifier: Verifier, browser: BrowserSession) -> Started:
    """A transaction with fresh nonce, state, request id and P-256 encryption key (§7 item 1)."""
    if browser.learner_id is None:
        raise Forbidden("Log in first.")
    now = services.clock()
    key = jwe.generate_encryption_key()
    poll = fresh_secret()
    tx = Transaction(
        id=fresh_secret(),
        learner_id=browser.learner_id,
        browser_key=browser.key,
        state=fresh_secret(),
        nonce=fresh_secret(),
        client_id=verifier.client_id,
        response_mode=verifier.config.response_mode,
        same_device=False,
        dcql_query=json.dumps(verifier.dcql),
        encryption_kid=key.kid,
        step="created",
        created_at=now,
        expires_at=now + timedelta(minutes=verifier.config.transaction_minutes),
        encryption_key=json.dumps(key.private_jwk),
    )
    async with services.db.session(write=True) as session, session.begin():
        await VerifierRepository(session).create(tx, secret_hash(poll))
    endpoint = verifier.config.authorization_endpoint
    request_uri = verifier.request_uri(tx.id)
    return Started(
        id=tx.id,
        link=vp_request.invocation_url(endpoint, verifier.client_id, request_uri),
        same_device_link=vp_request.invocation_url(
            endpoint, verifier.client_id, f"{request_uri}?flow={SAME_DEVICE}"
        ),
        poll_secret=poll,
        expires_at=tx.expires_at,
    )


async def request_object(
    services: Services,
    verifier: Verifier,
    transaction_id: str,
    *,
    same_device: bool,
    wallet_nonce: str | None = None,
) -> str:
    """The signed request object, served once and before the transaction expires (§7 item 4)."""
    now = services.clock()
    async with services.db.session(write=True) as session, session.begin():
        repo = VerifierRepository(session)
        tx = await repo.get(transaction_id)
        if tx is None:
            raise NotFound("There is no such presentation request.")
        if not await repo.mark_fetched(transaction_id, now):
            if tx.expired(now):
                raise Expired("The presentation request has expired.")
            raise Replayed("The presentation request was already fetched.")
        if same_device:
            await repo.set_same_device(transaction_id)
    private = json.loads(tx.encryption_key or "{}")
    public = {k: v for k, v in private.items() if k != "d"}
    params = vp_request.RequestParameters(
        client_id=tx.client_id,
        response_uri=verifier.response_uri(tx.id),
        response_mode=tx.response_mode,
        nonce=tx.nonce,
        state=tx.state,
        dcql=json.loads(tx.dcql_query),
        encryption_jwk=public,
        issued_at=int(now.timestamp()),
        expires_at=int(tx.expires_at.timestamp()),
        wallet_nonce=wallet_nonce,
    )
    return vp_request.sign_request(params, verifier.signing_key)


def _refused(reason: Reason) -> WalletAnswer:
    return WalletAnswer(400, {"error": wallet_error(reason)})


async def receive(
    services: Services,
    verifier: Verifier,
    transaction_id: str,
    form: Mapping[str, str],
    elmo_signers: Sequence[x509.Certificate],
    status_lists: StatusListClient,
) -> WalletAnswer:
    """The response URI: one response per transaction; every outcome stored with its reason."""
    now = services.clock()
    async with services.db.session(write=True) as session, session.begin():
        repo = VerifierRepository(session)
        tx = await repo.get(transaction_id)
        claimed = tx is not None and await repo.claim_response(transaction_id, now)
    if tx is None:
        log.info("verifier response refused", extra={"reason": Reason.UNKNOWN_TRANSACTION})
        return _refused(Reason.UNKNOWN_TRANSACTION)
    if not claimed:  # a replay, or a response before the request was fetched: result kept
        log.info("verifier response refused", extra={"reason": Reason.RESPONSE_REPLAYED})
        return _refused(Reason.RESPONSE_REPLAYED)
    code = fresh_secret() if tx.same_device else None
    try:
        outcome = await _judge(services, verifier, tx, form, elmo_signers, status_lists, now)
    except PresentationRefused as refused:
        declined = refused.reason is Reason.WALLET_DECLINED
        outcome = Outcome(
            outcome="declined" if declined else "refused",
            reason=refused.reason.value,
            detail=(refused.detail or refused.message)[:1000],
        )
        log.info("verifier response refused", extra={"reason": refused.reason.value})
        async with services.db.session(write=True) as session, session.begin():
            await VerifierRepository(session).finish(
                tx.id, outcome, None if code is None else secret_hash(code)
            )
        if refused.reason in (Reason.WALLET_DECLINED, Reason.WALLET_ERROR):
            return WalletAnswer(200, _redirect(verifier, code))
        return _refused(refused.reason)
    async with services.db.session(write=True) as session, session.begin():
        await VerifierRepository(session).finish(
            tx.id, outcome, None if code is None else secret_hash(code)
        )
    log.info("verifier presentation verified", extra={"vct": outcome.vct})
    return WalletAnswer(200, _redirect(verifier, code))


def _redirect(verifier: Verifier, code: str | None) -> dict[str, Any]:
    return {} if code is None else {"redirect_uri": verifier.return_uri(code)}


async def _judge(
    services: Services,
    verifier: Verifier,
    tx: Transaction,
    form: Mapping[str, str],
    elmo_signers: Sequence[x509.Certificate],
    status_lists: StatusListClient,
    now: datetime,
) -> Outcome:
    if tx.expired(now):
        raise PresentationRefused(Reason.TRANSACTION_EXPIRED, "the transaction has expired")
    config = verifier.config
    response = parse_response(
        form,
        response_mode=tx.response_mode,
        private_jwk=json.loads(tx.encryption_key or "{}"),
        max_length=2 * config.max_presentation_bytes,
    )
    if response.state != tx.state:
        raise PresentationRefused(Reason.STATE_MISMATCH, "state is not this transaction's")
    if response.error is not None:
        reason = Reason.WALLET_DECLINED if response.error == DECLINED else Reason.WALLET_ERROR
        raise PresentationRefused(reason, "the wallet sent an error", detail=response.error)
    assert response.vp_token is not None  # parse_response returns one or the other
    query = json.loads(tx.dcql_query)
    query_ids = [c["id"] for c in query["credentials"]]
    query_id, presentation = chosen_presentation(response.vp_token, query_ids)
    (wanted,) = [c for c in query["credentials"] if c["id"] == query_id]
    policy = Policy(
        trust_anchors=verifier.trust_anchors,
        vct_values=tuple(wanted["meta"]["vct_values"]),
        nonce=tx.nonce,
        client_id=tx.client_id,
        now=now,
        typs=verifier.typs,
        clock_skew_seconds=config.clock_skew_seconds,
        kb_max_age_seconds=config.key_binding_max_age_seconds,
        max_length=config.max_presentation_bytes,
        issuer_allow_list=frozenset(config.issuer_allow_list),
        own_issuer=verifier.own_issuer,
    )
    verified = verify_presentation(presentation, policy)
    status_result = await status.credential_status(status_lists, verified.status, verified.issuer)
    evidence: results.ResultsDocument | None
    if verified.vct == FLAT_MICRO_VCT:  # flat claims: converted, unsigned, XSD-valid
        evidence = await asyncio.to_thread(results.flat_micro_elmo, services, verified)
    else:
        elm = results.elm_document(verified)
        evidence = await asyncio.to_thread(results.embedded_elmo, services, elm, elmo_signers)
        if evidence is None:  # a foreign ELM credential: converted, unsigned, XSD-valid
            evidence = await asyncio.to_thread(results.converted_elmo, services, verified)
    await results.check_person(services, tx.learner_id, evidence.elmo)
    outcome = results.outcome_of(verified, status_result)
    import_id = await results.store_verified(services, tx, verified, evidence, outcome, now)
    return Outcome(**{**outcome.__dict__, "import_id": import_id})


def _view(tx: Transaction) -> PresentationView:
    if tx.outcome is None:
        return PresentationView(pending=True, expires_at=tx.expires_at)
    reason = Reason(tx.reason) if tx.reason else None
    message = None if reason is None else learner_text(reason)
    return PresentationView(
        pending=False,
        outcome=tx.outcome,
        reason=tx.reason,
        message=message,
        import_id=tx.import_id,
        expires_at=tx.expires_at,
    )


async def poll(services: Services, browser: BrowserSession, poll_secret: str) -> PresentationView:
    """Cross-device: the page polls with its secret, from the session that started it."""
    async with services.db.session() as session:
        tx = await VerifierRepository(session).by_poll(secret_hash(poll_secret))
    if tx is None or tx.browser_key != browser.key or tx.learner_id != browser.learner_id:
        raise NotFound("There is no such presentation.")
    view = _view(tx)
    if view.pending and tx.expired(services.clock()) and tx.step != "answered":
        reason = Reason.TRANSACTION_EXPIRED
        return PresentationView(False, "expired", reason.value, learner_text(reason))
    return view


async def returned(
    services: Services, browser: BrowserSession, response_code: str
) -> PresentationView:
    """Same-device: the wallet's redirect comes back once, into the session that started it."""
    async with services.db.session(write=True) as session, session.begin():
        tx = await VerifierRepository(session).consume_response_code(
            secret_hash(response_code), browser.key
        )
    if tx is None or tx.learner_id != browser.learner_id:
        raise Forbidden("This answer belongs to no presentation of this browser session.")
    return _view(tx)
