"""The badge image of one course (OB 3.0 §8 ``image``): an accessible SVG and the same as PNG.

The face says who awards it (the institution's name), what (the course title), how much
(credits), at which level (EQF) and when (the award date), in Swedish or English. The SVG is
``role="img"`` with a ``<title>`` and a ``<desc>`` that say all of it in a sentence, so a
screen reader reads the badge as one thing. Text is escaped; long titles wrap. The PNG is drawn
with Pillow from the same ``BadgeFace``.
"""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any, Final

import reportlab
from PIL import Image, ImageDraw, ImageFont

from gateway.core.badges.credential import EQF_TARGET
from gateway.core.microcredentials.candidates import Candidate

SIZE: Final = 600
OB_NAMESPACE: Final = "https://purl.imsglobal.org/ob/v3p0"
_INK: Final = "#1b2a3a"
_RIM: Final = "#1f5f8b"
_FIELD: Final = "#f4f7fb"
_WRAP: Final = 22
_FONT_DIR: Final = Path(reportlab.__file__).parent / "fonts"

_WORDS: Final = {
    "en": {"credits": "credits", "level": "EQF level", "awarded": "Awarded", "course": "Course"},
    "sv": {"credits": "hp", "level": "EQF-nivå", "awarded": "Tilldelad", "course": "Kurs"},
}


@dataclass(frozen=True)
class BadgeFace:
    """What the badge shows, in one language."""

    lang: str
    institution: str
    course: str
    code: str
    credits: Decimal
    eqf: int
    awarded: date

    @classmethod
    def of(cls, candidate: Candidate, lang: str = "en") -> BadgeFace:
        achievement = candidate.achievement
        names = {t.lang or "": t.value for t in achievement.body.titles if t.value.strip()}
        if achievement.credits is None or achievement.eqf is None or achievement.awarded is None:
            raise ValueError(f"{achievement.source}: a badge needs credits, level and a date")
        return cls(
            lang=lang if lang in _WORDS else "en",
            institution=names.get(lang) or names.get("en") or next(iter(names.values()), ""),
            course=achievement.title(lang),
            code=achievement.code,
            credits=achievement.credits,
            eqf=achievement.eqf,
            awarded=achievement.awarded,
        )

    @classmethod
    def from_credential(cls, credential: Mapping[str, Any], lang: str = "en") -> BadgeFace:
        """The face of a signed OpenBadgeCredential of ours (``credential.py``'s layout)."""
        lang = lang if lang in _WORDS else "en"
        issuer = credential["issuer"]
        achievement = credential["credentialSubject"]["achievement"]
        eqf = next(
            a["targetCode"] for a in achievement["alignment"] if a["targetType"] == EQF_TARGET
        )
        awarded = str(credential.get("awardedDate") or credential["validFrom"])[:10]
        return cls(
            lang=lang,
            institution=_in(issuer, "name", lang),
            course=_in(achievement, "name", lang),
            code=str(achievement.get("humanCode", "")),
            credits=Decimal(str(achievement["creditsAvailable"])),
            eqf=int(eqf),
            awarded=date.fromisoformat(awarded),
        )

    @property
    def credits_line(self) -> str:
        return f"{self.credits.normalize():f} {_WORDS[self.lang]['credits']}"

    @property
    def level_line(self) -> str:
        return f"{_WORDS[self.lang]['level']} {self.eqf}"

    @property
    def date_line(self) -> str:
        return f"{_WORDS[self.lang]['awarded']} {self.awarded.isoformat()}"

    @property
    def title(self) -> str:
        return f"{self.course} — {self.institution}"

    @property
    def description(self) -> str:
        words = _WORDS[self.lang]
        return (
            f"{words['course']} {self.course} ({self.code}), {self.institution}: "
            f"{self.credits_line}, {self.level_line}. {self.date_line}."
        )

    def course_lines(self) -> list[str]:
        """At most three lines; a longer title ends in an ellipsis (the title holds all of it)."""
        lines = textwrap.wrap(self.course, _WRAP) or [self.code]
        if len(lines) > 3:
            lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), _WRAP, placeholder=" …")]
        return lines

    def institution_lines(self) -> list[str]:
        return textwrap.wrap(self.institution, _WRAP + 6)[:2]


def _in(node: Mapping[str, Any], name: str, lang: str) -> str:
    """``name``, or its Swedish twin (``nameSv``) for Swedish when there is one."""
    if lang == "sv" and isinstance(node.get(f"{name}Sv"), str):
        return str(node[f"{name}Sv"])
    return str(node.get(name, ""))


def badge_svg(face: BadgeFace) -> str:
    """The SVG badge (UTF-8 text, no XML declaration needed), ready to be baked."""

    def text(y: int, value: str, size: int, weight: str = "normal") -> str:
        return (
            f'<text x="300" y="{y}" font-size="{size}" font-weight="{weight}" '
            f'text-anchor="middle" fill="{_INK}">{escape(value)}</text>'
        )

    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{OB_NAMESPACE}" '
        f'viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}" role="img" '
        f'aria-labelledby="badge-title badge-desc" lang="{escape(face.lang)}" '
        'font-family="Bitstream Vera Sans, DejaVu Sans, Verdana, Arial, sans-serif">',
        f'<title id="badge-title">{escape(face.title)}</title>',
        f'<desc id="badge-desc">{escape(face.description)}</desc>',
        f'<circle cx="300" cy="300" r="290" fill="{_RIM}"/>',
        f'<circle cx="300" cy="300" r="262" fill="{_FIELD}"/>',
    ]
    rows = _lines(face)
    y = _top(rows)
    for value, size, bold, gap in rows:
        lines.append(text(y, value, size, "bold" if bold else "normal"))
        y += gap
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


@functools.cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Bitstream Vera (shipped with reportlab, as for the PDFs: it has å, ä, ö), once per size."""
    return ImageFont.truetype(str(_FONT_DIR / ("VeraBd.ttf" if bold else "Vera.ttf")), size)


def _lines(face: BadgeFace) -> list[tuple[str, int, bool, int]]:
    """(text, size, bold, gap after) from top to bottom; the same for the SVG and the PNG."""
    lines = [(line, 24, False, 30) for line in face.institution_lines()]
    lines[-1:] = [(lines[-1][0], 24, False, 60)] if lines else []
    lines += [(line, 30, True, 40) for line in face.course_lines()]
    lines[-1] = (lines[-1][0], 30, True, 52)
    lines += [
        (face.credits_line + " · " + face.level_line, 26, False, 40),
        (face.date_line, 22, False, 34),
        (face.code, 20, False, 0),
    ]
    return lines


def _top(lines: list[tuple[str, int, bool, int]]) -> int:
    """The first baseline that centres the block of lines on the disc."""
    height = sum(gap for *_, gap in lines) + lines[0][1]
    return (SIZE - height) // 2 + lines[0][1]


def badge_png(face: BadgeFace) -> bytes:
    """The same badge as a PNG (RGBA, transparent outside the disc)."""
    image = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, SIZE - 10, SIZE - 10), fill=_RIM)
    draw.ellipse((38, 38, SIZE - 38, SIZE - 38), fill=_FIELD)

    rows = _lines(face)
    y = _top(rows)
    for value, size, bold, gap in rows:
        draw.text((SIZE // 2, y), value, fill=_INK, font=_font(size, bold), anchor="ms")
        y += gap
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
