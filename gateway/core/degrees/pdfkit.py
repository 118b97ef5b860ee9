"""What the degree PDFs share: embedded fonts, escaping, styles, dates in sv/en, the A4 page."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from datetime import date
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
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from gateway.core.records import ResultNode

FONT, FONT_BOLD = "DegreeVera", "DegreeVera-Bold"
_FONT_DIR = Path(reportlab.__file__).parent / "fonts"
_MONTHS = {
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "en": "January February March April May June July August September October November December",
}


@cache
def _fonts() -> frozenset[int]:
    """Register Bitstream Vera (shipped with reportlab, embedded: text stays extractable)."""
    pdfmetrics.registerFont(TTFont(FONT, str(_FONT_DIR / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(_FONT_DIR / "VeraBd.ttf")))
    return frozenset(pdfmetrics.getFont(FONT).face.charWidths.keys())  # type: ignore[attr-defined]


def printable(text: str) -> str:
    """Characters the font lacks become their base letter ('ő' → 'o'), else '?'."""
    covered = _fonts()
    out = []
    for char in text:
        if ord(char) in covered or char in "\n\t ":
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)[:1]
        out.append(base if base and ord(base) in covered else "?")
    return "".join(out)


def esc(text: str) -> str:
    """Text for a Paragraph (reportlab's markup): printable and escaped."""
    return printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def styles() -> dict[str, ParagraphStyle]:
    _fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=20, leading=25),
        "degree": ParagraphStyle(
            "degree", parent=base, fontName=FONT_BOLD, fontSize=13.5, leading=17, spaceBefore=4
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=9
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=FONT_BOLD, fontSize=9.5, leading=12.5, spaceBefore=5
        ),
    }


def long_date(day: date, lang: str) -> str:
    """``8 juni 2012`` / ``8 June 2012``."""
    return f"{day.day} {_MONTHS[lang].split()[day.month - 1]} {day.year}"


def hp(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def facts_table(rows: Sequence[tuple[str, str]], style: ParagraphStyle) -> Table:
    """Label → value lines (the certificate's and the supplement's key facts)."""
    data = [[Paragraph(esc(label), style), Paragraph(esc(value), style)] for label, value in rows]
    table = Table(data, colWidths=[55 * mm, 125 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (0, -1), FONT_BOLD, 8.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def results_table(
    parts: Sequence[ResultNode],
    header: Sequence[str],
    total_label: str,
    total: Decimal,
    style: ParagraphStyle,
    lang: str,
) -> Table:
    """The included results (code, title, credits, grade, date), parts indented below."""
    data: list[list[Flowable | str]] = [list(header)]

    def add(node: ResultNode, depth: int) -> None:
        result, opportunity = node.result, node.result.opportunity
        title = opportunity.title_sv if lang == "sv" else opportunity.title_en
        data.append(
            [
                printable(opportunity.code),
                Paragraph("&nbsp;" * 4 * depth + esc(title), style),
                hp(result.credits),
                printable(result.grade or ""),
                result.date.isoformat() if result.date else "",
            ]
        )
        for part in node.parts:
            add(part, depth + 1)

    for node in parts:
        add(node, 0)
    data.append(["", total_label, hp(total), "", ""])
    table = Table(data, colWidths=[22 * mm, 98 * mm, 16 * mm, 16 * mm, 22 * mm], repeatRows=1)
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
    return table


def render(story: Sequence[Flowable], title: str, subject: str) -> bytes:
    """An A4 PDF of ``story``; the same input gives the same bytes (no timestamps or ids)."""
    _fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=printable(title),
        subject=printable(subject),
        author="emrex-gateway",
        invariant=1,
    )
    document.build(list(story))
    return buffer.getvalue()
