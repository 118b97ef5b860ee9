"""The human-readable PDF transcript of an ELMO document (XSD 1.7 "EMREX transcript" attachment)."""

from __future__ import annotations

import base64
import io
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from gateway.core.elmo.model import (
    Attachment,
    Elmo,
    LearningOpportunitySpecification,
    Report,
    Text,
)

PDF_MEDIA_TYPE = "application/pdf"
ATTACHMENT_TYPE = "EMREX transcript"
ATTACHMENT_TITLE = "EMREX transcript"
FONT, FONT_BOLD = "GatewayVera", "GatewayVera-Bold"
_FONT_DIR = Path(reportlab.__file__).parent / "fonts"


@dataclass(frozen=True)
class _Labels:
    title: str = "Transcript of records (EMREX)"
    learner: str = "Learner"
    born: str = "Date of birth"
    national_id: str = "National identifier"
    generated: str = "Generated"
    institution: str = "Institution"
    code: str = "Code"
    course: str = "Learning opportunity"
    kind: str = "Type"
    date: str = "Date"
    grade: str = "Grade"
    credits: str = "ECTS"
    level: str = "Level"
    status: str = "Status"
    total: str = "Total ECTS"
    note: str = (
        "This transcript is a human-readable rendering of the signed ELMO document it is "
        "attached to. The signed ELMO data is authoritative."
    )


LABELS = _Labels()


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


def _printable(text: str) -> str:
    """Characters the embedded font lacks are replaced by their base letter (or '?')."""
    covered = _covered()
    out = []
    for char in text:
        if ord(char) in covered or char in "\n\t ":
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)[:1]
        out.append(base if base and ord(base) in covered else "?")
    return "".join(out)


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


def _rows(
    los: LearningOpportunitySpecification, depth: int, style: ParagraphStyle
) -> list[list[Flowable | str]]:
    loi = los.instance
    eqf = next((lv.value for lv in loi.levels if lv.type.upper() == "EQF" and lv.value), "")
    indent = "&nbsp;" * 4 * depth
    title = Paragraph(indent + _esc(pick(los.titles)), style)
    row: list[Flowable | str] = [
        _printable(los.identifier("local") or ""),
        title,
        _printable(los.type or ""),
        loi.date.isoformat() if loi.date else "",
        _printable(loi.result_label or ""),
        _ects(loi.ects()),
        f"EQF {eqf}" if eqf else "",
        _printable(loi.status or ""),
    ]
    rows = [row]
    for part in los.has_part:
        rows.extend(_rows(part, depth + 1, style))
    return rows


def _report_flowables(report: Report, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    issuer = report.issuer
    name = pick(issuer.titles)
    other = [t.value for t in issuer.titles if t.value != name]
    ids = ", ".join(f"{i.type} {i.value}" for i in issuer.identifiers)
    heading = _esc(name) + (f" ({_esc(other[0])})" if other else "")
    header = [LABELS.code, LABELS.course, LABELS.kind, LABELS.date, LABELS.grade]
    header += [LABELS.credits, LABELS.level, LABELS.status]
    data: list[list[Flowable | str]] = [list(header)]
    for los in report.opportunities:
        data.extend(_rows(los, 0, styles["cell"]))
    total = sum((los.instance.ects() or Decimal(0) for los in report.specifications()), Decimal(0))
    data.append(["", LABELS.total, "", "", "", _ects(total), "", ""])
    table = Table(
        data,
        colWidths=[18 * mm, 62 * mm, 22 * mm, 19 * mm, 12 * mm, 12 * mm, 14 * mm, 17 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8),
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, 8),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [
        Paragraph(f"{LABELS.institution}: {heading}", styles["h2"]),
        Paragraph(_esc(f"{ids} · {issuer.url}"), styles["small"]),
        Spacer(1, 3 * mm),
        table,
    ]


def transcript_pdf(elmo: Elmo) -> bytes:
    """A readable A4 PDF: learner, each institution, each result with grade, credits and date."""
    _register_fonts()
    styles = _styles()
    learner = elmo.learner
    facts = [f"{LABELS.learner}: <b>{_esc(learner.given_names)} {_esc(learner.family_name)}</b>"]
    if learner.bday:
        facts.append(f"{LABELS.born}: {learner.bday.isoformat()}")
    national_id = learner.identifier("nationalIdentifier")
    if national_id:
        facts.append(f"{LABELS.national_id}: {_esc(national_id)}")
    facts.append(f"{LABELS.generated}: {_timestamp(elmo.generated_date)}")
    story: list[Flowable] = [Paragraph(LABELS.title, styles["h1"]), Spacer(1, 3 * mm)]
    story += [Paragraph(fact, styles["body"]) for fact in facts]
    for report in elmo.reports:
        story += _report_flowables(report, styles)
    story += [Spacer(1, 6 * mm), Paragraph(LABELS.note, styles["small"])]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=LABELS.title,
        author="emrex-gateway",
        invariant=1,
    )
    document.build(story)
    return buffer.getvalue()


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
