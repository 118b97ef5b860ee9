"""The degree tables: awarded degrees (examen), their included results, the institutions' PDFs.

A degree belongs to one learner and is keyed by its institution and the institution's degree
``code``; ``degree_parts`` lists the opportunities whose passed results make it up, in the
order the import gave; ``degree_documents`` keeps the certificate and Diploma Supplement PDFs an
institution supplied, with their SHA-256, to be sent unchanged.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gateway.core.degrees.model import DegreeKind, DegreeStatus, DocumentKind
from gateway.core.importing import model as limits
from gateway.core.records import StudyLevel
from gateway.storage.tables import Base, Credits, UTCDateTime, _enum


class DegreeRow(Base):
    __tablename__ = "degrees"
    __table_args__ = (
        UniqueConstraint("institution_id", "code"),
        CheckConstraint("credits > 0", name="credits_positive"),
        CheckConstraint("issue_date >= requirements_met", name="issued_after_met"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(limits.MAX_CODE))
    kind: Mapped[DegreeKind] = mapped_column(_enum(DegreeKind, "degree_kind"))
    title_sv: Mapped[str] = mapped_column(String(limits.MAX_TITLE))
    title_en: Mapped[str] = mapped_column(String(limits.MAX_TITLE))
    main_field_sv: Mapped[str | None] = mapped_column(String(limits.MAX_TITLE))
    main_field_en: Mapped[str | None] = mapped_column(String(limits.MAX_TITLE))
    level: Mapped[StudyLevel] = mapped_column(_enum(StudyLevel, "degree_level"))
    credits: Mapped[Decimal] = mapped_column(Credits)
    requirements_met: Mapped[date] = mapped_column(Date)
    issue_date: Mapped[date] = mapped_column(Date)
    status: Mapped[DegreeStatus] = mapped_column(_enum(DegreeStatus, "degree_status"))
    isced_f: Mapped[str | None] = mapped_column(String(4))
    language: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DegreePartRow(Base):
    """One included opportunity of a degree (the learner's passed result on it counts)."""

    __tablename__ = "degree_parts"
    __table_args__ = (
        UniqueConstraint("degree_id", "position"),
        UniqueConstraint("degree_id", "opportunity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    degree_id: Mapped[int] = mapped_column(ForeignKey("degrees.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunities.id"), index=True)


class DegreeDocumentRow(Base):
    """A PDF the institution supplied for a degree, sent unchanged."""

    __tablename__ = "degree_documents"
    __table_args__ = (UniqueConstraint("degree_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    degree_id: Mapped[int] = mapped_column(ForeignKey("degrees.id", ondelete="CASCADE"))
    kind: Mapped[DocumentKind] = mapped_column(_enum(DocumentKind, "degree_document_kind"))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
