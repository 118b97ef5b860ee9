"""A learner's awarded degrees with their included results, and each degree's documents."""

from __future__ import annotations

import asyncio

from gateway.core.degrees.documents import degree_documents
from gateway.core.degrees.model import AwardedDegree, DegreeDocument
from gateway.core.degrees.results import awarded_degree
from gateway.core.records import Transcript
from gateway.flows.services import Services
from gateway.storage.degrees import DegreeRepository
from gateway.storage.repositories import read_transcript


async def awarded_degrees(
    services: Services, national_id: str, transcript: Transcript | None = None
) -> list[AwardedDegree]:
    """The learner's awarded degrees (withdrawn ones are never offered), oldest first."""
    if transcript is None:
        async with services.db.reader() as connection:
            transcript = await read_transcript(connection, national_id)
    async with services.db.session() as session:
        degrees = await DegreeRepository(session).of_learner(national_id)
    return [awarded_degree(transcript, degree) for degree in degrees]


async def documents_of(services: Services, awarded: AwardedDegree) -> tuple[DegreeDocument, ...]:
    """The certificate and Diploma Supplement PDFs of ``awarded`` (rendering is CPU: a thread)."""
    supplied = {}
    if awarded.degree.supplied:
        async with services.db.session() as session:
            supplied = await DegreeRepository(session).documents(awarded.degree.id)
    return await asyncio.to_thread(degree_documents, awarded, supplied)
