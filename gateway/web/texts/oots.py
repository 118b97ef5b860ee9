"""UI texts of the OOTS preview pages (sv, en)."""

from __future__ import annotations

from gateway.web.texts.common import Texts

TEXTS: Texts = {
    "oots.title": {
        "sv": "Begäran om dina studieresultat",
        "en": "A request for your study results",
    },
    "oots.intro": {
        "sv": "En myndighet eller ett lärosäte i ett annat EU-land har bett om bevis på dina "
        "studier via EU:s Once-Only-system. Granska vad som skulle skickas och bestäm själv om "
        "det ska skickas. Inget skickas utan ditt val.",
        "en": "An authority or institution in another EU country has asked for evidence of "
        "your studies through the EU Once-Only system. Check what would be sent and decide "
        "whether to send it. Nothing is sent unless you choose to.",
    },
    "oots.requester": {"sv": "Begärt av", "en": "Requested by"},
    "oots.evidence": {"sv": "Bevis som begärs", "en": "Evidence requested"},
    "oots.procedure": {"sv": "Förfarande", "en": "Procedure"},
    "oots.deadline": {"sv": "Beslut senast", "en": "Decide by"},
    "oots.sources": {"sv": "Resultat du kan skicka", "en": "Results you can send"},
    "oots.include": {"sv": "Skicka dessa resultat", "en": "Send these results"},
    "oots.local": {"sv": "resultat som finns här", "en": "results held here"},
    "oots.imported": {
        "sv": "verifierade resultat hämtade via EMREX från",
        "en": "verified results fetched through EMREX from",
    },
    "oots.no_results": {
        "sv": "Vi har inga resultat om dig här. Du kan hämta dina resultat från ditt "
        "hemland nedan.",
        "en": "We hold no results about you here. You can fetch your results from your home "
        "country below.",
    },
    "oots.fetch": {
        "sv": "Hämta resultat från ett lärosäte i ett annat land (EMREX)",
        "en": "Fetch results from an institution in another country (EMREX)",
    },
    "oots.fetch_hint": {
        "sv": "Du kommer tillbaka hit efteråt, och de verifierade resultaten visas då här.",
        "en": "You come back here afterwards, and the verified results are then shown here.",
    },
    "oots.files": {"sv": "Det här skickas", "en": "What is sent"},
    "oots.code": {"sv": "Kod", "en": "Code"},
    "oots.course": {"sv": "Utbildning", "en": "Course or programme"},
    "oots.date": {"sv": "Datum", "en": "Date"},
    "oots.grade": {"sv": "Betyg", "en": "Grade"},
    "oots.credits": {"sv": "Hp (ECTS)", "en": "Credits (ECTS)"},
    "oots.total": {"sv": "Totalt", "en": "Total"},
    "oots.bytes": {"sv": "byte", "en": "bytes"},
    "oots.send": {"sv": "Skicka valda resultat", "en": "Send the chosen results"},
    "oots.refuse": {"sv": "Skicka ingenting", "en": "Send nothing"},
    "oots.result.sent": {
        "sv": "Du har valt att skicka dina resultat. De skickas till mottagaren.",
        "en": "You chose to send your results. They are delivered to the requester.",
    },
    "oots.result.not_sent": {
        "sv": "Ingenting skickades. Mottagaren får veta att inga resultat lämnas ut.",
        "en": "Nothing was sent. The requester is told that no results are given.",
    },
    "oots.result.mismatch": {
        "sv": "Begäran gäller en annan person än den som är inloggad. Ingenting skickades.",
        "en": "The request is about another person than the one logged in. Nothing was sent.",
    },
    "oots.result.timeout": {
        "sv": "Tiden för att bestämma har gått ut. Ingenting skickades.",
        "en": "The time to decide has run out. Nothing was sent.",
    },
    "oots.transfers": {
        "sv": "Allt som skickas visas under Mina överföringar.",
        "en": "Everything sent is listed under My transfers.",
    },
    "oots.return": {
        "sv": "Tillbaka till tjänsten som frågade",
        "en": "Back to the requesting service",
    },
}
