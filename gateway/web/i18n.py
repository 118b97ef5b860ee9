"""Swedish and English UI texts, and the choice of language (?lang=, cookie, Accept-Language)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from aiohttp import web

Language = Literal["sv", "en"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")
LANG_COOKIE = "lang"

TEXTS: dict[str, dict[Language, str]] = {
    "home.title": {"sv": "EMREX-gateway", "en": "EMREX gateway"},
    "home.intro": {
        "sv": "Den här tjänsten flyttar verifierade studieresultat mellan lärosäten i Europa.",
        "en": "This service moves verified study results between institutions across Europe.",
    },
    "home.running": {"sv": "Det här körs", "en": "What is running"},
    "home.contact_point": {"sv": "EMREX-kontaktpunkt", "en": "EMREX contact point"},
    "home.signing": {"sv": "ELMO-signeringscertifikat", "en": "ELMO signing certificate"},
    "home.institutions": {"sv": "Lärosäten", "en": "Institutions"},
    "home.learners": {"sv": "Studenter i registret", "en": "Learners in the store"},
    "home.database": {"sv": "Databas", "en": "Database"},
    "home.schemas": {"sv": "Officiella scheman", "en": "Official schemas"},
    "home.environment": {"sv": "Miljö", "en": "Environment"},
    "lang.switch": {"sv": "In English", "en": "På svenska"},
    "error.title": {"sv": "Något gick fel", "en": "Something went wrong"},
    "error.back": {"sv": "Till startsidan", "en": "Back to the start page"},
}


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
