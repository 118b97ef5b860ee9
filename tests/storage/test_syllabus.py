"""Syllabi read for a learner in four fixed selects equal those read by key (SQLite, PostgreSQL)."""

from __future__ import annotations

from gateway.core.demo import KARIN_PERSONNUMMER
from gateway.storage.database import Database
from gateway.storage.repositories import read_transcript
from gateway.storage.syllabus import SyllabusRepository, read_learner_course_data


async def test_a_learners_course_data_equals_the_keyed_read(seeded_db: Database) -> None:
    async with seeded_db.reader() as connection:
        transcript = await read_transcript(connection, KARIN_PERSONNUMMER)
        fast = await read_learner_course_data(connection, KARIN_PERSONNUMMER)
    keys = {(r.opportunity.institution, r.opportunity.code) for r in transcript.results()}
    schacs = {i.institution.schac for i in transcript.institutions}
    async with seeded_db.session() as session:
        keyed = await SyllabusRepository(session).read(keys, schacs)
    assert fast == keyed
    assert len(fast.syllabi) >= 10
    assert set(fast.quality) == {"uu.se", "umu.se", "su.se"}
    syllabus = fast.syllabus("uu.se", "1DL301")
    assert syllabus is not None
    assert syllabus.learning_outcomes_en[1] == "formulate queries in relational algebra and SQL"


async def test_a_learner_without_results_has_none(seeded_db: Database) -> None:
    async with seeded_db.reader() as connection:
        found = await read_learner_course_data(connection, "19700101-0000")
    assert (dict(found.syllabi), dict(found.quality)) == ({}, {})
