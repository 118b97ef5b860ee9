"""Wallet-facing OpenID4VCI 1.0 use cases: offer, token, nonce, credential, notification (§4-§11).

Every refusal is an Oid4vciError carrying the protocol's error code.

Single-use values are consumed in the same write transaction that records the issuance, so a
failure anywhere rolls everything back and nothing is issued; the CPU work (conversion and
signing) happens before that transaction to keep the write lock short.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Final

from gateway.core import jose
from gateway.core.oid4vci.errors import ErrorCode, Oid4vciError
from gateway.core.oid4vci.issuance import Issuance
from gateway.core.oid4vci.offer import credential_offer
from gateway.core.oid4vci.proof import validate_proof
from gateway.core.oid4vci.requests import (
    CredentialRequest,
    check_tx_code,
    parse_credential_request,
    parse_form,
    parse_notification_request,
    parse_token_request,
)
from gateway.errors import NotFound
from gateway.flows.credential_status.issuance import choose_status
from gateway.flows.services import Services
from gateway.flows.wallet.issuer import WalletIssuer, digest, pre_authorized_code, tx_code_digest
from gateway.flows.wallet.kinds.base import CredentialKind, LearnerRef
from gateway.flows.wallet.kinds.registry import KindRegistry
from gateway.storage.credential_status import IndexTaken, StatusRepository
from gateway.storage.exchange import ExchangeRepository
from gateway.storage.wallet import AccessGrant, DatasetDocument, IssuedCredential, WalletRepository

log = logging.getLogger(__name__)
MAX_TOKEN_LENGTH: Final = 512
STATUS_ATTEMPTS: Final = 3
"""Signings of one credential when concurrent issuances take its status index first."""


def identifiers(kinds: KindRegistry, configurations: Sequence[str]) -> list[str]:
    """The ``credential_identifiers`` of an offer's datasets, by position: ``<prefix>-<n>``."""
    return [kinds.identifier(c, n) for n, c in enumerate(configurations, start=1)]


def authorization_details(
    kinds: KindRegistry, configurations: Sequence[str]
) -> list[dict[str, Any]]:
    """One ``openid_credential`` entry per configuration of the offer, with its datasets' ids."""
    by_configuration: dict[str, list[str]] = {}
    for configuration, identifier in zip(
        configurations, identifiers(kinds, configurations), strict=True
    ):
        by_configuration.setdefault(configuration, []).append(identifier)
    return [
        {
            "type": "openid_credential",
            "credential_configuration_id": configuration,
            "credential_identifiers": found,
        }
        for configuration, found in by_configuration.items()
    ]


async def offer_object(services: Services, wallet: WalletIssuer, token: str) -> dict[str, Any]:
    """The Credential Offer behind a ``credential_offer_uri`` (while it can be redeemed)."""
    now = services.clock()
    async with services.db.session() as session:
        offer = await WalletRepository(session).offer_by_token(digest(token))
    if (
        offer is None
        or offer.used_at is not None
        or offer.expires_at <= now
        or offer.failed_attempts >= wallet.config.tx_code_attempts
    ):
        raise NotFound("This credential offer is unknown, already used or expired.")
    return credential_offer(
        issuer=wallet.identifier,
        configuration_ids=tuple(dict.fromkeys(offer.configurations)),
        pre_authorized_code=pre_authorized_code(token),
        tx_code=wallet.tx_code,
    )


