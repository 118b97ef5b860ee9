"""THE mapping of GatewayError families to HTTP statuses (and, per surface, protocol codes)."""

from __future__ import annotations

from aiohttp import web

from gateway import errors
from gateway.core.emrex import ReturnCode
from gateway.core.oid4vci.errors import Oid4vciError
from gateway.core.oots.codes import INVALID_REQUEST, EdmErrorCode
from gateway.core.oots.request import EdmRequestError
from gateway.flows.elmo.export import NothingToExport

# Most specific first: the first matching family decides.
HTTP_STATUS: tuple[tuple[type[errors.GatewayError], int], ...] = (
    (errors.PayloadTooLarge, 413),
    (errors.UnsupportedMediaType, 415),
    (errors.RequestTimeout, 408),
    (errors.ImportSyntaxError, 400),  # the integration API: not JSON at all
    (errors.ImportFileError, 422),  # … JSON the importer refused (record and field named)
    (errors.IdempotencyKeyReused, 422),
    (errors.InvalidInput, 400),
    (errors.SignatureInvalid, 400),
    (errors.AuthenticationRequired, 401),
    (errors.Forbidden, 403),
    (errors.NotFound, 404),
    (errors.Expired, 410),
    (errors.Replayed, 409),
    (errors.PeerError, 502),
    (errors.ConfigError, 500),
)


def http_status(error: errors.GatewayError) -> int:
    if isinstance(error, Oid4vciError):  # before its InvalidInput family: OAuth statuses
        return error.http_status
    for family, status in HTTP_STATUS:
        if isinstance(error, family):
            return status
    return 500


# EMREX contact point: why no results could be sent → (returnCode, returnMessage). The message
# goes to the client and is shown to the learner there: safe text only, details stay in our log.
EMREX_RETURN: tuple[tuple[type[Exception], ReturnCode, str], ...] = (
    (NothingToExport, ReturnCode.NO_RESULTS, "There are no results to send."),
    (
        errors.Expired,
        ReturnCode.ERROR,
        "The transfer request expired before the learner completed it.",
    ),
)
EMREX_FALLBACK = (
    ReturnCode.ERROR,
    "The contact point could not produce the results. Please try again later.",
)


def emrex_return(error: BaseException) -> tuple[ReturnCode, str]:
    for family, code, message in EMREX_RETURN:
        if isinstance(error, family):
            return code, message
    return EMREX_FALLBACK


def protocol_error_response(error: errors.GatewayError) -> web.Response | None:
    """The wire form of a protocol error (OAuth 2.0 / OpenID4VCI JSON), or None for a page.

    RFC 6749 §5.2, RFC 6750 §3 and OpenID4VCI §6.3, §8.3.1, §11.3: a JSON body with ``error``
    and ``error_description``, never cached, with ``WWW-Authenticate`` on 401/403.
    """
    if isinstance(error, Oid4vciError):
        headers = {"Cache-Control": "no-store"}
        challenge = error.www_authenticate()
        if challenge is not None:
            headers["WWW-Authenticate"] = challenge
        return web.json_response(error.body(), status=error.http_status, headers=headers)
    return None


# OOTS evidence provider, refusals on the POST /oots/query connection (HTTP status above + this
# EDM error as the body): a request that cannot be read (400), is too large (413) or comes from
# a requester we do not answer (403). Everything addressable is answered through the outbox
# instead, with the code its EdmRequestError (core) or the provider's decision names.
EDM_CODE: tuple[tuple[type[errors.GatewayError], EdmErrorCode], ...] = (
    (errors.InvalidInput, INVALID_REQUEST),
    (errors.Forbidden, INVALID_REQUEST),
)


def edm_code(error: errors.GatewayError) -> EdmErrorCode | None:
    """The EDM error a refused evidence request gets; None: not a refusal (HTTP 500)."""
    if isinstance(error, EdmRequestError):
        return error.edm
    for family, code in EDM_CODE:
        if isinstance(error, family):
            return code
    return None


# The integration API (/api/v1, issue #16): RFC 9457 problem details with an ``error`` code
# (the codes and their statuses are listed in the OpenAPI document, core/api/openapi.py).
API_ERROR: tuple[tuple[type[errors.GatewayError], str], ...] = (
    (errors.PayloadTooLarge, "payload_too_large"),
    (errors.UnsupportedMediaType, "unsupported_media_type"),
    (errors.RequestTimeout, "request_timeout"),
    (errors.ImportSyntaxError, "malformed_json"),
    (errors.ImportFileError, "invalid_records"),
    (errors.IdempotencyKeyReused, "idempotency_key_reused"),
    (errors.InvalidInput, "invalid_request"),
    (errors.AuthenticationRequired, "unauthorized"),
    (errors.Forbidden, "insufficient_scope"),
    (errors.NotFound, "not_found"),
)
API_HTTP_ERROR = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}
API_PREFIX = "/api/"


def is_api_request(request: web.Request) -> bool:
    return request.path.startswith(API_PREFIX)


def api_problem(error: errors.GatewayError | web.HTTPException | None) -> web.Response:
    """The problem+json answer of the integration API to ``error`` (None: an internal error).

    401 carries ``WWW-Authenticate: Bearer`` (RFC 6750 §3); 408 and 413 close the connection,
    whose unread body is not worth draining.
    """
    status, code, detail = 500, "internal_error", "An internal error occurred; nothing was written."
    extra: dict[str, str | None] = {}
    if isinstance(error, web.HTTPException):
        status = error.status
        code = API_HTTP_ERROR.get(status, "invalid_request" if status < 500 else code)
        detail = error.reason
    elif error is not None:
        status = http_status(error)
        code = next((c for family, c in API_ERROR if isinstance(error, family)), code)
        detail = error.message
        if isinstance(error, errors.ImportFileError):
            extra = {"record": error.record, "field": error.field}
    body = {
        "type": f"urn:emrex-gateway:api:{code}",
        "title": code.replace("_", " "),
        "status": status,
        "detail": detail,
        "error": code,
        **extra,
    }
    headers = {"Cache-Control": "no-store"}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="emrex-gateway", error="invalid_token"'
    response = web.json_response(
        body, status=status, headers=headers, content_type="application/problem+json"
    )
    if status in (408, 413):
        response.force_close()
    return response
