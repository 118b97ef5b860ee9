"""Text pages drawn straight on reportlab's canvas: wrapped lines, tables, page numbers (PDF 1.4).

Platypus (Paragraph, Table) measures and re-measures every cell and cost 4–6× the drawing
itself on a 300-result transcript; a transcript is rows of short texts, so the layout here
measures each text once, with the font's own advance widths, and places it at a computed
position. Layout is done first and drawing afterwards, so every page can say "page n of m".
Each page is drawn in one text object, its texts grouped by style (one font and colour switch
per style and page, not per text); readers order the text by its position on the page. Bold is
the regular font's outline stroked as well (text render mode 2), so a document embeds one font
subset: a second one (Vera Bold) cost a third of a 60-result transcript.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, repeat
from typing import Literal, NamedTuple

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True, eq=False)
class Style:
    """A registered TrueType font, its size and line height in points, its gray (0 is black),
    and whether it is drawn bold. Styles are constants, compared and hashed by identity (cheap:
    every text is filed under one)."""

    font: str
    size: float
    leading: float
    gray: float = 0.0
    bold: bool = False


class Column(NamedTuple):
    """A table column: its left edge from the left margin and its width, in points."""

    x: float
    width: float


Line = tuple[str, Style]
# A table cell: a text in the table's body style, texts stacked in styles of their own (each
# wrapped to the column), or nothing. Plain values, not objects: a 300-result table has 2,400.
Cell = str | tuple[Line, ...] | None
Laid = list[tuple[Style, float, float, str]]  # style, x from the margin, baseline below the top


@dataclass(frozen=True)
class Table:
    """A table's columns, the style of its plain-text cells, and the column a row's indent
    shifts (the title of a part under its whole; -1 for none)."""

    columns: tuple[Column, ...]
    body: Style
    indented: int = -1
    # per column: where its text starts, how wide it may be, whether the row's indent shifts it
    slots: tuple[tuple[float, float, bool], ...] = field(init=False)

    def __post_init__(self) -> None:
        slots = tuple(
            (x + PADDING, width - 2 * PADDING, index == self.indented)
            for index, (x, width) in enumerate(self.columns)
        )
        object.__setattr__(self, "slots", slots)


Footer = Callable[[int, int], Sequence[Line]]  # page, pages → the lines at its bottom
PADDING = 3.0  # points between a cell's left or right edge and its text
ROW_PADDING = 1.5  # points above and below a row's text
BASELINE = 0.22  # the baseline sits this part of a line's height above the line's bottom
BOLD_STROKE = 0.35  # points: the outline width that makes the regular font look bold
FILL: Literal[0] = 0  # PDF text render modes
FILL_AND_STROKE: Literal[2] = 2


def columns_of(widths: Sequence[float], unit: float = 1.0) -> tuple[Column, ...]:
    """Columns side by side with these widths (in ``unit`` points, e.g. ``mm``)."""
    edges = [0.0, *accumulate(width * unit for width in widths)]
    return tuple(Column(x, width * unit) for x, width in zip(edges, widths, strict=False))


@cache
def _advances(font: str) -> tuple[dict[str, float], float]:
    """Advance width of each character the font has (thousandths of an em), and its default."""
    face = pdfmetrics.getFont(font).face  # type: ignore[attr-defined]
    return {chr(code): width for code, width in face.charWidths.items()}, face.defaultWidth


@cache
def _digits_alike(font: str) -> bool:
    """Every digit of the font has the same advance (tabular figures, as most fonts have)."""
    advances, default = _advances(font)
    return len({advances.get(digit, default) for digit in "0123456789"}) == 1


# Where all digits are alike, a text's width is that of its digits written as 0: one measured
# date, code or number stands for all of its shape (a transcript has hundreds of dates).
_ZEROS = str.maketrans("123456789", "000000000")


def text_width(text: str, style: Style) -> float:
    """What reportlab's stringWidth computes for a TrueType font (no kerning), in one pass."""
    advances, default = _advances(style.font)
    return sum(map(advances.get, text, repeat(default))) * style.size / 1000


