"""The syllabus and quality-assurance tables: micro-credential data beside the results store.

A syllabus belongs to one opportunity (``syllabi``, keyed by the opportunity), with its learning
outcomes (one row each, Swedish and English side by side) and forms of assessment in order;
quality assurance entries belong to an institution, in order. Nothing here is written for an
opportunity or institution whose import states none. Deleting the owner deletes the rows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.core.importing import model as limits
from gateway.core.syllabus import AssessmentType, Participation, QualityAssuranceType
from gateway.storage.tables import Base, Credits, _enum


def _codes(cls: type[StrEnum], name: str) -> Enum:
    """Wide enough for the longest kebab-case code (``problem-based-learning``)."""
    return _enum(cls, name, length=32)


class SyllabusRow(Base):
    """The single-valued syllabus fields of one opportunity."""

    __tablename__ = "syllabi"

    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), primary_key=True
    )
    participation: Mapped[Participation | None] = mapped_column(
        _codes(Participation, "syllabus_participation")
    )
    entry_requirements_sv: Mapped[str | None] = mapped_column(String(limits.MAX_REQUIREMENTS))
    entry_requirements_en: Mapped[str | None] = mapped_column(String(limits.MAX_REQUIREMENTS))
    workload_hours: Mapped[Decimal | None] = mapped_column(Credits)


class LearningOutcomeRow(Base):
    """One learning outcome of a syllabus; ``position`` 0 comes first."""

    __tablename__ = "learning_outcomes"
    __table_args__ = (
        UniqueConstraint("opportunity_id", "position"),
        CheckConstraint("text_sv IS NOT NULL OR text_en IS NOT NULL", name="some_text"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("syllabi.opportunity_id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    text_sv: Mapped[str | None] = mapped_column(String(limits.MAX_OUTCOME))
    text_en: Mapped[str | None] = mapped_column(String(limits.MAX_OUTCOME))


class AssessmentRow(Base):
    """One form of assessment of a syllabus; ``position`` 0 is the main one."""

    __tablename__ = "syllabus_assessments"
    __table_args__ = (
        UniqueConstraint("opportunity_id", "position"),
        UniqueConstraint("opportunity_id", "assessment"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("syllabi.opportunity_id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    assessment: Mapped[AssessmentType] = mapped_column(
        _codes(AssessmentType, "syllabus_assessment_type")
    )


class QualityAssuranceRow(Base):
    """One quality assurance entry of an institution; ``position`` 0 comes first."""

    __tablename__ = "quality_assurances"
    __table_args__ = (UniqueConstraint("institution_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[QualityAssuranceType] = mapped_column(
        _codes(QualityAssuranceType, "quality_assurance_type")
    )
    agent_name_sv: Mapped[str] = mapped_column(String(limits.MAX_NAME))
    agent_name_en: Mapped[str] = mapped_column(String(limits.MAX_NAME))
    agent_country: Mapped[str] = mapped_column(String(2))
    agent_url: Mapped[str | None] = mapped_column(String(limits.MAX_URL))
    title_en: Mapped[str] = mapped_column(String(limits.MAX_TITLE))
    decision_date: Mapped[date | None] = mapped_column(Date)
    report_url: Mapped[str | None] = mapped_column(String(limits.MAX_URL))
