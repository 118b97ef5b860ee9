"""EMREX protocol state: browser sessions, EMREX requests, client sessions, imports, disclosures.

Everything a step of a flow needs lives here, never in process memory, so any gateway process
can serve any step. Secrets (cookie tokens) are stored only as SHA-256 hashes.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gateway.storage.tables import Base, UTCDateTime, _enum


class RequestState(StrEnum):
    STARTED = "started"
    SELECTED = "selected"
    ANSWERED = "answered"


class ClientState(StrEnum):
    PENDING = "pending"
    RETURNED = "returned"


class Channel(StrEnum):
    EMREX = "emrex"
    WALLET = "wallet"
    OOTS = "oots"


class BrowserSessionRow(Base):
    """A browser's session: who is logged in and the CSRF token of its forms."""

    __tablename__ = "browser_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256(cookie token)
    learner_id: Mapped[int | None] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    auth_method: Mapped[str | None] = mapped_column(String(16))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class EmrexRequestRow(Base):
    """One EMREX request received by our contact point (sessionId + returnUrl from a client)."""

    __tablename__ = "emrex_requests"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # opaque id in our URLs
    browser_session_id: Mapped[str | None] = mapped_column(
        ForeignKey("browser_sessions.id", ondelete="SET NULL"), index=True
    )
    session_id: Mapped[str] = mapped_column(String(256))
    return_url: Mapped[str] = mapped_column(String(2048))
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    selection: Mapped[str | None] = mapped_column(Text)  # JSON list of result ids
    degree_selection: Mapped[str | None] = mapped_column(Text)  # JSON list of degree ids
    state: Mapped[RequestState] = mapped_column(_enum(RequestState, "request_state"))
    return_code: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DisclosureRow(Base):
    """The audit trail the learner sees: what was sent, to whom, when, through which channel."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "disclosure_channel"))
    recipient: Mapped[str] = mapped_column(String(2048))
    items: Mapped[str] = mapped_column(Text)  # JSON list of what was sent
    document_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ClientSessionRow(Base):
    """One fetch started by our EMREX client towards a foreign contact point."""

    __tablename__ = "client_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(String(64), unique=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    contact_point: Mapped[str] = mapped_column(String(128))
    contact_point_url: Mapped[str] = mapped_column(String(2048))
    state: Mapped[ClientState] = mapped_column(_enum(ClientState, "client_state"))
    return_code: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(String(32))  # flows.client.Outcome
    message: Mapped[str | None] = mapped_column(Text)  # why (refusal) or the peer's message
    next_url: Mapped[str | None] = mapped_column(String(2048))  # local page to go back to
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ExternalImportRow(Base):
    """Verified results received from a contact point, with the signed ELMO kept as received."""

    __tablename__ = "external_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    client_session_id: Mapped[int] = mapped_column(
        ForeignKey("client_sessions.id", ondelete="CASCADE"), unique=True
    )
    contact_point: Mapped[str] = mapped_column(String(128))
    contact_point_url: Mapped[str] = mapped_column(String(2048))
    certificate_sha256: Mapped[str] = mapped_column(String(64))
    signature_algorithm: Mapped[str] = mapped_column(String(128))
    elmo_xml: Mapped[bytes] = mapped_column(LargeBinary)
    report_count: Mapped[int] = mapped_column(Integer)
    result_count: Mapped[int] = mapped_column(Integer)
    ects_total: Mapped[Decimal] = mapped_column(Numeric(8, 1))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ExternalResultRow(Base):
    """One learning opportunity of an external import, flattened (``depth`` keeps the tree)."""

    __tablename__ = "external_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("external_imports.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer)
    issuer: Mapped[str] = mapped_column(String(300))
    issuer_schac: Mapped[str | None] = mapped_column(String(128))
    code: Mapped[str | None] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str | None] = mapped_column(String(32))
    result_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(16))
    grade: Mapped[str | None] = mapped_column(String(64))
    ects: Mapped[Decimal | None] = mapped_column(Numeric(8, 1))


class RegistrySnapshotRow(Base):
    """The last good copy of the EMREX registry (served when a refresh fails)."""

    __tablename__ = "registry_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(2048))
    document: Mapped[bytes] = mapped_column(LargeBinary)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())
