"""Seeding the demo datasets through the import path, into a real migrated database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from gateway.core.demo import KARIN_PERSONNUMMER
from gateway.core.grading import BUILTIN_SCALES
from gateway.core.records import OpportunityKind, ResultStatus, StudyLevel, Transcript
from gateway.errors import InvalidInput
from gateway.flows.seed import seed_demo
from gateway.storage.database import Database
from gateway.storage.repositories import RecordsRepository
from gateway.storage.tables import GradingScaleRow, OpportunityRow, ResultRow
from tests.storage.helpers import Template, dump


async def _transcripts(db: Database) -> list[Transcript]:
    async with db.session() as session:
        repo = RecordsRepository(session)
        return [await repo.transcript(x.national_id) for x in await repo.learners()]


async def test_seed_se_has_what_the_demo_promises(seeded_db: Database) -> None:
    async with seeded_db.session() as session:
        repo = RecordsRepository(session)
        institutions = {i.schac: i for i in await repo.institutions()}
        learners = await repo.learners()
        used_scales = set(
            await session.scalars(
                select(GradingScaleRow.code).join(
                    ResultRow, ResultRow.scale_id == GradingScaleRow.id
                )
            )
        )
        levels = set(await session.scalars(select(OpportunityRow.level).distinct()))
    assert {s: (i.name_sv, i.name_en, i.erasmus, i.country) for s, i in institutions.items()} == {
        "uu.se": ("Uppsala universitet", "Uppsala University", "S UPPSALA01", "SE"),
        "umu.se": ("Umeå universitet", "Umeå University", "S UMEA01", "SE"),
        "su.se": ("Stockholms universitet", "Stockholm University", "S STOCKHO01", "SE"),
    }
    assert all(re.fullmatch(r"\d{9}", i.pic or "") for i in institutions.values())
    assert all(i.url.startswith("https://") for i in institutions.values())
    assert len(learners) >= 30
    names = " ".join(f"{x.given_names} {x.family_name}" for x in learners)
    assert all(letter in names.lower() for letter in "åäö")
    assert used_scales == set(BUILTIN_SCALES)
    assert {StudyLevel.FIRST_CYCLE, StudyLevel.SECOND_CYCLE, StudyLevel.THIRD_CYCLE} <= levels


async def test_karin_has_the_required_results(seeded_db: Database) -> None:
    async with seeded_db.session() as session:
        karin = await RecordsRepository(session).transcript(KARIN_PERSONNUMMER)
    assert (karin.learner.given_names, karin.learner.family_name) == ("Karin", "Andersson")
    assert karin.learner.birth_date.isoformat() == "1990-03-15"
    passed_at = {
        inst.institution.schac
        for inst in karin.institutions
        if any(r.status is ResultStatus.PASSED for r in inst.results())
    }
    assert passed_at == {"uu.se", "umu.se", "su.se"}
    statuses = [r.status for r in karin.results()]
    assert ResultStatus.FAILED in statuses
    assert ResultStatus.IN_PROGRESS in statuses
    trees = [
        (root, course, module)
        for inst in karin.institutions
        for root in inst.roots
        for course in root.parts
        for module in course.parts
    ]
    kinds = {tuple(n.result.opportunity.kind for n in tree) for tree in trees}
    assert (OpportunityKind.PROGRAMME, OpportunityKind.COURSE, OpportunityKind.MODULE) in kinds


async def test_seeding_again_changes_nothing(seeded_db: Database, seeded_url: str) -> None:
    before = dump(seeded_url)
    summary = await seed_demo(seeded_db, "se")
    assert summary.inserted == summary.updated == 0
    assert summary.learners.unchanged >= 30
    assert dump(seeded_url) == before


async def test_seed_no(tmp_path: Path, seeded_no_template: Template) -> None:
    db = Database.open(seeded_no_template.clone(tmp_path))
    try:
        async with db.session() as session:
            repo = RecordsRepository(session)
            institutions = await repo.institutions()
            scales = await repo.grading_scales()
            learners = await repo.learners()
        transcripts = await _transcripts(db)
        again = await seed_demo(db, "no")
    finally:
        await db.dispose()
    assert [(i.schac, i.name_sv, i.name_en, i.country) for i in institutions] == [
        ("ntnu.no", "Norges teknisk-naturvitenskapelige universitet",
         "Norwegian University of Science and Technology", "NO"),
        ("uio.no", "Universitetet i Oslo", "University of Oslo", "NO"),
    ]  # fmt: skip
    assert [s.code for s in scales] == ["NO-AF"]
    assert scales[0].grade("A") is not None
    assert scales[0].grades[0].description_sv == "Fremragende"
    assert all(re.fullmatch(r"\d{11}", x.national_id) for x in learners)
    karin = [t for t in transcripts if t.learner.given_names == "Karin"]
    assert len(karin) == 1
    assert karin[0].learner.family_name == "Andersson"
    assert karin[0].learner.national_id.startswith("150390")
    assert karin[0].learner.birth_date.isoformat() == "1990-03-15"
    assert {i.institution.schac for i in karin[0].institutions} == {"uio.no", "ntnu.no"}
    assert again.inserted == again.updated == 0


async def test_unknown_dataset_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInput, match="unknown demo dataset"):
        await seed_demo(db, "dk")
