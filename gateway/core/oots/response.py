"""Build the EDM evidence response (Success ``query:QueryResponse``) in the request version (§4)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from gateway.core.oots import rim as r
from gateway.core.oots.codes import (
    COLLECTION_SET,
    EDM_CLASSIFICATION_SCHEME,
    MAIN_EVIDENCE,
    OOTS_MEDIA_TYPES,
    PROVIDER,
    QUERY_NS,
    STATUS_SUCCESS,
    STRUCTURED_MEDIA_TYPES,
    XLINK_NS,
    EdmVersion,
    sr_spelling,
)
from gateway.core.oots.model import Agent, QueryRequest, Text

#: ``cid:`` references must match ``^cid:[a-z0-9]*@[a-z0-9]*`` (R-EDM-RESP-C042, case-sensitive).
CONTENT_ID = re.compile(r"^[a-z0-9]+@[a-z0-9][a-z0-9.-]*$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def make_content_id(unique: str, domain: str) -> str:
    """A Content-ID the 1.0 rules accept: lower-case letters and digits, ``@``, a domain."""
    local = re.sub(r"[^a-z0-9]", "", unique.lower())
    content_id = f"{local}@{domain.lower()}"
    if not CONTENT_ID.match(content_id):
        raise ValueError(f"cannot make a Content-ID from {unique!r} and {domain!r}")
    return content_id


@dataclass(frozen=True)
class EvidenceDocument:
    """One attachment of the response and the ids of its metadata (all passed in, never made).

    ``registry_object_id`` is ``urn:uuid:…`` (R-EDM-RESP-S037), ``evidence_id`` a bare UUID
    (R-EDM-RESP-C015), ``content_id`` the MIME Content-ID without ``cid:`` or brackets.
    ``conforms_to`` (the SR data model) is required for application/json and application/xml.
    """

    registry_object_id: str
    evidence_id: str
    content_id: str
    media_type: str
    title: str
    conforms_to: str | None = None
    language: str | None = None

    @property
    def href(self) -> str:
        return f"cid:{self.content_id}"


@dataclass(frozen=True)
class Issuance:
    """What the evidence metadata says about the evidence itself."""

    issuing_authority: Agent
    issuing_date: date
    #: IsConformantTo/Description when the request's EvidenceRequest carried none (the 1.0
    #: rules want one: R-EDM-RESP-S030); the titles are used when this is empty too.
    descriptions: tuple[Text, ...] = ()


def build_query_response(
    request: QueryRequest,
    *,
    response_id: str,
    issued_at: datetime,
    provider: Agent,
    issuance: Issuance,
    documents: Sequence[EvidenceDocument],
) -> bytes:
    """A Success response carrying ``documents`` (one ExtrinsicObject each; 2.0: packaged).

    ``response_id`` (EvidenceResponseIdentifier) must be kept for redeliveries: the same
    inputs give the same bytes.
    """
    if not documents:
        raise ValueError("a response with evidence needs at least one document")
    root, objects = _response(request, response_id, issued_at, provider)
    for document in documents:
        _check(document)
        if request.specification.is_v1:
            _extrinsic(objects, request, issuance, document)
        else:
            package = etree.SubElement(objects, r.rim("RegistryObject"))
            package.set(r.XSI_TYPE, "rim:RegistryPackageType")
            package.set("id", _derived_id(document.registry_object_id, "package"))
            _extrinsic(
                etree.SubElement(package, r.rim("RegistryObjectList")), request, issuance, document
            )
    return r.serialize(root)


def build_refused_response(
    request: QueryRequest, *, response_id: str, issued_at: datetime, provider: Agent
) -> bytes:
    """Success with an empty ``RegistryObjectList``: no evidence (none found, or the user
    refused it in the preview), as in the April-2023 Projectathon data (notes §4)."""
    root, _ = _response(request, response_id, issued_at, provider)
    return r.serialize(root)


def _response(
    request: QueryRequest, response_id: str, issued_at: datetime, provider: Agent
) -> tuple[etree._Element, etree._Element]:
    if not _UUID.match(response_id):
        raise ValueError("EvidenceResponseIdentifier must be a UUID (R-EDM-RESP-C003)")
    if provider.address is None:
        raise ValueError("the EvidenceProvider agent needs an Address (R-EDM-RESP-S026)")
    root = r.root_element(
        f"{{{QUERY_NS}}}QueryResponse", requestId=request.request_id, status=STATUS_SUCCESS
    )
    r.string_slot(root, "SpecificationIdentifier", request.specification.value)
    r.string_slot(root, "EvidenceResponseIdentifier", response_id)
    r.datetime_slot(root, "IssueDateTime", issued_at)
    holder = r.collection_slot(root, "EvidenceProvider", COLLECTION_SET)
    r.add_agent(r.collection_element(holder), provider, classification=PROVIDER)
    r.add_agent(r.any_slot(root, "EvidenceRequester"), request.requester, minimal=True)
    return root, etree.SubElement(root, r.rim("RegistryObjectList"))


def _check(document: EvidenceDocument) -> None:
    if not CONTENT_ID.match(document.content_id):
        raise ValueError(f"Content-ID {document.content_id!r} breaks R-EDM-RESP-C042")
    if document.media_type not in OOTS_MEDIA_TYPES:
        raise ValueError(f"{document.media_type} is not in the OOTSMediaTypes code list")
    if not _UUID.match(document.evidence_id):
        raise ValueError("the Evidence Identifier must be a UUID (R-EDM-RESP-C015)")
    if not document.registry_object_id.startswith("urn:uuid:") or not _UUID.match(
        document.registry_object_id.removeprefix("urn:uuid:")
    ):
        raise ValueError("a RegistryObject id must be urn:uuid:<UUID> (R-EDM-RESP-S037)")


def _derived_id(registry_object_id: str, role: str) -> str:
    """A stable id for the 2.0 wrapper objects, derived (not drawn) from the document's id."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{registry_object_id}#{role}')}"


