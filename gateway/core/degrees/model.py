"""A degree (examen) as imported and as stored, its documents, and its included results (§6.1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from gateway.core.records import Institution, Learner, Result, ResultNode, StudyLevel

MAX_PDF_BYTES = 4 * 1024 * 1024
"""Largest certificate or Diploma Supplement PDF an import may give: two of them, base64 in a
data URI, stay well inside the default ``[elmo] max_xml_bytes`` of an exported ELMO."""
PDF_MAGIC = b"%PDF-"


class DegreeKind(StrEnum):
    """The kinds of qualification of the Swedish Higher Education Ordinance, Annex 2."""

    GENERAL = "general"
    PROFESSIONAL = "professional"
    FINE_ARTS = "fine-arts"
    RESEARCH = "research"

    @property
    def label_sv(self) -> str:
        return _KIND_LABELS[self.value][0]

    @property
    def label_en(self) -> str:
        return _KIND_LABELS[self.value][1]


_KIND_LABELS: dict[str, tuple[str, str]] = {
    "general": ("Generell examen", "General qualification"),
    "professional": ("Yrkesexamen", "Professional qualification"),
    "fine-arts": ("Konstnärlig examen", "Qualification in the fine, applied and performing arts"),
    "research": ("Examen på forskarnivå", "Third-cycle (research) qualification"),
}


class DegreeStatus(StrEnum):
    """``withdrawn``: the degree decision was revoked; it is offered nowhere."""

    AWARDED = "awarded"
    WITHDRAWN = "withdrawn"


class DocumentKind(StrEnum):
    """The two documents of a degree: the certificate (examensbevis) and the Diploma Supplement."""

    CERTIFICATE = "certificate"
    SUPPLEMENT = "supplement"


@dataclass(frozen=True)
class DegreeRecord:
    """A degree as an import file states it: by natural keys (institution + ``code``)."""

    national_id: str
    institution: str
    code: str
    kind: DegreeKind
    title_sv: str
    title_en: str
    level: StudyLevel
    credits: Decimal  # the exact scope in hp (1 hp = 1 ECTS)
    date: dt.date  # the day the requirements were met
    issue_date: dt.date
    status: DegreeStatus
    included: tuple[str, ...]  # opportunity codes of the same institution
    main_field_sv: str | None = None
    main_field_en: str | None = None
    isced_f: str | None = None
    language: str | None = None  # ISO 639-1, the single language of instruction
    certificate_pdf: str | None = None  # path relative to the import file
    supplement_pdf: str | None = None

    def document_paths(self) -> dict[DocumentKind, str]:
        paths = {DocumentKind.CERTIFICATE: self.certificate_pdf}
        paths[DocumentKind.SUPPLEMENT] = self.supplement_pdf
        return {kind: path for kind, path in paths.items() if path is not None}


@dataclass(frozen=True)
class DegreeStatusChange:
    """A stored degree whose status an import changed (``withdrawn`` must revoke credentials)."""

    degree_id: int
    institution: str
    code: str
    before: DegreeStatus
    after: DegreeStatus

    def __str__(self) -> str:
        return f"{self.institution} {self.code} {self.before.value} → {self.after.value}"


@dataclass(frozen=True)
class Degree:
    """A stored degree; ``supplied`` maps each document the institution gave to its sha256."""

    id: int
    institution: Institution
    national_id: str
    code: str
    kind: DegreeKind
    title_sv: str
    title_en: str
    level: StudyLevel
    credits: Decimal
    date: dt.date
    issue_date: dt.date
    status: DegreeStatus
    included: tuple[str, ...]
    main_field_sv: str | None = None
    main_field_en: str | None = None
    isced_f: str | None = None
    language: str | None = None
    supplied: tuple[tuple[DocumentKind, str], ...] = ()

    @property
    def awarded(self) -> bool:
        return self.status is DegreeStatus.AWARDED

    @property
    def eqf(self) -> int:
        """First cycle → 6 (the 120-hp högskoleexamen too), second → 7, third → 8 (notes §4.5)."""
        return self.level.eqf

    def title(self, lang: str) -> str:
        return self.title_sv if lang == "sv" else self.title_en

    def main_field(self, lang: str) -> str | None:
        return self.main_field_sv if lang == "sv" else self.main_field_en


@dataclass(frozen=True)
class DegreeDocument:
    """A PDF of a degree: the institution's own file, sent unchanged, or one we rendered."""

    kind: DocumentKind
    data: bytes
    lang: str | None  # None: the institution's file (its language is not recorded)
    supplied: bool


@dataclass(frozen=True)
class AwardedDegree:
    """A degree with the learner and the included results (each with its passed parts)."""

    degree: Degree
    learner: Learner
    parts: tuple[ResultNode, ...]

    def results(self) -> Iterator[Result]:
        for part in self.parts:
            for node in part.walk():
                yield node.result

    def result_ids(self) -> frozenset[int]:
        return frozenset(r.id for r in self.results())


ResultKey = tuple[str, str, str]  # (national id, institution schac, opportunity code)


@dataclass(frozen=True)
class StoredPass:
    """A stored passed result, as far as a degree's check needs it."""

    credits: Decimal | None
    date: dt.date | None


@dataclass(frozen=True)
class DegreeFacts:
    """What the database holds that the degrees of a batch, or its results, touch."""

    passed: Mapping[ResultKey, StoredPass] = field(default_factory=dict)
    holders: Mapping[tuple[str, str], str] = field(default_factory=dict)  # degree → national id
    # a stored awarded degree's included results → that degree's code
    included_in: Mapping[ResultKey, str] = field(default_factory=dict)
