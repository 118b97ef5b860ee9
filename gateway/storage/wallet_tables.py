"""Wallet-bridge state (OpenID4VCI 1.0 §3.5, §6–§11): offers, datasets, tokens, nonces, issuance.

Every secret (offer reference, pre-authorized code, transaction code, access token, c_nonce) is
stored only as a SHA-256 hash (the transaction code as an HMAC keyed with the pre-authorized
code, so a copy of the database cannot be brute-forced back to it). Single-use values carry a
``used_at``/``issued_at`` column that the repository sets with a conditional UPDATE.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gateway.storage.tables import Base, UTCDateTime, _enum


class OfferSource(StrEnum):
    OWN = "own"  # the learner's results in our store, signed by us when the offer is made
    IMPORT = "import"  # an ELMO fetched through the EMREX client, kept as received


class WalletEvent(StrEnum):
    """Notification events (OpenID4VCI §11.1), stored without the ``credential_`` prefix."""

    ACCEPTED = "accepted"
    FAILURE = "failure"
    DELETED = "deleted"


class WalletOfferRow(Base):
    """One credential offer: a pre-authorized code for the datasets listed under it."""

    __tablename__ = "wallet_offers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # public, in learner URLs
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # credential_offer_uri
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)  # pre-authorized_code
    tx_code_hash: Mapped[str | None] = mapped_column(String(64))
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[OfferSource] = mapped_column(_enum(OfferSource, "wallet_offer_source"))
    selection: Mapped[str | None] = mapped_column(Text)  # JSON result ids (before 0005)
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("external_imports.id", ondelete="CASCADE")
    )  # offers made before 0005; a dataset now names its import itself
    failed_attempts: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WalletDatasetRow(Base):
    """One Credential Dataset of an offer: what one credential of one configuration is about."""

    __tablename__ = "wallet_datasets"
    __table_args__ = (UniqueConstraint("offer_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[str] = mapped_column(ForeignKey("wallet_offers.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # 1-based; credential_identifier <prefix>-<n>
    configuration: Mapped[str] = mapped_column(String(64))  # credential configuration id
    subject: Mapped[str] = mapped_column(Text)  # the kind's JSON: which report/result/course …
    title: Mapped[str] = mapped_column(String(300))  # shown to the learner
    document: Mapped[bytes | None] = mapped_column(LargeBinary)  # a signed ELMO made for it
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("external_imports.id", ondelete="CASCADE")
    )  # or: the signed ELMO of this EMREX client import, kept there as received
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WalletAccessTokenRow(Base):
    """An access token from the token endpoint, valid for one offer's datasets."""

    __tablename__ = "wallet_access_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    offer_id: Mapped[str] = mapped_column(
        ForeignKey("wallet_offers.id", ondelete="CASCADE"), index=True
    )
    identifiers: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="identifiers_bool")
    )  # credential_identifiers were returned: the wallet must use them (§8.2)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WalletNonceRow(Base):
    """A c_nonce from the nonce endpoint (§7); consumed by one credential request."""

    __tablename__ = "wallet_nonces"

    nonce_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WalletCredentialRow(Base):
    """A credential issued to a wallet (what the learner sees, and the notification handle)."""

    __tablename__ = "wallet_credentials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notification_id: Mapped[str] = mapped_column(String(64), unique=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("wallet_datasets.id", ondelete="CASCADE"), unique=True
    )
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    configuration: Mapped[str] = mapped_column(String(64))
    holder_thumbprint: Mapped[str] = mapped_column(String(64))  # RFC 7638, of cnf.jwk
    credential_sha256: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WalletNotificationRow(Base):
    """A wallet issuance callback (§11): accepted, failure or deleted, as the wallet said."""

    __tablename__ = "wallet_notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    credential_id: Mapped[int] = mapped_column(
        ForeignKey("wallet_credentials.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[WalletEvent] = mapped_column(_enum(WalletEvent, "wallet_event"))
    description: Mapped[str | None] = mapped_column(String(1000))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
