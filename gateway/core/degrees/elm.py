"""A degree as one ELM 3.2 EuropeanDigitalCredential (Generic profile, conforms to generic-full).

The degree is one ``LearningAchievement`` specified by a ``Qualification`` (not a partial one:
``isPartialQualification`` false, ``eqfLevel``, ``creditPoint``, ``thematicArea``, formal
``learningSetting``, ``accreditation`` from the institution's quality assurance when there is
any), with the included courses as ``hasPart``, the awarding body and award date, and the
certificate and Diploma Supplement PDFs embedded as the credential's ``attachment``s (ELM's
``supplementaryDocument`` is a public web address; these documents are personal). Never the
Diploma Supplement profile, whose shapes a real course tree cannot meet (notes §0.6, §2.3).
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any, Final

from gateway.core.degrees.elmo import DegreeWithDocuments, elmo_with_degrees
from gateway.core.degrees.model import DegreeDocument, DocumentKind
from gateway.core.elm import vocabulary as cv
from gateway.core.elm.convert import convert_elmo
from gateway.core.elm.identity import DisplayImage, IssuerIdentity
from gateway.core.elm.nodes import (
    Ids,
    Node,
    credit_point,
    media_object,
)
from gateway.core.microcredentials.elm import accreditation
from gateway.core.records import Transcript
from gateway.errors import InvalidInput

LEARNING_SETTING_SCHEME: Final = "http://data.europa.eu/snb/learning-setting/25831c2"
FORMAL: Final = ("http://data.europa.eu/snb/learning-setting/6fd4685715", "formal learning")
# No EU concept scheme for attachment types was found; these local concepts carry the ELMO
# attachment types, as the gateway's local grade-status concept does.
ATTACHMENT_TYPES: Final = {
    DocumentKind.CERTIFICATE: ("urn:epass:concept:attachment-type:diploma", "Diploma"),
    DocumentKind.SUPPLEMENT: (
        "urn:epass:concept:attachment-type:diploma-supplement",
        "Diploma Supplement",
    ),
}
_LANGUAGE_NAMES: Final = {"sv": ("svenska", "Swedish"), "en": ("engelska", "English")}


def degree_credential(
    item: DegreeWithDocuments,
    *,
    issuer: IssuerIdentity,
    issued: datetime,
    credential_id: str | None = None,
    display_image: DisplayImage | None = None,
) -> dict[str, Any]:
    """The degree's credential, sealed by ``issuer`` (the operator), issued at ``issued``."""
    awarded = item.awarded
    degree = awarded.degree
    elmo = elmo_with_degrees(Transcript(awarded.learner), [item], generated=issued)
    converted = convert_elmo(
        elmo,
        issuer=issuer,
        signed_elmo=None,
        issued=issued,
        credential_ids=None if credential_id is None else [credential_id],
        display_image=display_image,
    )
    (credential,) = (dict(c) for c in converted.credentials)
    ids = Ids(str(credential["id"]))
    (claim,) = credential["credentialSubject"]["hasClaim"]
    spec = claim.get("specifiedBy", {})
    if claim.get("type") != "LearningAchievement" or spec.get("type") != "Qualification":
        raise InvalidInput(f"degree {degree.code}: not a learning achievement with an EQF level")
    credits = credit_point(ids, "degree#credits", degree.credits)
    spec["isPartialQualification"] = False
    spec["creditPoint"] = [credits]
    spec["learningSetting"] = cv.fixed(FORMAL, LEARNING_SETTING_SCHEME)
    if item.quality:
        (body,) = claim["awardedBy"]["awardingBody"]
        spec["accreditation"] = [
            accreditation(ids, n, qa, body) for n, qa in enumerate(item.quality)
        ]
    claim["creditReceived"] = [dict(credits, id=ids("creditPoint", "degree#received"))]
    credential["displayParameter"]["title"] = {"en": degree.title_en, "sv": degree.title_sv}
    credential["attachment"] = [_document(ids, n, d) for n, d in enumerate(item.documents)]
    return credential


def _document(ids: Ids, index: int, document: DegreeDocument) -> Node:
    if document.kind is DocumentKind.CERTIFICATE:
        title = {"sv": "Examensbevis", "en": "Degree certificate"}
        if document.lang in _LANGUAGE_NAMES:
            sv, en = _LANGUAGE_NAMES[document.lang]
            title = {"sv": f"Examensbevis ({sv})", "en": f"Degree certificate ({en})"}
    else:
        title = {"en": "Diploma Supplement"}
    node = media_object(
        ids,
        f"degree#document#{index}",
        base64.b64encode(document.data).decode("ascii"),
        "PDF",
        title=title,
        size=len(document.data),
    )
    iri, label = ATTACHMENT_TYPES[document.kind]
    node["attachmentType"] = cv.concept(iri, None, label)
    return node
