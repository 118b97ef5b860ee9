"""Credential status for a verified presentation (Token Status List, via core/statuslist once
issue #15 is on main): the one place the verifier asks, so wiring it is one line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from gateway.core.oid4vp.reasons import PresentationRefused, Reason
from gateway.flows.services import Services

NO_STATUS: Final = "none"  # the credential names no status list (diplomas may not)
VALID: Final = "valid"
UNCHECKED: Final = "unreachable"


async def credential_status(services: Services, status: Mapping[str, Any] | None) -> str:
    """``none`` without a status list; otherwise the list's verdict, refusing revoked and
    suspended credentials (and unreachable lists unless ``status_unreachable = "accept"``)."""
    if status is None or "status_list" not in status:
        return NO_STATUS
    state = UNCHECKED  # issue #15 (core/statuslist.check_status) is not merged yet
    if state == "revoked":
        raise PresentationRefused(Reason.STATUS_REVOKED, "the credential is revoked")
    if state == "suspended":
        raise PresentationRefused(Reason.STATUS_SUSPENDED, "the credential is suspended")
    if state != VALID and services.settings.verifier.status_unreachable == "reject":
        raise PresentationRefused(Reason.STATUS_UNCHECKED, "the credential status is unknown")
    return state
