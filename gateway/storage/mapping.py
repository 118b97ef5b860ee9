"""Mapping between table rows and ``core.records`` values, and small helpers of the upserts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from gateway.core.importing import ImportedLearner, KindCounts
from gateway.core.records import (
    AcademicTerm,
    Grade,
    GradingScale,
    Institution,
    Learner,
    Opportunity,
)
from gateway.storage.tables import (
    Base,
    GradeRow,
    GradingScaleRow,
    InstitutionRow,
    LearnerRow,
    OpportunityRow,
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


def term_of(row: TermRow) -> AcademicTerm:
    return AcademicTerm(row.code, row.name_sv, row.name_en, row.start_date, row.end_date)


def opportunity_of(row: OpportunityRow, schac: str) -> Opportunity:
    return Opportunity(
        institution=schac,
        code=row.code,
        kind=row.kind,
        title_sv=row.title_sv,
        title_en=row.title_en,
        level=row.level,
        credits=row.credits,
        isced_f=row.isced_f,
        language=row.language,
        parent_code=row.parent_code,
    )


def scale_of(row: GradingScaleRow, grades: Iterable[GradeRow]) -> GradingScale:
    steps = sorted(grades, key=lambda g: g.position)
    return GradingScale(
        row.code,
        row.name_sv,
        row.name_en,
        tuple(Grade(g.label, g.passing, g.description_sv, g.description_en) for g in steps),
    )


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
