"""The results store's tables (SQLAlchemy 2 ``Mapped[]`` models, portable to SQLite and PostgreSQL).

Constraint names come from one naming convention so that migrations can address them on both
databases. Natural keys (schac, national id, scale code, term code, institution + opportunity
code, learner + opportunity) are unique; surrogate integer ids are what rows refer to. Credits
are ``Numeric(6, 1)`` (hp, 1 hp = 1 ECTS); timestamps are timezone-aware and stored as UTC.
Relationships are ``lazy="raise"``: repositories say what they load.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    UniqueConstraint,
    literal_column,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from gateway.core.importing import model as limits
from gateway.core.records import OpportunityKind, ResultStatus, StudyLevel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored as UTC (SQLite keeps no zone: naive values there mean UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: timestamps must carry a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enum(cls: type[StrEnum], name: str, length: int = 16) -> Enum:
    """A portable enum: VARCHAR plus a named CHECK constraint holding the values."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


Credits = Numeric(6, 1)


class InstitutionRow(Base):
    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schac: Mapped[str] = mapped_column(String(limits.MAX_SCHAC), unique=True)
    erasmus: Mapped[str | None] = mapped_column(String(limits.MAX_ERASMUS))
    pic: Mapped[str | None] = mapped_column(String(9))
    name_sv: Mapped[str] = mapped_column(String(limits.MAX_NAME))
    name_en: Mapped[str] = mapped_column(String(limits.MAX_NAME))
    country: Mapped[str] = mapped_column(String(2))
    url: Mapped[str] = mapped_column(String(limits.MAX_URL))


class LearnerRow(Base):
    __tablename__ = "learners"
    __table_args__ = (CheckConstraint("gender IN (0, 1, 2, 9)", name="gender_iso5218"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    national_id: Mapped[str] = mapped_column(String(limits.MAX_NATIONAL_ID), unique=True)
    id_country: Mapped[str] = mapped_column(String(2))
    esi: Mapped[str | None] = mapped_column(String(limits.MAX_ESI))
    given_names: Mapped[str] = mapped_column(String(limits.MAX_NAME))
    family_name: Mapped[str] = mapped_column(String(limits.MAX_NAME))
    birth_date: Mapped[date] = mapped_column(Date)
    citizenship: Mapped[str | None] = mapped_column(String(2))
    gender: Mapped[int | None] = mapped_column(SmallInteger)


class GradingScaleRow(Base):
    __tablename__ = "grading_scales"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(limits.MAX_SCALE_CODE), unique=True)
    name_sv: Mapped[str] = mapped_column(String(limits.MAX_NAME))
    name_en: Mapped[str] = mapped_column(String(limits.MAX_NAME))

    grades: Mapped[list[GradeRow]] = relationship(
        back_populates="scale",
        lazy="raise",
        order_by="GradeRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class GradeRow(Base):
    """One step of a scale; ``position`` 0 is the best grade."""

    __tablename__ = "grades"
    __table_args__ = (
        UniqueConstraint("scale_id", "position"),
        UniqueConstraint("scale_id", "label"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("grading_scales.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(limits.MAX_GRADE))
    passing: Mapped[bool] = mapped_column(Boolean(create_constraint=True, name="passing_bool"))
    description_sv: Mapped[str] = mapped_column(String(limits.MAX_DESCRIPTION))
    description_en: Mapped[str] = mapped_column(String(limits.MAX_DESCRIPTION))

    scale: Mapped[GradingScaleRow] = relationship(back_populates="grades", lazy="raise")


class TermRow(Base):
    __tablename__ = "academic_terms"
    __table_args__ = (CheckConstraint("start_date <= end_date", name="start_before_end"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(limits.MAX_TERM_CODE), unique=True)
    name_sv: Mapped[str] = mapped_column(String(limits.MAX_NAME))
    name_en: Mapped[str] = mapped_column(String(limits.MAX_NAME))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)


class OpportunityRow(Base):
    """A programme, course or module; its parent is another of the same institution."""

    __tablename__ = "opportunities"
    __table_args__ = (
        UniqueConstraint("institution_id", "code"),
        ForeignKeyConstraint(
            ["institution_id", "parent_code"],
            ["opportunities.institution_id", "opportunities.code"],
            name="fk_opportunities_parent",
        ),
        CheckConstraint("parent_code IS NULL OR parent_code <> code", name="not_own_parent"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    code: Mapped[str] = mapped_column(String(limits.MAX_CODE))
    kind: Mapped[OpportunityKind] = mapped_column(_enum(OpportunityKind, "opportunity_kind"))
    title_sv: Mapped[str] = mapped_column(String(limits.MAX_TITLE))
    title_en: Mapped[str] = mapped_column(String(limits.MAX_TITLE))
    level: Mapped[StudyLevel | None] = mapped_column(_enum(StudyLevel, "study_level"))
    isced_f: Mapped[str | None] = mapped_column(String(4))
    credits: Mapped[Decimal | None] = mapped_column(Credits)
    language: Mapped[str | None] = mapped_column(String(2))
    parent_code: Mapped[str | None] = mapped_column(String(limits.MAX_CODE))

    institution: Mapped[InstitutionRow] = relationship(lazy="raise")


class ResultRow(Base):
    """One learner's result on one opportunity; the grade label is as on the transcript."""

    __tablename__ = "results"
    __table_args__ = (
        UniqueConstraint("learner_id", "opportunity_id"),
        CheckConstraint("grade IS NULL OR scale_id IS NOT NULL", name="grade_has_scale"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunities.id"), index=True)
    status: Mapped[ResultStatus] = mapped_column(_enum(ResultStatus, "result_status"))
    result_date: Mapped[date | None] = mapped_column(Date)
    term_id: Mapped[int | None] = mapped_column(ForeignKey("academic_terms.id"), index=True)
    grade: Mapped[str | None] = mapped_column(String(limits.MAX_GRADE))
    scale_id: Mapped[int | None] = mapped_column(ForeignKey("grading_scales.id"), index=True)
    credits: Mapped[Decimal | None] = mapped_column(Credits)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    learner: Mapped[LearnerRow] = relationship(lazy="raise")
    opportunity: Mapped[OpportunityRow] = relationship(lazy="raise")
    term: Mapped[TermRow | None] = relationship(lazy="raise")
    scale: Mapped[GradingScaleRow | None] = relationship(lazy="raise")


#: The one rule for which stored results leave the gateway (ELMO, ELM, wallet, OOTS, degrees,
#: micro-credentials): an annulled result is kept as recorded but delivered nowhere. A literal,
#: not a bound value, so the fixed transcript select stays keyed by the learner alone.
DELIVERED_RESULT = ResultRow.status != literal_column(f"'{ResultStatus.ANNULLED.value}'")


def table_names() -> list[str]:
    """Every table the metadata defines, in dependency order."""
    return [t.name for t in Base.metadata.sorted_tables]
