"""THE mapping of GatewayError families to HTTP statuses (and, per surface, protocol codes)."""

from __future__ import annotations

from gateway import errors

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
    for family, status in HTTP_STATUS:
        if isinstance(error, family):
            return status
    return 500
