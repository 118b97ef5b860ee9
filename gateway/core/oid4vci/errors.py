"""OAuth 2.0 / OpenID4VCI 1.0 error codes with their HTTP status (RFC 6749, RFC 6750, OID4VCI)."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final

from gateway.errors import InvalidInput


class ErrorCode(StrEnum):
    """The ``error`` values the wallet-facing endpoints answer with."""

    # Token endpoint (RFC 6749 §5.2, OID4VCI §6.3; RFC 9396 §5)
    INVALID_REQUEST = "invalid_request"
    INVALID_CLIENT = "invalid_client"
    INVALID_GRANT = "invalid_grant"
    UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type"
    INVALID_AUTHORIZATION_DETAILS = "invalid_authorization_details"
    # Protected resources: credential, deferred and notification endpoints (RFC 6750 §3.1)
    INVALID_TOKEN = "invalid_token"  # noqa: S105 (an error code)
    INSUFFICIENT_SCOPE = "insufficient_scope"
    # Credential endpoint (OID4VCI §8.3.1.2)
    INVALID_CREDENTIAL_REQUEST = "invalid_credential_request"
    UNKNOWN_CREDENTIAL_CONFIGURATION = "unknown_credential_configuration"
    UNKNOWN_CREDENTIAL_IDENTIFIER = "unknown_credential_identifier"
    INVALID_PROOF = "invalid_proof"
    INVALID_NONCE = "invalid_nonce"
    INVALID_ENCRYPTION_PARAMETERS = "invalid_encryption_parameters"
    CREDENTIAL_REQUEST_DENIED = "credential_request_denied"
    # Deferred credential endpoint (OID4VCI §9.3)
    INVALID_TRANSACTION_ID = "invalid_transaction_id"
    # Notification endpoint (OID4VCI §11.3)
    INVALID_NOTIFICATION_ID = "invalid_notification_id"
    INVALID_NOTIFICATION_REQUEST = "invalid_notification_request"


# invalid_client stays 400: RFC 6749 §5.2 makes 401 a MAY that then needs a WWW-Authenticate
# scheme (a MUST only for a client that used the Authorization header); we offer none (anonymous).
HTTP_STATUS: Final[dict[ErrorCode, int]] = {
    **{code: 400 for code in ErrorCode},
    ErrorCode.INVALID_TOKEN: 401,  # RFC 6750 §3.1
    ErrorCode.INSUFFICIENT_SCOPE: 403,  # RFC 6750 §3.1
}

# RFC 6749 / OID4VCI: error_description is ASCII %x20-21 / %x23-5B / %x5D-7E (no '"' or '\').
_NOT_ALLOWED = re.compile(r"[^\x20-\x21\x23-\x5b\x5d-\x7e]")


def safe_description(text: str) -> str:
    """``text`` reduced to the characters an ``error_description`` may contain."""
    return _NOT_ALLOWED.sub("?", text)[:300]


class Oid4vciError(InvalidInput):
    """A protocol error: ``code`` is the wire ``error``, ``message`` the ``error_description``.

    The message never carries personal data, keys, tokens or echoed input; ``detail`` is
    for the log only. web/errors.py must match this class before the InvalidInput family.
    """

    def __init__(self, code: ErrorCode, message: str, *, detail: str | None = None) -> None:
        super().__init__(safe_description(message), detail=detail)
        self.code = code

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self.code]

    def body(self) -> dict[str, str]:
        """The JSON error response body (sent with ``Cache-Control: no-store``)."""
        return {"error": self.code.value, "error_description": self.message}

    def www_authenticate(self) -> str | None:
        """The ``WWW-Authenticate`` value a 401/403 needs (RFC 6750 §3), else None."""
        if self.code in (ErrorCode.INVALID_TOKEN, ErrorCode.INSUFFICIENT_SCOPE):
            return f'Bearer error="{self.code.value}", error_description="{self.message}"'
        return None
