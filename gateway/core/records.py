"""Student records: institutions, learners, opportunities, results and Swedish grading scales."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final


class OpportunityKind(StrEnum):
    """Ladok's structures; the ELMO LOS type each maps to is in ``elmo_type``."""

    PROGRAMME = "programme"
    COURSE = "course"
    MODULE = "module"  # Ladok "modul": part of a course, the lowest graded unit

    @property
    def elmo_type(self) -> str:
        # Ladok modul → ELMO "Class" (ELMO "Module" means a group of courses).
        return _ELMO_TYPES[self]


class StudyLevel(StrEnum):
    """The three Swedish cycles; EQF level and the deprecated ELMO credit level follow."""

    FIRST_CYCLE = "grundniva"
    SECOND_CYCLE = "avancerad"
    THIRD_CYCLE = "forskarniva"

    @property
    def eqf(self) -> int:
        return _EQF_LEVELS[self]

    @property
    def elmo_credit_level(self) -> str:
        return _ELMO_CREDIT_LEVELS[self]

    @property
    def label_sv(self) -> str:
        return {
            "grundniva": "Grundnivå",
            "avancerad": "Avancerad nivå",
            "forskarniva": "Forskarnivå",
        }[self.value]

    @property
    def label_en(self) -> str:
        return {
            "grundniva": "First cycle",
            "avancerad": "Second cycle",
            "forskarniva": "Third cycle",
        }[self.value]


# Looked up per result on every export: plain dicts, keyed by the (str-valued) members.
_ELMO_TYPES: dict[str, str] = {
    "programme": "Degree Programme",
    "course": "Course",
    "module": "Class",
}
_EQF_LEVELS: dict[str, int] = {"grundniva": 6, "avancerad": 7, "forskarniva": 8}
_ELMO_CREDIT_LEVELS: dict[str, str] = {
    "grundniva": "Bachelor",
    "avancerad": "Master",
    "forskarniva": "PhD",
}


class ResultStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    IN_PROGRESS = "in-progress"
    # Annulled ("makulerat") by a formal decision: kept as recorded, delivered nowhere.
    ANNULLED = "annulled"


@dataclass(frozen=True)
class Grade:
    label: str
    passing: bool
    description_sv: str
    description_en: str


@dataclass(frozen=True)
class GradingScale:
    """A grading scale as used on a transcript (e.g. Ladok ``UV`` = U/G/VG)."""

    code: str
    name_sv: str
    name_en: str
    grades: tuple[Grade, ...]

    def grade(self, label: str) -> Grade | None:
        return next((g for g in self.grades if g.label == label), None)

    @property
    def description_sv(self) -> str:
        steps = ", ".join(f"{g.label} = {g.description_sv}" for g in self.grades)
        return f"{self.name_sv}: {steps}"

    @property
    def description_en(self) -> str:
        steps = ", ".join(f"{g.label} = {g.description_en}" for g in self.grades)
        return f"{self.name_en}: {steps}"


@dataclass(frozen=True)
class Institution:
    schac: str
    name_sv: str
    name_en: str
    country: str
    url: str
    erasmus: str | None = None
    pic: str | None = None


@dataclass(frozen=True)
class Learner:
    national_id: str
    given_names: str
    family_name: str
    birth_date: date
    citizenship: str | None = None
    gender: int | None = None  # ISO/IEC 5218: 0 unknown, 1 male, 2 female, 9 not applicable
    esi: str | None = None


@dataclass(frozen=True)
class AcademicTerm:
    code: str  # e.g. "HT2019"
    name_sv: str
    name_en: str
    start: date
    end: date


@dataclass(frozen=True)
class Opportunity:
    """A learning opportunity of one institution (programme, course or module)."""

    institution: str  # schac code
    code: str
    kind: OpportunityKind
    title_sv: str
    title_en: str
    level: StudyLevel | None
    credits: Decimal | None  # högskolepoäng (hp); 1 hp = 1 ECTS
    isced_f: str | None = None
    language: str | None = None  # ISO 639-1
    parent_code: str | None = None