async def token(services: Services, wallet: WalletIssuer, body: bytes) -> dict[str, Any]:
    """Redeem a pre-authorized code (+ tx_code) for an access token, once."""
    request = parse_token_request(parse_form(body))
    if set(request.credential_configuration_ids) - wallet.kinds.configuration_ids:
        raise Oid4vciError(
            ErrorCode.INVALID_AUTHORIZATION_DETAILS, "unknown credential_configuration_id"
        )
    code = request.pre_authorized_code
    now = services.clock()
    config = wallet.config
    refused: Oid4vciError | None = None
    access_token = secrets.token_urlsafe(32)
    expires_in = config.access_token_minutes * 60
    async with services.db.session(write=True) as session, session.begin():
        repo = WalletRepository(session)
        offer = await repo.offer_by_code(digest(code), lock=True)  # guesses one at a time
        if (
            offer is None
            or offer.used_at is not None
            or offer.expires_at <= now
            or offer.failed_attempts >= config.tx_code_attempts
        ):
            raise Oid4vciError(
                ErrorCode.INVALID_GRANT, "the pre-authorized code is unknown, used or expired"
            )
        supplied = request.tx_code
        try:
            check_tx_code(
                offer.tx_code_hash,
                None if supplied is None else tx_code_digest(code, supplied),
            )
        except Oid4vciError as exc:
            if exc.code is ErrorCode.INVALID_GRANT:
                await repo.record_failed_tx_code(offer.id)  # committed: attempts are limited
            refused = exc
        outside = set(request.credential_configuration_ids) - set(offer.configurations)
        if refused is None and outside:
            refused = Oid4vciError(  # RFC 9396 §5: not what this pre-authorized code grants
                ErrorCode.INVALID_AUTHORIZATION_DETAILS,
                "a credential_configuration_id is not in this credential offer",
            )
        if refused is None:
            if not await repo.redeem_offer(offer.id, now, config.tx_code_attempts):
                raise Oid4vciError(ErrorCode.INVALID_GRANT, "the pre-authorized code was used")
            with_identifiers = bool(request.credential_configuration_ids) or offer.datasets > 1
            await repo.add_access_token(
                digest(access_token),
                offer.id,
                with_identifiers,
                now,
                now + timedelta(seconds=expires_in),
            )
    if refused is not None:
        raise refused
    response: dict[str, Any] = {
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": expires_in,
    }
    if with_identifiers:  # §6.2: the wallet then asks for each dataset by its identifier
        response["authorization_details"] = authorization_details(
            wallet.kinds, offer.configurations
        )
    log.info("wallet access token issued", extra={"offer": offer.id})
    services.metrics.wallet_tokens.inc()
    return response


async def nonce(services: Services, wallet: WalletIssuer) -> dict[str, str]:
    """A fresh, single-use c_nonce (§7.2)."""
    value = secrets.token_urlsafe(32)
    now = services.clock()
    async with services.db.session(write=True) as session, session.begin():
        await WalletRepository(session).add_nonce(
            digest(value), now, now + timedelta(seconds=wallet.config.nonce_seconds)
        )
    return {"c_nonce": value}


