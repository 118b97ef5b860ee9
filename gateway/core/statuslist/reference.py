"""The ``status.status_list`` claim of a Referenced Token (Token Status List §6.1): read, write."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from gateway.core.statuslist.bits import StatusListError

LOOPBACK_HOSTS: Final = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_URI_LENGTH: Final = 2048
MAX_INDEX: Final = 1 << 40
"""Far beyond any list we would fetch; keeps a hostile ``idx`` a small integer."""


@dataclass(frozen=True)
class StatusReference:
    """Where a credential's status is kept: entry ``idx`` of the status list token at ``uri``."""

    idx: int
    uri: str


def check_status_uri(uri: str, *, allow_http_loopback: bool = False) -> str:
    """``uri`` if it is an https URL (or, when allowed, plain http on a loopback host)."""
    if not isinstance(uri, str) or not uri or len(uri) > MAX_URI_LENGTH or not uri.isascii():
        raise StatusListError("status_uri_malformed", "status list uri is not a URL")
    try:
        parts = urlsplit(uri)
        host = parts.hostname
    except ValueError:
        raise StatusListError("status_uri_malformed", "status list uri is not a URL") from None
    if not host or parts.username is not None or parts.password is not None:
        raise StatusListError("status_uri_malformed", "status list uri has no plain host")
    if parts.scheme == "https":
        return uri
    if parts.scheme == "http" and allow_http_loopback and host in LOOPBACK_HOSTS:
        return uri
    raise StatusListError("status_uri_not_https", "status list uri must be https")


def parse_status_claim(
    status: Mapping[str, Any] | Any, *, allow_http_loopback: bool = False
) -> StatusReference:
    """The ``status_list`` reference of a credential's ``status`` claim (idx >= 0, uri https)."""
    if not isinstance(status, Mapping):
        raise StatusListError("status_claim_malformed", "status claim is not an object")
    reference = status.get("status_list")
    if not isinstance(reference, Mapping):
        raise StatusListError("status_claim_malformed", "status claim has no status_list object")
    idx, uri = reference.get("idx"), reference.get("uri")
    if isinstance(idx, bool) or not isinstance(idx, int) or not 0 <= idx < MAX_INDEX:
        raise StatusListError("status_claim_malformed", "status_list idx is not an index")
    if not isinstance(uri, str):
        raise StatusListError("status_claim_malformed", "status_list uri is not a string")
    return StatusReference(
        idx=idx, uri=check_status_uri(uri, allow_http_loopback=allow_http_loopback)
    )


def status_claim(reference: StatusReference) -> dict[str, Any]:
    """The ``status`` claim an issued credential carries (in clear, never selectively disclosed)."""
    return {"status_list": {"idx": reference.idx, "uri": reference.uri}}
