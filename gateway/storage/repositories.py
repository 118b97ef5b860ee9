"""Reading and writing the results store: takes an AsyncSession, returns ``core.records`` values.

The caller (a flow) owns the transaction. Reads load what they return in a fixed number of
queries (no lazy loading: relationships are ``lazy="raise"``). Upserts go by natural keys —
institution schac, learner national id, scale code, term code, (institution, opportunity code),
(learner, opportunity) — and report how many rows they inserted, updated or left unchanged; a
row is only written when a value differs, so re-importing the same data writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Executable, and_, bindparam, delete, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from gateway.core.importing import (
    ImportBatch,
    ImportedLearner,
    KindCounts,
    KnownRecords,
    OpportunityRef,
    ResultRecord,
)
from gateway.core.records import (
    AcademicTerm,
    GradingScale,
    Institution,
    Learner,
    Opportunity,
    Transcript,
)
from gateway.errors import NotFound
from gateway.storage.mapping import (
    SCALE_COLUMNS,
    TRANSCRIPT_COLUMNS,
    Counter,
    apply,
    chunks,
    grade_rows,
    institution_of,
    institution_values,
    learner_of,
    learner_values,
    opportunity_values,
    scales_of,
    term_values,
    transcript_of,
)
from gateway.storage.rows import FixedSelect
from gateway.storage.tables import (
    DELIVERED_RESULT,
    Base,
    GradeRow,
    GradingScaleRow,
    InstitutionRow,
    LearnerRow,
    OpportunityRow,
    ResultRow,
    TermRow,
)

R = TypeVar("R", bound=Base)


_LEARNER = LearnerRow.national_id == bindparam("national_id")
#: Per scale a learner's results use, the first of those results (by id).
_FIRST_USE = (
    select(ResultRow.scale_id, func.min(ResultRow.id).label("result_id"))
    .join(LearnerRow, LearnerRow.id == ResultRow.learner_id)
    .where(_LEARNER, ResultRow.scale_id.is_not(None), DELIVERED_RESULT)
    .group_by(ResultRow.scale_id)
    .subquery("first_use")
)
#: ``read_transcript`` in one statement, rows of ``TRANSCRIPT_COLUMNS``: a scale's
#: grades are joined only to the first result that uses the scale, so a transcript costs one
#: row per result plus one per extra grade step of each scale used.
_TRANSCRIPT = FixedSelect(
    select(*TRANSCRIPT_COLUMNS)
    .select_from(LearnerRow)
    .outerjoin(ResultRow, and_(ResultRow.learner_id == LearnerRow.id, DELIVERED_RESULT))
    .outerjoin(OpportunityRow, OpportunityRow.id == ResultRow.opportunity_id)
    .outerjoin(InstitutionRow, InstitutionRow.id == OpportunityRow.institution_id)
    .outerjoin(TermRow, TermRow.id == ResultRow.term_id)
    .outerjoin(GradingScaleRow, GradingScaleRow.id == ResultRow.scale_id)
    .outerjoin(_FIRST_USE, _FIRST_USE.c.result_id == ResultRow.id)
    .outerjoin(GradeRow, GradeRow.scale_id == _FIRST_USE.c.scale_id)
    .where(_LEARNER)
)
_SCALES = select(*SCALE_COLUMNS).outerjoin(GradeRow, GradeRow.scale_id == GradingScaleRow.id)


async def read_transcript(connection: AsyncConnection, national_id: str) -> Transcript:
    """Everything one learner has that may be delivered (never an annulled result, see
    ``DELIVERED_RESULT``), as trees, in one query whatever the number of results.

    Read as plain rows in one driver round trip (``FixedSelect``, no ORM entities): the learner
    outer-joined to their results with opportunities, institutions, terms and scales.
    """
    rows = await _TRANSCRIPT.rows(connection, {"national_id": national_id})
    if not rows:
        raise NotFound("no learner with this national identifier")
    return transcript_of(rows)


class RecordsRepository:
    """Institutions, learners, scales, terms, opportunities and results."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # ----- reads

    async def institutions(self) -> list[Institution]:
        rows = await self.session.scalars(select(InstitutionRow).order_by(InstitutionRow.schac))
        return [institution_of(r) for r in rows]

    async def learners(self) -> list[Learner]:
        query = select(LearnerRow).order_by(
            LearnerRow.family_name, LearnerRow.given_names, LearnerRow.national_id
        )
        return [learner_of(r) for r in await self.session.scalars(query)]

    async def learner_count(self) -> int:
        return await self.session.scalar(select(func.count()).select_from(LearnerRow)) or 0

    async def learner(self, national_id: str) -> Learner:
        """The learner with this national id; NotFound (which never names the id) if none."""
        return learner_of(await self._learner_row(national_id))

    async def _learner_row(self, national_id: str) -> LearnerRow:
        row = await self.session.scalar(
            select(LearnerRow).where(LearnerRow.national_id == national_id)
        )
        if row is None:
            raise NotFound("no learner with this national identifier")
        return row

    async def grading_scales(self, codes: Iterable[str] | None = None) -> list[GradingScale]:
        """Every stored scale (or those with the given codes), by code."""
        where = None if codes is None else GradingScaleRow.code.in_(list(codes))
        scales = await self._scales(where)
        return sorted(scales.values(), key=lambda s: s.code)

    async def _scales(self, where: ColumnElement[bool] | None) -> dict[int, GradingScale]:
        """Scales by row id, with their grades, in one query."""
        return scales_of(await self._rows(_SCALES if where is None else _SCALES.where(where)))

    async def transcript(self, national_id: str) -> Transcript:
        """``read_transcript`` through the session's connection, after flushing what is pending."""
        await self.session.flush()
        return await read_transcript(await self.session.connection(), national_id)

    async def known(self, batch: ImportBatch) -> KnownRecords:
        """What the database holds of what ``batch`` defines or refers to."""
        s = self.session
        schacs = batch.institution_codes()
        institutions: set[str] = set()
        opportunities: dict[tuple[str, str], OpportunityRef] = {}
        for chunk in chunks(schacs):
            institutions.update(
                await s.scalars(select(InstitutionRow.schac).where(InstitutionRow.schac.in_(chunk)))
            )
            opp_query = (
                select(InstitutionRow.schac, OpportunityRow)
                .join(OpportunityRow.institution)
                .where(InstitutionRow.schac.in_(chunk))
            )
            for schac, o in await s.execute(opp_query):
                opportunities[(schac, o.code)] = OpportunityRef(o.kind, o.parent_code, o.credits)
        learners: set[str] = set()
        for chunk in chunks(batch.national_ids()):
            learners.update(
                await s.scalars(
                    select(LearnerRow.national_id).where(LearnerRow.national_id.in_(chunk))
                )
            )
        terms: set[str] = set()
        for chunk in chunks(batch.term_codes()):
            terms.update(await s.scalars(select(TermRow.code).where(TermRow.code.in_(chunk))))
        scale_codes = batch.scale_codes()
        scales = await self.grading_scales(scale_codes)
        used: dict[str, set[str]] = {}
        defined = [x.value.code for x in batch.grading_scales]
        if defined:
            query = (
                select(GradingScaleRow.code, ResultRow.grade)
                .join(ResultRow, ResultRow.scale_id == GradingScaleRow.id)
                .where(GradingScaleRow.code.in_(defined), ResultRow.grade.is_not(None))
                .distinct()
            )
            for code, grade in await s.execute(query):
                if grade is not None:
                    used.setdefault(code, set()).add(grade)
        return KnownRecords(
            institutions=frozenset(institutions),
            learners=frozenset(learners),
            opportunities=opportunities,
            scales={scale.code: scale for scale in scales},
            terms=frozenset(terms),
            used_labels={code: frozenset(labels) for code, labels in used.items()},
        )

    # ----- upserts by natural key (flushed; the caller commits)

    async def upsert_institutions(self, items: Sequence[Institution]) -> KindCounts:
        existing = await self._by(InstitutionRow, InstitutionRow.schac, [i.schac for i in items])
        counter = Counter()
        for item in items:
            values = institution_values(item)
            row = existing.get(item.schac)
            if row is None:
                self.session.add(InstitutionRow(**values))
                counter.count(inserted=True)
            else:
                counter.count(changed=apply(row, values))
        await self.session.flush()
        return counter.result()

    async def upsert_learners(self, items: Sequence[ImportedLearner]) -> KindCounts:
        keys = [x.learner.national_id for x in items]
        existing = await self._by(LearnerRow, LearnerRow.national_id, keys)
        counter = Counter()
        for item in items:
            values = learner_values(item)
            row = existing.get(item.learner.national_id)
            if row is None:
                self.session.add(LearnerRow(**values))
                counter.count(inserted=True)
            else:
                counter.count(changed=apply(row, values))
        await self.session.flush()
        return counter.result()

    async def upsert_terms(self, items: Sequence[AcademicTerm]) -> KindCounts:
        existing = await self._by(TermRow, TermRow.code, [t.code for t in items])
        counter = Counter()
        for item in items:
            values = term_values(item)
            row = existing.get(item.code)
            if row is None:
                self.session.add(TermRow(**values))
                counter.count(inserted=True)
            else:
                counter.count(changed=apply(row, values))
        await self.session.flush()
        return counter.result()

    async def upsert_grading_scales(self, items: Sequence[GradingScale]) -> KindCounts:
        """Scales by code; a changed scale gets its grade steps replaced."""
        stored = await self._scales(GradingScaleRow.code.in_([s.code for s in items]))
        by_code = {scale.code: sid for sid, scale in stored.items()}
        counter = Counter()
        for item in items:
            sid = by_code.get(item.code)
            if sid is None:
                self.session.add(
                    GradingScaleRow(
                        code=item.code,
                        name_sv=item.name_sv,
                        name_en=item.name_en,
                        grades=grade_rows(item),
                    )
                )
                counter.count(inserted=True)
                continue
            if stored[sid] == item:
                counter.count()
                continue
            row = await self.session.get_one(GradingScaleRow, sid)
            apply(row, {"name_sv": item.name_sv, "name_en": item.name_en})
            await self.session.execute(delete(GradeRow).where(GradeRow.scale_id == sid))
            self.session.add_all(grade_rows(item, sid))
            counter.count(changed=True)
        await self.session.flush()
        return counter.result()

    async def upsert_opportunities(self, items: Sequence[Opportunity]) -> KindCounts:
        """Opportunities by (institution, code); ``items`` must list parents before parts."""
        institution_ids = await self._ids(
            InstitutionRow, InstitutionRow.schac, {o.institution for o in items}
        )
        keys = [(institution_ids[o.institution], o.code) for o in items]
        existing: dict[tuple[int, str], OpportunityRow] = {}
        for chunk in chunks(keys):
            query = select(OpportunityRow).where(
                tuple_(OpportunityRow.institution_id, OpportunityRow.code).in_(chunk)
            )
            for found in await self.session.scalars(query):
                existing[(found.institution_id, found.code)] = found
        counter = Counter()
        for item, key in zip(items, keys, strict=True):
            values = opportunity_values(item, key[0])
            row = existing.get(key)
            if row is None:
                self.session.add(OpportunityRow(**values))
                counter.count(inserted=True)
            else:
                counter.count(changed=apply(row, values))
        await self.session.flush()
        return counter.result()

    async def upsert_results(self, items: Sequence[ResultRecord], *, now: datetime) -> KindCounts:
        """Results by (learner, opportunity); a changed result is updated in place at ``now``."""
        s = self.session
        learner_ids = await self._ids(
            LearnerRow, LearnerRow.national_id, {r.national_id for r in items}
        )
        term_ids = await self._ids(TermRow, TermRow.code, {r.term for r in items if r.term})
        scale_ids = await self._ids(
            GradingScaleRow, GradingScaleRow.code, {r.scale for r in items if r.scale}
        )
        opp_ids: dict[tuple[str, str], int] = {}
        for pairs in chunks({(r.institution, r.opportunity) for r in items}):
            query = (
                select(InstitutionRow.schac, OpportunityRow.code, OpportunityRow.id)
                .join(OpportunityRow.institution)
                .where(tuple_(InstitutionRow.schac, OpportunityRow.code).in_(pairs))
            )
            for schac, code, oid in await s.execute(query):
                opp_ids[(schac, code)] = oid
        existing: dict[tuple[int, int], ResultRow] = {}
        for ids in chunks(set(learner_ids.values())):
            for found in await s.scalars(select(ResultRow).where(ResultRow.learner_id.in_(ids))):
                existing[(found.learner_id, found.opportunity_id)] = found
        counter = Counter()
        for item in items:
            key = (learner_ids[item.national_id], opp_ids[(item.institution, item.opportunity)])
            values = {
                "status": item.status,
                "result_date": item.date,
                "term_id": term_ids[item.term] if item.term else None,
                "grade": item.grade,
                "scale_id": scale_ids[item.scale] if item.scale else None,
                "credits": item.credits,
            }
            row = existing.get(key)
            if row is None:
                s.add(
                    ResultRow(
                        learner_id=key[0],
                        opportunity_id=key[1],
                        **values,
                        created_at=now,
                        updated_at=now,
                    )
                )
                counter.count(inserted=True)
            elif apply(row, values):
                row.updated_at = now
                counter.count(changed=True)
            else:
                counter.count()
        await s.flush()
        return counter.result()

    # ----- helpers

    async def _rows(self, query: Executable, params: dict[str, Any] | None = None) -> Sequence[Any]:
        """Plain rows (tuples) of a Core select, without the ORM's per-row processing.

        Through the session's connection, after flushing what is pending, as the session's
        own ``execute`` would (autoflush).
        """
        await self.session.flush()
        connection = await self.session.connection()
        return (await connection.execute(query, params)).all()

    async def _by(self, table: type[R], key: Any, values: Iterable[str]) -> dict[str, R]:
        found: dict[str, R] = {}
        for chunk in chunks(values):
            for row in await self.session.scalars(select(table).where(key.in_(chunk))):
                found[getattr(row, key.key)] = row
        return found

    async def _ids(self, table: type[Base], key: Any, values: Iterable[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in chunks(values):
            query = select(key, table.id).where(key.in_(chunk))  # type: ignore[attr-defined]
            for value, row_id in await self.session.execute(query):
                found[value] = row_id
        return found
