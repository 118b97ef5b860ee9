"""A learner's passed courses and modules with their syllabi: which are complete micro-credentials.

One read-only connection: the transcript in one round trip, then the syllabi and quality
assurance of its opportunities and institutions in four (``read_learner_course_data``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from gateway.core.elmo.model import Elmo
from gateway.core.microcredentials import Eligibility, transcript_eligibility
from gateway.core.records import Transcript
from gateway.core.syllabus import CourseData
from gateway.storage.database import Database
from gateway.storage.repositories import read_transcript
from gateway.storage.syllabus import SyllabusRepository, read_learner_course_data


@dataclass(frozen=True)
class LearnerMicroCredentials:
    """A learner's transcript and the verdict on each passed course and module in it."""

    transcript: Transcript
    courses: tuple[Eligibility, ...]

    @property
    def eligible(self) -> tuple[Eligibility, ...]:
        return tuple(e for e in self.courses if e.eligible)

    def chosen(self, result_ids: Collection[int]) -> tuple[Eligibility, ...]:
        """The courses with these result ids, in transcript order."""
        wanted = set(result_ids)
        return tuple(e for e in self.courses if e.candidate.achievement.result_id in wanted)


async def learner_micro_credentials(db: Database, national_id: str) -> LearnerMicroCredentials:
    """Every passed course and module of the learner, eligible or not (NotFound: no learner)."""
    async with db.reader() as connection:
        transcript = await read_transcript(connection, national_id)
        data = await read_learner_course_data(connection, national_id)
    return LearnerMicroCredentials(transcript, transcript_eligibility(transcript, data))


async def elmo_course_data(db: Database, elmo: Elmo) -> tuple[CourseData, frozenset[str]]:
    """For an ELMO: the stored syllabi of its courses at our institutions, and which are ours.

    An institution is ours when its SCHAC code (the report issuer's ``schac`` identifier) is in
    the results store; its courses are looked up by their LOS ``local`` identifier.
    """
    schacs = {s for r in elmo.reports if (s := r.issuer.identifier("schac")) is not None}
    async with db.session() as session:
        repository = SyllabusRepository(session)
        ours = await repository.known_institutions(schacs)
        keys = {
            (schac, code)
            for report in elmo.reports
            if (schac := report.issuer.identifier("schac")) in ours
            for los in report.specifications()
            if (code := los.identifier("local")) is not None
        }
        return await repository.read(keys, ours), ours