@dataclass(frozen=True)
class Result:
    """A learner's result on one opportunity; ``id`` is stable and used for selection."""

    id: int
    opportunity: Opportunity
    status: ResultStatus
    date: date | None
    term: AcademicTerm | None
    grade: str | None
    scale: GradingScale | None
    credits: Decimal | None

    @property
    def is_finished(self) -> bool:
        return self.status is ResultStatus.PASSED


@dataclass(frozen=True)
class ResultNode:
    """A result with the results on the opportunity's parts below it."""

    result: Result
    parts: tuple[ResultNode, ...] = ()

    def walk(self) -> Iterator[ResultNode]:
        yield self
        for part in self.parts:
            yield from part.walk()


@dataclass(frozen=True)
class InstitutionTranscript:
    institution: Institution
    roots: tuple[ResultNode, ...]

    def results(self) -> Iterator[Result]:
        for root in self.roots:
            for node in root.walk():
                yield node.result


@dataclass(frozen=True)
class Transcript:
    """What one learner has, grouped institution → programme → course → module."""

    learner: Learner
    institutions: tuple[InstitutionTranscript, ...] = field(default=())

    def results(self) -> Iterator[Result]:
        for inst in self.institutions:
            yield from inst.results()

    def select(self, result_ids: Iterable[int]) -> Transcript:
        """Keep the chosen results, and their ancestors as the structure that holds them."""
        wanted = set(result_ids)
        institutions = []
        for inst in self.institutions:
            roots = tuple(n for n in (_prune(r, wanted) for r in inst.roots) if n is not None)
            if roots:
                institutions.append(InstitutionTranscript(inst.institution, roots))
        return Transcript(self.learner, tuple(institutions))

    def finished_only(self) -> Transcript:
        """Only passed results (what a contact point offers by default)."""
        return self.select(r.id for r in self.results() if r.is_finished)


def _prune(node: ResultNode, wanted: set[int]) -> ResultNode | None:
    parts = tuple(p for p in (_prune(c, wanted) for c in node.parts) if p is not None)
    if node.result.id in wanted or parts:
        return ResultNode(node.result, parts)
    return None


def build_transcript(
    learner: Learner, institutions: Iterable[Institution], results: Iterable[Result]
) -> Transcript:
    """Arrange flat results into trees by the opportunities' parent codes."""
    by_inst: dict[str, list[Result]] = {}
    for result in results:
        by_inst.setdefault(result.opportunity.institution, []).append(result)
    transcripts = []
    for inst in sorted(institutions, key=lambda i: i.schac):
        inst_results = sorted(by_inst.get(inst.schac, []), key=_result_order)
        if not inst_results:
            continue
        codes = {r.opportunity.code for r in inst_results}
        children: dict[str | None, list[Result]] = {}
        for r in inst_results:
            parent = r.opportunity.parent_code if r.opportunity.parent_code in codes else None
            children.setdefault(parent, []).append(r)

        def node(r: Result, _children: dict[str | None, list[Result]] = children) -> ResultNode:
            return ResultNode(r, tuple(node(c) for c in _children.get(r.opportunity.code, [])))

        transcripts.append(
            InstitutionTranscript(inst, tuple(node(r) for r in children.get(None, [])))
        )
    return Transcript(learner, tuple(transcripts))


_KIND_RANK: Final = {
    OpportunityKind.PROGRAMME: 0,
    OpportunityKind.COURSE: 1,
    OpportunityKind.MODULE: 2,
}


def _result_order(result: Result) -> tuple[int, date, str]:
    """Programmes, then courses, then modules; each by date (undated last), then code."""
    opportunity = result.opportunity
    return (_KIND_RANK[opportunity.kind], result.date or date.max, opportunity.code)