def bearer_token(authorization: str | None) -> str:
    """The access token of an ``Authorization: Bearer`` header (RFC 6750 §2.1)."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value or len(value) > MAX_TOKEN_LENGTH:
        raise Oid4vciError(ErrorCode.INVALID_TOKEN, "a Bearer access token is required")
    return value


async def _grant(services: Services, authorization: str | None) -> AccessGrant:
    presented = bearer_token(authorization)
    async with services.db.session() as session:
        grant = await WalletRepository(session).access_grant(digest(presented), services.clock())
    if grant is None:
        raise Oid4vciError(ErrorCode.INVALID_TOKEN, "the access token is unknown or expired")
    return grant


def _position(wallet: WalletIssuer, grant: AccessGrant, request: CredentialRequest) -> int:
    """Which dataset the request asks for (§8.2: identifier iff identifiers were returned)."""
    if grant.identifiers:
        if request.credential_identifier is None:
            raise Oid4vciError(
                ErrorCode.INVALID_CREDENTIAL_REQUEST,
                "use a credential_identifier from the token response",
            )
        known = identifiers(wallet.kinds, grant.configurations)
        if request.credential_identifier not in known:
            raise Oid4vciError(
                ErrorCode.UNKNOWN_CREDENTIAL_IDENTIFIER, "unknown credential_identifier"
            )
        return known.index(request.credential_identifier) + 1
    if request.credential_identifier is not None:
        raise Oid4vciError(
            ErrorCode.UNKNOWN_CREDENTIAL_IDENTIFIER, "no credential identifiers were issued"
        )
    if request.credential_configuration_id not in grant.configurations[:1]:
        raise Oid4vciError(  # §8.3.1.1, RFC 6750 §3.1: a configuration this token does not grant
            ErrorCode.INSUFFICIENT_SCOPE, "this credential configuration is not in the offer"
        )
    return 1


def _kind(wallet: WalletIssuer, dataset: DatasetDocument | None) -> CredentialKind:
    if dataset is None or dataset.issued_at is not None:
        raise Oid4vciError(
            ErrorCode.CREDENTIAL_REQUEST_DENIED, "this credential was issued already"
        )
    kind = wallet.kinds.kind_of(dataset.configuration)
    if kind is None:
        raise Oid4vciError(
            ErrorCode.CREDENTIAL_REQUEST_DENIED, "this credential is no longer issued here"
        )
    return kind


async def credential(
    services: Services, wallet: WalletIssuer, authorization: str | None, body: bytes
) -> dict[str, Any]:
    """Issue the credential of one dataset, by its kind, bound to the key in ``proofs.jwt``."""
    grant = await _grant(services, authorization)
    request = parse_credential_request(body, configuration_ids=wallet.kinds.configuration_ids)
    position = _position(wallet, grant, request)
    now = services.clock()
    proof = validate_proof(request.proofs[0], wallet.policy, now=now)
    async with services.db.session() as session:
        dataset = await WalletRepository(session).dataset(grant.offer_id, position)
        national_id = await ExchangeRepository(session).national_id(grant.learner_id)
    kind = _kind(wallet, dataset)
    if dataset is None or national_id is None:  # _kind refused a missing dataset
        raise Oid4vciError(
            ErrorCode.CREDENTIAL_REQUEST_DENIED, "the learner of this offer is no longer known"
        )
    learner = LearnerRef(grant.learner_id, national_id)
    thumbprint = jose.jwk_thumbprint(proof.holder_jwk)
    notification_id = secrets.token_urlsafe(16)
    for attempt in range(1, STATUS_ATTEMPTS + 1):
        choice, status = await choose_status(services, wallet.identifier)
        issuance = Issuance(
            issuer=wallet.identifier,
            signing_key=wallet.signing_key,
            holder_jwk=proof.holder_jwk,
            now=now,
            lifetime=wallet.credential_lifetime,
            random_bytes=secrets.token_bytes,
            clear_claims={"status": status},  # every kind's credential: Token Status List
        )
        issued = await kind.issue(services, wallet, learner, dataset, issuance)
        sha256 = hashlib.sha256(issued.credential.encode("ascii")).hexdigest()
        try:
            async with services.db.session(write=True) as session, session.begin():
                repo = WalletRepository(session)
                if proof.nonce is None or not await repo.consume_nonce(digest(proof.nonce), now):
                    raise Oid4vciError(
                        ErrorCode.INVALID_NONCE, "the c_nonce is not valid: get a new one"
                    )
                if not await repo.mark_issued(dataset.id, now):
                    raise Oid4vciError(
                        ErrorCode.CREDENTIAL_REQUEST_DENIED, "this credential was issued already"
                    )
                await repo.add_credential(
                    IssuedCredential(
                        notification_id=notification_id,
                        dataset_id=dataset.id,
                        learner_id=grant.learner_id,
                        configuration=dataset.configuration,
                        holder_thumbprint=thumbprint,
                        credential_sha256=sha256,
                        issued_at=now,
                    )
                )
                statuses = StatusRepository(session)
                status_id = await statuses.claim(
                    choice,
                    dataset_id=dataset.id,
                    learner_id=grant.learner_id,
                    configuration=dataset.configuration,
                    now=now,
                )
                await statuses.record_carried(status_id, kind.carries(dataset))
                await ExchangeRepository(session).record_disclosure(
                    grant.learner_id,
                    "wallet",
                    f"EUDI wallet (key {thumbprint[:12]})",
                    issued.disclosed,
                    sha256,
                    now,
                )
            break
        except IndexTaken:  # a concurrent issuance took the index: everything rolled back
            if attempt == STATUS_ATTEMPTS:
                raise
    log.info(
        "wallet credential issued",
        extra={
            "offer": grant.offer_id,
            "dataset": position,
            "configuration": dataset.configuration,
            "bytes": len(issued.credential),
        },
    )
    services.metrics.wallet_credentials.inc()
    return {"credentials": [{"credential": issued.credential}], "notification_id": notification_id}


async def notification(
    services: Services, wallet: WalletIssuer, authorization: str | None, body: bytes
) -> None:
    """Record a wallet's issuance callback; repeats are accepted and stored once (§11)."""
    grant = await _grant(services, authorization)
    request = parse_notification_request(body)
    async with services.db.session(write=True) as session, session.begin():
        repo = WalletRepository(session)
        credential_id = await repo.credential_for_notification(
            request.notification_id, grant.offer_id
        )
        if credential_id is None:
            raise Oid4vciError(ErrorCode.INVALID_NOTIFICATION_ID, "unknown notification_id")
        await repo.add_notification(
            credential_id, request.event.value, request.event_description, services.clock()
        )
    log.info(
        "wallet notification received",
        extra={"offer": grant.offer_id, "event": request.event.value},
    )
    services.metrics.wallet_notifications.labels(request.event.value).inc()
