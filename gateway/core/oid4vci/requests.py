"""Token, credential and notification request parsing (OpenID4VCI 1.0 §6.1, §8.2, §11.1)."""

from __future__ import annotations

import hmac
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final
from urllib.parse import parse_qsl

from gateway.core import jose
from gateway.core.oid4vci.errors import ErrorCode, Oid4vciError

PRE_AUTHORIZED_GRANT: Final = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
MAX_BODY: Final = 64 * 1024
MAX_FIELD: Final = 4096
MAX_EVENT_DESCRIPTION: Final = 1000


# ---------------------------------------------------------------- token request (§6.1)


@dataclass(frozen=True)
class TokenRequest:
    """A Pre-Authorized Code token request; the flow checks code, tx_code and client."""

    pre_authorized_code: str
    tx_code: str | None
    client_id: str | None
    credential_configuration_ids: tuple[str, ...]
    """From ``authorization_details`` of type ``openid_credential`` (empty when none were sent)."""


def parse_form(body: bytes) -> list[tuple[str, str]]:
    """``application/x-www-form-urlencoded`` into ordered pairs (strict UTF-8)."""
    if len(body) > MAX_BODY:
        raise Oid4vciError(ErrorCode.INVALID_REQUEST, "request body too large")
    try:
        text = body.decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text), errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise Oid4vciError(ErrorCode.INVALID_REQUEST, "malformed form body") from None


def _single_values(fields: Iterable[tuple[str, str]], code: ErrorCode) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, value in fields:
        if name in values:  # RFC 6749 §3.2: parameters MUST NOT be repeated
            raise Oid4vciError(code, "a parameter is repeated", detail=f"param={name[:40]!r}")
        if len(value) > MAX_FIELD:
            raise Oid4vciError(code, "a parameter is too long")
        values[name] = value
    return values


def _authorization_details(raw: str) -> tuple[str, ...]:
    code = ErrorCode.INVALID_AUTHORIZATION_DETAILS
    try:
        details = jose.json_loads(raw)
    except jose.JoseError:
        raise Oid4vciError(code, "authorization_details is not JSON") from None
    if not isinstance(details, list) or not details:
        raise Oid4vciError(code, "authorization_details must be a non-empty array")
    ids: list[str] = []
    for detail in details:
        if not isinstance(detail, dict) or detail.get("type") != "openid_credential":
            raise Oid4vciError(code, "only authorization_details of type openid_credential")
        config_id = detail.get("credential_configuration_id")
        if not isinstance(config_id, str) or not config_id:
            raise Oid4vciError(code, "credential_configuration_id is missing")
        ids.append(config_id)
    return tuple(ids)


def parse_token_request(fields: Iterable[tuple[str, str]]) -> TokenRequest:
    """Validate the form fields of a token request (only the Pre-Authorized Code grant)."""
    values = _single_values(fields, ErrorCode.INVALID_REQUEST)
    grant_type = values.get("grant_type")
    if not grant_type:
        raise Oid4vciError(ErrorCode.INVALID_REQUEST, "grant_type is missing")
    if grant_type != PRE_AUTHORIZED_GRANT:
        raise Oid4vciError(
            ErrorCode.UNSUPPORTED_GRANT_TYPE, "only the pre-authorized_code grant is supported"
        )
    code = values.get("pre-authorized_code")
    if not code:
        raise Oid4vciError(ErrorCode.INVALID_REQUEST, "pre-authorized_code is missing")
    details = values.get("authorization_details")
    return TokenRequest(
        pre_authorized_code=code,
        tx_code=values.get("tx_code"),
        client_id=values.get("client_id") or None,
        credential_configuration_ids=_authorization_details(details) if details else (),
    )


def check_tx_code(expected: str | None, supplied: str | None) -> None:
    """Check the tx_code (§6.3): missing/unexpected → invalid_request, wrong → invalid_grant."""
    if expected is None:
        if supplied is not None:
            raise Oid4vciError(ErrorCode.INVALID_REQUEST, "no tx_code is expected for this offer")
        return
    if supplied is None:
        raise Oid4vciError(ErrorCode.INVALID_REQUEST, "tx_code is missing")
    if not hmac.compare_digest(expected.encode(), supplied.encode()):
        raise Oid4vciError(ErrorCode.INVALID_GRANT, "the pre-authorized code or tx_code is wrong")


# ----------------------------------------------------------- credential request (§8.2)


@dataclass(frozen=True)
class CredentialRequest:
    """Exactly one of ``credential_configuration_id`` and ``credential_identifier`` is set."""

    credential_configuration_id: str | None
    credential_identifier: str | None
    proofs: tuple[str, ...]
    """The ``jwt`` proofs, unvalidated: pass each to ``proof.validate_proof``."""


