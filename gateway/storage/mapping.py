"""Mapping between table rows and ``core.records`` values, and small helpers of the upserts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final, TypeVar

from gateway.core.importing import ImportedLearner, KindCounts
from gateway.core.records import (
    AcademicTerm,
    Grade,
    GradingScale,
    Institution,
    Learner,
    Opportunity,
    Result,
    Transcript,
    build_transcript,
)
from gateway.storage.tables import (
    Base,
    GradeRow,
    GradingScaleRow,
    InstitutionRow,
    LearnerRow,
    OpportunityRow,
    ResultRow,
    TermRow,
)

T = TypeVar("T")
# Keys per IN list: far below SQLite's 32766 bound parameters and PostgreSQL's 65535.
CHUNK = 500


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def institution_of(row: InstitutionRow) -> Institution:
    return Institution(
        row.schac, row.name_sv, row.name_en, row.country, row.url, row.erasmus, row.pic
    )


def learner_of(row: LearnerRow) -> Learner:
    return Learner(
        national_id=row.national_id,
        given_names=row.given_names,
        family_name=row.family_name,
        birth_date=row.birth_date,
        citizenship=row.citizenship,
        gender=row.gender,
        esi=row.esi,
    )


#: One grade step of a scale, as ``Grade`` takes them after the position.
_GRADE_COLUMNS: Final = (
    GradeRow.position,
    GradeRow.label,
    GradeRow.passing,
    GradeRow.description_sv,
    GradeRow.description_en,
)
#: The columns of the scales read (a scale outer-joined to its grades), for ``scales_of``.
SCALE_COLUMNS: Final = (
    GradingScaleRow.id,
    GradingScaleRow.code,
    GradingScaleRow.name_sv,
    GradingScaleRow.name_en,
    *_GRADE_COLUMNS,
)
_LEARNER_COLUMNS: Final = (  # the fields of ``Learner``
    LearnerRow.national_id,
    LearnerRow.given_names,
    LearnerRow.family_name,
    LearnerRow.birth_date,
    LearnerRow.citizenship,
    LearnerRow.gender,
    LearnerRow.esi,
)
_RESULT_COLUMNS: Final = (  # what ``transcript_of`` unpacks
    ResultRow.id,
    ResultRow.status,
    ResultRow.result_date,
    ResultRow.grade,
    ResultRow.scale_id,
    ResultRow.credits,
)
_INSTITUTION_COLUMNS: Final = (  # the fields of ``Institution``
    InstitutionRow.schac,
    InstitutionRow.name_sv,
    InstitutionRow.name_en,
    InstitutionRow.country,
    InstitutionRow.url,
    InstitutionRow.erasmus,
    InstitutionRow.pic,
)
_OPPORTUNITY_COLUMNS: Final = (  # the fields of ``Opportunity`` after its institution
    OpportunityRow.code,
    OpportunityRow.kind,
    OpportunityRow.title_sv,
    OpportunityRow.title_en,
    OpportunityRow.level,
    OpportunityRow.credits,
    OpportunityRow.isced_f,
    OpportunityRow.language,
    OpportunityRow.parent_code,
)
_TERM_COLUMNS: Final = (  # the fields of ``AcademicTerm``
    TermRow.code,
    TermRow.name_sv,
    TermRow.name_en,
    TermRow.start_date,
    TermRow.end_date,
)
_GROUPS: Final = (
    _LEARNER_COLUMNS,
    _RESULT_COLUMNS,
    _INSTITUTION_COLUMNS,
    _OPPORTUNITY_COLUMNS,
    _TERM_COLUMNS,
    SCALE_COLUMNS,
)
#: The columns of the transcript read, for ``transcript_of``: a learner outer-joined to their
#: results, each with its opportunity, institution, term and scale, and a scale's grades on
#: the rows of the first result that uses the scale.
TRANSCRIPT_COLUMNS: Final = tuple(column for group in _GROUPS for column in group)


def _slices(sizes: Iterable[int]) -> list[slice]:
    at, found = 0, []
    for size in sizes:
        found.append(slice(at, at + size))
        at += size
    return found


_LEARNER, _RESULT, _INSTITUTION, _OPPORTUNITY, _TERM, _SCALE = _slices(map(len, _GROUPS))


def transcript_of(rows: Sequence[Sequence[Any]]) -> Transcript:
    """The transcript from rows of ``TRANSCRIPT_COLUMNS`` (at least one: the learner's).

    A learner without results comes as one row whose result columns are all NULL; a result
    whose scale's grades are on its rows comes once per grade step.
    """
    scales = scales_of(row[_SCALE] for row in rows if row[_SCALE.start] is not None)
    learner = Learner(*rows[0][_LEARNER])
    institutions: dict[str, Institution] = {}
    terms: dict[str, AcademicTerm] = {}
    results: dict[int, Result] = {}
    for row in rows:
        result_id, status, day, grade, scale_id, credits = row[_RESULT]
        if result_id is None or result_id in results:
            continue
        schac = row[_INSTITUTION.start]
        if schac not in institutions:
            institutions[schac] = Institution(*row[_INSTITUTION])
        term = None
        if (term_code := row[_TERM.start]) is not None:
            term = terms.get(term_code)
            if term is None:
                term = terms[term_code] = AcademicTerm(*row[_TERM])
        results[result_id] = Result(
            result_id,
            Opportunity(schac, *row[_OPPORTUNITY]),
            status,
            day,
            term,
            grade,
            None if scale_id is None else scales[scale_id],
            credits,
        )
    return build_transcript(learner, institutions.values(), results.values())


def scales_of(rows: Iterable[Sequence[Any]]) -> dict[int, GradingScale]:
    """Scales by row id from rows of ``SCALE_COLUMNS``; grades in the order of their position.

    A row without a grade (NULL position) only names its scale.
    """
    heads: dict[int, tuple[str, str, str]] = {}
    steps: dict[int, list[tuple[int, Grade]]] = {}
    for scale_id, code, name_sv, name_en, position, *grade in rows:
        if scale_id not in heads:
            heads[scale_id] = (code, name_sv, name_en)
            steps[scale_id] = []
        if position is not None:
            steps[scale_id].append((position, Grade(*grade)))
    return {
        sid: GradingScale(*head, tuple(g for _, g in sorted(steps[sid], key=lambda s: s[0])))
        for sid, head in heads.items()
    }


def institution_values(i: Institution) -> dict[str, Any]:
    return {
        "schac": i.schac,
        "name_sv": i.name_sv,
        "name_en": i.name_en,
        "country": i.country,
        "url": i.url,
        "erasmus": i.erasmus,
        "pic": i.pic,
    }


def learner_values(x: ImportedLearner) -> dict[str, Any]:
    learner = x.learner
    return {
        "national_id": learner.national_id,
        "id_country": x.id_country,
        "given_names": learner.given_names,
        "family_name": learner.family_name,
        "birth_date": learner.birth_date,
        "citizenship": learner.citizenship,
        "gender": learner.gender,
        "esi": learner.esi,
    }


def term_values(t: AcademicTerm) -> dict[str, Any]:
    return {
        "code": t.code,
        "name_sv": t.name_sv,
        "name_en": t.name_en,
        "start_date": t.start,
        "end_date": t.end,
    }


def opportunity_values(o: Opportunity, institution_id: int) -> dict[str, Any]:
    return {
        "institution_id": institution_id,
        "code": o.code,
        "kind": o.kind,
        "title_sv": o.title_sv,
        "title_en": o.title_en,
        "level": o.level,
        "isced_f": o.isced_f,
        "credits": o.credits,
        "language": o.language,
        "parent_code": o.parent_code,
    }


def apply(row: Base, values: dict[str, Any]) -> bool:
    """Set the values that differ; whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


class Counter:
    def __init__(self) -> None:
        self.inserted = self.updated = self.unchanged = 0

    def count(self, *, inserted: bool = False, changed: bool = False) -> None:
        if inserted:
            self.inserted += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1

    def result(self) -> KindCounts:
        return KindCounts(self.inserted, self.updated, self.unchanged)


def grade_rows(scale: GradingScale, scale_id: int | None = None) -> list[GradeRow]:
    rows = [
        GradeRow(
            position=position,
            label=g.label,
            passing=g.passing,
            description_sv=g.description_sv,
            description_en=g.description_en,
        )
        for position, g in enumerate(scale.grades)
    ]
    if scale_id is not None:
        for row in rows:
            row.scale_id = scale_id
    return rows
