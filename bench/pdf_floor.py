"""The floor of the PDF transcript (`make bench`): its rows on reportlab's canvas, nothing else.

Every result row of the transcript (code, title, the title's other languages on the line below,
type, date, grade, ECTS, EQF level, status), in the transcript's embedded TrueType font, through
the cheapest public canvas route (one text object per page, each text placed with
``setTextOrigin`` and written with ``textLine``), a new page when the next row does not fit; the
document saved as the transcript is (A4, compressed, invariant). No headings, no labels, no
wrapping, no page numbers, no rules: what any renderer of these rows must at least pay.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from gateway.core.elmo.model import Elmo
from gateway.core.pdf import FONT, _register_fonts, pick

# the transcript's column edges (mm from the left margin) and its line heights (points)
EDGES = [14 + x for x in (0, 19, 83, 110, 129, 141, 152, 164)]
ROW, OTHER_TITLE = 10.0, 8.5


def floor_pdf(elmo: Elmo) -> bytes:
    _register_fonts()
    buffer = io.BytesIO()
    _, height = A4
    top, bottom = height - 14 * mm, 14 * mm + 14
    canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1, initialFontName=FONT)
    text = canvas.beginText()
    text.setFont(FONT, 8, ROW)
    x = [edge * mm + 3 for edge in EDGES]
    y = top
    for los in elmo.specifications():
        loi = los.instance
        title = pick(los.titles)
        others = [t.value for t in los.titles if t.value != title]
        if y - ROW - OTHER_TITLE * len(others) < bottom:
            canvas.drawText(text)
            canvas.showPage()
            text = canvas.beginText()
            text.setFont(FONT, 8, ROW)
            y = top
        y -= ROW
        ects = loi.ects()
        eqf = next((lv.value for lv in loi.levels if lv.type.upper() == "EQF" and lv.value), "")
        cells = (
            los.identifier("local") or "",
            title,
            los.type or "",
            loi.date.isoformat() if loi.date else "",
            loi.result_label or "",
            "" if ects is None else f"{ects.normalize():f}",
            f"EQF {eqf}" if eqf else "",
            loi.status or "",
        )
        for left, cell in zip(x, cells, strict=True):
            if cell:
                text.setTextOrigin(left, y)
                text.textLine(cell)
        for other in others:
            y -= OTHER_TITLE
            text.setTextOrigin(x[1], y)
            text.textLine(other)
    canvas.drawText(text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
