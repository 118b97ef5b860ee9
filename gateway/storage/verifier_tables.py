"""OpenID4VP verifier state (OpenID4VP 1.0 §13.3): one row per presentation transaction.

The transaction keeps everything a later step needs (any worker serves any step): nonce, state,
the ephemeral private encryption key until the response arrived, the DCQL query, and at the
end the outcome with its precise reason code. Secrets handed to browsers (the response code,
the poll secret) are stored as SHA-256 hashes.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.storage.tables import Base, UTCDateTime, _enum


class VerifierStep(StrEnum):
    CREATED = "created"  # the QR code / link was shown
    FETCHED = "fetched"  # the wallet fetched the request object (once)
    ANSWERED = "answered"  # a response arrived and was judged (outcome says how)


class VerifierTransactionRow(Base):
    __tablename__ = "verifier_transactions"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)  # the request_uri's id
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    browser_key: Mapped[str] = mapped_column(String(64))  # the session that started it
    poll_hash: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(64), unique=True)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(String(300))
    response_mode: Mapped[str] = mapped_column(String(16))
    same_device: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="same_device_bool")
    )
    dcql_query: Mapped[str] = mapped_column(Text)
    encryption_key: Mapped[str | None] = mapped_column(Text)  # private JWK; gone once answered
    encryption_kid: Mapped[str] = mapped_column(String(64))
    step: Mapped[VerifierStep] = mapped_column(_enum(VerifierStep, "verifier_step"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    response_code_hash: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str | None] = mapped_column(String(16))  # verified | refused | declined
    reason: Mapped[str | None] = mapped_column(String(48))  # core.oid4vp.reasons.Reason
    detail: Mapped[str | None] = mapped_column(Text)  # for operators; never personal data
    vct: Mapped[str | None] = mapped_column(String(300))
    issuer: Mapped[str | None] = mapped_column(String(2048))
    chain_subject: Mapped[str | None] = mapped_column(String(1024))
    status_result: Mapped[str | None] = mapped_column(String(32))
    credential_sha256: Mapped[str | None] = mapped_column(String(64))
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("external_imports.id", ondelete="SET NULL")
    )


class VerifiedCredentialRow(Base):
    """A credential verified for a learner once: a second presentation finds its import."""

    __tablename__ = "verified_credentials"
    __table_args__ = (UniqueConstraint("learner_id", "credential_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    credential_sha256: Mapped[str] = mapped_column(String(64))
    import_id: Mapped[int] = mapped_column(ForeignKey("external_imports.id", ondelete="CASCADE"))
    vct: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(2048))
    chain_subject: Mapped[str] = mapped_column(String(1024))
    status_result: Mapped[str] = mapped_column(String(32))
    verified_at: Mapped[datetime] = mapped_column(UTCDateTime())
    report_index: Mapped[int | None] = mapped_column(Integer)  # of the signed ELMO, 0-based


class EmrexWalletChoiceRow(Base):
    """Verified wallet results a learner chose to send in an EMREX answer (contact point)."""

    __tablename__ = "emrex_wallet_choices"

    request_id: Mapped[str] = mapped_column(
        ForeignKey("emrex_requests.id", ondelete="CASCADE"), primary_key=True
    )
    credential_id: Mapped[int] = mapped_column(
        ForeignKey("verified_credentials.id", ondelete="CASCADE"), primary_key=True
    )
