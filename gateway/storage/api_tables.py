"""Integration-API state (issue #16): clients, remembered idempotent answers, the merits feed.

A client's secret is stored only as its SHA-256 (gateway.core.api.clients). The feed's ``id``
is its cursor: rows are appended under one lock per database held until commit
(``storage.api.append_merit``), so ids become visible in the order they were allocated.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.storage.tables import Base, UTCDateTime


class ApiClientRow(Base):
    """A registered API client: its name, key id, secret hash, scopes, optional certificate pin."""

    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[str] = mapped_column(String(256))  # space-separated, as OAuth writes them
    certificate_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ApiIdempotencyRow(Base):
    """The first answer to a client's ``Idempotency-Key``, with the SHA-256 of its request."""

    __tablename__ = "api_idempotency"
    __table_args__ = (UniqueConstraint("client_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(
        ForeignKey("api_clients.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(255))
    request_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    answer: Mapped[str] = mapped_column(Text)  # JSON: counts only, never personal data
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class MeritRow(Base):
    """One entry of the merits feed: a result set verified for a learner, from one source."""

    __tablename__ = "api_merits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    source_kind: Mapped[str] = mapped_column(String(16))
    external_import_id: Mapped[int | None] = mapped_column(
        ForeignKey("external_imports.id", ondelete="CASCADE"), unique=True
    )
    verified_at: Mapped[datetime] = mapped_column(UTCDateTime())
    body: Mapped[str] = mapped_column(Text)  # JSON: source, verification, flat results
    document: Mapped[bytes] = mapped_column(LargeBinary)  # the signed document as received