def _extrinsic(
    parent: etree._Element, request: QueryRequest, issuance: Issuance, document: EvidenceDocument
) -> None:
    version = request.specification
    element = etree.SubElement(parent, r.rim("RegistryObject"))
    element.set(r.XSI_TYPE, "rim:ExtrinsicObjectType")
    element.set("id", document.registry_object_id)
    evidence = etree.SubElement(r.any_slot(element, "EvidenceMetadata"), r.sdg("Evidence"))
    r.add_text(evidence, "Identifier", document.evidence_id)
    about = etree.SubElement(evidence, r.sdg("IsAbout"))
    r.add_mds(etree.SubElement(about, r.sdg("NaturalPerson")), request.natural_person)
    r.add_agent(evidence, issuance.issuing_authority, local="IssuingAuthority", minimal=True)
    _conformant_to(evidence, request, issuance, document)
    r.add_text(evidence, "IssuingDate", issuance.issuing_date.isoformat())
    distribution = etree.SubElement(evidence, r.sdg("Distribution"))
    r.add_text(distribution, "Format", document.media_type)
    r.add_text(distribution, "Language", document.language)
    r.add_text(distribution, "ConformsTo", _conforms_to(request, document, version))
    if not version.is_v1:
        classification = etree.SubElement(element, r.rim("Classification"))
        classification.set("id", _derived_id(document.registry_object_id, "classification"))
        classification.set("classificationScheme", EDM_CLASSIFICATION_SCHEME)
        classification.set("classificationNode", MAIN_EVIDENCE)
    ref = etree.SubElement(element, r.rim("RepositoryItemRef"))
    ref.set(f"{{{XLINK_NS}}}href", document.href)
    ref.set(f"{{{XLINK_NS}}}title", document.title)


def _conformant_to(
    evidence: etree._Element, request: QueryRequest, issuance: Issuance, document: EvidenceDocument
) -> None:
    """The requested evidence type, echoed in the request's own spelling."""
    asked = request.evidence_request
    titles = asked.titles or (Text(document.title, "EN"),)
    descriptions = asked.descriptions or issuance.descriptions or titles
    element = etree.SubElement(evidence, r.sdg("IsConformantTo"))
    r.add_text(element, "EvidenceTypeClassification", asked.evidence_type_classification)
    r.add_texts(element, "Title", titles)
    r.add_texts(element, "Description", descriptions)


def _conforms_to(
    request: QueryRequest, document: EvidenceDocument, version: EdmVersion
) -> str | None:
    """The document's data model: the requested one when the format matches, else the given
    one respelled for the version; mandatory for structured formats (R-EDM-RESP-C044a/b)."""
    asked = request.evidence_request.distributed_as
    value: str | None
    if document.conforms_to is not None:
        value = sr_spelling(document.conforms_to, version)
    elif asked is not None and asked.format == document.media_type:
        value = asked.conforms_to
    else:
        value = None
    if value is None and document.media_type in STRUCTURED_MEDIA_TYPES:
        raise ValueError(f"{document.media_type} evidence needs ConformsTo (R-EDM-RESP-C044)")
    return value
