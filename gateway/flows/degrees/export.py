"""Signed ELMO with degrees: one degree (`gateway elmo export --degree`) or a learner's choice.

A degree travels as its ``Degree Programme`` LOS with the included results under it and its
certificate and Diploma Supplement as attachments; the included results are never sent a second
time as loose results. Only awarded degrees are exported: a withdrawn one is offered nowhere.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence

from gateway.core.degrees.elmo import DegreeWithDocuments, elmo_with_degrees
from gateway.core.degrees.model import AwardedDegree
from gateway.core.degrees.results import without
from gateway.core.elmo.model import Report
from gateway.core.records import Transcript
from gateway.errors import NotFound
from gateway.flows.degrees.load import awarded_degrees, documents_of
from gateway.flows.elmo.export import ElmoExport, NothingToExport, load_transcript, sign_elmo
from gateway.flows.services import Services
from gateway.storage.syllabus import SyllabusRepository


async def with_documents(
    services: Services, degrees: Sequence[AwardedDegree]
) -> list[DegreeWithDocuments]:
    """Each degree with its PDFs and its institution's quality assurance."""
    schacs = {d.degree.institution.schac for d in degrees}
    async with services.db.session() as session:
        quality = (await SyllabusRepository(session).read((), schacs)).quality
    return [
        DegreeWithDocuments(
            d, await documents_of(services, d), quality.get(d.degree.institution.schac, ())
        )
        for d in degrees
    ]


def sign_with_degrees(
    services: Services,
    transcript: Transcript,
    degrees: Sequence[DegreeWithDocuments],
    *,
    with_pdf: bool = True,
    extra_reports: Sequence[Report] = (),
) -> ElmoExport:
    """The signed ELMO of the loose results of ``transcript`` and ``degrees`` (their included
    results are taken out of the loose ones), then ``extra_reports`` as they are (results
    verified from a wallet: their issuer stays the awarding institution). CPU only: run it in
    a thread."""
    included = {i for d in degrees for i in d.awarded.result_ids()}
    loose = without(transcript, included)
    if not degrees and not extra_reports and not any(True for _ in loose.results()):
        raise NothingToExport("there are no results to send")
    elmo = elmo_with_degrees(loose, degrees, generated=services.clock())
    if extra_reports:
        elmo = dataclasses.replace(elmo, reports=(*elmo.reports, *extra_reports))
    return sign_elmo(services, elmo, with_pdf=with_pdf)


async def find_degree(services: Services, national_id: str, code: str) -> AwardedDegree:
    """The learner's awarded degree with this code (at any institution; one must match)."""
    transcript = await load_transcript(services, national_id)
    found = [
        d for d in await awarded_degrees(services, national_id, transcript) if d.degree.code == code
    ]
    if not found:
        raise NotFound(f"the learner has no awarded degree with code {code!r}")
    if len(found) > 1:
        places = ", ".join(sorted(d.degree.institution.schac for d in found))
        raise NotFound(f"degree code {code!r} names degrees at several institutions ({places})")
    return found[0]


async def export_degree(services: Services, national_id: str, code: str) -> ElmoExport:
    """`gateway elmo export --learner ID --degree CODE`: that one degree, signed."""
    awarded = await find_degree(services, national_id, code)
    degrees = await with_documents(services, [awarded])
    empty = Transcript(awarded.learner)
    return await asyncio.to_thread(sign_with_degrees, services, empty, degrees)
