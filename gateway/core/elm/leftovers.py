"""ELMO XML parts the ELMO model does not carry, for the conversion report (ELM–ELMO table)."""

from __future__ import annotations

from collections import Counter
from typing import Final

from lxml import etree

from gateway.core.elm.results import Unmapped
from gateway.core.elmo.model import ELMO_NS

# parent element → the children the ELMO parser reads into the model (gateway/core/elmo/parse.py)
READ: Final[dict[str, frozenset[str]]] = {
    "elmo": frozenset({"generatedDate", "learner", "report", "attachment"}),
    "learner": frozenset(
        {"citizenship", "identifier", "givenNames", "familyName", "bday", "placeOfBirth"}
        | {"birthName", "gender"}
    ),
    "report": frozenset(
        {"issuer", "learningOpportunitySpecification", "issueDate", "gradingScheme", "attachment"}
    ),
    "issuer": frozenset({"country", "identifier", "title", "url"}),
    "gradingScheme": frozenset({"description"}),
    "learningOpportunitySpecification": frozenset(
        {"identifier", "title", "type", "subjectArea", "iscedCode", "url", "description"}
        | {"specifies", "hasPart"}
    ),
    "specifies": frozenset({"learningOpportunityInstance"}),
    "hasPart": frozenset({"learningOpportunitySpecification"}),
    "learningOpportunityInstance": frozenset(
        {"identifier", "start", "date", "academicTerm", "status", "gradingSchemeLocalId"}
        | {"resultLabel", "credit", "level", "languageOfInstruction", "engagementHours"}
    ),
    "academicTerm": frozenset({"title", "start", "end"}),
    "credit": frozenset({"scheme", "value", "level"}),
    "level": frozenset({"type", "value", "description"}),
    "attachment": frozenset({"identifier", "title", "type", "description", "content"}),
}
# children the parser reads as lists: their paths carry an index, as in parse.py's messages
LISTED: Final[dict[str, frozenset[str]]] = {
    "elmo": frozenset({"report", "attachment"}),
    "learner": frozenset({"identifier"}),
    "report": frozenset({"learningOpportunitySpecification", "gradingScheme", "attachment"}),
    "issuer": frozenset({"identifier", "title"}),
    "gradingScheme": frozenset({"description"}),
    "learningOpportunitySpecification": frozenset(
        {"identifier", "title", "description", "hasPart"}
    ),
    "learningOpportunityInstance": frozenset({"identifier", "credit", "level"}),
    "academicTerm": frozenset({"title"}),
    "attachment": frozenset({"identifier", "title", "description", "content"}),
}
_NOT_READ = "not read into the gateway's ELMO model"
REASONS: Final = {
    "shortenedGrading": f"{_NOT_READ}; ELM has LearningAssessment.shortenedGrading "
    "(integer percentages)",
    "resultDistribution": f"{_NOT_READ}; ELM has LearningAssessment.resultDistribution "
    "(positive counts)",
    "descriptionHtml": f"{_NOT_READ}; ELM has descriptionHtml only on LearningOpportunity",
    "currentAddress": f"{_NOT_READ}; ELM Person.location needs a country code",
    "extension": "N/A in the official mapping (institution-specific content)",
    "groups": "ELM Group gathers agents, not results: no faithful target",
    "grouping": "ELM Group gathers agents, not results: no faithful target",
    "attachments": "N/A in the official mapping (AttachmentReference)",
    "diplomaSupplement": "N/A in the official mapping (the Diploma Supplement is its own "
    "EDC profile)",
}


def unread_elements(root: etree._Element, *, signature_embedded: bool) -> tuple[Unmapped, ...]:
    """Every non-empty ELMO element the model leaves out, with its ELMO path, in document order.

    ``signature_embedded`` says whether the signed ELMO travels as evidence, which is where
    the XML signature then lives on.
    """
    found: list[Unmapped] = []
    _walk(root, "elmo", found, signature_embedded)
    return tuple(found)


def _walk(element: etree._Element, path: str, found: list[Unmapped], signed: bool) -> None:
    parent = etree.QName(element).localname
    read = READ.get(parent, frozenset())
    children = [c for c in element if isinstance(c.tag, str)]
    names = Counter(etree.QName(c).localname for c in children)
    seen: Counter[str] = Counter()
    for child in children:
        qname = etree.QName(child)
        name = qname.localname
        seen[name] += 1
        indexed = name in LISTED.get(parent, ()) or names[name] > 1
        child_path = f"{path}/{name}[{seen[name]}]" if indexed else f"{path}/{name}"
        if qname.namespace == ELMO_NS and name in read:
            _walk(child, child_path, found, signed)
            continue
        if _is_empty(child):
            continue
        found.append(Unmapped(child_path, name, _reason(name, qname.namespace, signed)))


def _reason(name: str, namespace: str | None, signed: bool) -> str:
    if name == "Signature" and namespace == "http://www.w3.org/2000/09/xmldsig#":
        where = "kept inside the embedded signed ELMO" if signed else "not kept"
        return f"N/A in the official mapping; the XML signature is {where}"
    if namespace != ELMO_NS:
        return f"element of namespace {namespace!r} is not part of ELMO"
    return REASONS.get(name, _NOT_READ)


def _is_empty(element: etree._Element) -> bool:
    return not (element.text or "").strip() and not len(element) and not element.attrib
