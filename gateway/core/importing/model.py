"""The values an import works with: batch, known records, plan and summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar

from gateway.core.degrees.model import DegreeFacts, DegreeRecord, DegreeStatusChange
from gateway.core.records import (
    AcademicTerm,
    GradingScale,
    Institution,
    Learner,
    Opportunity,
    OpportunityKind,
    ResultStatus,
)
from gateway.core.syllabus import QualityAssurance, Syllabus
from gateway.errors import ImportFileError

FORMAT = "emrex-gateway/records"
VERSION = 1

# Longest accepted values; the storage columns are sized from these.
MAX_SCHAC = 253
MAX_NAME = 300
MAX_TITLE = 500
MAX_URL = 500
MAX_CODE = 64
MAX_NATIONAL_ID = 64
MAX_ESI = 255
MAX_ERASMUS = 32
MAX_SCALE_CODE = 16
MAX_GRADE = 8
MAX_TERM_CODE = 16
MAX_DESCRIPTION = 300
MAX_CREDITS = Decimal("99999.9")
MAX_OUTCOME = 1000  # one learning outcome
MAX_OUTCOMES = 50  # per language and opportunity
MAX_REQUIREMENTS = 2000  # entry requirements, per language
MAX_QUALITY_ASSURANCE = 10  # entries per institution

T = TypeVar("T")


class ImportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


def format_for(file_name: str) -> ImportFormat:
    """The format a file's suffix names (``.json`` or ``.csv``, any case)."""
    lowered = file_name.lower()
    for fmt in ImportFormat:
        if lowered.endswith("." + fmt.value):
            return fmt
    raise ImportFileError(file_name, None, None, "unknown file type: name it *.json or *.csv")


@dataclass(frozen=True)
class Located(Generic[T]):
    """A value and where in the file it came from (``results[3]``, ``line 5``)."""

    where: str
    value: T


@dataclass(frozen=True)
class ImportedLearner:
    """A learner and the country that issued their national identifier."""

    learner: Learner
    id_country: str


@dataclass(frozen=True)
class ResultRecord:
    """A result as a file states it: by natural keys."""

    national_id: str
    institution: str
    opportunity: str
    status: ResultStatus
    date: date | None = None
    term: str | None = None
    grade: str | None = None
    scale: str | None = None
    credits: Decimal | None = None


@dataclass(frozen=True)
class OpportunitySyllabus:
    """The syllabus fields of one opportunity record (empty when the record states none)."""

    institution: str
    code: str
    syllabus: Syllabus


@dataclass(frozen=True)
class InstitutionQuality:
    """The ``quality_assurance`` of one institution record (empty when it states none)."""

    institution: str
    entries: tuple[QualityAssurance, ...]


@dataclass(frozen=True)
class ImportBatch:
    """Everything one file defines, checked on its own."""

    file: str
    institutions: tuple[Located[Institution], ...] = ()
    grading_scales: tuple[Located[GradingScale], ...] = ()
    terms: tuple[Located[AcademicTerm], ...] = ()
    learners: tuple[Located[ImportedLearner], ...] = ()
    opportunities: tuple[Located[Opportunity], ...] = ()
    results: tuple[Located[ResultRecord], ...] = ()
    # One per opportunity / institution record, from the same record.
    syllabi: tuple[Located[OpportunitySyllabus], ...] = ()
    quality_assurance: tuple[Located[InstitutionQuality], ...] = ()
    degrees: tuple[Located[DegreeRecord], ...] = ()

    def institution_codes(self) -> set[str]:
        """Every institution the file defines or refers to."""
        return (
            {i.value.schac for i in self.institutions}
            | {o.value.institution for o in self.opportunities}
            | {r.value.institution for r in self.results}
            | {d.value.institution for d in self.degrees}
        )

    def national_ids(self) -> set[str]:
        return (
            {x.value.learner.national_id for x in self.learners}
            | {r.value.national_id for r in self.results}
            | {d.value.national_id for d in self.degrees}
        )

    def term_codes(self) -> set[str]:
        return {t.value.code for t in self.terms} | {
            r.value.term for r in self.results if r.value.term is not None
        }

    def scale_codes(self) -> set[str]:
        return {s.value.code for s in self.grading_scales} | {
            r.value.scale for r in self.results if r.value.scale is not None
        }


