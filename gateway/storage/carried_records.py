"""What a wallet credential carries (issue #15): results and degrees as stored, readable and
fingerprinted, so a later import that changes any of those values can be told apart."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.storage.degree_tables import DegreeRow
from gateway.storage.status_tables import CarriedKind
from gateway.storage.tables import (
    GradingScaleRow,
    InstitutionRow,
    OpportunityRow,
    ResultRow,
    TermRow,
)


@dataclass(frozen=True)
class Carried:
    """A record a credential carries and the values it carried (``fingerprint`` hashes them)."""

    kind: CarriedKind
    record_id: int
    text: str
    fingerprint: str


def fingerprint(*values: object) -> str:
    text = "\x1f".join("" if v is None else str(v) for v in values)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


async def result_values(session: AsyncSession, result_ids: Iterable[int]) -> dict[int, Carried]:
    """What results hold now, readable and fingerprinted (what a credential carries)."""
    ids = sorted(set(result_ids))
    if not ids:
        return {}
    query = (
        select(
            ResultRow.id,
            InstitutionRow.schac,
            OpportunityRow.code,
            ResultRow.status,
            ResultRow.grade,
            GradingScaleRow.code,
            ResultRow.credits,
            ResultRow.result_date,
            TermRow.code,
        )
        .join(OpportunityRow, OpportunityRow.id == ResultRow.opportunity_id)
        .join(InstitutionRow, InstitutionRow.id == OpportunityRow.institution_id)
        .outerjoin(GradingScaleRow, GradingScaleRow.id == ResultRow.scale_id)
        .outerjoin(TermRow, TermRow.id == ResultRow.term_id)
        .where(ResultRow.id.in_(ids))
    )
    values: dict[int, Carried] = {}
    for (
        rid,
        schac,
        code,
        status,
        grade,
        scale,
        credits,
        when,
        term,
    ) in await session.execute(query):
        parts: list[object] = [str(status), f"{grade} ({scale})" if grade else None]
        parts += [f"{credits} hp" if credits is not None else None, when, term]
        text = f"{schac} {code}: " + ", ".join(str(p) for p in parts if p)
        digest = fingerprint(status, grade, scale, credits, when, term)
        values[rid] = Carried(CarriedKind.RESULT, rid, text, digest)
    return values


async def degree_values(session: AsyncSession, degree_ids: Iterable[int]) -> dict[int, Carried]:
    ids = sorted(set(degree_ids))
    if not ids:
        return {}
    query = (
        select(DegreeRow, InstitutionRow.schac)
        .join(InstitutionRow, InstitutionRow.id == DegreeRow.institution_id)
        .where(DegreeRow.id.in_(ids))
    )
    values: dict[int, Carried] = {}
    for degree, schac in await session.execute(query):
        text = f"{schac} {degree.code}: {degree.status}, {degree.title_en}, {degree.credits} hp"
        digest = fingerprint(
            degree.status,
            degree.title_sv,
            degree.title_en,
            degree.kind,
            degree.level,
            degree.credits,
            degree.issue_date,
            degree.main_field_sv,
            degree.main_field_en,
        )
        values[degree.id] = Carried(CarriedKind.DEGREE, degree.id, text, digest)
    return values
