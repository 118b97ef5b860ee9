"""The ELMO 1.7 document model (frozen values; element names and order per the v1.7.0 XSD)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

ELMO_NS = "https://github.com/emrex-eu/elmo-schemas/tree/v1"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
XML_NS = "http://www.w3.org/XML/1998/namespace"

LOS_TYPES = ("Degree Programme", "Module", "Course", "Class")
STATUSES = ("passed", "failed", "in-progress")
ATTACHMENT_TYPES = (
    "Diploma",
    "Diploma Supplement",
    "Transcript of Records",
    "EMREX transcript",
    "Micro Credential",
    "Letter of Nomination",
    "Certificate of Training",
    "Learning Agreement",
    "Other",
)


@dataclass(frozen=True)
class Text:
    """A string with an optional ``xml:lang`` (ELMO's *WithOptionalLang types)."""

    value: str
    lang: str | None = None


@dataclass(frozen=True)
class Identifier:
    type: str
    value: str


@dataclass(frozen=True)
class Learner:
    given_names: str
    family_name: str
    identifiers: tuple[Identifier, ...] = ()
    citizenship: str | None = None
    bday: date | None = None
    place_of_birth: str | None = None
    birth_name: str | None = None
    gender: int | None = None

    def identifier(self, type_: str) -> str | None:
        return next((i.value for i in self.identifiers if i.type == type_), None)


@dataclass(frozen=True)
class Issuer:
    identifiers: tuple[Identifier, ...]
    titles: tuple[Text, ...]
    url: str
    country: str | None = None

    def identifier(self, type_: str) -> str | None:
        return next((i.value for i in self.identifiers if i.type == type_), None)


@dataclass(frozen=True)
class GradingScheme:
    local_id: str
    descriptions: tuple[Text, ...] = ()


@dataclass(frozen=True)
class AcademicTerm:
    titles: tuple[Text, ...]
    start: date
    end: date


@dataclass(frozen=True)
class Credit:
    scheme: str
    value: Decimal | None = None
    level: str | None = None  # deprecated Bachelor/Master/PhD, still read by v1 clients


@dataclass(frozen=True)
class Level:
    type: str
    value: str | None = None
    description: Text | None = None


@dataclass(frozen=True)
class LearningOpportunityInstance:
    identifiers: tuple[Identifier, ...] = ()
    start: date | None = None
    date: date | None = None
    academic_term: AcademicTerm | None = None
    status: str | None = None
    grading_scheme_local_id: str | None = None
    result_label: str | None = None
    credits: tuple[Credit, ...] = ()
    levels: tuple[Level, ...] = ()
    language_of_instruction: str | None = None
    engagement_hours: Decimal | None = None
    attachment_refs: tuple[str, ...] = ()  # attachments/ref → attachment/identifier internal

    def ects(self) -> Decimal | None:
        """The ECTS value, comparing the scheme case-insensitively (peers send ``ECTS``)."""
        return next(
            (c.value for c in self.credits if c.scheme.lower() == "ects" and c.value is not None),
            None,
        )


@dataclass(frozen=True)
class LearningOpportunitySpecification:
    titles: tuple[Text, ...]
    instance: LearningOpportunityInstance
    identifiers: tuple[Identifier, ...] = ()
    type: str | None = None
    subject_area: str | None = None
    isced_code: str | None = None
    url: str | None = None
    descriptions: tuple[Text, ...] = ()
    has_part: tuple[LearningOpportunitySpecification, ...] = ()

    def walk(self) -> tuple[LearningOpportunitySpecification, ...]:
        """This specification and every part below it, depth first."""
        found: list[LearningOpportunitySpecification] = [self]
        for part in self.has_part:
            found.extend(part.walk())
        return tuple(found)

    def identifier(self, type_: str) -> str | None:
        return next((i.value for i in self.identifiers if i.type == type_), None)


@dataclass(frozen=True)
class Attachment:
    identifiers: tuple[Identifier, ...] = ()
    titles: tuple[Text, ...] = ()
    type: str | None = None
    descriptions: tuple[Text, ...] = ()
    contents: tuple[Text, ...] = ()  # data URIs, e.g. "data:application/pdf;base64,…"


@dataclass(frozen=True)
class Report:
    issuer: Issuer
    issue_date: datetime
    opportunities: tuple[LearningOpportunitySpecification, ...] = ()
    grading_schemes: tuple[GradingScheme, ...] = ()
    attachments: tuple[Attachment, ...] = ()

    def specifications(self) -> tuple[LearningOpportunitySpecification, ...]:
        found: list[LearningOpportunitySpecification] = []
        for los in self.opportunities:
            found.extend(los.walk())
        return tuple(found)


@dataclass(frozen=True)
class Elmo:
    generated_date: datetime
    learner: Learner
    reports: tuple[Report, ...]
    attachments: tuple[Attachment, ...] = ()

    def specifications(self) -> tuple[LearningOpportunitySpecification, ...]:
        return tuple(los for report in self.reports for los in report.specifications())

    def ects_total(self) -> Decimal:
        """Sum of ECTS over every specification (ELMO puts ECTS on one node per branch)."""
        total = Decimal(0)
        for los in self.specifications():
            value = los.instance.ects()
            if value is not None:
                total += value
        return total