@dataclass(frozen=True)
class OpportunityRef:
    """What validation needs to know about a stored opportunity."""

    kind: OpportunityKind
    parent_code: str | None
    credits: Decimal | None


@dataclass(frozen=True)
class KnownRecords:
    """What the database already holds, as far as a batch refers to it."""

    institutions: frozenset[str] = frozenset()
    learners: frozenset[str] = frozenset()
    opportunities: Mapping[tuple[str, str], OpportunityRef] = field(default_factory=dict)
    scales: Mapping[str, GradingScale] = field(default_factory=dict)
    terms: frozenset[str] = frozenset()
    # scale code → grade labels stored results use (a scale may not lose them)
    used_labels: Mapping[str, frozenset[str]] = field(default_factory=dict)
    degrees: DegreeFacts = field(default_factory=DegreeFacts)  # what the degrees touch


@dataclass(frozen=True)
class ImportPlan:
    """What to write, in order; every reference resolves to the file or the database."""

    file: str
    institutions: tuple[Institution, ...]
    grading_scales: tuple[GradingScale, ...]
    terms: tuple[AcademicTerm, ...]
    learners: tuple[ImportedLearner, ...]
    opportunities: tuple[Opportunity, ...]  # parents before their parts
    results: tuple[ResultRecord, ...]
    syllabi: tuple[OpportunitySyllabus, ...] = ()
    quality_assurance: tuple[InstitutionQuality, ...] = ()
    degrees: tuple[DegreeRecord, ...] = ()


@dataclass(frozen=True)
class KindCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged"


@dataclass(frozen=True)
class ImportSummary:
    """What one import did, per kind of record."""

    file: str
    institutions: KindCounts = KindCounts()
    grading_scales: KindCounts = KindCounts()
    terms: KindCounts = KindCounts()
    learners: KindCounts = KindCounts()
    opportunities: KindCounts = KindCounts()
    results: KindCounts = KindCounts()
    # Counted per opportunity / institution whose syllabus or quality assurance is stated or
    # was stored: inserted (none before), updated (changed or cleared), unchanged.
    syllabi: KindCounts = KindCounts()
    quality_assurance: KindCounts = KindCounts()
    degrees: KindCounts = KindCounts()
    # stored degrees whose status changed (a withdrawn one must have its credentials revoked)
    degree_status_changes: tuple[DegreeStatusChange, ...] = ()
    # wallet credentials revoked because this import changed a result or degree they carried
    credentials_revoked: int = 0

    def kinds(self) -> tuple[tuple[str, KindCounts], ...]:
        counts = ((f.name, getattr(self, f.name)) for f in fields(self))
        return tuple((name, c) for name, c in counts if isinstance(c, KindCounts))

    @property
    def inserted(self) -> int:
        return sum(c.inserted for _, c in self.kinds())

    @property
    def updated(self) -> int:
        return sum(c.updated for _, c in self.kinds())

    @property
    def changed(self) -> bool:
        return self.inserted + self.updated > 0

    def describe(self) -> str:
        """One line for people: ``institutions: 1 inserted, 0 updated, 0 unchanged; …``."""
        line = "; ".join(f"{name.replace('_', ' ')}: {counts}" for name, counts in self.kinds())
        if self.degree_status_changes:
            line += "; degree status changed: " + ", ".join(map(str, self.degree_status_changes))
        if self.credentials_revoked:
            line += f"; wallet credentials revoked: {self.credentials_revoked}"
        return line

    def __str__(self) -> str:
        return f"{self.file}: {self.describe()}"