def wrap(text: str, style: Style, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``: broken between words, inside a word only when
    the word alone is wider."""
    if text_width(text, style) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, style) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while len(word) > 1 and text_width(word, style) > width:
            cut = _fitting(word, style, width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _fitting(word: str, style: Style, width: float) -> int:
    """How many leading characters of ``word`` fit in ``width`` (at least one)."""
    advances, default = _advances(style.font)
    limit = width * 1000 / style.size
    used = 0.0
    for count, char in enumerate(word):
        used += advances.get(char, default)
        if used > limit:
            return max(1, count)
    return len(word)


@dataclass
class _Page:
    texts: dict[Style, list[tuple[float, float, str]]] = field(default_factory=dict)  # x, y
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # x1, x2, y, w
    stamps: list[tuple[str, float]] = field(default_factory=list)  # a stamp's name, its top

    def add(self, style: Style, x: float, y: float, text: str) -> None:
        found = self.texts.get(style)
        if found is None:
            found = self.texts[style] = []
        found.append((x, y, text))


class Pages:
    """Blocks laid out from the top of an A4 page down; a block that does not fit starts a page."""

    def __init__(
        self, font: str, footer: Footer, footer_lines: int = 1, margin: float = 14 * mm
    ) -> None:
        self.font = font  # what each page starts in: no unembedded base-14 font in the file
        self.width, self.height = A4
        self.margin = margin
        self.content_width = self.width - 2 * margin
        self._footer = footer
        self._bottom = margin + footer_lines * 10.0 + 4.0
        self._pages: list[_Page] = []
        self._y = 0.0
        self._widths: dict[Style, dict[str, float]] = {}  # a table repeats grades, types …
        self._stamps: dict[Hashable, tuple[str, float, Laid]] = {}  # name, height, texts
        self.new_page()

    def new_page(self) -> None:
        self._pages.append(_Page())
        self._y = self.height - self.margin

    def ensure(self, height: float) -> bool:
        """Start a new page unless ``height`` fits on this one (or this one is still empty);
        True when a page was started."""
        page = self._pages[-1]
        if self._y - height >= self._bottom or not (page.texts or page.stamps):
            return False
        self.new_page()
        return True

    def skip(self, height: float) -> None:
        self._y -= height

    def paragraph(self, text: str, style: Style, indent: float = 0.0) -> None:
        """``text`` wrapped to the page width; a page break may fall between its lines."""
        for line in wrap(text, style, self.content_width - indent):
            self.ensure(style.leading)
            self._y -= style.leading
            self._pages[-1].add(
                style, self.margin + indent, self._y + BASELINE * style.leading, line
            )

    def rule(self, width: float = 0.6) -> None:
        """A line across the page at the current position."""
        right = self.margin + self.content_width
        self._pages[-1].rules.append((self.margin, right, self._y, width))

    def measure(
        self, table: Table, cells: Sequence[Cell], indent: float = 0.0
    ) -> tuple[float, Laid]:
        """The row's height and its lines, each cell's wrapped to its column."""
        tallest = 0.0
        laid: Laid = []
        body = table.body
        known = self._widths.setdefault(body, {})
        first_line = ROW_PADDING + (1 - BASELINE) * body.leading  # a body text's baseline
        for (left, room, shifted), cell in zip(table.slots, cells, strict=True):
            if not cell:
                continue
            if shifted:
                left, room = left + indent, room - indent
            if isinstance(cell, str):  # the common case, kept short: one text in the body style
                width = known.get(cell)
                if width is None:
                    width = self._width(cell, body)
                if width <= room:
                    laid.append((body, left, first_line, cell))
                    height = ROW_PADDING + body.leading
                else:
                    height = self._stack(laid, ((cell, body),), left, room)
            else:
                height = self._stack(laid, cell, left, room)
            if height > tallest:
                tallest = height
        return tallest + ROW_PADDING, laid

    def _stack(self, laid: Laid, pieces: Sequence[Line], left: float, room: float) -> float:
        """Lay texts one under another, each wrapped to ``room``; the height they take."""
        height = ROW_PADDING
        for text, style in pieces:
            width = self._width(text, style)
            for line in (text,) if width <= room else wrap(text, style, room):
                height += style.leading
                laid.append((style, left, height - BASELINE * style.leading, line))
        return height

    def _width(self, text: str, style: Style) -> float:
        """``text``'s width, measured once per document (once per shape where digits are
        alike: every date of a transcript costs one measurement)."""
        known = self._widths.setdefault(style, {})
        width = known.get(text)
        if width is None:
            shape = text.translate(_ZEROS) if _digits_alike(style.font) else text
            width = known.get(shape)
            if width is None:
                width = known[shape] = text_width(shape, style)
            known[text] = width
        return width

    def stamp(self, key: Hashable, height: float, laid: Laid) -> None:
        """Put a block that recurs on many pages (a table's header) here: its texts are drawn
        once in the file (a form XObject) and each page shows them by reference."""
        if key not in self._stamps:
            self._stamps[key] = (f"stamp{len(self._stamps)}", height, laid)
        self._pages[-1].stamps.append((self._stamps[key][0], self._y))
        self._y -= height

    def place(self, height: float, laid: Laid) -> None:
        """Put a measured row here (the caller has made room for it)."""
        top = self._y
        left = self.margin
        texts = self._pages[-1].texts
        for style, x, below, line in laid:
            found = texts.get(style)
            if found is None:
                found = texts[style] = []
            found.append((left + x, top - below, line))
        self._y -= height

    def table(
        self,
        table: Table,
        header: Sequence[Cell],
        rows: Iterable[tuple[Sequence[Cell], float]],
        on_new_page: Callable[[], None] = lambda: None,
    ) -> None:
        """``rows`` (cells and indent) under ``header``, repeated (after ``on_new_page``) on
        every page the table continues on; a row is never split, and the header never ends a
        page."""
        head = self.measure(table, header)
        first = True
        for cells, indent in rows:
            height, laid = self.measure(table, cells, indent)
            if first:
                self.ensure(head[0] + height)
                first = False
            elif self.ensure(height):
                on_new_page()
            else:
                self.place(height, laid)
                continue
            self.stamp(tuple(header), *head)
            self.rule()
            self.place(height, laid)

    @property
    def page_count(self) -> int:
        return len(self._pages)

    def render(self, title: str, author: str) -> bytes:
        """The PDF: the stamps once, then each page's rules, stamps, texts and footer."""
        buffer = io.BytesIO()
        canvas = Canvas(
            buffer,
            pagesize=A4,
            invariant=True,
            pageCompression=1,
            initialFontName=self.font,  # type: ignore[arg-type]  # the stubs say float
        )
        canvas.setTitle(title)
        canvas.setAuthor(author)
        for name, height, laid in self._stamps.values():
            canvas.beginForm(name, lowery=-math.ceil(height), uppery=0)
            _draw_texts(canvas, _by_style((style, self.margin + x, -below, text)
                                          for style, x, below, text in laid))  # fmt: skip
            canvas.endForm()
        count = len(self._pages)
        for number, page in enumerate(self._pages, start=1):
            y = self.margin
            for line, style in reversed(self._footer(number, count)):
                page.add(style, self.margin, y, line)
                y += style.leading
            for x1, x2, y, width in page.rules:
                canvas.setLineWidth(width)
                canvas.line(x1, y, x2, y)
            for name, top in page.stamps:
                canvas.saveState()
                canvas.translate(0, top)
                canvas.doForm(name)
                canvas.restoreState()
            _draw_texts(canvas, page.texts)
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()


def _by_style(
    texts: Iterable[tuple[Style, float, float, str]],
) -> dict[Style, list[tuple[float, float, str]]]:
    grouped: dict[Style, list[tuple[float, float, str]]] = {}
    for style, x, y, text in texts:
        grouped.setdefault(style, []).append((x, y, text))
    return grouped


def _draw_texts(canvas: Canvas, texts: dict[Style, list[tuple[float, float, str]]]) -> None:
    """One text object: each style's font and colour set once, then its texts placed."""
    canvas.setLineWidth(BOLD_STROKE)
    text = canvas.beginText()
    for style, placed in texts.items():
        text.setFont(style.font, style.size, style.leading)
        text.setFillGray(style.gray)
        if style.bold:
            text.setStrokeGray(style.gray)
        text.setTextRenderMode(FILL_AND_STROKE if style.bold else FILL)
        for x, y, line in placed:
            text.setTextOrigin(x, y)
            text.textLine(line)
    canvas.drawText(text)
