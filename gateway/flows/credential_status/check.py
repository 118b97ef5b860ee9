"""Checking a credential's status (Token Status List §8 validation rules; HAIP 1.0 §6.1).

``check_status`` is the one entry point a verifier calls, after the credential itself passed:
it fetches the status list token the ``status.status_list`` claim names (https only, timeout,
size cap, no redirects), validates it (``x5c`` to a configured trust anchor, ``sub`` = ``uri``,
not expired), caches it for its ``ttl`` and reads the entry. Every failure becomes an outcome
with a stable reason; an unreachable list is accepted or rejected by ``[status] unreachable``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Final, Literal

from cryptography import x509

from gateway.core.keys import load_certificates
from gateway.core.statuslist import (
    STATUS_LIST_MEDIA_TYPE,
    StatusListError,
    StatusListToken,
    StatusReference,
    StatusValue,
    parse_status_claim,
    validate_status_list_token,
)
from gateway.errors import ConfigError, PeerError
from gateway.flows.transport import HttpTransport
from gateway.settings import Settings

State = Literal["valid", "revoked", "suspended", "unreachable", "invalid"]
MAX_CACHED_LISTS: Final = 256


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class StatusOutcome:
    """What a status check found; ``accepted`` is the verdict under the configured policy.

    ``reason`` is a stable code for the stored outcome and the operators' log (``status_valid``,
    ``status_revoked``, ``status_suspended``, ``status_list_unreachable``, or why the list or the
    reference was refused, e.g. ``status_list_sub_mismatch``, ``x5c_no_path_to_trust_anchor``).
    """

    state: State
    reason: str
    uri: str | None
    idx: int | None
    accepted: bool
    checked_at: dt.datetime
    detail: str | None = None


@dataclass(frozen=True)
class StatusPolicy:
    """How status lists are checked: trust anchors, limits, caching, the unreachable rule."""

    trust_anchors: tuple[x509.Certificate, ...]
    accept_unreachable: bool = False
    fetch_timeout_seconds: float = 5.0
    max_token_bytes: int = 1024 * 1024
    max_list_bytes: int = 16 * 1024 * 1024
    default_cache_seconds: int = 300
    max_cache_seconds: int = 86_400
    allow_http_loopback: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> StatusPolicy:
        """``[status]``; no ``trust_anchors`` means our own CA (``[signing] ca_cert``)."""
        section = settings.status
        paths = section.trust_anchors or (settings.signing.ca_cert,)
        anchors: list[x509.Certificate] = []
        for path in paths:
            try:
                anchors.extend(load_certificates(path.read_bytes()))
            except OSError as exc:
                raise ConfigError(
                    f"[status] trust anchor {path} cannot be read: {exc.strerror}"
                ) from None
        if not anchors:
            raise ConfigError("[status] trust_anchors hold no certificate")
        return cls(
            trust_anchors=tuple(anchors),
            accept_unreachable=section.unreachable == "accept",
            fetch_timeout_seconds=section.fetch_timeout_seconds,
            max_token_bytes=section.max_token_bytes,
            max_list_bytes=section.max_list_bytes,
            default_cache_seconds=section.default_cache_seconds,
            max_cache_seconds=section.max_cache_seconds,
            allow_http_loopback=section.allow_http_loopback and settings.gateway.is_development,
        )


class _Unreachable(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class _Cached:
    token: StatusListToken
    fresh_until: dt.datetime


class StatusListClient:
    """Fetches, validates and caches status list tokens (one per process; the cache is public
    data, so keeping it in memory shares no protocol state between workers)."""

    def __init__(
        self,
        transport: HttpTransport,
        policy: StatusPolicy,
        *,
        clock: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        self.transport = transport
        self.policy = policy
        self.clock = clock
        self._cache: OrderedDict[str, _Cached] = OrderedDict()
        self._locks: dict[str, asyncio.Lock] = {}
        self.fetches = 0
        """Network fetches made (tests and metrics: the cache is observable)."""

    async def status_list(self, uri: str) -> StatusListToken:
        """The validated token at ``uri``, from the cache while its ``ttl`` lasts.

        Raises StatusListError for a token that does not validate, _Unreachable for the network.
        """
        lock = self._locks.setdefault(uri, asyncio.Lock())
        try:
            return await self._locked_status_list(uri, lock)
        finally:
            if uri not in self._cache:  # refused or unreachable: keep no lock for it
                self._locks.pop(uri, None)

    async def _locked_status_list(self, uri: str, lock: asyncio.Lock) -> StatusListToken:
        async with lock:
            now = self.clock()
            cached = self._cache.get(uri)
            if cached is not None and now < cached.fresh_until:
                self._cache.move_to_end(uri)
                return cached.token
            token = validate_status_list_token(
                await self._fetch(uri),
                uri=uri,
                trust_anchors=self.policy.trust_anchors,
                at=now,
                max_token_bytes=self.policy.max_token_bytes,
                max_list_bytes=self.policy.max_list_bytes,
            )
            self._remember(uri, token, now)
            return token

    def _remember(self, uri: str, token: StatusListToken, now: dt.datetime) -> None:
        seconds = token.ttl_seconds or self.policy.default_cache_seconds
        fresh_until = now + dt.timedelta(seconds=min(seconds, self.policy.max_cache_seconds))
        if token.expires_at is not None:
            fresh_until = min(fresh_until, token.expires_at)
        self._cache[uri] = _Cached(token, fresh_until)
        self._cache.move_to_end(uri)
        while len(self._cache) > MAX_CACHED_LISTS:
            oldest, _ = self._cache.popitem(last=False)
            self._locks.pop(oldest, None)

    async def _fetch(self, uri: str) -> str:
        self.fetches += 1
        try:
            reply = await self.transport.get(
                uri,
                headers={"Accept": STATUS_LIST_MEDIA_TYPE},
                timeout_s=self.policy.fetch_timeout_seconds,
                max_bytes=self.policy.max_token_bytes,
            )
        except PeerError as exc:
            raise _Unreachable("status_list_unreachable", exc.message) from None
        if reply.status != 200:
            raise _Unreachable("status_list_unreachable", f"HTTP {reply.status}")
        try:
            return reply.body.decode("ascii").strip()
        except UnicodeDecodeError:
            raise StatusListError(
                "status_list_malformed", "status list token is not ASCII"
            ) from None


_STATES: Final[dict[int, State]] = {
    StatusValue.VALID: "valid",
    StatusValue.INVALID: "revoked",
    StatusValue.SUSPENDED: "suspended",
}


async def check_status(
    status_claim: Mapping[str, object] | object,
    *,
    client: StatusListClient,
    issuer: str | None = None,
) -> StatusOutcome:
    """The status of the credential whose ``status`` claim is ``status_claim``.

    ``issuer``: the credential's ``iss``, if any; a status list token that names another
    ``iss`` is refused. Never raises for anything the credential or the list did wrong.
    """
    now = client.clock()
    reference: StatusReference | None = None
    try:
        reference = parse_status_claim(
            status_claim, allow_http_loopback=client.policy.allow_http_loopback
        )
        token = await client.status_list(reference.uri)
        if issuer is not None and token.issuer is not None and token.issuer != issuer:
            raise StatusListError("status_list_iss_mismatch", "status list iss is not the issuer")
        value = token.statuses.get(reference.idx)
    except _Unreachable as exc:
        return _outcome(
            "unreachable", exc.reason, reference, client.policy.accept_unreachable, now, exc.detail
        )
    except StatusListError as exc:
        return _outcome("invalid", exc.reason, reference, False, now, exc.message)
    state = _STATES.get(value)
    if state is None:
        return _outcome("invalid", "status_value_unknown", reference, False, now, f"value {value}")
    return _outcome(state, f"status_{state}", reference, state == "valid", now, None)


def _outcome(
    state: State,
    reason: str,
    reference: StatusReference | None,
    accepted: bool,
    now: dt.datetime,
    detail: str | None,
) -> StatusOutcome:
    return StatusOutcome(
        state=state,
        reason=reason,
        uri=reference.uri if reference else None,
        idx=reference.idx if reference else None,
        accepted=accepted,
        checked_at=now,
        detail=detail,
    )


def trusted(anchors: Collection[x509.Certificate]) -> StatusPolicy:
    """A policy with defaults and the given anchors (tools and tests that build no Settings)."""
    return StatusPolicy(trust_anchors=tuple(anchors))
