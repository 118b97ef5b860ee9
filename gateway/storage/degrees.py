"""Reading and writing degrees (examen): the import's facts and upserts, a learner's degrees.

Upserts go by the natural key (institution, degree ``code``) and write only what differs, so a
re-import changes nothing; a changed status is an update and is reported
(``DegreeStatusChange``). The caller (a flow) owns the transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.core.degrees.model import (
    Degree,
    DegreeFacts,
    DegreeRecord,
    DegreeStatus,
    DegreeStatusChange,
    DocumentKind,
    StoredPass,
)
from gateway.core.importing import ImportBatch, KindCounts
from gateway.core.records import Institution, ResultStatus
from gateway.storage.degree_tables import DegreeDocumentRow, DegreePartRow, DegreeRow
from gateway.storage.mapping import Counter, apply, chunks, institution_of
from gateway.storage.tables import InstitutionRow, LearnerRow, OpportunityRow, ResultRow

DegreeFiles = Mapping[tuple[str, str], Mapping[DocumentKind, bytes]]
"""The PDFs an import supplies, by (institution, degree code)."""


@dataclass(frozen=True)
class DegreeUpserts:
    counts: KindCounts
    status_changes: tuple[DegreeStatusChange, ...]


class DegreeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # ----- the import

    async def facts(self, batch: ImportBatch) -> DegreeFacts:
        """Stored passed results and degrees that ``batch``'s degrees and results touch."""
        s = self.session
        people = {d.value.national_id for d in batch.degrees}
        places = {d.value.institution for d in batch.degrees}
        passed: dict[tuple[str, str, str], StoredPass] = {}
        for chunk in chunks(people):
            passes = (
                select(
                    LearnerRow.national_id,
                    InstitutionRow.schac,
                    OpportunityRow.code,
                    ResultRow.credits,
                    ResultRow.result_date,
                )
                .join(ResultRow, ResultRow.learner_id == LearnerRow.id)
                .join(OpportunityRow, OpportunityRow.id == ResultRow.opportunity_id)
                .join(InstitutionRow, InstitutionRow.id == OpportunityRow.institution_id)
                .where(
                    LearnerRow.national_id.in_(chunk),
                    InstitutionRow.schac.in_(sorted(places)),
                    ResultRow.status == ResultStatus.PASSED,
                )
            )
            for nid, schac, code, credits, day in await s.execute(passes):
                passed[(nid, schac, code)] = StoredPass(credits, day)
        holders: dict[tuple[str, str], str] = {}
        keys = {(d.value.institution, d.value.code) for d in batch.degrees}
        for pairs in chunks(keys):
            stored = (
                select(InstitutionRow.schac, DegreeRow.code, LearnerRow.national_id)
                .join(InstitutionRow, InstitutionRow.id == DegreeRow.institution_id)
                .join(LearnerRow, LearnerRow.id == DegreeRow.learner_id)
                .where(tuple_(InstitutionRow.schac, DegreeRow.code).in_(pairs))
            )
            for schac, code, nid in await s.execute(stored):
                holders[(schac, code)] = nid
        included_in: dict[tuple[str, str, str], str] = {}
        for chunk in chunks({r.value.national_id for r in batch.results}):
            parts = (
                select(
                    LearnerRow.national_id,
                    InstitutionRow.schac,
                    OpportunityRow.code,
                    DegreeRow.code,
                )
                .join(DegreeRow, DegreeRow.learner_id == LearnerRow.id)
                .join(InstitutionRow, InstitutionRow.id == DegreeRow.institution_id)
                .join(DegreePartRow, DegreePartRow.degree_id == DegreeRow.id)
                .join(OpportunityRow, OpportunityRow.id == DegreePartRow.opportunity_id)
                .where(LearnerRow.national_id.in_(chunk), DegreeRow.status == DegreeStatus.AWARDED)
            )
            for nid, schac, opportunity, degree in await s.execute(parts):
                included_in[(nid, schac, opportunity)] = degree
        return DegreeFacts(passed, holders, included_in)

    async def upsert(
        self, items: Sequence[DegreeRecord], files: DegreeFiles, *, now: datetime
    ) -> DegreeUpserts:
        """Degrees by (institution, code) with their parts and supplied PDFs; flushed."""
        s = self.session
        institution_ids = await self._ids(
            select(InstitutionRow.schac, InstitutionRow.id).where(
                InstitutionRow.schac.in_(sorted({d.institution for d in items}))
            )
        )
        learner_ids = await self._ids(
            select(LearnerRow.national_id, LearnerRow.id).where(
                LearnerRow.national_id.in_(sorted({d.national_id for d in items}))
            )
        )
        opportunity_ids: dict[tuple[str, str], int] = {}
        for pairs in chunks({(d.institution, code) for d in items for code in d.included}):
            found = (
                select(InstitutionRow.schac, OpportunityRow.code, OpportunityRow.id)
                .join(InstitutionRow, InstitutionRow.id == OpportunityRow.institution_id)
                .where(tuple_(InstitutionRow.schac, OpportunityRow.code).in_(pairs))
            )
            for schac, code, oid in await s.execute(found):
                opportunity_ids[(schac, code)] = oid
        existing: dict[tuple[int, str], DegreeRow] = {}
        for keys in chunks({(institution_ids[d.institution], d.code) for d in items}):
            rows = select(DegreeRow).where(
                tuple_(DegreeRow.institution_id, DegreeRow.code).in_(keys)
            )
            for found_row in await s.scalars(rows):
                existing[(found_row.institution_id, found_row.code)] = found_row
        parts = await self._parts([r.id for r in existing.values()])
        documents = await self._document_sums([r.id for r in existing.values()])
        counter = Counter()
        changes: list[DegreeStatusChange] = []
        for item in items:
            values = _values(item, institution_ids[item.institution], learner_ids[item.national_id])
            wanted = [opportunity_ids[(item.institution, code)] for code in item.included]
            given = files.get((item.institution, item.code), {})
            row = existing.get((values["institution_id"], item.code))
            if row is None:
                added = DegreeRow(**values, created_at=now, updated_at=now)
                s.add(added)
                await s.flush()
                await self._replace_parts(added.id, wanted)
                await self._replace_documents(added.id, given, {})
                counter.count(inserted=True)
                continue
            before = row.status
            changed = apply(row, values)
            if parts.get(row.id, []) != wanted:
                await self._replace_parts(row.id, wanted)
                changed = True
            if await self._replace_documents(row.id, given, documents.get(row.id, {})):
                changed = True
            if changed:
                row.updated_at = now
            if before is not item.status:
                changes.append(
                    DegreeStatusChange(row.id, item.institution, item.code, before, item.status)
                )
            counter.count(changed=changed)
        await s.flush()
        return DegreeUpserts(counter.result(), tuple(changes))

    async def _replace_parts(self, degree_id: int, opportunities: Sequence[int]) -> None:
        stale = delete(DegreePartRow).where(DegreePartRow.degree_id == degree_id)
        await self.session.execute(stale)
        self.session.add_all(
            DegreePartRow(degree_id=degree_id, position=position, opportunity_id=oid)
            for position, oid in enumerate(opportunities)
        )

    async def _replace_documents(
        self,
        degree_id: int,
        given: Mapping[DocumentKind, bytes],
        stored: Mapping[DocumentKind, str],
    ) -> bool:
        """Make the stored PDFs those ``given`` (a kind left out goes); whether any changed."""
        changed = False
        for kind in DocumentKind:
            data = given.get(kind)
            digest = None if data is None else hashlib.sha256(data).hexdigest()
            if digest == stored.get(kind):
                continue
            changed = True
            await self.session.execute(
                delete(DegreeDocumentRow).where(
                    DegreeDocumentRow.degree_id == degree_id, DegreeDocumentRow.kind == kind
                )
            )
            if data is not None and digest is not None:
                self.session.add(
                    DegreeDocumentRow(degree_id=degree_id, kind=kind, sha256=digest, data=data)
                )
        return changed

    # ----- reads

    async def of_learner(self, national_id: str, *, awarded_only: bool = True) -> list[Degree]:
        """The learner's degrees (awarded ones unless ``awarded_only`` is False), oldest first."""
        query = (
            select(DegreeRow, InstitutionRow, LearnerRow.national_id)
            .join(InstitutionRow, InstitutionRow.id == DegreeRow.institution_id)
            .join(LearnerRow, LearnerRow.id == DegreeRow.learner_id)
            .where(LearnerRow.national_id == national_id)
            .order_by(DegreeRow.requirements_met, InstitutionRow.schac, DegreeRow.code)
        )
        if awarded_only:
            query = query.where(DegreeRow.status == DegreeStatus.AWARDED)
        found = list(await self.session.execute(query))
        ids = [row.id for row, _, _ in found]
        codes = await self._part_codes(ids)
        sums = await self._document_sums(ids)
        return [
            _degree(row, institution_of(inst), nid, codes.get(row.id, ()), sums.get(row.id, {}))
            for row, inst, nid in found
        ]

    async def documents(self, degree_id: int) -> dict[DocumentKind, bytes]:
        """The PDFs the institution supplied for the degree."""
        rows = await self.session.execute(
            select(DegreeDocumentRow.kind, DegreeDocumentRow.data).where(
                DegreeDocumentRow.degree_id == degree_id
            )
        )
        return {kind: data for kind, data in rows}

    # ----- helpers

    async def _ids(self, query: Any) -> dict[str, int]:
        return {key: value for key, value in await self.session.execute(query)}

    async def _parts(self, degree_ids: Iterable[int]) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for chunk in chunks(degree_ids):
            query = (
                select(DegreePartRow.degree_id, DegreePartRow.opportunity_id)
                .where(DegreePartRow.degree_id.in_(chunk))
                .order_by(DegreePartRow.degree_id, DegreePartRow.position)
            )
            for degree_id, opportunity_id in await self.session.execute(query):
                found.setdefault(degree_id, []).append(opportunity_id)
        return found

    async def _part_codes(self, degree_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        found: dict[int, list[str]] = {}
        for chunk in chunks(degree_ids):
            query = (
                select(DegreePartRow.degree_id, OpportunityRow.code)
                .join(OpportunityRow, OpportunityRow.id == DegreePartRow.opportunity_id)
                .where(DegreePartRow.degree_id.in_(chunk))
                .order_by(DegreePartRow.degree_id, DegreePartRow.position)
            )
            for degree_id, code in await self.session.execute(query):
                found.setdefault(degree_id, []).append(code)
        return {key: tuple(codes) for key, codes in found.items()}

    async def _document_sums(self, degree_ids: Iterable[int]) -> dict[int, dict[DocumentKind, str]]:
        found: dict[int, dict[DocumentKind, str]] = {}
        for chunk in chunks(degree_ids):
            query = select(
                DegreeDocumentRow.degree_id, DegreeDocumentRow.kind, DegreeDocumentRow.sha256
            ).where(DegreeDocumentRow.degree_id.in_(chunk))
            for degree_id, kind, digest in await self.session.execute(query):
                found.setdefault(degree_id, {})[kind] = digest
        return found


def _values(item: DegreeRecord, institution_id: int, learner_id: int) -> dict[str, Any]:
    return {
        "institution_id": institution_id,
        "learner_id": learner_id,
        "code": item.code,
        "kind": item.kind,
        "title_sv": item.title_sv,
        "title_en": item.title_en,
        "main_field_sv": item.main_field_sv,
        "main_field_en": item.main_field_en,
        "level": item.level,
        "credits": item.credits,
        "requirements_met": item.date,
        "issue_date": item.issue_date,
        "status": item.status,
        "isced_f": item.isced_f,
        "language": item.language,
    }


def _degree(
    row: DegreeRow,
    institution: Institution,
    national_id: str,
    included: tuple[str, ...],
    sums: Mapping[DocumentKind, str],
) -> Degree:
    return Degree(
        id=row.id,
        institution=institution,
        national_id=national_id,
        code=row.code,
        kind=row.kind,
        title_sv=row.title_sv,
        title_en=row.title_en,
        level=row.level,
        credits=row.credits,
        date=row.requirements_met,
        issue_date=row.issue_date,
        status=row.status,
        included=included,
        main_field_sv=row.main_field_sv,
        main_field_en=row.main_field_en,
        isced_f=row.isced_f,
        language=row.language,
        supplied=tuple(sorted(sums.items())),
    )
