"""ELMO model → XML written directly in its C14N 1.0 form: the exact bytes we digest and ship.

The document is the one ``write.elmo_to_xml`` builds (same elements in the same order, the
same whitespace: libxml2's pretty printing, two spaces per level up to 60, leaves on one
line), spelled the way inclusive C14N 1.0 spells it, so that both
``c14n(parse(elmo_to_canonical(e))) == elmo_to_canonical(e)`` and
``c14n(parse(elmo_to_xml(e))) == elmo_to_canonical(e)`` (tests/core/elmo/test_canonical.py):

- UTF-8, no XML declaration, the only namespace declaration the default one on ``elmo``;
- empty elements as start-end tag pairs, never self-closing;
- text escapes ``&`` ``<`` ``>`` and CR (``&#xD;``); attribute values are double-quoted and
  escape ``&`` ``<`` ``"`` TAB LF CR (``&#x9;`` ``&#xA;`` ``&#xD;``);
- an element carries at most one attribute (``type``, ``localId`` or ``xml:lang``), so there
  is no attribute order to get wrong, and ``xml:lang`` is written where the model has it.

Characters XML forbids are not looked for here (a lone surrogate fails the UTF-8 encoding
with a ``ValueError``): the caller parses the result for XSD validation, and that parse
refuses them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Final

from gateway.core.elmo.model import (
    ELMO_NS,
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
from gateway.core.elmo.write import format_datetime, format_decimal

ROOT_START = f'<elmo xmlns="{ELMO_NS}">'
ROOT_END = "</elmo>"
#: Texts longer than this (attachment contents) are encoded on their own rather than joined.
_BIG_TEXT: Final = 4096

_Write = Callable[[str], None]
# A line break and the indentation of a level → those of the level below; like libxml2's
# pretty printer, indentation stops growing at 30 levels (60 spaces).
_DEEPER: Final = {"\n" + "  " * n: "\n" + "  " * min(n + 1, 30) for n in range(31)}


class _Output:
    """Pieces of text, encoded to UTF-8 once at the end.

    A big text (a base64 attachment) is encoded by itself, so that one non-ASCII character
    elsewhere does not make the join widen it to two or four bytes per character.
    """

    __slots__ = ("done", "pieces", "write")

    def __init__(self) -> None:
        self.done: list[bytes] = []
        self.pieces: list[str] = []
        self.write: _Write = self.pieces.append

    def big(self, text: str) -> None:
        self.done.append("".join(self.pieces).encode("utf-8"))
        self.pieces.clear()
        self.done.append(text.encode("utf-8"))

    def result(self) -> bytes:
        self.done.append("".join(self.pieces).encode("utf-8"))
        return b"".join(self.done)


def elmo_to_canonical(elmo: Elmo) -> bytes:
    """``elmo`` as its canonical (C14N 1.0) XML bytes, ready to be digested as they are."""
    out = _Output()
    w = out.write
    w(ROOT_START)
    ind = _DEEPER["\n"]
    w(f"{ind}<generatedDate>{format_datetime(elmo.generated_date)}</generatedDate>")
    _learner(w, ind, elmo.learner)
    for report in elmo.reports:
        _report(out, ind, report)
    for attachment in elmo.attachments:
        _attachment(out, ind, attachment)
    w("\n" + ROOT_END)
    return out.result()


def escape_text(value: str) -> str:
    """Character data as C14N writes it."""
    if "&" in value or "<" in value or ">" in value or "\r" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        value = value.replace("\r", "&#xD;")
    return value


def escape_attribute(value: str) -> str:
    """An attribute value (inside double quotes) as C14N writes it."""
    if "&" in value or "<" in value or '"' in value or _has_whitespace_escape(value):
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        value = value.replace("\t", "&#x9;").replace("\n", "&#xA;").replace("\r", "&#xD;")
    return value


def _has_whitespace_escape(value: str) -> bool:
    return "\t" in value or "\n" in value or "\r" in value


def _opt(w: _Write, ind: str, name: str, text: str | None) -> None:
    if text is not None:
        w(f"{ind}<{name}>{escape_text(text)}</{name}>")


def _date(w: _Write, ind: str, name: str, value: date | None) -> None:
    if value is not None:
        w(f"{ind}<{name}>{value.isoformat()}</{name}>")


def _texts(w: _Write, ind: str, name: str, texts: Iterable[Text]) -> None:
    for text in texts:
        value = escape_text(text.value)
        if text.lang is None:
            w(f"{ind}<{name}>{value}</{name}>")
        else:
            w(f'{ind}<{name} xml:lang="{escape_attribute(text.lang)}">{value}</{name}>')


def _identifiers(w: _Write, ind: str, identifiers: Iterable[Identifier]) -> None:
    for i in identifiers:
        type_ = escape_attribute(i.type)
        w(f'{ind}<identifier type="{type_}">{escape_text(i.value)}</identifier>')


def _learner(w: _Write, ind: str, learner: Learner) -> None:
    inner = _DEEPER[ind]
    w(f"{ind}<learner>")
    _opt(w, inner, "citizenship", learner.citizenship)
    _identifiers(w, inner, learner.identifiers)
    w(f"{inner}<givenNames>{escape_text(learner.given_names)}</givenNames>")
    w(f"{inner}<familyName>{escape_text(learner.family_name)}</familyName>")
    _date(w, inner, "bday", learner.bday)
    _opt(w, inner, "placeOfBirth", learner.place_of_birth)
    _opt(w, inner, "birthName", learner.birth_name)
    if learner.gender is not None:
        w(f"{inner}<gender>{learner.gender}</gender>")
    w(f"{ind}</learner>")


def _report(out: _Output, ind: str, report: Report) -> None:
    w, inner = out.write, _DEEPER[ind]
    w(f"{ind}<report>")
    _issuer(w, inner, report.issuer)
    for los in report.opportunities:
        _los(w, inner, los)
    w(f"{inner}<issueDate>{format_datetime(report.issue_date)}</issueDate>")
    for scheme in report.grading_schemes:
        _grading_scheme(w, inner, scheme)
    for attachment in report.attachments:
        _attachment(out, inner, attachment)
    w(f"{ind}</report>")


def _issuer(w: _Write, ind: str, issuer: Issuer) -> None:
    inner = _DEEPER[ind]
    w(f"{ind}<issuer>")
    _opt(w, inner, "country", issuer.country)
    _identifiers(w, inner, issuer.identifiers)
    _texts(w, inner, "title", issuer.titles)
    w(f"{inner}<url>{escape_text(issuer.url)}</url>")
    w(f"{ind}</issuer>")


def _grading_scheme(w: _Write, ind: str, scheme: GradingScheme) -> None:
    start = f'<gradingScheme localId="{escape_attribute(scheme.local_id)}">'
    if not scheme.descriptions:  # empty: no line break inside
        w(f"{ind}{start}</gradingScheme>")
        return
    w(f"{ind}{start}")
    _texts(w, _DEEPER[ind], "description", scheme.descriptions)
    w(f"{ind}</gradingScheme>")


def _los(w: _Write, ind: str, los: LearningOpportunitySpecification) -> None:
    inner = _DEEPER[ind]
    w(f"{ind}<learningOpportunitySpecification>")
    _identifiers(w, inner, los.identifiers)
    _texts(w, inner, "title", los.titles)
    if los.type is not None:
        w(f"{inner}<type>{escape_text(los.type)}</type>")
    _opt(w, inner, "subjectArea", los.subject_area)
    if los.isced_code is not None:
        w(f"{inner}<iscedCode>{escape_text(los.isced_code)}</iscedCode>")
    _opt(w, inner, "url", los.url)
    _texts(w, inner, "description", los.descriptions)
    w(f"{inner}<specifies>")
    _instance(w, _DEEPER[inner], los.instance)
    w(f"{inner}</specifies>")
    for part in los.has_part:
        w(f"{inner}<hasPart>")
        _los(w, _DEEPER[inner], part)
        w(f"{inner}</hasPart>")
    w(f"{ind}</learningOpportunitySpecification>")


def _instance(w: _Write, ind: str, loi: LearningOpportunityInstance) -> None:
    if loi.status is None and loi == _EMPTY_INSTANCE:  # no line break inside
        w(f"{ind}<learningOpportunityInstance></learningOpportunityInstance>")
        return
    inner = _DEEPER[ind]
    w(f"{ind}<learningOpportunityInstance>")
    _identifiers(w, inner, loi.identifiers)
    _date(w, inner, "start", loi.start)
    if loi.date is not None:
        w(f"{inner}<date>{loi.date.isoformat()}</date>")
    if loi.academic_term is not None:
        _academic_term(w, inner, loi.academic_term)
    if loi.status is not None:
        w(f"{inner}<status>{escape_text(loi.status)}</status>")
    if loi.grading_scheme_local_id is not None:
        scheme = escape_text(loi.grading_scheme_local_id)
        w(f"{inner}<gradingSchemeLocalId>{scheme}</gradingSchemeLocalId>")
    if loi.result_label is not None:
        w(f"{inner}<resultLabel>{escape_text(loi.result_label)}</resultLabel>")
    for credit in loi.credits:
        _credit(w, inner, credit)
    for level in loi.levels:
        _level(w, inner, level)
    if loi.language_of_instruction is not None:
        language = escape_text(loi.language_of_instruction)
        w(f"{inner}<languageOfInstruction>{language}</languageOfInstruction>")
    if loi.engagement_hours is not None:
        hours = format_decimal(loi.engagement_hours)
        w(f"{inner}<engagementHours>{hours}</engagementHours>")
    if loi.attachment_refs:
        deeper = _DEEPER[inner]
        w(f"{inner}<attachments>")
        for ref in loi.attachment_refs:
            w(f"{deeper}<ref>{escape_text(ref)}</ref>")
        w(f"{inner}</attachments>")
    w(f"{ind}</learningOpportunityInstance>")


_EMPTY_INSTANCE = LearningOpportunityInstance()


def _academic_term(w: _Write, ind: str, term: AcademicTerm) -> None:
    inner = _DEEPER[ind]
    w(f"{ind}<academicTerm>")
    _texts(w, inner, "title", term.titles)
    w(f"{inner}<start>{term.start.isoformat()}</start>{inner}<end>{term.end.isoformat()}</end>")
    w(f"{ind}</academicTerm>")


def _credit(w: _Write, ind: str, credit: Credit) -> None:
    inner = _DEEPER[ind]
    w(f"{ind}<credit>{inner}<scheme>{escape_text(credit.scheme)}</scheme>")
    _opt(w, inner, "level", credit.level)
    if credit.value is not None:
        w(f"{inner}<value>{format_decimal(credit.value)}</value>")
    w(f"{ind}</credit>")


def _level(w: _Write, ind: str, level: Level) -> None:
    inner = _DEEPER[ind]
    w(f"{ind}<level>{inner}<type>{escape_text(level.type)}</type>")
    if level.description is not None:
        _texts(w, inner, "description", (level.description,))
    _opt(w, inner, "value", level.value)
    w(f"{ind}</level>")


def _attachment(out: _Output, ind: str, attachment: Attachment) -> None:
    if attachment == _EMPTY_ATTACHMENT:  # no line break inside
        out.write(f"{ind}<attachment></attachment>")
        return
    w, inner = out.write, _DEEPER[ind]
    w(f"{ind}<attachment>")
    _identifiers(w, inner, attachment.identifiers)
    _texts(w, inner, "title", attachment.titles)
    _opt(w, inner, "type", attachment.type)
    _texts(w, inner, "description", attachment.descriptions)
    for content in attachment.contents:
        if len(content.value) <= _BIG_TEXT:
            _texts(w, inner, "content", (content,))
            continue
        lang = "" if content.lang is None else f' xml:lang="{escape_attribute(content.lang)}"'
        w(f"{inner}<content{lang}>")
        out.big(escape_text(content.value))
        w("</content>")
    w(f"{ind}</attachment>")


_EMPTY_ATTACHMENT = Attachment()
