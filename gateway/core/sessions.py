"""Protocol state as values: browser sessions, EMREX requests, client sessions, disclosures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class BrowserSession:
    """A browser's login state; ``key`` hashes the cookie token (the token is never stored)."""

    key: str
    csrf_token: str
    expires_at: datetime
    learner_id: int | None = None
    national_id: str | None = None
    auth_method: str | None = None

    @property
    def logged_in(self) -> bool:
        return self.learner_id is not None


@dataclass(frozen=True)
class ContactPointRequest:
    """A request received by our contact point, from ``POST /emrex`` to the answer."""

    id: str
    session_id: str
    return_url: str
    state: str
    created_at: datetime
    expires_at: datetime
    browser_session: str | None = None
    learner_id: int | None = None
    selection: tuple[int, ...] | None = None
    return_code: str | None = None
    degree_selection: tuple[int, ...] = ()  # the chosen degrees (their results go under them)

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


@dataclass(frozen=True)
class DisclosedItem:
    institution: str
    code: str
    title: str
    grade: str | None = None
    credits: str | None = None


@dataclass(frozen=True)
class Disclosure:
    """One entry of the learner's "My transfers": what was sent, to whom, when, how."""

    id: int
    channel: str
    recipient: str
    items: tuple[DisclosedItem, ...]
    document_sha256: str
    created_at: datetime


@dataclass(frozen=True)
class ClientSession:
    """A fetch our EMREX client started towards a foreign contact point."""

    id: int
    session_id: str
    learner_id: int
    contact_point: str
    contact_point_url: str
    state: str
    created_at: datetime
    expires_at: datetime
    return_code: str | None = None
    outcome: str | None = None
    returned_at: datetime | None = None
    import_id: int | None = None
    message: str | None = None
    next_url: str | None = None

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


@dataclass(frozen=True)
class ExternalResult:
    depth: int
    issuer: str
    title: str
    issuer_schac: str | None = None
    code: str | None = None
    kind: str | None = None
    date: date | None = None
    status: str | None = None
    grade: str | None = None
    ects: Decimal | None = None


@dataclass(frozen=True)
class ExternalImport:
    """Verified results received from a foreign contact point (the signed ELMO kept as is)."""

    id: int
    contact_point: str
    contact_point_url: str
    certificate_sha256: str
    signature_algorithm: str
    received_at: datetime
    report_count: int
    result_count: int
    ects_total: Decimal
    results: tuple[ExternalResult, ...] = ()
