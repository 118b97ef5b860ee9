"""Read and write the EDM evidence request ``query:QueryRequest`` 1.0–1.2 and 2.0 (notes §3)."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import ClassVar

from lxml import etree

from gateway.core.oots import rim as r
from gateway.core.oots.codes import (
    COLLECTION_SET,
    INVALID_REQUEST,
    QUERY_DEFINITION,
    QUERY_NS,
    REQUESTER,
    RETURN_TYPE,
    UNSUPPORTED_CAPABILITY,
    EdmErrorCode,
    EdmVersion,
)
from gateway.core.oots.model import (
    Agent,
    Distribution,
    EvidenceRequest,
    QueryRequest,
    RequestContext,
    Requirement,
    Text,
)
from gateway.core.oots.validate import BusinessRulesBroken, OotsValidator
from gateway.core.xml import DEFAULT_MAX_BYTES, parse_xml
from gateway.errors import InvalidInput, SchemaInvalid, XmlRejected

_URN_UUID = re.compile(
    r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I
)


class EdmRequestError(InvalidInput):
    """A request the gateway refuses; ``edm`` is the EDM error to answer with."""

    edm: ClassVar[EdmErrorCode]

    def __init__(
        self,
        message: str,
        *,
        rule: str | None = None,
        detail: str | None = None,
        context: RequestContext | None = None,
    ) -> None:
        super().__init__(f"{rule}: {message}" if rule else message, detail=detail)
        self.rule = rule
        self.context = context or RequestContext()


class InvalidQueryRequest(EdmRequestError):
    """Not well-formed, carries a DTD, breaks the XSD or a structure rule: EDM:ERR:0003."""

    edm = INVALID_REQUEST


class UnsupportedRequest(EdmRequestError):
    """A version the gateway does not announce, or a legal-person request: EDM:ERR:0007."""

    edm = UNSUPPORTED_CAPABILITY


def _q(local: str) -> str:
    return f"{{{QUERY_NS}}}{local}"


def parse_query_request(
    data: bytes,
    *,
    validator: OotsValidator | None = None,
    supported: Collection[EdmVersion] = tuple(EdmVersion),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> QueryRequest:
    """Parse an evidence request by slot name; raise an ``EdmRequestError`` saying what to answer.

    ``supported`` are the versions our DSD entry announces. With a ``validator``, 1.0
    requests are also checked against the TDD 1.0 XSD (and Schematron in strict mode).
    """
    try:
        root = parse_xml(data, max_bytes=max_bytes)
    except XmlRejected as exc:
        raise InvalidQueryRequest(exc.message) from None
    if root.tag != _q("QueryRequest"):
        raise InvalidQueryRequest(
            "the root element is not query:QueryRequest", rule="R-EDM-REQ-S001"
        )
    context = _context(root)
    try:
        return _parse(root, context, validator, supported)
    except r.MalformedMessage as exc:
        raise InvalidQueryRequest(str(exc), rule=exc.rule, context=context) from None


def _context(root: etree._Element) -> RequestContext:
    """Best effort: id, version and requester, so that even a refusal can be addressed.

    A malformed id is dropped: an error may omit requestId (R-EDM-ERR-S003), not break it.
    """
    raw_id = (root.get("id") or "").strip()
    request_id = raw_id if _URN_UUID.match(raw_id) else None
    specification = requester = None
    try:
        top = r.slots_by_name(root, "R-EDM-REQ-S019")
        if "SpecificationIdentifier" in top:
            specification = r.read_value(top["SpecificationIdentifier"], "StringValueType")
        if "EvidenceRequester" in top:
            agents = [
                r.read_agent(a) for a in r.read_collection(top["EvidenceRequester"], r.sdg("Agent"))
            ]
            ers = [a for a in agents if a.classification == REQUESTER] or agents
            requester = ers[0] if ers else None
    except r.MalformedMessage:
        pass
    return RequestContext(request_id, specification, requester)


def _parse(
    root: etree._Element,
    context: RequestContext,
    validator: OotsValidator | None,
    supported: Collection[EdmVersion],
) -> QueryRequest:
    top = r.slots_by_name(root, "R-EDM-REQ-S019")
    if "SpecificationIdentifier" not in top:
        raise r.MalformedMessage("slot SpecificationIdentifier is missing", "R-EDM-REQ-S005")
    r.read_value(top["SpecificationIdentifier"], "StringValueType")
    version = context.version
    if version is None or version not in supported:
        raise UnsupportedRequest(
            f"specification {(context.specification or '')[:40]!r} is not supported; supported: "
            + ", ".join(v.value for v in supported),
            rule="R-EDM-REQ-C001",
            context=context,
        )
    if validator is not None:
        try:
            validator.check("REQ", root, version)
        except SchemaInvalid as exc:
            rules = exc.rules if isinstance(exc, BusinessRulesBroken) else ()
            raise InvalidQueryRequest(
                exc.message,
                rule=rules[0] if len(rules) == 1 else None,
                detail=exc.detail,
                context=context,
            ) from None
    request_id = context.request_id
    if request_id is None:
        raise r.MalformedMessage(
            "the id of a QueryRequest must be urn:uuid:<UUID>", "R-EDM-REQ-S004"
        )
    query = r.child(root, _q("Query"))
    if query is None:
        raise r.MalformedMessage("query:Query is missing")
    _check_fixed_values(root, query)
    inner = r.slots_by_name(query, "R-EDM-REQ-S019")
    for name, rule in (
        ("IssueDateTime", "R-EDM-REQ-S006"),
        ("PossibilityForPreview", "R-EDM-REQ-S009"),
        ("ExplicitRequestGiven", "R-EDM-REQ-S010"),
        ("EvidenceRequester", "R-EDM-REQ-S012"),
        ("EvidenceProvider", "R-EDM-REQ-S013"),
    ):
        if name not in top:
            raise r.MalformedMessage(f"slot {name} is missing", rule)
    if "EvidenceRequest" not in inner:
        raise r.MalformedMessage("slot EvidenceRequest is missing", "R-EDM-REQ-S015")
    if "NaturalPerson" not in inner:
        if "LegalPerson" in inner:
            raise UnsupportedRequest(
                "evidence about legal persons is not provided", context=context
            )
        raise r.MalformedMessage("slot NaturalPerson is missing", "R-EDM-REQ-S016")
    if "LegalPerson" in inner:
        raise r.MalformedMessage("both NaturalPerson and LegalPerson are given", "R-EDM-REQ-S016")
    requesters = tuple(
        r.read_agent(a) for a in r.read_collection(top["EvidenceRequester"], r.sdg("Agent"))
    )
    if not requesters:
        raise r.MalformedMessage("EvidenceRequester holds no Agent", "R-EDM-REQ-S039")
    preview_location = _optional_string(top, "PreviewLocation")
    if preview_location is not None and not preview_location.startswith("https://"):
        raise r.MalformedMessage("PreviewLocation must start with https://", "R-EDM-REQ-C005")
    return QueryRequest(
        request_id=request_id,
        specification=version,
        issue_date_time=r.read_datetime(top["IssueDateTime"]),
        possibility_for_preview=r.read_boolean(top["PossibilityForPreview"]),
        explicit_request_given=r.read_boolean(top["ExplicitRequestGiven"]),
        requesters=requesters,
        evidence_provider=r.read_agent(r.read_any(top["EvidenceProvider"], r.sdg("Agent"))),
        natural_person=r.read_person(r.read_any(inner["NaturalPerson"], r.sdg("Person"))),
        evidence_request=_evidence_request(
            r.read_any(inner["EvidenceRequest"], r.sdg("DataServiceEvidenceType"))
        ),
        procedure=_procedure(top.get("Procedure")),
        preview_location=preview_location,
        return_location=_optional_string(top, "ReturnLocation"),
        requirements=_requirements(top.get("Requirements")),
    )


def _check_fixed_values(root: etree._Element, query: etree._Element) -> None:
    option = r.child(root, _q("ResponseOption"))
    if option is not None and option.get("returnType", RETURN_TYPE) != RETURN_TYPE:
        raise r.MalformedMessage(
            f"ResponseOption/@returnType must be {RETURN_TYPE}", "R-EDM-REQ-C024"
        )
    if query.get("queryDefinition") != QUERY_DEFINITION:
        raise r.MalformedMessage(
            f"Query/@queryDefinition must be {QUERY_DEFINITION}", "R-EDM-REQ-C025"
        )


def _optional_string(slots: dict[str, etree._Element], name: str) -> str | None:
    return r.read_value(slots[name], "StringValueType") if name in slots else None


def _procedure(slot: etree._Element | None) -> str | None:
    """1.x: ``InternationalStringValueType`` with the code as ``value``; 2.0: a plain string."""
    if slot is None:
        return None
    holder = r.child(slot, r.rim("SlotValue"))
    if holder is not None and (holder.get(r.XSI_TYPE) or "").endswith(":StringValueType"):
        return r.read_value(slot, "StringValueType")
    texts = r.read_localized(slot)
    return texts[0].value if texts else None


def _requirements(slot: etree._Element | None) -> tuple[Requirement, ...]:
    if slot is None:
        return ()
    found = []
    for element in r.read_collection(slot, r.sdg("Requirement")):
        identifier = r.child_text(element, "Identifier")
        if identifier is None:
            raise r.MalformedMessage("a Requirement has no Identifier", "R-EDM-REQ-S038")
        found.append(
            Requirement(
                identifier, r.read_texts(element, "Name"), r.read_texts(element, "Description")
            )
        )
    return tuple(found)


def _evidence_request(element: etree._Element) -> EvidenceRequest:
    identifier = r.child_text(element, "Identifier")
    classification = r.child_text(element, "EvidenceTypeClassification")
    if identifier is None or classification is None:
        raise r.MalformedMessage(
            "the EvidenceRequest lacks Identifier or EvidenceTypeClassification", "R-EDM-REQ-S045"
        )
    distributions = list(r.children(element, r.sdg("DistributedAs")))
    if len(distributions) > 1:
        raise r.MalformedMessage("DistributedAs occurs more than once", "R-EDM-REQ-C032")
    distributed_as = None
    if distributions:
        fmt = r.child_text(distributions[0], "Format")
        if fmt is None:
            raise r.MalformedMessage("DistributedAs has no Format")
        distributed_as = Distribution(
            format=fmt,
            conforms_to=r.child_text(distributions[0], "ConformsTo"),
            transformation=r.child_text(distributions[0], "Transformation"),
            language=r.child_text(distributions[0], "Language"),
        )
    return EvidenceRequest(
        identifier=identifier,
        evidence_type_classification=classification,
        titles=r.read_texts(element, "Title"),
        descriptions=r.read_texts(element, "Description"),
        distributed_as=distributed_as,
    )


# --- writing (the requester tool) -----------------------------------------------------------


def build_query_request(request: QueryRequest) -> bytes:
    """Serialise ``request`` in its own ``specification`` (element builders only).

    1.0 has no Requirement/Description, person eIDAS 1.1 attributes, DistributedAs/Language
    or ReturnLocation: a 1.0 request carrying them is refused with ``ValueError``.
    """
    version = request.specification
    if version is EdmVersion.V1_0 and (
        any(req.descriptions for req in request.requirements)
        or request.return_location is not None
        or (request.evidence_request.distributed_as or Distribution("")).language is not None
    ):
        raise ValueError("the request carries elements that oots-edm:v1.0 does not have")
    root = r.root_element(_q("QueryRequest"), id=request.request_id)
    r.string_slot(root, "SpecificationIdentifier", version.value)
    r.datetime_slot(root, "IssueDateTime", request.issue_date_time)
    if request.procedure is not None:
        if version.is_v1:
            r.international_slot(root, "Procedure", [Text(request.procedure, "EN")])
        else:
            r.string_slot(root, "Procedure", request.procedure)
    if request.preview_location is not None:
        r.string_slot(root, "PreviewLocation", request.preview_location)
    r.boolean_slot(root, "PossibilityForPreview", request.possibility_for_preview)
    r.boolean_slot(root, "ExplicitRequestGiven", request.explicit_request_given)
    if request.return_location is not None:
        r.string_slot(root, "ReturnLocation", request.return_location)
    if request.requirements:
        holder = r.collection_slot(root, "Requirements", COLLECTION_SET)
        for requirement in request.requirements:
            element = etree.SubElement(r.collection_element(holder), r.sdg("Requirement"))
            r.add_text(element, "Identifier", requirement.identifier)
            r.add_texts(element, "Name", requirement.names)
            r.add_texts(element, "Description", requirement.descriptions)
    holder = r.collection_slot(root, "EvidenceRequester", COLLECTION_SET)
    for agent in request.requesters:
        r.add_agent(r.collection_element(holder), agent)
    _add_provider(root, request.evidence_provider)
    etree.SubElement(root, _q("ResponseOption"), returnType=RETURN_TYPE)
    query = etree.SubElement(root, _q("Query"), queryDefinition=QUERY_DEFINITION)
    r.add_person(r.any_slot(query, "NaturalPerson"), request.natural_person, version)
    _add_evidence_request(r.any_slot(query, "EvidenceRequest"), request.evidence_request)
    return r.serialize(root)


def _add_provider(root: etree._Element, provider: Agent) -> None:
    """The chosen provider: Identifier and Name only (R-EDM-REQ-S043)."""
    r.add_agent(r.any_slot(root, "EvidenceProvider"), provider, minimal=True)


def _add_evidence_request(parent: etree._Element, evidence: EvidenceRequest) -> None:
    element = etree.SubElement(parent, r.sdg("DataServiceEvidenceType"))
    r.add_text(element, "Identifier", evidence.identifier)
    r.add_text(element, "EvidenceTypeClassification", evidence.evidence_type_classification)
    r.add_texts(element, "Title", evidence.titles)
    r.add_texts(element, "Description", evidence.descriptions)
    if evidence.distributed_as is not None:
        distribution = etree.SubElement(element, r.sdg("DistributedAs"))
        r.add_text(distribution, "Format", evidence.distributed_as.format)
        r.add_text(distribution, "Language", evidence.distributed_as.language)  # 2.0
        r.add_text(distribution, "ConformsTo", evidence.distributed_as.conforms_to)
        r.add_text(distribution, "Transformation", evidence.distributed_as.transformation)
