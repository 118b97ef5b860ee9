"""UI texts about degrees (examen): contact point, OOTS preview and wallet pages (sv, en)."""

from __future__ import annotations

from gateway.web.texts.common import Texts

TEXTS: Texts = {
    "degree.heading": {"sv": "Examina", "en": "Degrees"},
    "degree.kind": {"sv": "Examen", "en": "Degree"},
    "degree.met": {"sv": "kraven uppfyllda", "en": "requirements met"},
    "degree.help": {
        "sv": "Väljer du en examen skickas kurserna som ingår i den tillsammans med examen, "
        "med examensbevis och Diploma Supplement, och inte en gång till som lösa kurser.",
        "en": "Choosing a degree sends the courses it comprises with it, together with the "
        "degree certificate and the Diploma Supplement, and not a second time as separate "
        "courses.",
    },
    "degree.includes": {
        "sv": "Ingående resultat (skickas med examen)",
        "en": "Results the degree comprises (sent with it)",
    },
    "degree.documents": {
        "sv": "Examensbevis och Diploma Supplement (PDF) skickas med.",
        "en": "The degree certificate and the Diploma Supplement (PDF) go with it.",
    },
    "degree.in_degree": {"sv": "ingår i en examen", "en": "part of a degree"},
    "degree.results_heading": {"sv": "Resultat", "en": "Results"},
    "degree.wallet.title": {"sv": "Dina examina", "en": "Your degrees"},
    "degree.wallet.help": {
        "sv": "Varje examen blir ett eget intyg i plånboken, med kurserna som ingår, "
        "examensbeviset och Diploma Supplement.",
        "en": "Each degree becomes a credential of its own in the wallet, with the courses it "
        "comprises, the degree certificate and the Diploma Supplement.",
    },
    "degree.wallet.none": {
        "sv": "Du har ingen utfärdad examen här.",
        "en": "You have no awarded degree here.",
    },
    "degree.oots.none": {
        "sv": "Du har ingen utfärdad examen att skicka. Om du skickar ingenting får den som "
        "frågade beskedet att det inte finns något underlag.",
        "en": "You have no awarded degree to send. If you send nothing, the requester is told "
        "that there is no evidence.",
    },
}
