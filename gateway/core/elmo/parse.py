"""Lenient ELMO 1.x XML → model, read by name like a real client (notes/emrex.md §2.1–§2.5)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Final, TypeVar

from lxml import etree

from gateway.core.elmo.model import (
    ELMO_NS,
    XML_NS,
    AcademicTerm,
    Attachment,
    Credit,
    Elmo,
    GradingScheme,
    Identifier,
    Issuer,
    Learner,
    LearningOpportunityInstance,
    LearningOpportunitySpecification,
    Level,
    Report,
    Text,
)
from gateway.core.xml import parse_xml
from gateway.errors import InvalidInput

_LANG: Final = f"{{{XML_NS}}}lang"
_PREFIX: Final = f"{{{ELMO_NS}}}"
_XS_SPACE: Final = re.compile(r"[ \t\r\n]+")
_DATE: Final = re.compile(r"(-?\d{4,}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?")
_DATETIME: Final = re.compile(
    r"(-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?"
)
_DECIMAL: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_T = TypeVar("_T")


def parse_elmo_bytes(xml: bytes, *, max_bytes: int) -> Elmo:
    """Parse untrusted ELMO bytes with the hardened parser, then read them leniently."""
    return parse_elmo(parse_xml(xml, max_bytes=max_bytes))


def parse_elmo(root: etree._Element) -> Elmo:
    """The model of an ELMO document.

    Unknown elements, attributes, extensions and the signature are ignored; missing optional
    parts are tolerated; a missing required part or a malformed date or decimal raises
    ``InvalidInput`` naming its ELMO path.
    """
    if root.tag != f"{_PREFIX}elmo":
        raise InvalidInput(
            f"not an ELMO 1.x document: the root element is {etree.QName(root).localname!r} "
            f"in namespace {etree.QName(root).namespace!r}"
        )
    elmo = _Node(root, "elmo")
    generated = elmo.required("generatedDate")
    return Elmo(
        generated_date=_datetime(generated),
        learner=_learner(elmo.required("learner")),
        reports=tuple(_report(r) for r in elmo.children("report")),
        attachments=tuple(_attachment(a) for a in elmo.children("attachment")),
    )


class _Node:
    """An ELMO element and its path, for messages such as ``elmo/report[2]/issuer: missing``."""

    __slots__ = ("element", "path")

    def __init__(self, element: etree._Element, path: str) -> None:
        self.element = element
        self.path = path

    def _matching(self, name: str) -> Iterator[etree._Element]:
        # lxml filters the direct children by tag in C (a Python scan of every child per
        # lookup was most of parse_elmo on a 25-result ELMO); comments and PIs never match.
        return self.element.iterchildren(_PREFIX + name)

    def children(self, name: str) -> list[_Node]:
        return [_Node(c, f"{self.path}/{name}[{i}]") for i, c in enumerate(self._matching(name), 1)]

    def child(self, name: str) -> _Node | None:
        found = next(self._matching(name), None)
        return None if found is None else _Node(found, f"{self.path}/{name}")

    def required(self, name: str) -> _Node:
        node = self.child(name)
        if node is None:
            raise InvalidInput(f"{self.path}/{name}: missing")
        return node

    def token(self) -> str:
        """xs:token value space: whitespace collapsed."""
        return _collapse(self.element.text or "")

    def string(self) -> str:
        return self.element.text or ""

    def attribute(self, name: str) -> str:
        value = self.element.get(name)
        if value is None:
            raise InvalidInput(f"{self.path}/@{name}: missing")
        return _collapse(value)

    def opt(self, name: str, read: Callable[[_Node], _T]) -> _T | None:
        node = self.child(name)
        return None if node is None else read(node)

    def opt_token(self, name: str) -> str | None:
        return self.opt(name, _Node.token)

    def fail(self, problem: str) -> InvalidInput:
        return InvalidInput(f"{self.path}: {problem}")


def _collapse(value: str) -> str:
    return _XS_SPACE.sub(" ", value).strip(" ")


def _text(node: _Node, *, token: bool = True) -> Text:
    return Text(node.token() if token else node.string(), node.element.get(_LANG))


def _texts(node: _Node, name: str, *, token: bool = True) -> tuple[Text, ...]:
    return tuple(_text(n, token=token) for n in node.children(name))


def _identifiers(node: _Node) -> tuple[Identifier, ...]:
    return tuple(Identifier(n.attribute("type"), n.token()) for n in node.children("identifier"))


def _date(node: _Node) -> date:
    match = _DATE.fullmatch(node.token())
    try:
        if match is None:
            raise ValueError
        return date.fromisoformat(match.group(1))
    except ValueError:
        raise node.fail("not an xs:date (YYYY-MM-DD)") from None


def _datetime(node: _Node) -> datetime:
    match = _DATETIME.fullmatch(node.token())
    try:
        if match is None:
            raise ValueError
        whole, fraction, zone = match.groups()
        fraction = (fraction or "")[:7]  # Python keeps microseconds
        return datetime.fromisoformat(whole + fraction + (zone or ""))
    except ValueError:
        raise node.fail("not an xs:dateTime (YYYY-MM-DDThh:mm:ss with offset)") from None


def _decimal(node: _Node) -> Decimal:
    value = node.token()
    if not _DECIMAL.fullmatch(value):
        raise node.fail("not an xs:decimal (digits with an optional dot)")
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise node.fail("not an xs:decimal") from None


def _integer(node: _Node) -> int:
    value = node.token()
    if not re.fullmatch(r"[+-]?\d+", value):
        raise node.fail("not an integer")
    try:
        return int(value)
    except ValueError:  # past Python's integer digit limit (4300)
        raise node.fail("integer out of range") from None


def _learner(node: _Node) -> Learner:
    return Learner(
        given_names=node.required("givenNames").token(),
        family_name=node.required("familyName").token(),
        identifiers=_identifiers(node),
        citizenship=node.opt_token("citizenship"),
        bday=node.opt("bday", _date),
        place_of_birth=node.opt_token("placeOfBirth"),
        birth_name=node.opt_token("birthName"),
        gender=node.opt("gender", _integer),
    )


def _report(node: _Node) -> Report:
    return Report(
        issuer=_issuer(node.required("issuer")),
        issue_date=_datetime(node.required("issueDate")),
        opportunities=tuple(_los(n) for n in node.children("learningOpportunitySpecification")),
        grading_schemes=tuple(_grading_scheme(n) for n in node.children("gradingScheme")),
        attachments=tuple(_attachment(n) for n in node.children("attachment")),
    )


def _issuer(node: _Node) -> Issuer:
    return Issuer(
        identifiers=_identifiers(node),
        titles=_texts(node, "title"),
        url=node.opt_token("url") or "",
        country=node.opt_token("country"),
    )


def _grading_scheme(node: _Node) -> GradingScheme:
    return GradingScheme(
        local_id=node.attribute("localId"),
        descriptions=_texts(node, "description", token=False),
    )


def _los(node: _Node) -> LearningOpportunitySpecification:
    specifies = node.required("specifies")
    return LearningOpportunitySpecification(
        titles=_texts(node, "title"),
        instance=_instance(specifies.required("learningOpportunityInstance")),
        identifiers=_identifiers(node),
        type=node.opt_token("type"),
        subject_area=node.opt_token("subjectArea"),
        isced_code=node.opt_token("iscedCode"),
        url=node.opt_token("url"),
        descriptions=_texts(node, "description", token=False),
        has_part=tuple(
            _los(part.required("learningOpportunitySpecification"))
            for part in node.children("hasPart")
        ),
    )


def _instance(node: _Node) -> LearningOpportunityInstance:
    return LearningOpportunityInstance(
        identifiers=_identifiers(node),
        start=node.opt("start", _date),
        date=node.opt("date", _date),
        academic_term=node.opt("academicTerm", _academic_term),
        status=node.opt_token("status"),
        grading_scheme_local_id=node.opt_token("gradingSchemeLocalId"),
        result_label=node.opt_token("resultLabel"),
        credits=tuple(_credit(n) for n in node.children("credit")),
        levels=tuple(_level(n) for n in node.children("level")),
        language_of_instruction=node.opt_token("languageOfInstruction"),
        engagement_hours=node.opt("engagementHours", _decimal),
        attachment_refs=_refs(node.child("attachments")),
    )


def _refs(node: _Node | None) -> tuple[str, ...]:
    if node is None:
        return ()
    return tuple(ref.string() for ref in node.children("ref"))


def _academic_term(node: _Node) -> AcademicTerm:
    return AcademicTerm(
        titles=_texts(node, "title"),
        start=_date(node.required("start")),
        end=_date(node.required("end")),
    )


def _credit(node: _Node) -> Credit:
    return Credit(
        scheme=node.required("scheme").token(),  # as sent: "ects" or "ECTS"
        value=node.opt("value", _decimal),
        level=node.opt_token("level"),
    )


def _level(node: _Node) -> Level:
    return Level(
        type=node.required("type").token(),
        value=node.opt_token("value"),
        description=node.opt("description", lambda n: _text(n, token=False)),
    )


def _attachment(node: _Node) -> Attachment:
    return Attachment(
        identifiers=_identifiers(node),
        titles=_texts(node, "title"),
        type=node.opt_token("type"),
        descriptions=_texts(node, "description", token=False),
        contents=_texts(node, "content"),
    )
