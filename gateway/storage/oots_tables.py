"""OOTS evidence-provider state (exchanges, previewed evidence, the delivery outbox) — issue #5.

Nothing of an exchange lives in process memory: any gateway process can take the second
request, show the preview, or deliver (a message is claimed with a lease first). The preview
token is stored only as its SHA-256; of the requested person only the minimum data set is kept.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.core.oots.exchange import ExchangeState, OutboxState
from gateway.storage.tables import Base, UTCDateTime, _enum


class OotsExchangeRow(Base):
    """One evidence request from a configured requester, and its preview, decision and answer."""

    __tablename__ = "oots_exchanges"
    __table_args__ = (UniqueConstraint("requester_key", "request_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the id in our HTTP 202
    requester_key: Mapped[str] = mapped_column(String(512))  # "<schemeID>:<identifier>"
    request_id: Mapped[str | None] = mapped_column(String(64))  # None: unreadable request
    version: Mapped[str | None] = mapped_column(String(16))
    evidence_type: Mapped[str | None] = mapped_column(String(512))  # sr_key spelling
    request_xml: Mapped[bytes | None] = mapped_column(LargeBinary)  # minimal_request, as XML
    state: Mapped[ExchangeState] = mapped_column(_enum(ExchangeState, "oots_exchange_state"))
    outcome: Mapped[str | None] = mapped_column(String(32))
    preview_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # sha256(token)
    preview_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    learner_id: Mapped[int | None] = mapped_column(
        ForeignKey("learners.id", ondelete="SET NULL"), index=True
    )
    followup_request_id: Mapped[str | None] = mapped_column(String(64))
    followup_xml: Mapped[bytes | None] = mapped_column(LargeBinary)
    sources: Mapped[str | None] = mapped_column(Text)  # JSON list of the chosen source keys
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OotsSourceRow(Base):
    """Results the learner previewed for an exchange: our own, or a verified EMREX import."""

    __tablename__ = "oots_sources"
    __table_args__ = (UniqueConstraint("exchange_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exchange_id: Mapped[str] = mapped_column(
        ForeignKey("oots_exchanges.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(32))  # "local" or "import-<id>"
    label: Mapped[str] = mapped_column(String(300))
    elmo_xml: Mapped[bytes] = mapped_column(LargeBinary)  # the signed ELMO the files come from
    issuing_date: Mapped[date] = mapped_column(Date)
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OotsDocumentRow(Base):
    """One attachment (ELM JSON-LD or PDF) of a source, exactly as it will be sent."""

    __tablename__ = "oots_documents"
    __table_args__ = (UniqueConstraint("source_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("oots_sources.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    registry_object_id: Mapped[str] = mapped_column(String(45))
    evidence_id: Mapped[str] = mapped_column(String(36))
    content_id: Mapped[str] = mapped_column(String(128))
    media_type: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    conforms_to: Mapped[str | None] = mapped_column(String(512))
    language: Mapped[str | None] = mapped_column(String(8))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class OotsOutboxRow(Base):
    """An answer committed before delivery, and how delivering it went.

    ``lease_until``/``lease_owner`` is a process's claim while it delivers; a claim is taken
    with a conditional UPDATE, so two processes never deliver the same message at once.
    """

    __tablename__ = "oots_outbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # message id
    exchange_id: Mapped[str] = mapped_column(
        ForeignKey("oots_exchanges.id", ondelete="CASCADE"), index=True
    )
    request_id: Mapped[str | None] = mapped_column(String(64))
    response_id: Mapped[str] = mapped_column(String(36), unique=True)
    action: Mapped[str] = mapped_column(String(32))
    answer: Mapped[str] = mapped_column(String(32))
    endpoint: Mapped[str] = mapped_column(String(2048))
    content_type: Mapped[str] = mapped_column(String(256))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[OutboxState] = mapped_column(_enum(OutboxState, "oots_outbox_state"))
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
