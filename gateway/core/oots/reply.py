"""Read an EDM ``query:QueryResponse`` (evidence, empty or error) for the requester tool (§4–6)."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from gateway.core.oots import rim as r
from gateway.core.oots.codes import QUERY_NS, RS_NS, STATUS_FAILURE, XLINK_NS, XSI_NS
from gateway.core.xml import DEFAULT_MAX_BYTES, parse_xml
from gateway.errors import InvalidInput, XmlRejected


class MalformedResponse(InvalidInput):
    """An evidence provider's answer that is not a readable QueryResponse."""


@dataclass(frozen=True)
class EvidenceRef:
    """One ExtrinsicObject: where its attachment is and what its metadata says."""

    registry_object_id: str
    href: str
    title: str | None
    format: str | None
    conforms_to: str | None
    evidence_type_classification: str | None
    classification_node: str | None = None  # 2.0 packaging (MainEvidence …)


@dataclass(frozen=True)
class ExceptionInfo:
    code: str | None
    exception_type: str | None
    message: str | None
    severity: str | None
    detail: str | None
    timestamp: str | None = None
    preview_location: str | None = None
    preview_method: str | None = None


@dataclass(frozen=True)
class QueryResponseSummary:
    status: str
    request_id: str | None
    specification: str | None
    response_id: str | None
    evidences: tuple[EvidenceRef, ...] = ()
    exceptions: tuple[ExceptionInfo, ...] = ()

    @property
    def failed(self) -> bool:
        return self.status == STATUS_FAILURE

    @property
    def preview_location(self) -> str | None:
        """Set when the provider asks for a preview (EDM:ERR:0002): send the user there."""
        return next((e.preview_location for e in self.exceptions if e.preview_location), None)


def read_query_response(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> QueryResponseSummary:
    """Summarise a response by slot name and namespace URI (prefixes vary between peers)."""
    try:
        root = parse_xml(data, max_bytes=max_bytes)
    except XmlRejected as exc:
        raise MalformedResponse(exc.message) from None
    if root.tag != f"{{{QUERY_NS}}}QueryResponse" or not root.get("status"):
        raise MalformedResponse("the payload is not a query:QueryResponse with a status")
    try:
        top = r.slots_by_name(root, "R-EDM-RESP-S016")
        return QueryResponseSummary(
            status=root.get("status", ""),
            request_id=root.get("requestId"),
            specification=_string(top, "SpecificationIdentifier"),
            response_id=_string(top, "EvidenceResponseIdentifier"),
            evidences=tuple(
                _evidence(obj)
                for obj in root.iter(r.rim("RegistryObject"))
                if (obj.get(f"{{{XSI_NS}}}type") or "").endswith(":ExtrinsicObjectType")
            ),
            exceptions=tuple(_exception(e) for e in r.children(root, f"{{{RS_NS}}}Exception")),
        )
    except r.MalformedMessage as exc:
        raise MalformedResponse(str(exc)) from None


def _string(slots: dict[str, etree._Element], name: str) -> str | None:
    return r.read_value(slots[name], "StringValueType") if name in slots else None


def _evidence(obj: etree._Element) -> EvidenceRef:
    ref = r.child(obj, r.rim("RepositoryItemRef"))
    href = ref.get(f"{{{XLINK_NS}}}href") if ref is not None else None
    if ref is None or not href:
        raise r.MalformedMessage("an ExtrinsicObject has no RepositoryItemRef/@xlink:href")
    slots = r.slots_by_name(obj, "R-EDM-RESP-S015")
    evidence = None
    if "EvidenceMetadata" in slots:
        evidence = r.read_any(slots["EvidenceMetadata"], r.sdg("Evidence"))
    distribution = r.child(evidence, r.sdg("Distribution")) if evidence is not None else None
    conformant = r.child(evidence, r.sdg("IsConformantTo")) if evidence is not None else None
    classification = r.child(obj, r.rim("Classification"))
    return EvidenceRef(
        registry_object_id=obj.get("id", ""),
        href=href.strip(),
        title=ref.get(f"{{{XLINK_NS}}}title"),
        format=r.child_text(distribution, "Format") if distribution is not None else None,
        conforms_to=r.child_text(distribution, "ConformsTo") if distribution is not None else None,
        evidence_type_classification=(
            r.child_text(conformant, "EvidenceTypeClassification")
            if conformant is not None
            else None
        ),
        classification_node=classification.get("classificationNode")
        if classification is not None
        else None,
    )


def _exception(element: etree._Element) -> ExceptionInfo:
    slots = r.slots_by_name(element, "R-EDM-ERR-S017b")
    timestamp = (
        r.read_value(slots["Timestamp"], "DateTimeValueType") if "Timestamp" in slots else None
    )
    return ExceptionInfo(
        code=element.get("code"),
        exception_type=element.get(f"{{{XSI_NS}}}type"),
        message=element.get("message"),
        severity=element.get("severity"),
        detail=element.get("detail"),
        timestamp=timestamp,
        preview_location=_string(slots, "PreviewLocation"),
        preview_method=_string(slots, "PreviewMethod"),
    )
