"""A degree's documents: the institution's own PDFs sent unchanged, else ours rendered (sv, en)."""

from __future__ import annotations

from collections.abc import Mapping

from gateway.core.degrees.certificate import certificate_pdf
from gateway.core.degrees.model import AwardedDegree, DegreeDocument, DocumentKind
from gateway.core.degrees.supplement import supplement_pdf

CERTIFICATE_LANGUAGES = ("sv", "en")


def degree_documents(
    awarded: AwardedDegree, supplied: Mapping[DocumentKind, bytes]
) -> tuple[DegreeDocument, ...]:
    """The certificate (the supplied one, or ours in Swedish and English), then the Diploma
    Supplement (the supplied one, or ours in English)."""
    documents: list[DegreeDocument] = []
    certificate = supplied.get(DocumentKind.CERTIFICATE)
    if certificate is not None:
        documents.append(DegreeDocument(DocumentKind.CERTIFICATE, certificate, None, True))
    else:
        documents += [
            DegreeDocument(DocumentKind.CERTIFICATE, certificate_pdf(awarded, lang), lang, False)
            for lang in CERTIFICATE_LANGUAGES
        ]
    supplement = supplied.get(DocumentKind.SUPPLEMENT)
    if supplement is not None:
        documents.append(DegreeDocument(DocumentKind.SUPPLEMENT, supplement, None, True))
    else:
        documents.append(
            DegreeDocument(DocumentKind.SUPPLEMENT, supplement_pdf(awarded), "en", False)
        )
    return tuple(documents)
