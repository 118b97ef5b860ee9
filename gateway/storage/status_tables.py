"""Credential status tables (Token Status List, issue #15): our lists, each credential's entry,
the records it carried (with the values it carried) and its revocation (who, why, when).

A list keeps its last signed token with the time of the bit change it reflects, so any gateway
process can tell from the database alone whether the token must be signed again.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.storage.tables import Base, UTCDateTime, _enum


class CredentialState(StrEnum):
    """An entry's status (Token Status List §7.1: VALID 0, INVALID 1, SUSPENDED 2)."""

    VALID = "valid"
    REVOKED = "revoked"
    SUSPENDED = "suspended"


class RevocationCause(StrEnum):
    IMPORT = "import"  # a records import changed what the credential carried
    LEARNER = "learner"  # the learner, on My transfers (lost phone)
    OPERATOR = "operator"  # `gateway wallet status --revoke`


class CarriedKind(StrEnum):
    RESULT = "result"
    DEGREE = "degree"


class StatusListRow(Base):
    """One published status list: ``GET /status/{name}``."""

    __tablename__ = "status_lists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)  # random, public, in the URI
    size: Mapped[int] = mapped_column(Integer)
    bits: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the last bit change
    token: Mapped[str | None] = mapped_column(Text)  # the last signed status list token
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    token_reflects: Mapped[datetime | None] = mapped_column(UTCDateTime())  # changed_at then


class CredentialStatusRow(Base):
    """The status entry of one wallet credential (reserved for its dataset before signing)."""

    __tablename__ = "credential_status"
    __table_args__ = (UniqueConstraint("list_id", "idx"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("status_lists.id"))
    idx: Mapped[int] = mapped_column(Integer)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("wallet_datasets.id", ondelete="CASCADE"), unique=True
    )
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    configuration: Mapped[str] = mapped_column(String(64))  # the kind's configuration id
    state: Mapped[CredentialState] = mapped_column(_enum(CredentialState, "credential_state"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by: Mapped[RevocationCause | None] = mapped_column(
        _enum(RevocationCause, "revocation_cause")
    )
    revoked_actor: Mapped[str | None] = mapped_column(String(200))  # file, operator, "learner"
    revocation_reason: Mapped[str | None] = mapped_column(String(1000))


class CarriedRecordRow(Base):
    """A result or degree a credential carries, with the values it carried (to detect changes)."""

    __tablename__ = "credential_records"
    __table_args__ = (UniqueConstraint("status_id", "record_kind", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status_id: Mapped[int] = mapped_column(
        ForeignKey("credential_status.id", ondelete="CASCADE"), index=True
    )
    record_kind: Mapped[CarriedKind] = mapped_column(_enum(CarriedKind, "carried_kind"))
    record_id: Mapped[int] = mapped_column(Integer, index=True)
    carried: Mapped[str] = mapped_column(String(500))  # the values, readable ("VG, 7.5 hp …")
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of the values
