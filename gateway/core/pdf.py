"""The human-readable PDF transcript of an ELMO document (XSD 1.7 "EMREX transcript" attachment)."""

from __future__ import annotations

import base64
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

import reportlab
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from gateway.core.elmo.model import (
    Attachment,
    Elmo,
    LearningOpportunitySpecification,
    Report,
    Text,
)
from gateway.core.pdf_canvas import Cell, Pages, Style, Table, columns_of

PDF_MEDIA_TYPE = "application/pdf"
ATTACHMENT_TYPE = "EMREX transcript"
ATTACHMENT_TITLE = "EMREX transcript"
FONT, FONT_BOLD = "GatewayVera", "GatewayVera-Bold"
_FONT_DIR = Path(reportlab.__file__).parent / "fonts"


@dataclass(frozen=True)
class _Labels:
    """The transcript's fixed texts, each in Swedish and English (shown together: "sv / en")."""

    title: tuple[str, str] = ("Studieresultat (EMREX)", "Transcript of records (EMREX)")
    learner: tuple[str, str] = ("Student", "Learner")
    born: tuple[str, str] = ("Födelsedatum", "Date of birth")
    national_id: tuple[str, str] = ("Nationellt id-nummer", "National identifier")
    generated: tuple[str, str] = ("Skapad", "Generated")
    institution: tuple[str, str] = ("Lärosäte", "Institution")
    continued: tuple[str, str] = ("forts.", "continued")
    code: tuple[str, str] = ("Kod", "Code")
    course: tuple[str, str] = ("Utbildning", "Learning opportunity")
    kind: tuple[str, str] = ("Typ", "Type")
    date: tuple[str, str] = ("Datum", "Date")
    grade: tuple[str, str] = ("Betyg", "Grade")
    credits: tuple[str, str] = ("ECTS", "ECTS")
    level: tuple[str, str] = ("Nivå", "Level")
    status: tuple[str, str] = ("Status", "Status")
    total: tuple[str, str] = ("Summa ECTS", "Total ECTS")
    page: tuple[str, str] = ("Sida {page} av {pages}", "Page {page} of {pages}")
    note: tuple[str, str] = (
        "Detta intyg är en läsbar återgivning av det signerade ELMO-dokument som det är bifogat "
        "till. Det signerade ELMO-dokumentet gäller.",
        "This transcript is a human-readable rendering of the signed ELMO document it is "
        "attached to. The signed ELMO data is authoritative.",
    )


LABELS = _Labels()


def both(label: tuple[str, str]) -> str:
    """A label in Swedish and English, or once when the two are the same."""
    sv, en = label
    return sv if sv == en else f"{sv} / {en}"


@cache
def _register_fonts() -> None:
    # Bitstream Vera ships with reportlab: embedded, so text is extractable and portable.
    pdfmetrics.registerFont(TTFont(FONT, str(_FONT_DIR / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(_FONT_DIR / "VeraBd.ttf")))


@cache
def _covered() -> frozenset[int]:
    _register_fonts()
    font = pdfmetrics.getFont(FONT)
    return frozenset(font.face.charWidths.keys())  # type: ignore[attr-defined]


@cache
def _uncovered() -> re.Pattern[str]:
    """Matches a character the embedded font lacks (one C-level scan per text)."""
    covered = "".join(re.escape(chr(code)) for code in sorted(_covered()))
    return re.compile(f"[^{covered}]")


def _printable(text: str) -> str:
    """Characters the embedded font lacks are replaced by their base letter (or '?')."""
    if _uncovered().search(text) is None:
        return text
    covered = _covered()
    out = []
    for char in text:
        if ord(char) in covered or char in "\n\t ":
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)[:1]
        out.append(base if base and ord(base) in covered else "?")
    return "".join(out)


# For documents laid out with platypus (Paragraph markup, styles in the same fonts); the
# transcript itself is drawn straight on the canvas (pdf_canvas.py).
def _esc(text: str) -> str:
    return _printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pick(texts: tuple[Text, ...], lang: str = "en") -> str:
    """The text in ``lang``, else one without a language, else the first one."""
    for wanted in (lang, None):
        for text in texts:
            if text.lang == wanted:
                return text.value
    return texts[0].value if texts else ""


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=15, leading=19),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=8
        ),
    }