def _json_object(body: bytes, code: ErrorCode) -> dict[str, Any]:
    if len(body) > MAX_BODY:
        raise Oid4vciError(code, "request body too large")
    try:
        value = jose.json_loads(body)
    except jose.JoseError:
        raise Oid4vciError(code, "the body is not JSON") from None
    if not isinstance(value, dict):
        raise Oid4vciError(code, "the body is not a JSON object")
    return value


def _optional_string(body: dict[str, Any], name: str, code: ErrorCode) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise Oid4vciError(code, f"{name} must be a non-empty string")
    return value


def _proofs(body: dict[str, Any], max_proofs: int) -> tuple[str, ...]:
    def invalid(message: str) -> Oid4vciError:
        return Oid4vciError(ErrorCode.INVALID_PROOF, message)

    proofs = body.get("proofs")
    if proofs is None:
        if "proof" in body:
            raise invalid("send proofs (OpenID4VCI 1.0); the singular proof is not supported")
        raise invalid("proofs is missing")
    if not isinstance(proofs, dict) or len(proofs) != 1:
        raise invalid("proofs must be an object with exactly one proof type")
    if "jwt" not in proofs:
        raise invalid("only the jwt proof type is supported")
    jwts = proofs["jwt"]
    if not isinstance(jwts, list) or not jwts:
        raise invalid("proofs.jwt must be a non-empty array")
    if len(jwts) > max_proofs:
        raise invalid(f"at most {max_proofs} proof(s) per request")
    if not all(isinstance(t, str) and t for t in jwts):
        raise invalid("every proof must be a JWT string")
    return tuple(jwts)


def parse_credential_request(
    body: bytes,
    *,
    configuration_ids: Collection[str],
    max_proofs: int = 1,
) -> CredentialRequest:
    """Validate a (non-encrypted) credential request body against our configurations.

    ``credential_identifier`` is only shape-checked: whether the access token grants it is
    the flow's question (``unknown_credential_identifier``). ``max_proofs`` is the metadata's
    ``batch_credential_issuance.batch_size`` (1 when not advertised).
    """
    code = ErrorCode.INVALID_CREDENTIAL_REQUEST
    request = _json_object(body, code)
    config_id = _optional_string(request, "credential_configuration_id", code)
    identifier = _optional_string(request, "credential_identifier", code)
    if config_id is not None and identifier is not None:
        raise Oid4vciError(
            code, "send credential_configuration_id or credential_identifier, not both"
        )
    if config_id is None and identifier is None:
        raise Oid4vciError(code, "credential_configuration_id or credential_identifier is missing")
    if config_id is not None and config_id not in configuration_ids:
        raise Oid4vciError(
            ErrorCode.UNKNOWN_CREDENTIAL_CONFIGURATION, "unknown credential configuration"
        )
    if "credential_response_encryption" in request:
        raise Oid4vciError(
            ErrorCode.INVALID_ENCRYPTION_PARAMETERS, "response encryption is not supported"
        )
    return CredentialRequest(
        credential_configuration_id=config_id,
        credential_identifier=identifier,
        proofs=_proofs(request, max_proofs),
    )


# --------------------------------------------------------- notification request (§11.1)


class NotificationEvent(StrEnum):
    CREDENTIAL_ACCEPTED = "credential_accepted"
    CREDENTIAL_FAILURE = "credential_failure"
    CREDENTIAL_DELETED = "credential_deleted"


@dataclass(frozen=True)
class NotificationRequest:
    notification_id: str
    event: NotificationEvent
    event_description: str | None


def _printable_ascii(text: str) -> bool:
    return all(0x20 <= ord(c) <= 0x7E and c not in '"\\' for c in text)


def parse_notification_request(body: bytes) -> NotificationRequest:
    """Validate a notification request; an unknown ``notification_id`` is the flow's to refuse."""
    code = ErrorCode.INVALID_NOTIFICATION_REQUEST
    request = _json_object(body, code)
    notification_id = _optional_string(request, "notification_id", code)
    if notification_id is None:
        raise Oid4vciError(code, "notification_id is missing")
    raw_event = request.get("event")
    if not isinstance(raw_event, str):
        raise Oid4vciError(code, "event is missing")
    try:
        event = NotificationEvent(raw_event)  # case-sensitive
    except ValueError:
        raise Oid4vciError(code, "unknown event") from None
    description = request.get("event_description")
    if description is not None and (
        not isinstance(description, str)
        or len(description) > MAX_EVENT_DESCRIPTION
        or not _printable_ascii(description)
    ):
        raise Oid4vciError(code, "event_description must be printable ASCII")
    return NotificationRequest(notification_id, event, description)
