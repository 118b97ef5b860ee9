"""Reading and writing syllabi and quality assurance (syllabus_tables) as core.syllabus values.

The caller (a flow) owns the transaction. Upserts go by the owner's natural key (institution +
opportunity code, institution schac) and rewrite an owner's rows only when its value differs, so
importing the same file again writes nothing; a record that states no syllabus (or no quality
assurance) removes what was stored for it. Reads take a fixed number of queries per chunk of keys.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any, Final

from sqlalchemy import Select, bindparam, delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from gateway.core.importing import InstitutionQuality, KindCounts, OpportunitySyllabus
from gateway.core.syllabus import (
    AssessmentType,
    CourseData,
    Participation,
    QualityAssurance,
    QualityAssuranceType,
    Syllabus,
)
from gateway.storage.mapping import Counter, chunks
from gateway.storage.rows import FixedSelect
from gateway.storage.syllabus_tables import (
    AssessmentRow,
    LearningOutcomeRow,
    QualityAssuranceRow,
    SyllabusRow,
)
from gateway.storage.tables import (
    DELIVERED_RESULT,
    InstitutionRow,
    LearnerRow,
    OpportunityRow,
    ResultRow,
)

Key = tuple[str, str]  # (institution schac, opportunity code)


_OUTCOME: Final = (LearningOutcomeRow.text_sv, LearningOutcomeRow.text_en)
_HEAD: Final = (
    SyllabusRow.participation,
    SyllabusRow.entry_requirements_sv,
    SyllabusRow.entry_requirements_en,
    SyllabusRow.workload_hours,
)
#: The fields of ``QualityAssurance``, in its order.
_QUALITY: Final = (
    QualityAssuranceRow.type,
    QualityAssuranceRow.agent_name_sv,
    QualityAssuranceRow.agent_name_en,
    QualityAssuranceRow.agent_country,
    QualityAssuranceRow.title_en,
    QualityAssuranceRow.agent_url,
    QualityAssuranceRow.decision_date,
    QualityAssuranceRow.report_url,
)


def _of_learner(*columns: Any) -> Select[Any]:
    """``columns`` of the opportunities (with institution) a learner has results at."""
    return (
        select(InstitutionRow.schac, OpportunityRow.code, *columns)
        .select_from(LearnerRow)
        .join(ResultRow, ResultRow.learner_id == LearnerRow.id)
        .join(OpportunityRow, OpportunityRow.id == ResultRow.opportunity_id)
        .join(InstitutionRow, InstitutionRow.id == OpportunityRow.institution_id)
        .where(LearnerRow.national_id == bindparam("national_id"), DELIVERED_RESULT)
    )


_HEADS: Final = FixedSelect(
    _of_learner(*_HEAD).join(SyllabusRow, SyllabusRow.opportunity_id == OpportunityRow.id)
)
_OUTCOMES: Final = FixedSelect(
    _of_learner(*_OUTCOME)
    .join(LearningOutcomeRow, LearningOutcomeRow.opportunity_id == OpportunityRow.id)
    .order_by(OpportunityRow.id, LearningOutcomeRow.position)
)
_ASSESSMENTS: Final = FixedSelect(
    _of_learner(AssessmentRow.assessment)
    .join(AssessmentRow, AssessmentRow.opportunity_id == OpportunityRow.id)
    .order_by(OpportunityRow.id, AssessmentRow.position)
)
_QUALITY_OF_LEARNER: Final = FixedSelect(
    select(InstitutionRow.schac, *_QUALITY)
    .join(QualityAssuranceRow, QualityAssuranceRow.institution_id == InstitutionRow.id)
    .where(
        InstitutionRow.id.in_(
            select(OpportunityRow.institution_id)
            .join(ResultRow, ResultRow.opportunity_id == OpportunityRow.id)
            .join(LearnerRow, LearnerRow.id == ResultRow.learner_id)
            .where(LearnerRow.national_id == bindparam("national_id"), DELIVERED_RESULT)
        )
    )
    .order_by(InstitutionRow.schac, QualityAssuranceRow.position)
)


async def read_learner_course_data(connection: AsyncConnection, national_id: str) -> CourseData:
    """The syllabi and quality assurance of everything a learner has results at.

    Four fixed selects keyed by the learner (each one driver round trip on SQLite), for the
    micro-credential flows that read the learner's transcript on the same connection.
    """
    params = {"national_id": national_id}
    outcomes: dict[Key, list[tuple[str | None, str | None]]] = {}
    for schac, code, sv, en in await _OUTCOMES.rows(connection, params):
        outcomes.setdefault((schac, code), []).append((sv, en))
    assessments: dict[Key, list[AssessmentType]] = {}
    for schac, code, assessment in await _ASSESSMENTS.rows(connection, params):
        assessments.setdefault((schac, code), []).append(AssessmentType(assessment))
    syllabi: dict[Key, Syllabus] = {}
    for schac, code, participation, req_sv, req_en, hours in await _HEADS.rows(connection, params):
        listed = outcomes.get((schac, code), [])
        syllabi[(schac, code)] = Syllabus(
            learning_outcomes_sv=tuple(sv for sv, _ in listed if sv is not None),
            learning_outcomes_en=tuple(en for _, en in listed if en is not None),
            assessment=tuple(assessments.get((schac, code), [])),
            participation=None if participation is None else Participation(participation),
            entry_requirements_sv=req_sv,
            entry_requirements_en=req_en,
            workload_hours=hours,
        )
    quality: dict[str, list[QualityAssurance]] = {}
    for schac, kind, *rest in await _QUALITY_OF_LEARNER.rows(connection, params):
        entry = QualityAssurance(QualityAssuranceType(kind), *rest)
        quality.setdefault(schac, []).append(entry)
    return CourseData(syllabi, {s: tuple(e) for s, e in quality.items()})


class SyllabusRepository:
    """Syllabi of opportunities and quality assurance of institutions."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # ----- reads

    async def read(self, keys: Collection[Key], institutions: Collection[str]) -> CourseData:
        """The stored syllabi of ``keys`` and quality assurance of ``institutions``."""
        ids = await self._opportunity_ids(keys)
        by_id = await self._syllabi(ids.values())
        syllabi = {key: by_id[oid] for key, oid in ids.items() if oid in by_id}
        institution_ids = await self._institution_ids(institutions)
        entries = await self._quality(institution_ids.values())
        quality = {s: entries[i] for s, i in institution_ids.items() if i in entries}
        return CourseData(syllabi, quality)

    async def known_institutions(self, schacs: Collection[str]) -> frozenset[str]:
        """Which of these institutions the results store holds."""
        return frozenset(await self._institution_ids(schacs))

    # ----- upserts (flushed; the caller commits)

    async def upsert_syllabi(self, items: Sequence[OpportunitySyllabus]) -> KindCounts:
        """Each item's syllabus replaces the stored one when it differs (empty: removes it)."""
        ids = await self._opportunity_ids([(i.institution, i.code) for i in items])
        stored = await self._syllabi(ids.values())
        counter = Counter()
        written: list[tuple[int, Syllabus]] = []
        for item in items:
            oid = ids[(item.institution, item.code)]
            old, new = stored.get(oid), item.syllabus
            if old is None and new.is_empty:
                continue
            if old == new:
                counter.count()
                continue
            if old is not None:
                for table in (LearningOutcomeRow, AssessmentRow, SyllabusRow):
                    await self.session.execute(delete(table).where(table.opportunity_id == oid))
            if not new.is_empty:
                written.append((oid, new))
            counter.count(inserted=old is None, changed=True)
        # Heads first: the outcome and assessment rows refer to them (no ORM relationship
        # orders the inserts).
        self.session.add_all(_head(oid, syllabus) for oid, syllabus in written)
        await self.session.flush()
        for oid, syllabus in written:
            self._add_parts(oid, syllabus)
        await self.session.flush()
        return counter.result()

    async def upsert_quality(self, items: Sequence[InstitutionQuality]) -> KindCounts:
        """Each institution's entries replace the stored ones when they differ."""
        ids = await self._institution_ids([i.institution for i in items])
        stored = await self._quality(ids.values())
        counter = Counter()
        for item in items:
            iid = ids[item.institution]
            old = stored.get(iid)
            if old is None and not item.entries:
                continue
            if old == item.entries:
                counter.count()
                continue
            await self.session.execute(
                delete(QualityAssuranceRow).where(QualityAssuranceRow.institution_id == iid)
            )
            self.session.add_all(
                QualityAssuranceRow(institution_id=iid, position=n, **_quality_values(entry))
                for n, entry in enumerate(item.entries)
            )
            counter.count(inserted=old is None, changed=True)
        await self.session.flush()
        return counter.result()

    # ----- helpers

    def _add_parts(self, oid: int, syllabus: Syllabus) -> None:
        self.session.add_all(
            LearningOutcomeRow(opportunity_id=oid, position=n, text_sv=sv, text_en=en)
            for n, (sv, en) in enumerate(syllabus.outcomes())
        )
        self.session.add_all(
            AssessmentRow(opportunity_id=oid, position=n, assessment=code)
            for n, code in enumerate(syllabus.assessment)
        )

    async def _opportunity_ids(self, keys: Iterable[Key]) -> dict[Key, int]:
        found: dict[Key, int] = {}
        for chunk in chunks(set(keys)):
            query = (
                select(InstitutionRow.schac, OpportunityRow.code, OpportunityRow.id)
                .join(OpportunityRow.institution)
                .where(tuple_(InstitutionRow.schac, OpportunityRow.code).in_(chunk))
            )
            for schac, code, oid in await self.session.execute(query):
                found[(schac, code)] = oid
        return found

    async def _institution_ids(self, schacs: Iterable[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in chunks(set(schacs)):
            query = select(InstitutionRow.schac, InstitutionRow.id).where(
                InstitutionRow.schac.in_(chunk)
            )
            for schac, iid in await self.session.execute(query):
                found[schac] = iid
        return found

    async def _syllabi(self, ids: Iterable[int]) -> dict[int, Syllabus]:
        """The stored syllabi of these opportunities (those that have one), in three queries.

        Plain rows, not ORM entities: an upsert deletes and re-adds an owner's rows in the same
        session, which must not find the old ones in its identity map.
        """
        found: dict[int, Syllabus] = {}
        s = self.session
        for chunk in chunks(set(ids)):
            outcomes: dict[int, list[tuple[str | None, str | None]]] = {}
            for oid, sv, en in await s.execute(
                select(LearningOutcomeRow.opportunity_id, *_OUTCOME)
                .where(LearningOutcomeRow.opportunity_id.in_(chunk))
                .order_by(LearningOutcomeRow.opportunity_id, LearningOutcomeRow.position)
            ):
                outcomes.setdefault(oid, []).append((sv, en))
            assessments: dict[int, list[AssessmentType]] = {}
            for oid, code in await s.execute(
                select(AssessmentRow.opportunity_id, AssessmentRow.assessment)
                .where(AssessmentRow.opportunity_id.in_(chunk))
                .order_by(AssessmentRow.opportunity_id, AssessmentRow.position)
            ):
                assessments.setdefault(oid, []).append(code)
            heads = select(SyllabusRow.opportunity_id, *_HEAD).where(
                SyllabusRow.opportunity_id.in_(chunk)
            )
            for oid, participation, req_sv, req_en, hours in await s.execute(heads):
                listed = outcomes.get(oid, [])
                found[oid] = Syllabus(
                    learning_outcomes_sv=tuple(sv for sv, _ in listed if sv is not None),
                    learning_outcomes_en=tuple(en for _, en in listed if en is not None),
                    assessment=tuple(assessments.get(oid, [])),
                    participation=participation,
                    entry_requirements_sv=req_sv,
                    entry_requirements_en=req_en,
                    workload_hours=hours,
                )
        return found

    async def _quality(self, ids: Iterable[int]) -> dict[int, tuple[QualityAssurance, ...]]:
        found: dict[int, list[QualityAssurance]] = {}
        for chunk in chunks(set(ids)):
            query = (
                select(QualityAssuranceRow.institution_id, *_QUALITY)
                .where(QualityAssuranceRow.institution_id.in_(chunk))
                .order_by(QualityAssuranceRow.institution_id, QualityAssuranceRow.position)
            )
            for (
                iid,
                kind,
                name_sv,
                name_en,
                country,
                title,
                url,
                day,
                report,
            ) in await self.session.execute(query):
                entry = QualityAssurance(kind, name_sv, name_en, country, title, url, day, report)
                found.setdefault(iid, []).append(entry)
        return {iid: tuple(entries) for iid, entries in found.items()}


def _head(oid: int, syllabus: Syllabus) -> SyllabusRow:
    return SyllabusRow(
        opportunity_id=oid,
        participation=syllabus.participation,
        entry_requirements_sv=syllabus.entry_requirements_sv,
        entry_requirements_en=syllabus.entry_requirements_en,
        workload_hours=syllabus.workload_hours,
    )


def _quality_values(entry: QualityAssurance) -> dict[str, Any]:
    return {
        "type": entry.type,
        "agent_name_sv": entry.agent_name_sv,
        "agent_name_en": entry.agent_name_en,
        "agent_country": entry.agent_country,
        "agent_url": entry.agent_url,
        "title_en": entry.title_en,
        "decision_date": entry.decision_date,
        "report_url": entry.report_url,
    }
