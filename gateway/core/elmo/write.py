"""ELMO model → XML bytes in the exact v1.7.0 XSD element order (notes/emrex.md §2.3, §2.5)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

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

_LANG = f"{{{XML_NS}}}lang"
_MAX_OFFSET = timedelta(hours=14)


def elmo_to_xml(elmo: Elmo) -> bytes:
    """Serialise ``elmo`` as UTF-8 XML with a declaration, indented deterministically.

    The result is meant to be validated and then signed exactly as produced.
    """
    root = etree.Element(_q("elmo"), nsmap={None: ELMO_NS})  # type: ignore[dict-item]
    _leaf(root, "generatedDate", format_datetime(elmo.generated_date))
    _learner(root, elmo.learner)
    for report in elmo.reports:
        _report(root, report)
    for attachment in elmo.attachments:
        _attachment(root, attachment)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def format_datetime(value: datetime) -> str:
    """``xs:dateTime`` with its offset; a naive datetime is a programming error."""
    offset = value.utcoffset()
    if offset is None:
        raise ValueError("ELMO datetimes must carry a timezone")
    if offset.seconds % 60 or offset.microseconds or abs(offset) > _MAX_OFFSET:
        raise ValueError("an xs:dateTime offset must be whole minutes within ±14:00")
    return value.isoformat()


def format_decimal(value: Decimal) -> str:
    """``xs:decimal`` lexical form: a dot, never an exponent."""
    if not value.is_finite():
        raise ValueError("an xs:decimal must be finite")
    return format(value, "f")


def _q(name: str) -> str:
    return f"{{{ELMO_NS}}}{name}"


def _leaf(parent: etree._Element, name: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, _q(name))
    element.text = text
    return element


def _opt(parent: etree._Element, name: str, text: str | None) -> None:
    if text is not None:
        _leaf(parent, name, text)


def _date(parent: etree._Element, name: str, value: date | None) -> None:
    if value is not None:
        _leaf(parent, name, value.isoformat())


def _texts(parent: etree._Element, name: str, texts: Iterable[Text]) -> None:
    for text in texts:
        element = _leaf(parent, name, text.value)
        if text.lang is not None:
            element.set(_LANG, text.lang)


def _identifiers(parent: etree._Element, identifiers: Iterable[Identifier]) -> None:
    for identifier in identifiers:
        _leaf(parent, "identifier", identifier.value).set("type", identifier.type)


def _learner(parent: etree._Element, learner: Learner) -> None:
    element = etree.SubElement(parent, _q("learner"))
    _opt(element, "citizenship", learner.citizenship)
    _identifiers(element, learner.identifiers)
    _leaf(element, "givenNames", learner.given_names)
    _leaf(element, "familyName", learner.family_name)
    _date(element, "bday", learner.bday)
    _opt(element, "placeOfBirth", learner.place_of_birth)
    _opt(element, "birthName", learner.birth_name)
    if learner.gender is not None:
        _leaf(element, "gender", str(learner.gender))


def _report(parent: etree._Element, report: Report) -> None:
    element = etree.SubElement(parent, _q("report"))
    _issuer(element, report.issuer)
    for los in report.opportunities:
        _los(element, los)
    _leaf(element, "issueDate", format_datetime(report.issue_date))
    for scheme in report.grading_schemes:
        _grading_scheme(element, scheme)
    for attachment in report.attachments:
        _attachment(element, attachment)


def _issuer(parent: etree._Element, issuer: Issuer) -> None:
    element = etree.SubElement(parent, _q("issuer"))
    _opt(element, "country", issuer.country)
    _identifiers(element, issuer.identifiers)
    _texts(element, "title", issuer.titles)
    _leaf(element, "url", issuer.url)


def _grading_scheme(parent: etree._Element, scheme: GradingScheme) -> None:
    element = etree.SubElement(parent, _q("gradingScheme"))
    element.set("localId", scheme.local_id)
    _texts(element, "description", scheme.descriptions)


def _los(parent: etree._Element, los: LearningOpportunitySpecification) -> None:
    element = etree.SubElement(parent, _q("learningOpportunitySpecification"))
    _identifiers(element, los.identifiers)
    _texts(element, "title", los.titles)
    _opt(element, "type", los.type)
    _opt(element, "subjectArea", los.subject_area)
    _opt(element, "iscedCode", los.isced_code)
    _opt(element, "url", los.url)
    _texts(element, "description", los.descriptions)
    _instance(etree.SubElement(element, _q("specifies")), los.instance)
    for part in los.has_part:
        _los(etree.SubElement(element, _q("hasPart")), part)


def _instance(parent: etree._Element, loi: LearningOpportunityInstance) -> None:
    element = etree.SubElement(parent, _q("learningOpportunityInstance"))
    _identifiers(element, loi.identifiers)
    _date(element, "start", loi.start)
    _date(element, "date", loi.date)
    if loi.academic_term is not None:
        _academic_term(element, loi.academic_term)
    _opt(element, "status", loi.status)
    _opt(element, "gradingSchemeLocalId", loi.grading_scheme_local_id)
    _opt(element, "resultLabel", loi.result_label)
    for credit in loi.credits:
        _credit(element, credit)
    for level in loi.levels:
        _level(element, level)
    _opt(element, "languageOfInstruction", loi.language_of_instruction)
    if loi.engagement_hours is not None:
        _leaf(element, "engagementHours", format_decimal(loi.engagement_hours))
    if loi.attachment_refs:
        refs = etree.SubElement(element, _q("attachments"))
        for ref in loi.attachment_refs:
            _leaf(refs, "ref", ref)


def _academic_term(parent: etree._Element, term: AcademicTerm) -> None:
    element = etree.SubElement(parent, _q("academicTerm"))
    _texts(element, "title", term.titles)
    _leaf(element, "start", term.start.isoformat())
    _leaf(element, "end", term.end.isoformat())


def _credit(parent: etree._Element, credit: Credit) -> None:
    element = etree.SubElement(parent, _q("credit"))
    _leaf(element, "scheme", credit.scheme)
    _opt(element, "level", credit.level)
    if credit.value is not None:
        _leaf(element, "value", format_decimal(credit.value))


def _level(parent: etree._Element, level: Level) -> None:
    element = etree.SubElement(parent, _q("level"))
    _leaf(element, "type", level.type)
    if level.description is not None:
        _texts(element, "description", (level.description,))
    _opt(element, "value", level.value)


def _attachment(parent: etree._Element, attachment: Attachment) -> None:
    element = etree.SubElement(parent, _q("attachment"))
    _identifiers(element, attachment.identifiers)
    _texts(element, "title", attachment.titles)
    _opt(element, "type", attachment.type)
    _texts(element, "description", attachment.descriptions)
    _texts(element, "content", attachment.contents)
