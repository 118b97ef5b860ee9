"""Swedish and English UI texts, and the choice of language (?lang=, cookie, Accept-Language)."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from gateway.web.texts import all_texts
from gateway.web.texts.common import LANGUAGES, Language

LANG_COOKIE = "lang"

TEXTS = all_texts()


def translator(lang: Language) -> Callable[[str], str]:
    def t(key: str) -> str:
        entry = TEXTS.get(key)
        return entry[lang] if entry else key

    return t


def choose_language(request: web.Request) -> Language:
    """Explicit choice first (?lang= or the cookie set by the switch), then Accept-Language."""
    for candidate in (request.query.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    header = request.headers.get("Accept-Language", "")
    ranked: list[tuple[float, str]] = []
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((quality, tag.strip().lower()[:2]))
    for _, tag in sorted(ranked, key=lambda r: -r[0]):
        if tag in LANGUAGES:
            return tag
    return "en"
