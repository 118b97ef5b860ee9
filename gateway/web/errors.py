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
