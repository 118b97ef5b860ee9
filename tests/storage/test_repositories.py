"""RecordsRepository on a real, migrated and seeded SQLite database."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from gateway.core.demo import KARIN_PERSONNUMMER
from gateway.core.grading import BUILTIN_SCALES
from gateway.core.importing import ImportedLearner, KindCounts
from gateway.core.records import (
    AcademicTerm,
    Grade,
    GradingScale,
    Institution,
    Learner,
    Opportunity,
    OpportunityKind,
    Result,
    ResultStatus,
    Transcript,
    build_transcript,
)
from gateway.errors import NotFound
from gateway.flows.import_records import import_data
from gateway.storage.database import Database
from gateway.storage.repositories import RecordsRepository
from gateway.storage.tables import GradingScaleRow, LearnerRow, OpportunityRow, ResultRow
from tests.storage.helpers import count_queries


async def _transcript(db: Database, national_id: str) -> Transcript:
    async with db.session() as session:
        return await RecordsRepository(session).transcript(national_id)


async def test_karin_transcript_is_a_tree(seeded_db: Database) -> None:
    transcript = await _transcript(seeded_db, KARIN_PERSONNUMMER)

    assert transcript.learner.given_names == "Karin"
    assert [i.institution.schac for i in transcript.institutions] == ["su.se", "umu.se", "uu.se"]
    uu = transcript.institutions[2]
    assert uu.institution.erasmus == "S UPPSALA01"
    programme = uu.roots[0]
    assert programme.result.opportunity.kind is OpportunityKind.PROGRAMME
    assert programme.result.opportunity.code == "TKDAT"
    assert programme.result.status is ResultStatus.PASSED
    courses = {p.result.opportunity.code: p for p in programme.parts}
    assert {"1DL201", "1MA025", "1DL231", "1DL301", "1DL099"} <= set(courses)
    assert len(courses) == 20  # the whole programme: her kandidatexamen (demo/degrees.py)
    database_course = courses["1DL301"]
    assert database_course.result.grade == "5"
    assert database_course.result.scale == BUILTIN_SCALES["TH"]
    assert database_course.result.credits == Decimal("7.5")
    assert database_course.result.term is not None
    assert database_course.result.term.code == "HT2010"
    modules = {m.result.opportunity.code: m.result for m in database_course.parts}
    assert set(modules) == {"1DL301-INL1", "1DL301-TEN1"}
    assert all(m.opportunity.kind is OpportunityKind.MODULE for m in modules.values())
    assert modules["1DL301-TEN1"].grade == "5"
    assert modules["1DL301-INL1"].scale == BUILTIN_SCALES["UG"]

    statuses = [r.status for r in transcript.results()]
    assert statuses.count(ResultStatus.FAILED) == 1
    assert statuses.count(ResultStatus.IN_PROGRESS) == 1
    for inst in transcript.institutions:
        assert any(r.status is ResultStatus.PASSED for r in inst.results())


async def test_transcript_values_are_core_values_not_rows(seeded_db: Database) -> None:
    transcript = await _transcript(seeded_db, KARIN_PERSONNUMMER)
    assert type(transcript.learner) is Learner
    for inst in transcript.institutions:
        assert type(inst.institution) is Institution
    for result in transcript.results():
        assert type(result) is Result
        assert result.scale is None or type(result.scale) is GradingScale


async def test_transcript_loads_in_a_bounded_number_of_queries(seeded_db: Database) -> None:
    """Karin has ~20 results; a learner with 100 more must cost the same number of queries."""
    with count_queries(seeded_db) as karin_queries:
        karin = await _transcript(seeded_db, KARIN_PERSONNUMMER)
    assert len(karin_queries) <= 4, karin_queries

    busy = "19700101-1234"
    await import_data(seeded_db, _many_results(busy, 100), name="many.json", fmt="json")
    with count_queries(seeded_db) as busy_queries:
        transcript = await _transcript(seeded_db, busy)
    assert sum(1 for _ in transcript.results()) == 100
    assert len(busy_queries) == len(karin_queries)
    assert sum(1 for _ in karin.results()) < 100
    selects = [q for q in busy_queries if q.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1, busy_queries  # one round trip: scales and grades joined in


async def _orm_transcript(db: Database, national_id: str) -> Transcript:
    """The oracle: the same transcript read the plain ORM way, entity by entity."""
    async with db.session() as session:
        learner = await session.scalar(
            select(LearnerRow).where(LearnerRow.national_id == national_id)
        )
        assert learner is not None
        rows = await session.scalars(
            select(ResultRow)
            .where(ResultRow.learner_id == learner.id)
            .options(
                joinedload(ResultRow.opportunity).joinedload(OpportunityRow.institution),
                joinedload(ResultRow.term),
                joinedload(ResultRow.scale).selectinload(GradingScaleRow.grades),
            )
        )
        institutions: dict[str, Institution] = {}
        results = []
        for row in rows.unique():
            opp, term, scale = row.opportunity, row.term, row.scale
            inst = opp.institution
            institutions[inst.schac] = Institution(
                inst.schac,
                inst.name_sv,
                inst.name_en,
                inst.country,
                inst.url,
                inst.erasmus,
                inst.pic,
            )
            results.append(
                Result(
                    id=row.id,
                    opportunity=Opportunity(
                        inst.schac,
                        opp.code,
                        opp.kind,
                        opp.title_sv,
                        opp.title_en,
                        opp.level,
                        opp.credits,
                        opp.isced_f,
                        opp.language,
                        opp.parent_code,
                    ),
                    status=row.status,
                    date=row.result_date,
                    term=None
                    if term is None
                    else AcademicTerm(
                        term.code, term.name_sv, term.name_en, term.start_date, term.end_date
                    ),
                    grade=row.grade,
                    scale=None
                    if scale is None
                    else GradingScale(
                        scale.code,
                        scale.name_sv,
                        scale.name_en,
                        tuple(
                            Grade(g.label, g.passing, g.description_sv, g.description_en)
                            for g in sorted(scale.grades, key=lambda g: g.position)
                        ),
                    ),
                    credits=row.credits,
                )
            )
        person = Learner(
            learner.national_id,
            learner.given_names,
            learner.family_name,
            learner.birth_date,
            learner.citizenship,
            learner.gender,
            learner.esi,
        )
        return build_transcript(person, institutions.values(), results)


async def test_transcript_equals_the_orm_reading_for_every_learner(seeded_db: Database) -> None:
    busy = "19700101-1234"
    await import_data(seeded_db, _many_results(busy, 40), name="many.json", fmt="json")
    async with seeded_db.session() as session:
        learners = await RecordsRepository(session).learners()
    assert len(learners) >= 31
    for learner in learners:
        transcript = await _transcript(seeded_db, learner.national_id)
        assert transcript == await _orm_transcript(seeded_db, learner.national_id)
    assert sum(1 for _ in transcript.results()) > 0


async def test_annulled_results_are_left_out_of_the_transcript(seeded_db: Database) -> None:
    """Annul the first result of each scale Karin's results use (the row a scale's grades are
    joined to) and a programme: the transcript is the ORM reading without them, every other
    result keeping its full scale; a module of an annulled course stands on its own."""
    before = await _transcript(seeded_db, KARIN_PERSONNUMMER)
    first_of_scale: dict[str, int] = {}
    for result in sorted(before.results(), key=lambda r: r.id):
        if result.scale is not None:
            first_of_scale.setdefault(result.scale.code, result.id)
    programme = next(r for r in before.results() if r.opportunity.kind is OpportunityKind.PROGRAMME)
    annulled = {*first_of_scale.values(), programme.id}
    async with seeded_db.session(write=True) as session, session.begin():
        for row in await session.scalars(select(ResultRow).where(ResultRow.id.in_(annulled))):
            row.status = ResultStatus.ANNULLED
    after = await _transcript(seeded_db, KARIN_PERSONNUMMER)
    assert {r.id for r in after.results()} == {r.id for r in before.results()} - annulled
    orm = await _orm_transcript(seeded_db, KARIN_PERSONNUMMER)
    kept = [r for r in orm.results() if r.status is not ResultStatus.ANNULLED]
    assert after == build_transcript(orm.learner, [i.institution for i in orm.institutions], kept)
    scales = {r.scale.code: r.scale for r in before.results() if r.scale is not None}
    for result in after.results():
        if result.scale is not None:
            assert result.scale == scales[result.scale.code]


async def test_a_learner_without_results_has_an_empty_transcript(db: Database) -> None:
    doc = json.loads(_many_results("19800101-0000", 0))
    await import_data(db, json.dumps(doc).encode(), name="none.json", fmt="json")
    transcript = await _transcript(db, "19800101-0000")
    assert transcript.learner.family_name == "Resultat"
    assert transcript.institutions == ()


def _many_results(national_id: str, count: int) -> bytes:
    doc = {
        "format": "emrex-gateway/records",
        "version": 1,
        "learners": [
            {
                "national_id": national_id,
                "given_names": "Många",
                "family_name": "Resultat",
                "birth_date": "1970-01-01",
            }
        ],
        "opportunities": [
            {
                "institution": "umu.se",
                "code": f"9XX{n:03d}",
                "kind": "course",
                "title_sv": f"Kurs {n}",
                "title_en": f"Course {n}",
                "credits": 7.5,
            }
            for n in range(count)
        ],
        "results": [
            {
                "learner": national_id,
                "institution": "umu.se",
                "opportunity": f"9XX{n:03d}",
                "status": "passed",
                "grade": "VG",
                "scale": "UV",
                "term": f"HT{2000 + n % 20}",
            }
            for n in range(count)
        ],
    }
    return json.dumps(doc).encode()


async def test_unknown_learner_is_not_found_without_naming_the_id(seeded_db: Database) -> None:
    async with seeded_db.session() as session:
        repo = RecordsRepository(session)
        with pytest.raises(NotFound) as caught:
            await repo.transcript("19991231-9999")
        assert "19991231" not in str(caught.value)
        with pytest.raises(NotFound):
            await repo.learner("19991231-9999")


async def test_lists_and_counts(seeded_db: Database) -> None:
    async with seeded_db.session() as session:
        repo = RecordsRepository(session)
        institutions = await repo.institutions()
        learners = await repo.learners()
        count = await repo.learner_count()
        karin = await repo.learner(KARIN_PERSONNUMMER)
        scales = await repo.grading_scales()
    assert [i.schac for i in institutions] == ["su.se", "umu.se", "uu.se"]
    assert institutions[1] == Institution(
        "umu.se",
        "Umeå universitet",
        "Umeå University",
        "SE",
        "https://www.umu.se",
        "S UMEA01",
        "999881821",
    )
    assert count == len(learners) >= 30
    assert learners == sorted(learners, key=lambda x: (x.family_name, x.given_names, x.national_id))
    assert karin.birth_date.isoformat() == "1990-03-15"
    assert {s.code: s for s in scales} == dict(BUILTIN_SCALES)


async def test_timestamps_are_aware_utc(seeded_db: Database) -> None:
    async with seeded_db.session() as session:
        row = await session.scalar(select(ResultRow).limit(1))
    assert row is not None
    assert row.created_at.tzinfo is UTC
    assert row.updated_at == row.created_at


async def test_a_changed_scale_gets_its_grades_replaced(db: Database) -> None:
    scale = GradingScale(
        "PF",
        "Godkänd/underkänd",
        "Pass/fail",
        (Grade("P", True, "Godkänd", "Pass"), Grade("F", False, "Underkänd", "Fail")),
    )
    renamed = GradingScale(
        "PF",
        "Godkänd/underkänd",
        "Pass/fail",
        (
            Grade("F", False, "Underkänd", "Fail"),  # swapped positions: unique keys must hold
            Grade("P", True, "Godkänd", "Pass"),
            Grade("X", False, "Ej examinerad", "Not examined"),
        ),
    )
    async with db.session(write=True) as session, session.begin():
        repo = RecordsRepository(session)
        assert await repo.upsert_grading_scales([scale]) == KindCounts(inserted=1)
    async with db.session(write=True) as session, session.begin():
        repo = RecordsRepository(session)
        assert await repo.upsert_grading_scales([renamed]) == KindCounts(updated=1)
        assert await repo.upsert_grading_scales([renamed]) == KindCounts(unchanged=1)
    async with db.session() as session:
        assert await RecordsRepository(session).grading_scales(["PF"]) == [renamed]


async def test_upserts_count_and_compare_by_natural_key(db: Database) -> None:
    learner = Learner("19851010-1234", "Stina", "Ek", datetime(1985, 10, 10).date(), "SE", 2)
    moved = Learner("19851010-1234", "Stina", "Ek-Lund", learner.birth_date, "SE", 2)
    async with db.session(write=True) as session, session.begin():
        repo = RecordsRepository(session)
        assert await repo.upsert_learners([ImportedLearner(learner, "SE")]) == KindCounts(1)
        assert await repo.upsert_learners([ImportedLearner(learner, "SE")]) == KindCounts(0, 0, 1)
        assert await repo.upsert_learners([ImportedLearner(moved, "SE")]) == KindCounts(0, 1)
    async with db.session() as session:
        assert await RecordsRepository(session).learners() == [moved]
