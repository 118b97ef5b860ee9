"""Results as EDM evidence: ELM JSON-LD and PDF attachments, identity match, preview view (§4)."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from gateway.core.elmo.model import Elmo, LearningOpportunitySpecification, Text
from gateway.core.emrex import PersonMatch, match_person
from gateway.core.oots.model import NaturalPerson
from gateway.core.oots.response import EvidenceDocument, make_content_id
from gateway.core.records import Learner
from gateway.core.sessions import DisclosedItem

ELM_MEDIA_TYPE: Final = "application/json"
PDF_MEDIA_TYPE: Final = "application/pdf"
#: ``sdg:Distribution/sdg:Language`` of our PDF transcript (code list LanguageCode, upper case).
PDF_LANGUAGE: Final = "EN"
_DATA_URI: Final = re.compile(r"data:([\w.+-]+/[\w.+-]+)((?:;[\w=.+-]+)*),(.*)", re.DOTALL)
_DOMAIN: Final = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


@dataclass(frozen=True)
class EvidenceFile:
    """One attachment with the EDM metadata that describes it."""

    document: EvidenceDocument
    data: bytes


@dataclass(frozen=True)
class PreparedSource:
    """Results the learner can send: ``local`` (our store) or ``import-<id>`` (a verified EMREX
    import), the signed ELMO they come from, and the files built from it (what is sent)."""

    key: str
    label: str
    elmo_xml: bytes
    issuing_date: date
    files: tuple[EvidenceFile, ...]


@dataclass(frozen=True)
class StoredDocument:
    content_id: str
    media_type: str
    title: str
    data: bytes


def pick(texts: Sequence[Text], lang: str = "en") -> str:
    """The text in ``lang``, else one without a language, else the first one."""
    for wanted in (lang, None):
        for text in texts:
            if text.lang == wanted:
                return text.value
    return texts[0].value if texts else ""


def embedded_pdf(elmo: Elmo) -> bytes | None:
    """The first PDF carried as a data URI in an ELMO-level or report attachment (an EMREX
    transcript is signed together with the results, so it is preferred to a new rendering)."""
    attachments = list(elmo.attachments)
    for report in elmo.reports:
        attachments.extend(report.attachments)
    for attachment in attachments:
        for content in attachment.contents:
            found = _DATA_URI.fullmatch(content.value.strip())
            if found is None or found.group(1).lower() != PDF_MEDIA_TYPE:
                continue
            if "base64" not in found.group(2).lower():
                continue
            try:
                return base64.b64decode("".join(found.group(3).split()), validate=True)
            except binascii.Error:
                continue
    return None


def content_domain(host: str | None) -> str:
    """The right-hand side of our Content-IDs: the public host when the 1.0 rule allows it."""
    value = (host or "").lower()
    return value if _DOMAIN.match(value) else "gateway"


def evidence_files(
    *,
    credentials: Sequence[Mapping[str, Any]],
    credential_titles: Sequence[str],
    pdf: bytes,
    new_id: Callable[[], str],
    domain: str,
    elm_data_model: str,
    pdf_first: bool = False,
) -> tuple[EvidenceFile, ...]:
    """One ELM 3.2 credential per ELMO report (``application/json``, conforming to
    ``elm_data_model``) and the PDF transcript, each with fresh ids from ``new_id`` (a UUID
    string per call): nothing here draws randomness, so equal inputs give equal files."""
    files: list[EvidenceFile] = []
    for credential, title in zip(credentials, credential_titles, strict=True):
        data = json.dumps(credential, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        files.append(
            _file(
                new_id(),
                new_id(),
                "elm",
                ELM_MEDIA_TYPE,
                title,
                data,
                domain,
                conforms_to=elm_data_model,
            )
        )
    pdf_file = _file(
        new_id(),
        new_id(),
        "pdf",
        PDF_MEDIA_TYPE,
        "Transcript of records (PDF)",
        pdf,
        domain,
        language=PDF_LANGUAGE,
    )
    return (pdf_file, *files) if pdf_first else (*files, pdf_file)


@dataclass(frozen=True)
class PdfDocument:
    """A PDF to send as evidence: its title and ``sdg:Language`` (None: not known)."""

    title: str
    data: bytes
    language: str | None = None


def degree_files(
    *,
    credential: Mapping[str, Any] | None,
    credential_title: str,
    pdfs: Sequence[PdfDocument],
    new_id: Callable[[], str],
    domain: str,
    elm_data_model: str,
) -> tuple[EvidenceFile, ...]:
    """A degree's evidence: its ELM 3.2 credential (unless None) and its PDFs, fresh ids each."""
    files: list[EvidenceFile] = []
    if credential is not None:
        data = json.dumps(credential, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        files.append(
            _file(new_id(), new_id(), "elm", ELM_MEDIA_TYPE, credential_title, data, domain,
                  conforms_to=elm_data_model)
        )  # fmt: skip
    for pdf in pdfs:
        files.append(
            _file(new_id(), new_id(), "pdf", PDF_MEDIA_TYPE, pdf.title, pdf.data, domain,
                  language=pdf.language)
        )  # fmt: skip
    return tuple(files)


def _file(
    object_id: str,
    evidence_id: str,
    kind: str,
    media_type: str,
    title: str,
    data: bytes,
    domain: str,
    *,
    conforms_to: str | None = None,
    language: str | None = None,
) -> EvidenceFile:
    document = EvidenceDocument(
        registry_object_id=f"urn:uuid:{object_id}",
        evidence_id=evidence_id,
        content_id=make_content_id(kind + evidence_id, domain),
        media_type=media_type,
        title=title,
        conforms_to=conforms_to,
        language=language,
    )
    return EvidenceFile(document, data)


def credential_titles(elmo: Elmo) -> tuple[str, ...]:
    """xlink:title of each credential: the institution whose results it carries."""
    return tuple(f"ELM 3.2 credential: {pick(r.issuer.titles)}" for r in elmo.reports)


def person_match(person: NaturalPerson, learner: Learner, *, threshold: int) -> PersonMatch:
    """The request's person (authenticated by the requester) against a learner of ours."""
    return match_person(
        person.given_name,
        person.family_name,
        person.date_of_birth,
        learner.given_names,
        learner.family_name,
        learner.birth_date,
        threshold=threshold,
    )


def disclosed_items(elmo: Elmo) -> tuple[DisclosedItem, ...]:
    """What the learner's "My transfers" lists for evidence built from ``elmo``."""
    items = []
    for report in elmo.reports:
        institution = pick(report.issuer.titles)
        for los in report.specifications():
            ects = los.instance.ects()
            items.append(
                DisclosedItem(
                    institution=institution,
                    code=los.identifier("local") or "",
                    title=pick(los.titles),
                    grade=los.instance.result_label,
                    credits=None if ects is None else _number(ects),
                )
            )
    return tuple(items)


# --- the human-readable preview ------------------------------------------------------------


@dataclass(frozen=True)
class ResultLine:
    depth: int
    code: str
    title: str
    kind: str
    when: date | None
    grade: str
    credits: str
    status: str


@dataclass(frozen=True)
class InstitutionResults:
    name: str
    country: str
    lines: tuple[ResultLine, ...]
    credits_total: str


def results_view(elmo: Elmo, lang: str = "en") -> tuple[InstitutionResults, ...]:
    """The results of ``elmo`` as the preview page lists them (one block per report)."""
    blocks = []
    for report in elmo.reports:
        lines: list[ResultLine] = []
        total = Decimal(0)
        for los in report.opportunities:
            total += _walk(los, 0, lang, lines)
        blocks.append(
            InstitutionResults(
                name=pick(report.issuer.titles, lang),
                country=report.issuer.country or "",
                lines=tuple(lines),
                credits_total=_number(total),
            )
        )
    return tuple(blocks)


def _walk(
    los: LearningOpportunitySpecification, depth: int, lang: str, lines: list[ResultLine]
) -> Decimal:
    instance = los.instance
    ects = instance.ects()
    lines.append(
        ResultLine(
            depth=depth,
            code=los.identifier("local") or "",
            title=pick(los.titles, lang),
            kind=los.type or "",
            when=instance.date,
            grade=instance.result_label or "",
            credits="" if ects is None else _number(ects),
            status=instance.status or "",
        )
    )
    total = ects or Decimal(0)  # ELMO puts ECTS on one node per branch: the sum is the total
    for part in los.has_part:
        total += _walk(part, depth + 1, lang, lines)
    return total


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")
