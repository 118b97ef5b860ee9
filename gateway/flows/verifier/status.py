"""Credential status for a verified presentation: the one place the verifier asks the Token
Status List check (flows/credential_status, issue #15) and turns its outcome into a verdict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from gateway.core.oid4vp.reasons import PresentationRefused, Reason
from gateway.errors import ConfigError
from gateway.flows.credential_status.check import StatusListClient, check_status

NO_STATUS: Final = "none"  # the credential names no status list (diplomas may not)


async def credential_status(
    client: StatusListClient, status: Mapping[str, Any] | None, issuer: str | None
) -> str:
    """``none`` without ``status.status_list``; else the list's state (``valid``, or
    ``unreachable`` when ``[status] unreachable = "accept"``). Revoked, suspended, an invalid
    list or reference, and (by default) an unreachable list refuse the presentation."""
    if status is None or "status_list" not in status:
        return NO_STATUS
    try:
        outcome = await check_status(status, client=client, issuer=issuer)
    except ConfigError as exc:  # no trust anchor for status lists configured
        raise PresentationRefused(
            Reason.STATUS_UNCHECKED, "the credential status cannot be checked", detail=exc.message
        ) from None
    detail = f"{outcome.reason} {outcome.uri} #{outcome.idx}: {outcome.detail or ''}"[:500]
    if outcome.state == "revoked":
        raise PresentationRefused(Reason.STATUS_REVOKED, "the credential is revoked", detail=detail)
    if outcome.state == "suspended":
        raise PresentationRefused(
            Reason.STATUS_SUSPENDED, "the credential is suspended", detail=detail
        )
    if outcome.state == "invalid":
        raise PresentationRefused(
            Reason.STATUS_INVALID, "the credential status is invalid", detail=detail
        )
    if not outcome.accepted:
        raise PresentationRefused(
            Reason.STATUS_UNCHECKED, "the credential status is unknown", detail=detail
        )
    return outcome.state
