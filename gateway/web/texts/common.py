"""UI texts shared by every page (sv, en)."""

from __future__ import annotations

from typing import Literal

Language = Literal["sv", "en"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")
Texts = dict[str, dict[Language, str]]

TEXTS: Texts = {
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
    "nav.home": {"sv": "Start", "en": "Home"},
    "nav.label": {"sv": "Huvudmeny", "en": "Main menu"},
    "nav.skip": {"sv": "Hoppa till innehållet", "en": "Skip to content"},
    "nav.client": {"sv": "Hämta resultat", "en": "Fetch results"},
    "nav.transfers": {"sv": "Mina överföringar", "en": "My transfers"},
    "nav.logout": {"sv": "Logga ut", "en": "Log out"},
    "nav.logged_in_as": {"sv": "Inloggad", "en": "Logged in"},
    "dev.banner": {
        "sv": "Utvecklingsinloggning – endast för test, aldrig i produktion",
        "en": "Development login – for testing only, never in production",
    },
    "login.title": {"sv": "Logga in (utveckling)", "en": "Log in (development)"},
    "login.intro": {
        "sv": "Välj en demostudent att logga in som. I produktion loggar studenter in via sitt "
        "lärosätes inloggningstjänst.",
        "en": "Choose a demo learner to log in as. In production, learners log in through their "
        "institution's login service.",
    },
    "login.as": {"sv": "Logga in som", "en": "Log in as"},
    "login.born": {"sv": "född", "en": "born"},
    "transfers.title": {"sv": "Mina överföringar", "en": "My transfers"},
    "transfers.intro": {
        "sv": "Här ser du varje gång dina studieresultat har skickats: vad, till vem och när.",
        "en": "Every time your study results were sent: what, to whom and when.",
    },
    "transfers.none": {"sv": "Inget har skickats ännu.", "en": "Nothing has been sent yet."},
    "transfers.when": {"sv": "När", "en": "When"},
    "transfers.channel": {"sv": "Hur", "en": "How"},
    "transfers.recipient": {"sv": "Mottagare", "en": "Recipient"},
    "transfers.what": {"sv": "Vad", "en": "What"},
    "channel.emrex": {"sv": "EMREX", "en": "EMREX"},
    "channel.wallet": {"sv": "Digital plånbok", "en": "Digital wallet"},
    "channel.oots": {"sv": "EU:s Once-Only-system", "en": "EU Once-Only system"},
}
