"""The canvas layout's measuring and wrapping, checked against reportlab's own stringWidth."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from gateway.core.pdf import FONT, _register_fonts
from gateway.core.pdf_canvas import Style, columns_of, text_width, wrap

STYLE = Style(FONT, 8, 10)
WORDS = st.text(
    alphabet=st.characters(
        min_codepoint=0x21, max_codepoint=0x17F, exclude_categories=("Zs", "Cc", "Cf")
    ),
    min_size=1,
    max_size=30,
)


@pytest.fixture(autouse=True, scope="module")
def _fonts() -> None:
    _register_fonts()


@given(st.text(max_size=80))
def test_text_width_is_reportlabs_string_width(text: str) -> None:
    _register_fonts()
    assert text_width(text, STYLE) == pytest.approx(stringWidth(text, FONT, 8))


@given(st.lists(WORDS, min_size=1, max_size=12), st.floats(min_value=20, max_value=300))
def test_wrapped_lines_fit_and_keep_every_word(words: list[str], width: float) -> None:
    _register_fonts()
    text = " ".join(words)
    lines = wrap(text, STYLE, width)
    for line in lines:
        # a line wider than the room is only ever a single character that cannot be split
        assert text_width(line, STYLE) <= width or len(line) == 1
    assert "".join("".join(lines).split()) == "".join(words)


def test_a_text_that_fits_is_one_line_and_a_long_word_is_cut() -> None:
    assert wrap("Database Design I", STYLE, 200) == ["Database Design I"]
    lines = wrap("Informationssäkerhetsarkitekturprogrammet", STYLE, 60)
    assert len(lines) > 1
    assert "".join(lines) == "Informationssäkerhetsarkitekturprogrammet"
    assert all(text_width(line, STYLE) <= 60 for line in lines)


def test_columns_sit_side_by_side() -> None:
    columns = columns_of((10, 20, 5), unit=2.0)
    assert [(c.x, c.width) for c in columns] == [(0.0, 20.0), (20.0, 40.0), (60.0, 10.0)]
