"""Export a learner's results as signed ELMO 1.7 (store → model → XML → XSD → XML-DSig → pack)."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from gateway.core.elmo.build import elmo_from_transcript
from gateway.core.elmo.canonical import elmo_to_canonical
from gateway.core.elmo.model import Attachment, Elmo
from gateway.core.elmo.pack import pack_elmo
from gateway.core.elmo.signer import sign_canonical
from gateway.core.pdf import transcript_attachment, transcript_pdf
from gateway.core.records import Transcript
from gateway.core.xml import parse_xml
from gateway.errors import InvalidInput, NotFound, XmlRejected
from gateway.flows.services import Services
from gateway.storage.repositories import read_transcript


class NothingToExport(NotFound):
    """The learner has no (offered, selected) results: EMREX NCP_NO_RESULTS."""


@dataclass(frozen=True)
class ElmoExport:
    elmo: Elmo
    signed_xml: bytes

    def packed(self) -> str:
        return pack_elmo(self.signed_xml)


def offered(transcript: Transcript, *, offer_unfinished: bool) -> Transcript:
    """What a contact point offers: passed results, or everything when configured so."""
    if offer_unfinished:
        return transcript
    return transcript.finished_only()


def choose(transcript: Transcript, select: Collection[int] | None) -> Transcript:
    """The offered results narrowed to ``select``; an id not on offer is an error, not ignored."""
    if select is None:
        return transcript
    available = {r.id for r in transcript.results()}
    unknown = sorted(set(select) - available)
    if unknown:
        raise InvalidInput(f"result {unknown[0]} is not among the learner's offered results")
    return transcript.select(select)


async def load_transcript(services: Services, national_id: str) -> Transcript:
    async with services.db.reader() as connection:
        return await read_transcript(connection, national_id)


def sign_transcript(
    services: Services,
    transcript: Transcript,
    attachments: Sequence[Attachment] = (),
    *,
    with_pdf: bool = True,
) -> ElmoExport:
    """Build (with the PDF transcript as an "EMREX transcript" attachment), validate against the
    official XSD, then sign. CPU only; no I/O.

    The document is written once, already in C14N form; it is parsed once, for the XSD, and
    what was validated is what is digested and shipped (DESIGN.md §3, notes/perf.md).
    """
    if not any(True for _ in transcript.results()):
        raise NothingToExport("there are no results to send")
    elmo = elmo_from_transcript(transcript, generated=services.clock(), attachments=attachments)
    return sign_elmo(services, elmo, with_pdf=with_pdf)


def sign_elmo(services: Services, elmo: Elmo, *, with_pdf: bool = True) -> ElmoExport:
    """Add the PDF transcript (unless ``with_pdf`` is False), validate against the official XSD,
    then sign ``elmo``. CPU only; no I/O."""
    if with_pdf:
        pdf = transcript_attachment(transcript_pdf(elmo))
        elmo = dataclasses.replace(elmo, attachments=(*elmo.attachments, pdf))
    canonical = elmo_to_canonical(elmo)
    limit = services.settings.elmo.max_xml_bytes
    try:
        root = parse_xml(canonical, max_bytes=limit)
    except XmlRejected as exc:
        if len(canonical) > limit:
            raise
        # A value XML cannot carry (U+FFFE, …): our data is at fault, not a client's input.
        raise ValueError(f"the ELMO to export is not well-formed XML: {exc}") from None
    services.elmo_schema.validate(root)
    return ElmoExport(elmo, sign_canonical(canonical, services.signing_key))


async def export_elmo(
    services: Services,
    national_id: str,
    *,
    select: Collection[int] | None = None,
    offer_unfinished: bool = False,
    with_pdf: bool = True,
) -> ElmoExport:
    transcript = await load_transcript(services, national_id)
    chosen = choose(offered(transcript, offer_unfinished=offer_unfinished), select)
    return sign_transcript(services, chosen, with_pdf=with_pdf)
