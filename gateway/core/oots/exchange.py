"""Evidence-provider state as values: exchanges, the outbox, the retry schedule (§3, §6; AS4 §7)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from gateway.core.oots.model import Identifier, NaturalPerson, QueryRequest

#: ebMS ``Action`` of an answer (notes §2): evidence (or none) vs an exception response.
ACTION_RESPONSE: Final = "ExecuteQueryResponse"
ACTION_EXCEPTION: Final = "ExceptionResponse"
#: ``answer`` of an outbox message that is not an EDM error code.
ANSWER_EVIDENCE: Final = "evidence"
ANSWER_NO_EVIDENCE: Final = "no-evidence"


class ExchangeState(StrEnum):
    """Where an exchange is. ``preview_required`` waits for the learner; ``accepted``,
    ``refused``, ``mismatched`` (identity) and ``timed_out`` wait for the second request;
    ``answered`` means the final answer is committed to the outbox."""

    PREVIEW_REQUIRED = "preview_required"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    MISMATCHED = "mismatched"
    TIMED_OUT = "timed_out"
    ANSWERED = "answered"

    @property
    def decided(self) -> bool:
        return self in (self.ACCEPTED, self.REFUSED, self.MISMATCHED, self.TIMED_OUT)


class OutboxState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True)
class Exchange:
    """One evidence request (and, after a preview, its second request) and what became of it.

    ``request_xml`` is the request reduced to what answering needs (``minimal_request``),
    written by the core builder; ``outcome`` is the final answer (``evidence``,
    ``no-evidence`` or an EDM error code).
    """

    id: str
    requester_key: str
    state: ExchangeState
    created_at: datetime
    request_id: str | None = None
    version: str | None = None
    evidence_type: str | None = None
    request_xml: bytes | None = None
    learner_id: int | None = None
    preview_expires_at: datetime | None = None
    followup_request_id: str | None = None
    followup_xml: bytes | None = None
    sources: tuple[str, ...] = ()
    outcome: str | None = None
    decided_at: datetime | None = None
    answered_at: datetime | None = None

    def preview_open(self, now: datetime) -> bool:
        """The learner may still decide."""
        return (
            self.state is ExchangeState.PREVIEW_REQUIRED
            and self.preview_expires_at is not None
            and now < self.preview_expires_at
        )


@dataclass(frozen=True)
class OutboxMessage:
    """An answer committed before delivery; ``body`` is sent unchanged on every attempt."""

    id: str
    exchange_id: str
    response_id: str
    action: str
    answer: str
    endpoint: str
    content_type: str
    body: bytes
    created_at: datetime
    next_attempt_at: datetime
    request_id: str | None = None
    state: OutboxState = OutboxState.PENDING
    attempts: int = 0
    last_status: int | None = None
    last_error: str | None = None
    delivered_at: datetime | None = None


class Verdict(StrEnum):
    """What one delivery attempt means for the message."""

    DELIVERED = "delivered"
    RETRY = "retry"
    REJECTED = "rejected"


#: Statuses after which the same bytes may succeed later (busy, throttled, down).
_TRANSIENT = frozenset({408, 425, 429})


def verdict(status: int | None) -> Verdict:
    """2xx: delivered. No answer (network), 3xx, 5xx, 408/425/429: try again later. Any other
    4xx: the requester refuses this message, and resending the same bytes cannot help."""
    if status is not None and 200 <= status < 300:
        return Verdict.DELIVERED
    if status is None or status >= 500 or status < 400 or status in _TRANSIENT:
        return Verdict.RETRY
    return Verdict.REJECTED


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: ``initial``, doubling per attempt, capped at ``maximum``; the
    message fails after ``max_attempts`` attempts (bounded, so a dead requester is visible)."""

    initial: timedelta
    maximum: timedelta
    max_attempts: int

    def __post_init__(self) -> None:
        if self.initial <= timedelta(0) or self.maximum < self.initial or self.max_attempts < 1:
            raise ValueError("retry: 0 < initial <= maximum and max_attempts >= 1")

    def delay(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed attempt (1-based)."""
        factor: int = 2 ** min(max(attempts - 1, 0), 32)
        delay: timedelta = self.initial * factor
        return min(self.maximum, delay)

    def exhausted(self, attempts: int) -> bool:
        return attempts >= self.max_attempts


def minimal_request(request: QueryRequest) -> QueryRequest:
    """The request without the person data answering does not need: the person keeps the
    minimum data set echoed in ``IsAbout`` (identifier, names, date of birth) and the level
    of assurance; address, birth place, gender, contact data and the 1.1 eIDAS attributes go."""
    person = request.natural_person
    return replace(
        request,
        natural_person=NaturalPerson(
            family_name=person.family_name,
            given_name=person.given_name,
            date_of_birth=person.date_of_birth,
            identifier=person.identifier,
            level_of_assurance=person.level_of_assurance,
        ),
    )


def agent_key(identifier: Identifier) -> str:
    """``<schemeID>:<identifier>``, the form requesters are configured under."""
    value = identifier.value.strip()
    return f"{identifier.scheme_id.strip()}:{value}" if identifier.scheme_id else value


def split_agent_key(key: str) -> Identifier:
    """The inverse of ``agent_key``: the identifier is what follows the last colon."""
    scheme, colon, value = key.strip().rpartition(":")
    if not colon or not scheme or not value:
        raise ValueError(f"{key!r} is not <schemeID>:<identifier>")
    return Identifier(value, scheme)