def _ects(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


class LOOK:
    """The transcript's text styles and table columns (A4, 14 mm margins: 182 mm of width)."""

    h1: Style = Style(FONT, 15, 19, bold=True)
    h2: Style = Style(FONT, 11.5, 15, bold=True)
    body: Style = Style(FONT, 9, 11.5)
    small: Style = Style(FONT, 7.5, 9.5)
    cell: Style = Style(FONT, 8, 10)
    other_title: Style = Style(FONT, 7, 8.5, gray=0.35)
    head: Style = Style(FONT, 7.5, 9, bold=True)
    head_en: Style = Style(FONT, 7, 8.5, gray=0.35)
    total: Style = Style(FONT, 8, 10, bold=True)
    # code, title (indented by depth), type, date, grade, ECTS, level, status; widths in mm
    table: Table = Table(columns_of((19, 64, 27, 19, 12, 11, 12, 18), mm), cell, indented=1)


_INDENT = 6.0  # points per level of a learning opportunity's parts


def _titles(los: LearningOpportunitySpecification) -> Cell:
    """The English title (or the only one), then every other language's below it, greyed."""
    first = pick(los.titles)
    others = tuple(
        (_printable(value), LOOK.other_title)
        for value in dict.fromkeys(text.value for text in los.titles)
        if value != first
    )
    return ((_printable(first), LOOK.cell), *others) if others else _printable(first)


def _rows(
    opportunities: tuple[LearningOpportunitySpecification, ...],
) -> Iterator[tuple[tuple[Cell, ...], float]]:
    """A row per opportunity and per part, depth first, each part indented under its whole."""
    stack = [(los, 0) for los in reversed(opportunities)]
    while stack:
        los, depth = stack.pop()
        stack.extend((part, depth + 1) for part in reversed(los.has_part))
        loi = los.instance
        eqf = next((lv.value for lv in loi.levels if lv.type.upper() == "EQF" and lv.value), "")
        texts = [
            los.identifier("local") or "",
            los.type or "",
            loi.result_label or "",
            f"EQF {eqf}" if eqf else "",
            loi.status or "",
        ]
        if _uncovered().search(" ".join(texts)) is not None:  # rare: one scan for the whole row
            texts = [_printable(text) for text in texts]
        code, kind, grade, level, status = texts
        date = loi.date.isoformat() if loi.date else ""
        ects = _ects(loi.ects())
        yield (code, _titles(los), kind, date, grade, ects, level, status), _INDENT * depth


def _header() -> tuple[Cell, ...]:
    labels = (
        *(LABELS.code, LABELS.course, LABELS.kind, LABELS.date),
        *(LABELS.grade, LABELS.credits, LABELS.level, LABELS.status),
    )
    return tuple(
        ((sv, LOOK.head),) + (((en, LOOK.head_en),) if en != sv else ()) for sv, en in labels
    )


def _report(pages: Pages, report: Report) -> None:
    issuer = report.issuer
    name = pick(issuer.titles)
    other = [t.value for t in issuer.titles if t.value != name]
    heading = _printable(name + (f" ({other[0]})" if other else ""))
    ids = ", ".join(f"{i.type} {i.value}" for i in issuer.identifiers)
    pages.ensure(LOOK.h2.leading + LOOK.small.leading + 60)  # the heading stays with its table
    pages.skip(8)
    pages.paragraph(f"{both(LABELS.institution)}: {heading}", LOOK.h2)
    pages.paragraph(_printable(f"{ids} · {issuer.url}"), LOOK.small)
    pages.skip(3 * mm)
    total = sum((los.instance.ects() or Decimal(0) for los in report.specifications()), Decimal(0))
    total_row: tuple[Cell, ...] = (
        None,
        ((both(LABELS.total), LOOK.total),),
        None,
        None,
        None,
        ((_ects(total), LOOK.total),),
        None,
        None,
    )

    def continued() -> None:
        pages.paragraph(f"{heading} ({both(LABELS.continued)})", LOOK.small)

    pages.table(LOOK.table, _header(), _rows(report.opportunities), on_new_page=continued)
    height, laid = pages.measure(LOOK.table, total_row)
    if pages.ensure(height):
        continued()
    pages.rule()
    pages.place(height, laid)


def transcript_pdf(elmo: Elmo) -> bytes:
    """A readable A4 PDF: learner, each institution, each result with grade, credits and date;
    every label in Swedish and English, every page numbered and naming the learner."""
    _register_fonts()
    learner = elmo.learner
    name = _printable(f"{learner.given_names} {learner.family_name}")
    born = learner.bday.isoformat() if learner.bday else ""

    def footer(page: int, pages: int) -> list[tuple[str, Style]]:
        numbers = " / ".join(label.format(page=page, pages=pages) for label in LABELS.page)
        return [(" · ".join(part for part in (name, born, numbers) if part), LOOK.small)]

    pages = Pages(FONT, footer)
    pages.paragraph(both(LABELS.title), LOOK.h1)
    pages.skip(3 * mm)
    pages.paragraph(f"{both(LABELS.learner)}: {name}", LOOK.body)
    if born:
        pages.paragraph(f"{both(LABELS.born)}: {born}", LOOK.body)
    national_id = learner.identifier("nationalIdentifier")
    if national_id:
        pages.paragraph(f"{both(LABELS.national_id)}: {_printable(national_id)}", LOOK.body)
    generated = _timestamp(elmo.generated_date)
    pages.paragraph(f"{both(LABELS.generated)}: {generated}", LOOK.body)
    for report in elmo.reports:
        _report(pages, report)
    pages.skip(6 * mm)
    for note in LABELS.note:
        pages.paragraph(note, LOOK.small)
    return pages.render(title=both(LABELS.title), author="emrex-gateway")


def _timestamp(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def transcript_attachment(pdf: bytes) -> Attachment:
    """The elmo-level attachment carrying ``pdf`` as a data URI."""
    data_uri = f"data:{PDF_MEDIA_TYPE};base64,{base64.b64encode(pdf).decode('ascii')}"
    return Attachment(
        titles=(Text(ATTACHMENT_TITLE, "en"),),
        type=ATTACHMENT_TYPE,
        contents=(Text(data_uri),),
    )
